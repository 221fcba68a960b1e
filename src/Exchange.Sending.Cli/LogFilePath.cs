using System.Security;

namespace Exchange.Sending.Cli;

/// <summary>
/// Checks <c>--log-file</c> while the command line is parsed, before any connection is built or anything is sent: an empty
/// path, a directory, a missing directory or a file this user cannot write is an input error (exit code 1) naming the flag
/// and the fix. A missing directory is not created: a typo in it would otherwise scatter log files (docs/cli.md).
/// </summary>
internal static class LogFilePath
{
    /// <summary>Null when <paramref name="path"/> can be appended to (the file is created if it is new); otherwise the message.</summary>
    public static string? Check(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path) || path.Any(char.IsControl))
        {
            return "--log-file is empty or not a file name; give the file to append the log to, for example --log-file ./exchange-send.log.";
        }

        var shown = path;
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or SecurityException)
        {
            return $"--log-file '{shown}' is not a valid file path; give the file to append the log to, for example --log-file ./exchange-send.log.";
        }

        if (Directory.Exists(full) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar))
        {
            return $"--log-file '{shown}' is a directory; give a file in it, for example --log-file {Path.Combine(path, "exchange-send.log")}.";
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            return $"--log-file '{shown}': the directory '{directory}' does not exist (it is not created for you); create it first, or give a file in an existing directory.";
        }

        try
        {
            using var probe = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or SecurityException)
        {
            return $"--log-file '{shown}' cannot be written by this user ({ex.GetType().Name}); choose a file you may write, or fix the permissions of the file or its directory.";
        }
    }
}
