using System.Net.Sockets;
using System.Security.Authentication;
using Exchange.Sending.Ews;

namespace Exchange.Sending;

/// <summary>Transport failures: no usable EWS answer (network, TLS, time-out, HTTP status without SOAP, a page that is not EWS).</summary>
internal static partial class ExchangeErrors
{
    /// <summary>No answer in time; the outcome is unknown only for a request that sends mail and left completely.</summary>
    public static ExchangeTransportException Timeout(ErrorSite site, IEwsOperation operation, TimeSpan requestTimeout, bool bodySent, Exception inner)
    {
        var unknown = bodySent && operation.SendsMessage;
        return new ExchangeTransportException(
            $"Exchange connection '{site.ConnectionName}': no answer from {site.Endpoint} within {requestTimeout.TotalSeconds:0.###} s ({operation.Name}). "
            + (unknown ? MayHaveBeenProcessedText(site) + " " : "")
            + "Check that the server is reachable, or raise RequestTimeout.",
            ExchangeTransportFailure.Timeout, site.Endpoint, site.ConnectionName, innerException: inner)
        { OutcomeUnknown = unknown, InternetMessageId = site.InternetMessageId };
    }

    /// <summary>A redirect, which EWS requests never follow (a message and its credentials are not re-posted elsewhere).</summary>
    public static ExchangeTransportException Redirect(ErrorSite site, int status, Uri? location) => new(
        $"Exchange connection '{site.ConnectionName}': {site.Endpoint} answered HTTP {status} redirecting to {(location is null ? "(no Location)" : location.GetLeftPart(UriPartial.Path))}. "
        + "EWS requests are not followed to another URL; if that is the right server, enter it as ServerUrl (without protocol).",
        ExchangeTransportFailure.Redirect, site.Endpoint, site.ConnectionName, status)
    { InternetMessageId = site.InternetMessageId };

    /// <summary>A page or XML that is not an EWS answer. <paramref name="mayHaveBeenProcessed"/>: XML arrived with success status to a
    /// request that sends mail and went out whole, so an EWS server that answers badly may still have sent the message.</summary>
    public static ExchangeTransportException NotEws(ErrorSite site, int status, string what, bool mayHaveBeenProcessed = false) => new(
        $"Exchange connection '{site.ConnectionName}': {site.Endpoint} is not an EWS endpoint: it answered HTTP {status} with {what} instead of a SOAP envelope "
        + "(a login page, a proxy or another web site?). Check ServerUrl: on Exchange the EWS endpoint is host/EWS/Exchange.asmx."
        + (mayHaveBeenProcessed ? " It answered with XML, so it may be an EWS server that processed the request and answered wrongly. " + MayHaveBeenProcessedText(site) : ""),
        ExchangeTransportFailure.NotEws, site.Endpoint, site.ConnectionName, status)
    { InternetMessageId = site.InternetMessageId, OutcomeUnknown = mayHaveBeenProcessed };

    /// <summary>HTTP 500 with a page instead of SOAP from an endpoint that has answered EWS on this connection, to a request
    /// that sends mail and went out whole: the server failed while or after processing it, so the message may have been sent.</summary>
    public static ExchangeTransportException FailedAfterProcessing(ErrorSite site, int status, string what) => new(
        $"Exchange connection '{site.ConnectionName}': {site.Endpoint} answered HTTP {status} with {what} instead of a SOAP envelope, after the whole request "
        + "had been sent; it has answered EWS on this connection before, so this is the EWS server failing (IIS's error page), possibly after it sent the message. "
        + MayHaveBeenProcessedText(site),
        ExchangeTransportFailure.InvalidResponse, site.Endpoint, site.ConnectionName, status)
    { InternetMessageId = site.InternetMessageId, OutcomeUnknown = true };

    /// <summary>What the library tells the user about an HTTP error status without SOAP, by status. Every key has a section in
    /// docs/troubleshooting.md, and every status documented there has advice here (TroubleshootingDocTests).</summary>
    internal static readonly System.Collections.Frozen.FrozenDictionary<int, string> HttpStatusAdvice = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(new Dictionary<int, string>
    {
        [403] = "The server refused access: EWS may be disabled for this account or application (EWS access policy), or the client is blocked.",
        [404] = "Nothing at that path: check ServerUrl (the EWS path is usually /EWS/Exchange.asmx). IIS also answers 404.13 when the request is too large.",
        [413] = "The request is larger than the server or a proxy accepts (IIS maxAllowedContentLength); send smaller or fewer attachments.",
        [503] = "The server is overloaded or EWS requests are queuing; try again later.",
        [507] = "The server is out of storage.",
    });

    /// <summary>The advice for an HTTP error status without an entry in <see cref="HttpStatusAdvice"/>.</summary>
    internal const string DefaultHttpStatusAdvice = "The server did not answer with SOAP.";

    /// <summary>An HTTP error status without SOAP, with what the server's page said (already redacted) and advice per status.</summary>
    /// <param name="site">Connection, endpoint and Message-ID.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="operation">The EWS operation.</param>
    /// <param name="serverText">What the page said, already redacted.</param>
    /// <param name="mayHaveBeenProcessed">A gateway status (502, 504) to mail that went out whole: the server behind it may have sent it.</param>
    public static ExchangeTransportException HttpStatus(ErrorSite site, int status, string operation, string? serverText = null, bool mayHaveBeenProcessed = false)
    {
        var advice = HttpStatusAdvice.GetValueOrDefault(status, DefaultHttpStatusAdvice);
        return new ExchangeTransportException(
            $"Exchange connection '{site.ConnectionName}': {operation} to {site.Endpoint} failed with HTTP {status}"
            + (string.IsNullOrEmpty(serverText) ? ". " : $" (the server said: \"{serverText}\"). ") + advice
            + (mayHaveBeenProcessed ? " A gateway answered after the whole request had passed it, so the server behind it may have processed it. " + MayHaveBeenProcessedText(site) : ""),
            ExchangeTransportFailure.HttpStatus, site.Endpoint, site.ConnectionName, status)
        { InternetMessageId = site.InternetMessageId, OutcomeUnknown = mayHaveBeenProcessed };
    }

    /// <summary>A network failure, told apart by what was sent: a reset before the body was complete is a refusal
    /// (<see cref="ExchangeTransportFailure.UploadAborted"/>), a lost answer after it an unknown outcome.</summary>
    public static ExchangeTransportException Network(ErrorSite site, HttpRequestException ex, IEwsOperation request, EwsRequestContent? content)
    {
        var operation = request.Name;
        var endpoint = site.Endpoint;
        var proxy = site.Proxy;
        var (failure, what) = ex.HttpRequestError switch
        {
            // Through a proxy the connection (and, for an HTTP proxy, the name lookup) is the proxy's, not the EWS host's.
            HttpRequestError.ConnectionError when proxy is not null && ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                => (ExchangeTransportFailure.ConnectionRefused, $"the proxy {proxy.Address.Host}:{proxy.Address.Port} refused the connection (nothing accepted it there). Check {proxy.Setting} and that the proxy is running."),
            HttpRequestError.ConnectionError when proxy is not null
                => (ExchangeTransportFailure.ConnectionRefused, $"the proxy {proxy.Address.Host}:{proxy.Address.Port} was unreachable ({ex.InnerException?.Message ?? ex.Message}). Check {proxy.Setting} and the network to the proxy."),
            HttpRequestError.NameResolutionError when proxy is not null
                => (ExchangeTransportFailure.NameResolution, $"the host name '{proxy.Address.Host}' of the proxy, or '{endpoint.Host}' at the proxy, could not be resolved (DNS). Check {proxy.Setting}, then ServerUrl."),
            HttpRequestError.NameResolutionError => (ExchangeTransportFailure.NameResolution, $"the host name '{endpoint.Host}' could not be resolved (DNS). Check ServerUrl."),
            HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                => (ExchangeTransportFailure.ConnectionRefused, $"nothing accepted a connection on {endpoint.Host}:{endpoint.Port}. Check the host and port in ServerUrl and that the server is running."),
            HttpRequestError.ConnectionError => (ExchangeTransportFailure.ConnectionRefused, $"could not connect to {endpoint.Host}:{endpoint.Port} ({ex.InnerException?.Message ?? ex.Message}). Check ServerUrl and the network."),
            HttpRequestError.ProxyTunnelError => (ExchangeTransportFailure.Other, $"the proxy{(proxy is null ? "" : $" {proxy.Address.Host}:{proxy.Address.Port}")} did not open a tunnel to {endpoint.Host}:{endpoint.Port} ({TunnelFailure(ex)}). Check ProxyUrl (or the system proxy: HTTPS_PROXY, NO_PROXY), ProxyUseDefaultCredentials when the proxy asks for credentials (407), and that it allows CONNECT to this port."),
            HttpRequestError.SecureConnectionError when FindCertificateRejection(ex) is { } rejected => (ExchangeTransportFailure.Tls, rejected.Message),
            HttpRequestError.SecureConnectionError => (ExchangeTransportFailure.Tls, $"the TLS handshake with {endpoint.Host} failed ({(ex.InnerException as AuthenticationException)?.Message ?? ex.InnerException?.Message ?? ex.Message}). Check the server certificate, or AllowInsecureHttp for a plain-HTTP test server."),
            HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => (ExchangeTransportFailure.ConnectionLost, "the connection closed before a complete response arrived."),
            _ when ex.InnerException is IOException or SocketException => (ExchangeTransportFailure.ConnectionLost, $"the connection closed before a complete response arrived ({ex.InnerException.Message})."),
            _ => (ExchangeTransportFailure.Other, Innermost(ex).Message),
        };
        if (failure == ExchangeTransportFailure.ConnectionLost && content is { Started: true, Completed: false })
        {
            return new ExchangeTransportException(
                $"Exchange connection '{site.ConnectionName}': {endpoint} closed the connection after {content.BytesSent} of the {content.BytesWritten} bytes of the {operation} request "
                + $"({Innermost(ex).Message}). The server refused the request before reading all of it, without an answer that could be read; nothing was delivered. "
                + "Sending it again fails the same way: check the server's request size limit (IIS maxAllowedContentLength, Exchange maxReceiveSize) and the credentials.",
                ExchangeTransportFailure.UploadAborted, endpoint, site.ConnectionName, innerException: ex)
            { InternetMessageId = site.InternetMessageId };
        }

        var unknown = content?.Completed == true && failure == ExchangeTransportFailure.ConnectionLost && request.SendsMessage;
        return new ExchangeTransportException(
            $"Exchange connection '{site.ConnectionName}': {operation} to {endpoint} failed: {what}" + (unknown ? " " + MayHaveBeenProcessedText(site) : ""),
            failure, endpoint, site.ConnectionName, innerException: ex)
        { OutcomeUnknown = unknown, InternetMessageId = site.InternetMessageId };
    }

    /// <summary>The tunnel failure without .NET's text, whose 407 message ends in a stray quote ("... status code '407'.\"").</summary>
    private static string TunnelFailure(HttpRequestException ex)
    {
        var match = System.Text.RegularExpressions.Regex.Match(ex.Message, @"status code '(\d{3})'", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? $"it answered HTTP {match.Groups[1].Value}" : ex.Message.TrimEnd('"', '.', ' ');
    }

    private static Transport.Http.ServerCertificateRejectedException? FindCertificateRejection(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Transport.Http.ServerCertificateRejectedException rejected)
            {
                return rejected;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
