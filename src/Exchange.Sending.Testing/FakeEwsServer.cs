using System.Net;
using System.Xml.Schema;
using Exchange.Sending.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending.Testing;

/// <summary>
/// A loopback Exchange Web Services endpoint on Kestrel (HTTP/1.1) for tests: validates every request against
/// Microsoft's EWS schema, emulates CreateItem, CreateAttachment, SendItem, DeleteItem, GetFolder, FindItem and ResolveNames,
/// records what it received and lets a test script faults.
/// </summary>
public sealed class FakeEwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerState _state;

    private FakeEwsServer(WebApplication app, ServerState state, int port, string host, bool schemaValidation, bool https)
    {
        _app = app;
        _state = state;
        Port = port;
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        ServerUrl = $"{hostPart}:{port}";
        EndpointUri = new Uri($"{(https ? "https" : "http")}://{ServerUrl}{RequestPipeline.EndpointPath}");
        SchemaValidationEnabled = schemaValidation;
    }

    /// <summary>The EWS endpoint, <c>http://127.0.0.1:{port}/EWS/Exchange.asmx</c> (<c>https://</c> with
    /// <see cref="FakeEwsServerOptions.ServerCertificate"/>).</summary>
    public Uri EndpointUri { get; }

    /// <summary><c>127.0.0.1:{port}</c>: what a user types as server URL without protocol.</summary>
    public string ServerUrl { get; }

    /// <summary>The bound TCP port.</summary>
    public int Port { get; }

    /// <summary>True when requests are validated against Microsoft's XSD (a schema directory was found).</summary>
    public bool SchemaValidationEnabled { get; }

    /// <summary>Messages sent so far (SendOnly, SendAndSaveCopy, SendItem), in order; a snapshot.</summary>
    public IReadOnlyList<FakeEwsSentMessage> SentMessages => _state.Sent;

    /// <summary>Every HTTP request handled so far, in order of arrival; a snapshot. Reading it first waits (at most 250 ms)
    /// for requests whose answer has started or whose connection was dropped, so the request of a send that just
    /// returned is in it.</summary>
    public IReadOnlyList<FakeEwsRequest> Requests => _state.Requests;

    /// <summary>Request, 401, connection and body-byte counters.</summary>
    public FakeEwsCounters Counters => _state.Counters;

    /// <summary>Starts a server on a free loopback port (or the configured one).</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<FakeEwsServer> StartAsync(FakeEwsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeEwsServerOptions();
        if (EwsNames.VersionRank(options.EmulatedVersion) < 0)
        {
            throw new ArgumentException(
                $"EmulatedVersion '{options.EmulatedVersion}' is not a t:ExchangeVersionType value; use one of {string.Join(", ", EwsNames.Versions)}.",
                nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.ServerVersionInfo);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SentItemsFilingDelay, TimeSpan.Zero);
        if (options.ServerCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("ServerCertificate has no private key; a TLS server needs one (create it with CertificateRequest.CreateSelfSigned or CopyWithPrivateKey).", nameof(options));
        }

        var schemas = LoadSchemas(options);
        var address = ParseHost(options.Host);
        var state = new ServerState(options);
        var pipeline = new RequestPipeline(state, schemas);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.AllowSynchronousIO = true;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (options.ServerCertificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(pipeline.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        // Keep "localhost" in ServerUrl/EndpointUri: Kerberos builds the service principal (HTTP/localhost) from the URL host.
        var urlHost = string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? "localhost" : address.ToString();
        return new FakeEwsServer(app, state, port, urlHost, schemas is not null, options.ServerCertificate is not null);
    }

    /// <summary>Forgets <see cref="SentMessages"/> and <see cref="Requests"/>, so a long-running server (benchmarks,
    /// <c>serve</c>) does not grow; users, Send As grants, queued faults, folders and counters stay.</summary>
    public void ClearHistory() => _state.ClearHistory();

    /// <summary>Adds a mailbox user (for ResolveNames, Basic authentication, Send As).</summary>
    /// <param name="user">The user.</param>
    public void AddUser(FakeEwsUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _state.AddUser(user);
    }

    /// <summary>
    /// Gives <paramref name="userAddress"/> the ApplicationImpersonation role: its requests may carry a
    /// <c>t:ExchangeImpersonation</c> header naming <paramref name="targetAddress"/> (or any user when
    /// <see langword="null"/>) and then act as that user. Without a grant the header gets the SOAP fault
    /// <c>ErrorImpersonateUserDenied</c>; a header naming no known user gets <c>ErrorNonExistentMailbox</c>.
    /// </summary>
    /// <param name="userAddress">The authenticated user's address.</param>
    /// <param name="targetAddress">The user it may impersonate; <see langword="null"/> for every user.</param>
    public void GrantImpersonation(string userAddress, string? targetAddress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAddress);
        _state.GrantImpersonation(userAddress, targetAddress);
    }

    /// <summary>Lets <paramref name="userAddress"/> put <paramref name="sendAsAddress"/> in <c>t:From</c>; without a grant that is <c>ErrorSendAsDenied</c>.</summary>
    /// <param name="userAddress">The authenticated user's address.</param>
    /// <param name="sendAsAddress">The address it may send as.</param>
    public void GrantSendAs(string userAddress, string sendAsAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(sendAsAddress);
        _state.GrantSendAs(userAddress, sendAsAddress);
    }

    /// <summary>Lets <paramref name="userAddress"/> send on behalf of <paramref name="mailboxAddress"/> (Exchange's
    /// <c>GrantSendOnBehalfTo</c>): a message with that mailbox in <c>t:From</c> is sent "on behalf", its
    /// <see cref="FakeEwsSentMessage.Sender"/> the user (unless the request named a <c>t:Sender</c>). Send As
    /// (<see cref="GrantSendAs"/>) takes precedence, as on Exchange.</summary>
    /// <param name="userAddress">The authenticated user's address.</param>
    /// <param name="mailboxAddress">The mailbox it may send on behalf of.</param>
    public void GrantSendOnBehalf(string userAddress, string mailboxAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxAddress);
        _state.GrantSendOnBehalf(userAddress, mailboxAddress);
    }

    /// <summary>Gives <paramref name="userAddress"/> Full Access to <paramref name="mailboxAddress"/>: it may save items (the
    /// copy of a sent message) in that mailbox's folders, named by a <c>t:Mailbox</c> in <c>SavedItemFolderId</c>. Without it
    /// such a save is <c>ErrorAccessDenied</c> (when the server has users).</summary>
    /// <param name="userAddress">The authenticated user's address.</param>
    /// <param name="mailboxAddress">The mailbox it may access.</param>
    public void GrantMailboxAccess(string userAddress, string mailboxAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxAddress);
        _state.GrantMailboxAccess(userAddress, mailboxAddress);
    }

    /// <summary>
    /// Waits for the next sent message not yet returned by an earlier call (messages already sent count, in order).
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    /// <exception cref="TimeoutException">No new message arrived in time; the message says what did arrive.</exception>
    public Task<FakeEwsSentMessage> WaitForMessageAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _state.WaitForMessageAsync(timeout, cancellationToken);

    /// <summary>Items now in a folder, e.g. <c>sentitems</c> (copies of sent messages) or <c>drafts</c> (SaveOnly items not yet sent).</summary>
    /// <param name="distinguishedFolderId">A distinguished folder id such as <c>sentitems</c>, <c>drafts</c>, <c>deleteditems</c>.</param>
    /// <returns>A snapshot, oldest first.</returns>
    public IReadOnlyList<FakeEwsSentMessage> GetFolderItems(string distinguishedFolderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distinguishedFolderId);
        return _state.Store.Folder(distinguishedFolderId);
    }

    /// <summary>Items now in a folder of one mailbox: the copies saved there with a <c>t:Mailbox</c> in <c>SavedItemFolderId</c>,
    /// or by that user for itself.</summary>
    /// <param name="distinguishedFolderId">A distinguished folder id such as <c>sentitems</c>.</param>
    /// <param name="mailboxAddress">The mailbox's address.</param>
    /// <returns>A snapshot, oldest first.</returns>
    public IReadOnlyList<FakeEwsSentMessage> GetFolderItems(string distinguishedFolderId, string mailboxAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distinguishedFolderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxAddress);
        return _state.Store.Folder(distinguishedFolderId, mailboxAddress);
    }

    /// <summary>The EWS <c>FolderId</c> this server gives a distinguished folder (as <c>GetFolder</c> returns it): for tests that
    /// save copies to a folder by id.</summary>
    /// <param name="distinguishedFolderId">A distinguished folder id such as <c>inbox</c>.</param>
    /// <returns>The id.</returns>
    public static string FolderIdOf(string distinguishedFolderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distinguishedFolderId);
        return MailStore.FolderId(distinguishedFolderId);
    }

    /// <summary>Queues a fault for the next request (of <paramref name="operation"/>, when given); faults are used first-in first-out.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="operation">Body root name such as <c>CreateItem</c>, or null for any request.</param>
    public void EnqueueFault(FakeEwsFault fault, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _state.EnqueueFault(fault, operation);
    }

    /// <summary>Makes every send to <paramref name="address"/> fail with <paramref name="responseCode"/> (a response message, HTTP 200).</summary>
    /// <param name="address">Recipient address (case-insensitive).</param>
    /// <param name="responseCode">The response code to answer with.</param>
    public void RejectRecipient(string address, string responseCode = "ErrorInvalidRecipients")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(responseCode);
        _state.RejectRecipient(address, responseCode);
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static XmlSchemaSet? LoadSchemas(FakeEwsServerOptions options)
    {
        if (options.DisableSchemaValidation)
        {
            return options.RequireSchemaValidation
                ? throw new ArgumentException("DisableSchemaValidation and RequireSchemaValidation cannot both be set.", nameof(options))
                : null;
        }

        // Only the explicit settings: the option, else rule 1 of EwsSchemaLocator (the environment variable). The server
        // never searches the file system, so where a process runs does not switch validation on.
        var directory = string.IsNullOrWhiteSpace(options.SchemaDirectory)
            ? EwsSchemaLocator.ReadEnvironmentVariable()
            : options.SchemaDirectory;

        if (directory is null)
        {
            if (options.RequireSchemaValidation)
            {
                throw new InvalidOperationException(
                    "Schema validation is required but no EWS schema directory is configured: set FakeEwsServerOptions.SchemaDirectory " +
                    $"(EwsSchemaLocator.Find(typeof(YourTests).Assembly) searches for one) or the {FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable} " +
                    "environment variable to a folder holding Microsoft's messages.xsd and types.xsd.");
            }

            return null;
        }

        EwsSchemaCache.EnsureUsable(directory);
        return EwsSchemaCache.Get(directory);
    }

    private static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new ArgumentException($"Host '{host}' is not an IP address or 'localhost'.", nameof(host));
    }
}
