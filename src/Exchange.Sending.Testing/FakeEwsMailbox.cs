namespace Exchange.Sending.Testing;

/// <summary>A <c>t:Mailbox</c> as it arrived: display name (if any) and e-mail address.</summary>
/// <param name="Name">The <c>t:Name</c> element, or null when absent.</param>
/// <param name="Address">The <c>t:EmailAddress</c> element (empty when absent).</param>
public sealed record FakeEwsMailbox(string? Name, string Address)
{
    /// <summary>Formats as <c>"Name" &lt;address&gt;</c>, or just the address.</summary>
    /// <returns>The formatted mailbox.</returns>
    public override string ToString() => string.IsNullOrEmpty(Name) ? Address : $"\"{Name}\" <{Address}>";
}
