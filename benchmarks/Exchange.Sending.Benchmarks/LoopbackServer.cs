using System.Diagnostics;
using Exchange.Sending.Testing;

namespace Exchange.Sending.Benchmarks;

/// <summary>Where the benchmarks' sends go: the bundled EWS server (Exchange.Sending.Testing) in this process or in a child process.</summary>
public enum ServerMode
{
    /// <summary>Server in the benchmark process, schema validation off. Allocations include the server's (Kestrel, request parsing).</summary>
    InProcess,

    /// <summary>Server in the benchmark process with Microsoft's EWS schema validation on (server cost only; the client is the same).</summary>
    InProcessXsd,

    /// <summary>Server in a child process, schema validation off. Allocations are the client's alone.</summary>
    OutOfProcess,
}

/// <summary>Starts and stops the loopback server for a <see cref="ServerMode"/>.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string ServeArgument = "--fake-ews-server";
    public const string SchemaArgument = "--schema";
    public const string BasicArgument = "--basic";
    public const string Password = "bench-password";
    public const string HostAssemblyVariable = "EXCHANGE_SENDING_BENCHMARKS_HOST";
    public const string SenderAddress = "bench@example.com";

    private FakeEwsServer? _inProcess;
    private Process? _child;

    private LoopbackServer(string serverUrl) => ServerUrl = serverUrl;

    /// <summary>host:port of the server, without scheme.</summary>
    public string ServerUrl { get; private set; }

    public static async Task<LoopbackServer> StartAsync(ServerMode mode, bool basic = false)
    {
        switch (mode)
        {
            case ServerMode.OutOfProcess:
            {
                var host = Environment.GetEnvironmentVariable(HostAssemblyVariable)
                    ?? throw new InvalidOperationException($"{HostAssemblyVariable} is not set; run the benchmarks through Program.Main (dotnet run).");
                string[] serve = basic ? [host, ServeArgument, BasicArgument] : [host, ServeArgument];
                var cpu = Environment.GetEnvironmentVariable("BENCH_SERVER_CPU");
                var child = Process.Start(new ProcessStartInfo(cpu is null ? "dotnet" : "taskset", cpu is null ? serve : ["-c", cpu, "dotnet", .. serve])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                }) ?? throw new InvalidOperationException("Could not start the server process.");
                var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException("The server process ended before printing its address.");
                return new LoopbackServer(line.Trim()) { _child = child };
            }

            default:
            {
                var server = await StartServerAsync(mode == ServerMode.InProcessXsd, basic);
                if (server.SchemaValidationEnabled != (mode == ServerMode.InProcessXsd))
                {
                    throw new InvalidOperationException($"{mode}: the server's schema validation is {(server.SchemaValidationEnabled ? "on" : "off")}, not as intended.");
                }

                return new LoopbackServer(server.ServerUrl) { _inProcess = server };
            }
        }
    }

    /// <summary>Body of the child process: prints host:port, serves until stdin closes.</summary>
    public static async Task<int> ServeUntilStdinClosesAsync(bool schemaValidation, bool basic)
    {
        await using var server = await StartServerAsync(schemaValidation, basic);
        // The server records every message it receives; forget them every second, so that a long run does not make
        // the server's heap (and its GC work, which shares the two cores with the client) grow from case to case.
        using var forget = new Timer(_ => server.ClearHistory(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Console.WriteLine(server.ServerUrl);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Forgets the in-process server's recorded messages and requests (the child process's are not reachable).</summary>
    public void ClearHistory() => _inProcess?.ClearHistory();

    public async ValueTask DisposeAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync();
        }

        if (_child is not null)
        {
            _child.StandardInput.Close();
            if (!_child.WaitForExit(10_000))
            {
                _child.Kill();
            }

            _child.Dispose();
        }
    }

    private static Task<FakeEwsServer> StartServerAsync(bool schemaValidation, bool basic)
    {
        string? schema = null;
        if (schemaValidation)
        {
            var location = EwsSchemaLocator.Locate();
            schema = location.Directory ?? throw new InvalidOperationException(
                $"Schema validation was asked for but the EWS schema was not found. {location.Describe()}");
        }

        var options = new FakeEwsServerOptions
        {
            SchemaDirectory = schema,
            // Explicit: the server would otherwise pick up EXCHANGE_SENDING_EWS_SCHEMA_DIR from the environment.
            DisableSchemaValidation = !schemaValidation,
            // Keep only length and hash of attachments and of t:MimeContent: the server would otherwise keep every copy
            // it receives. With 0, a MIME body is decoded into a temporary file (deleted at once) and parsed there.
            MaxStoredAttachmentBytes = 0,
            Authentication = basic ? FakeEwsAuthenticationMode.Basic : FakeEwsAuthenticationMode.Anonymous,
        };
        options.Users.Add(new FakeEwsUser(SenderAddress, "Benchmark", SenderAddress, Password));
        return FakeEwsServer.StartAsync(options);
    }

    /// <summary>True when Microsoft's EWS schema is found (by <see cref="EwsSchemaLocator"/>: the environment variable, or a
    /// shared/ews-schema folder above the current or the program's directory).</summary>
    public static bool SchemaAvailable => EwsSchemaLocator.Locate().Found;
}
