namespace Exchange.Sending;

/// <summary>
/// An EWS <c>ResponseCode</c> (<c>m:ResponseCodeType</c>), as the server sent it. Every value of Microsoft's schema is a
/// static member (<see cref="ErrorSendAsDenied"/>, <see cref="ErrorServerBusy"/>…, generated from messages.xsd); a code
/// the schema does not list is just as usable (compare it, print it), and <see cref="IsKnown"/> is <see langword="false"/>
/// for it. Comparison is ordinal, as on the wire.
/// </summary>
/// <remarks>See https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/responsecode and
/// ../shared/ews-schema/response-codes.md for what the library does with each class of code.</remarks>
public readonly partial struct ExchangeResponseCode : IEquatable<ExchangeResponseCode>
{
    private readonly string? _value;

    /// <summary>A response code from its wire name.</summary>
    /// <param name="value">The code as EWS writes it, for example <c>ErrorServerBusy</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public ExchangeResponseCode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><see langword="true"/> when the code is one of the schema's values (the library was built against Microsoft's messages.xsd).</summary>
    public bool IsKnown => SchemaValues.Contains(ToString());

    /// <summary><see langword="true"/> for codes the same request may overcome later (throttling, failover, store offline;
    /// class T of response-codes.md). Only some of them are resent automatically: those that prove nothing was taken.</summary>
    public bool IsTransient => ExchangeResponseCodes.IsTransient(ToString());

    /// <summary>Equal when the wire names are equal (ordinal).</summary>
    /// <param name="left">A code.</param>
    /// <param name="right">Another code.</param>
    public static bool operator ==(ExchangeResponseCode left, ExchangeResponseCode right) => left.Equals(right);

    /// <summary>Different when the wire names differ (ordinal).</summary>
    /// <param name="left">A code.</param>
    /// <param name="right">Another code.</param>
    public static bool operator !=(ExchangeResponseCode left, ExchangeResponseCode right) => !left.Equals(right);

    /// <summary>A response code from its wire name.</summary>
    /// <param name="value">The code as EWS writes it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public static implicit operator ExchangeResponseCode(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ExchangeResponseCode other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExchangeResponseCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire name, for example <c>ErrorSendAsDenied</c>; empty for <c>default</c>.</summary>
    public override string ToString() => _value ?? "";
}
