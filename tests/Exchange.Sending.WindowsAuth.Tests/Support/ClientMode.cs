using System.Net;
using System.Net.Security;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Exchange.Sending.WindowsAuth.Tests.Support;

/// <summary>
/// Chooses the NTLM client of this test process before anything uses it. The runtime reads the AppContext switch
/// <c>System.Net.Security.UseManagedNtlm</c> once, at the first NTLM/Negotiate client, and has no environment-variable
/// form; a module initializer runs before any test, so an environment variable can drive it:
/// <c>EXCHANGE_SENDING_TEST_NTLM=managed</c> → managed NTLM, anything else → GSSAPI (gss-ntlmssp).
/// </summary>
internal static class ClientMode
{
    public const string Variable = "EXCHANGE_SENDING_TEST_NTLM";

    public static bool ManagedRequested =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "managed", StringComparison.OrdinalIgnoreCase);

#pragma warning disable CA2255 // a test assembly: the initializer is the point
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        if (ManagedRequested)
        {
            AppContext.SetSwitch("System.Net.Security.UseManagedNtlm", true);
        }
    }

    /// <summary>The type name of the implementation behind an NTLM client context (private field, test use only).</summary>
    public static string NtlmImplementation()
    {
        using var ntlm = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = "NTLM",
            Credential = new NetworkCredential("probe", "probe", "PROBE"),
            TargetName = "HTTP/localhost",
        });
        var pal = typeof(NegotiateAuthentication).GetField("_pal", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(ntlm);
        return pal?.GetType().Name ?? "(unknown: NegotiateAuthentication._pal not found)";
    }
}
