namespace Exchange.Sending;

/// <summary>An e-mail address with an optional display name, written as an EWS <c>t:Mailbox</c>.</summary>
/// <param name="Address">SMTP address, for example <c>alice@example.com</c>.</param>
/// <param name="DisplayName">Display name, any Unicode text (commas, quotes, <c>&amp;</c> and <c>&lt;</c> are fine); no CR or LF.</param>
public sealed record ExchangeMailbox(string Address, string? DisplayName = null)
{
    /// <summary>Implicit conversion from a bare address.</summary>
    /// <param name="address">SMTP address.</param>
    public static implicit operator ExchangeMailbox(string address) => new(address);

    /// <summary><c>"Display Name" &lt;address&gt;</c>, or the bare address.</summary>
    public override string ToString() => string.IsNullOrEmpty(DisplayName) ? Address : $"\"{DisplayName}\" <{Address}>";
}
