namespace Exchange.Sending;

/// <summary>What in a connection's valid settings works but should not stay as it is. Logged when a sender is built
/// (<see cref="Diagnostics.Log.ConnectionWarnings"/>) and listed in <see cref="ExchangeConnectionCheck.Warnings"/>.</summary>
internal static class ExchangeConnectionWarnings
{
    /// <summary>The warnings for <paramref name="options"/>; none for a disabled connection (it sends nothing).</summary>
    public static IReadOnlyList<ExchangeSendWarning> For(ExchangeConnectionOptions options)
    {
        if (options.Disabled || options.AuthenticationStrategy is not null)
        {
            return [];
        }

        var warnings = new List<ExchangeSendWarning>();
        if (options is { AuthenticationType: ExchangeAuthenticationType.Basic, AllowInsecureHttp: true })
        {
            warnings.Add(new(ExchangeSendWarning.BasicAuthenticationOverHttp, nameof(ExchangeConnectionOptions.AuthenticationType),
                "Basic authentication sends the password in clear text over http:// (AllowInsecureHttp is true); use https "
                + "(set AllowInsecureHttp to false) or Windows or bearer authentication (AuthenticationType Windows or Bearer, or an AuthenticationStrategy)."));
        }

        if (options.AuthenticationType == ExchangeAuthenticationType.Bearer && (!string.IsNullOrEmpty(options.UserName) || !string.IsNullOrEmpty(options.Password)))
        {
            var fields = string.Join(" and ", new[] { string.IsNullOrEmpty(options.UserName) ? null : "UserName", string.IsNullOrEmpty(options.Password) ? null : "Password" }.OfType<string>());
            warnings.Add(new(ExchangeSendWarning.CredentialsIgnored, string.IsNullOrEmpty(options.UserName) ? nameof(ExchangeConnectionOptions.Password) : nameof(ExchangeConnectionOptions.UserName),
                $"{fields} {(fields.Contains(" and ", StringComparison.Ordinal) ? "are" : "is")} set but AuthenticationType is Bearer, which authenticates with the "
                + "AccessTokenProvider's token only; clear them (a password kept in the settings is a secret kept for nothing)."));
        }

        if (options.AccessTokenProvider is not null && options.AuthenticationType != ExchangeAuthenticationType.Bearer)
        {
            warnings.Add(new(ExchangeSendWarning.CredentialsIgnored, nameof(ExchangeConnectionOptions.AccessTokenProvider),
                $"AccessTokenProvider is set but AuthenticationType is {options.AuthenticationType}, so no token is sent; set AuthenticationType to Bearer to use it, or remove it."));
        }

        return warnings;
    }
}
