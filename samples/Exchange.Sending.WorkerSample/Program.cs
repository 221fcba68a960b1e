// The Exchange.Sending worker sample (samples/README.md): a Generic Host with one named connection from appsettings.json,
// registered with AddExchangeMailSenders (validated at start), a BackgroundService that sends through
// IExchangeMailSenderFactory, the Exchange.Sending.HealthChecks checks, and OpenTelemetry tracing and metrics to the console.
//
//   dotnet run --project samples/Exchange.Sending.WorkerSample -- --loopback          the bundled server, in-process
//   dotnet run --project samples/Exchange.Sending.WorkerSample -- --loopback --once   send, check, exit 0 or 1 (CI)
//   dotnet run --project samples/Exchange.Sending.WorkerSample                        the server of appsettings.json
using Exchange.Sending;
using Exchange.Sending.Testing;
using Exchange.Sending.WorkerSample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// The sample's two switches; everything else goes to the host's command-line configuration
// (e.g. --Exchange:Connections:mail_main:ServerUrl=mail.contoso.com).
string[] switches = ["--loopback", "--once"];
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args.Where(a => !switches.Contains(a, StringComparer.OrdinalIgnoreCase)).ToArray(),
    // appsettings.json is copied to the output folder: found from whatever folder the sample is started in.
    ContentRootPath = AppContext.BaseDirectory,
});
var sample = builder.Configuration.GetSection(SampleOptions.SectionName);
if (args.Contains("--loopback", StringComparer.OrdinalIgnoreCase))
{
    sample["Loopback"] = "true";
}
if (args.Contains("--once", StringComparer.OrdinalIgnoreCase))
{
    sample["Once"] = "true";
}
builder.Services.AddOptions<SampleOptions>().Bind(sample)
    .Validate(o => o.To.Count > 0, "Sample:To lists no recipient.")
    .ValidateOnStart();

builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});

// Loopback: the bundled EWS server on a free 127.0.0.1 port, and the connection pointed at it over http without
// authentication; the sender address of appsettings.json becomes its mailbox. It validates each request against
// Microsoft's EWS schema when it finds the schema folder (../shared/ews-schema beside the repository, or
// EXCHANGE_SENDING_EWS_SCHEMA_DIR), and otherwise by its own structural rules.
var connectionName = sample["ConnectionName"] ?? "mail_main";
var connection = builder.Configuration.GetSection($"{ExchangeMailSenderServiceCollectionExtensions.DefaultConfigurationSection}:{connectionName}");
FakeEwsServer? server = null;
if (sample.GetValue<bool>("Loopback"))
{
    var senderAddress = connection["SenderAddress"] ?? "noreply@example.com";
    var schema = EwsSchemaLocator.Find(typeof(Program).Assembly);
    server = await FakeEwsServer.StartAsync(new FakeEwsServerOptions
    {
        Users = { new FakeEwsUser(senderAddress, connection["SenderName"] ?? "Sample") },
        SchemaDirectory = schema,
        // Under CI the schema must be there: no silent fall-back to the structural rules.
        RequireSchemaValidation = Environment.GetEnvironmentVariable("CI") == "true",
    });
    connection["ServerUrl"] = server.ServerUrl;
    connection["AllowInsecureHttp"] = "true";
    connection["AuthenticationType"] = "None";
    connection["Version"] = "Exchange2013_SP1";
    Console.WriteLine($"Loopback: the bundled EWS server at {server.EndpointUri} (mailbox {senderAddress}); "
        + (server.SchemaValidationEnabled ? $"schema validation on ({schema})" : "schema validation off (no schema folder found)"));
    builder.Services.AddSingleton(new LoopbackServer(server));
}

// Every child of Exchange:Connections becomes a connection named by its key, validated at start (ValidateOnStart):
// invalid settings stop the host before anything is sent, every problem of every connection in one exception.
builder.Services.AddExchangeMailSenders(builder.Configuration.GetSection(ExchangeMailSenderServiceCollectionExtensions.DefaultConfigurationSection));
// One health check per connection (exchange:mail_main). A web app maps them to an endpoint (MapHealthChecks); this
// worker runs them once at start (SendWorker).
builder.Services.AddHealthChecks().AddExchangeConnections();

// Tracing and metrics to the console. "Exchange.Sending" is the library's ActivitySource and Meter; the sample's own
// (SendWorker.TelemetryName) wraps each send.
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("Exchange.Sending.WorkerSample"))
    .WithTracing(t => t.AddSource("Exchange.Sending").AddSource(SendWorker.TelemetryName).AddConsoleExporter())
    .WithMetrics(m => m.AddMeter("Exchange.Sending").AddMeter(SendWorker.TelemetryName).AddConsoleExporter());

builder.Services.AddHostedService<SendWorker>();

try
{
    using var host = builder.Build();
    await host.RunAsync();
}
catch (OptionsValidationException ex)
{
    // ValidateOnStart: each failure names the connection, the setting and the fix.
    Console.Error.WriteLine($"Invalid settings ({ex.Failures.Count()}); nothing was sent:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }
    Console.Error.WriteLine("Edit samples/Exchange.Sending.WorkerSample/appsettings.json (samples/README.md), or run with --loopback.");
    Environment.ExitCode = 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }
}
