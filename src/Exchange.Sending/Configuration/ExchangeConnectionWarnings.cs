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

        return options is { AuthenticationType: ExchangeAuthenticationType.Basic, AllowInsecureHttp: true }
            ?
            [
                new(ExchangeSendWarning.BasicAuthenticationOverHttp, nameof(ExchangeConnectionOptions.AuthenticationType),
                    "Basic authentication sends the password in clear text over http:// (AllowInsecureHttp is true); use https "
                    + "(set AllowInsecureHttp to false) or Windows or bearer authentication (AuthenticationType Windows, or an AuthenticationStrategy)."),
            ]
            : [];
    }
}
