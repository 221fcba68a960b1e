namespace Exchange.Sending.Testing;

/// <summary>A mailbox user of the fake server.</summary>
/// <param name="Address">Primary SMTP address (the mailbox).</param>
/// <param name="DisplayName">Display name, returned by ResolveNames.</param>
/// <param name="UserName">Logon name for Basic authentication; when null, <paramref name="Address"/> is the logon name.</param>
/// <param name="Password">Password for Basic authentication.</param>
public sealed record FakeEwsUser(string Address, string DisplayName, string? UserName = null, string? Password = null)
{
    /// <summary>Formats the user without the password.</summary>
    /// <returns>Display name and address.</returns>
    public override string ToString() => $"{DisplayName} <{Address}>";
}
