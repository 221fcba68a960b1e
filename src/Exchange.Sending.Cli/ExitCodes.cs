namespace Exchange.Sending.Cli;

/// <summary>Process exit codes of <c>exchange-send</c>. Documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad input: an invalid flag, setting or message; nothing was sent.</summary>
    public const int InvalidInput = 1;

    /// <summary><c>check</c>: the connection check failed at one of its steps.</summary>
    public const int CheckFailed = 2;

    /// <summary>The send failed at the server or on the way there (EWS error, authentication, transport).</summary>
    public const int SendFailed = 3;

    /// <summary><c>lookup</c>: no sent copy with that Message-ID after the filing time: the message was not sent.</summary>
    public const int NotFound = 4;

    /// <summary><c>lookup</c>: whether it was sent cannot be told (SendOnly, no access, a server that drops Message-IDs).</summary>
    public const int Undecidable = 5;

    /// <summary>Cancelled with Ctrl+C before the command finished.</summary>
    public const int Cancelled = 130;
}
