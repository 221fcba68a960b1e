using System.Diagnostics;

namespace Exchange.Sending.WindowsAuth.Tests.Support;

/// <summary>
/// The throwaway realm and NTLM user file made by .ci/windows-auth-env.sh, read from the environment it exports.
/// Missing: the test fails under <c>CI=true</c> and is skipped locally, saying how to get it.
/// </summary>
internal static class WindowsAuthEnvironment
{
    public static string Realm => Get("EXCHANGE_WINAUTH_REALM");

    public static string NtlmDomain => Get("EXCHANGE_WINAUTH_NTLM_DOMAIN");

    public static string OfflineRealm => Get("EXCHANGE_WINAUTH_OFFLINE_REALM");

    public static string User => Get("EXCHANGE_WINAUTH_USER");

    public static string Password => Get("EXCHANGE_WINAUTH_PASSWORD");

    public static void Require()
    {
        var problem = Problem();
        if (problem is null)
        {
            return;
        }

        var reason = "Windows authentication environment missing: " + problem
            + ". Run `source .ci/windows-auth-env.sh` (Debian packages krb5-kdc krb5-admin-server krb5-user gss-ntlmssp, a throwaway realm on 127.0.0.1) before `dotnet test`.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason + " Under CI=true these tests must run.");
        }

        Skip.If(true, reason);
    }

    private static string? Problem()
    {
        // Without KRB5_CONFIG, GSSAPI would read /etc/krb5.conf (a public realm after installing krb5-config) and may
        // try DNS look-ups off this machine: refuse.
        foreach (var file in new[] { "KRB5_CONFIG", "NTLM_USER_FILE" })
        {
            var path = Environment.GetEnvironmentVariable(file);
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                return $"{file} is not set or its file does not exist";
            }
        }

        foreach (var name in new[] { "KRB5_KTNAME", "KRB5CCNAME", "EXCHANGE_WINAUTH_REALM", "EXCHANGE_WINAUTH_NTLM_DOMAIN", "EXCHANGE_WINAUTH_USER", "EXCHANGE_WINAUTH_PASSWORD", "EXCHANGE_WINAUTH_OFFLINE_REALM" })
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                return $"{name} is not set";
            }
        }

        if (!Directory.Exists("/etc/gss/mech.d") || !Directory.EnumerateFiles("/etc/gss/mech.d").Any(f => f.Contains("ntlmssp", StringComparison.OrdinalIgnoreCase)))
        {
            return "gss-ntlmssp is not installed (/etc/gss/mech.d has no ntlmssp mechanism)";
        }

        var pidFile = Environment.GetEnvironmentVariable("EXCHANGE_WINAUTH_KDC_PIDFILE");
        if (string.IsNullOrEmpty(pidFile) || !File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) || !IsRunning(pid))
        {
            return "the test KDC is not running (EXCHANGE_WINAUTH_KDC_PIDFILE)";
        }

        return null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Runs kinit (password on stdin) or kdestroy against the environment's credential cache.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output.Replace(Password, "***", StringComparison.Ordinal));
    }

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is not set; call Require() first.");
}
