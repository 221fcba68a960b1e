using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Xml.Linq;
using MimeKit;

namespace Exchange.Sending.Interop.Tests.Support;

/// <summary>
/// Reads what ARRIVED in a gromox mailbox, independently of the library under test: raw EWS SOAP over
/// <see cref="HttpClient"/> with HTTP Basic and Content-Length bodies (gromox rejects chunked bodies).
/// FindItem (Shallow, IdOnly + subject, newest first, restricted to a token in the subject) polls until the
/// message is there, then GetItem with IncludeMimeContent; the decoded MIME is parsed with MimeKit.
/// </summary>
internal sealed class GromoxMailbox : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";

    private readonly HttpClient _http;
    private readonly Uri _url;

    public GromoxMailbox(GromoxEnvironment environment, GromoxUser user)
    {
        User = user;
        _url = environment.EwsUrl;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(user.Address + ":" + user.Password)));
    }

    public GromoxUser User { get; }

    /// <summary>Items of <paramref name="folder"/> (a DistinguishedFolderId: inbox, sentitems, drafts) whose subject contains <paramref name="subjectToken"/>, newest first.</summary>
    public async Task<IReadOnlyList<FoundItem>> FindAsync(string folder, string subjectToken, CancellationToken cancellationToken = default)
    {
        var body = $"""
            <m:FindItem Traversal="Shallow">
              <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>
              <m:IndexedPageItemView MaxEntriesReturned="50" Offset="0" BasePoint="Beginning"/>
              <m:Restriction>
                <t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase">
                  <t:FieldURI FieldURI="item:Subject"/><t:Constant Value="{SecurityElement.Escape(subjectToken)}"/>
                </t:Contains>
              </m:Restriction>
              <m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:FieldOrder></m:SortOrder>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="{folder}"/></m:ParentFolderIds>
            </m:FindItem>
            """;
        var response = await CallAsync(body, cancellationToken);
        return response.Descendants(T + "Message").Concat(response.Descendants(T + "Item"))
            .Select(m => (Id: m.Element(T + "ItemId"), Subject: (string?)m.Element(T + "Subject")))
            .Where(x => x.Id is not null)
            // the server filters already; a second look keeps a lax restriction from matching other tests' mail
            .Where(x => x.Subject is null || x.Subject.Contains(subjectToken, StringComparison.OrdinalIgnoreCase))
            .Select(x => new FoundItem((string)x.Id!.Attribute("Id")!, (string?)x.Id!.Attribute("ChangeKey"), x.Subject))
            .ToList();
    }

    /// <summary>How many messages whose subject contains <paramref name="subjectToken"/> are in <paramref name="folder"/> now (no waiting).</summary>
    public async Task<int> CountAsync(string folder, string subjectToken, CancellationToken cancellationToken = default) =>
        (await FindAsync(folder, subjectToken, cancellationToken)).Count;

    /// <summary>Polls <paramref name="folder"/> until a message whose subject contains <paramref name="subjectToken"/> is there, then reads it.</summary>
    public async Task<ReceivedMessage> WaitForMessageAsync(string folder, string subjectToken, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = await FindAsync(folder, subjectToken, cancellationToken);
            if (found.Count > 0)
            {
                return await GetAsync(found[0].Id, cancellationToken);
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"No message with '{subjectToken}' in the subject arrived in {User.Address}'s {folder} within {limit.TotalSeconds:0.#} s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>GetItem (AllProperties + InternetMessageHeaders, IncludeMimeContent): the decoded MIME parsed with MimeKit, plus the
    /// raw bytes and the item XML. gromox regenerates MimeContent from the stored item and never writes custom X- headers into
    /// it; InternetMessageHeaders are the headers as they came over SMTP (see <see cref="ReceivedMessage.TransportHeaders"/>).</summary>
    public async Task<ReceivedMessage> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var body = $"""
            <m:GetItem>
              <m:ItemShape>
                <t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>
                <t:AdditionalProperties><t:FieldURI FieldURI="item:InternetMessageHeaders"/></t:AdditionalProperties>
              </m:ItemShape>
              <m:ItemIds><t:ItemId Id="{SecurityElement.Escape(itemId)}"/></m:ItemIds>
            </m:GetItem>
            """;
        var response = await CallAsync(body, cancellationToken);
        var item = response.Descendants(M + "Items").Elements().FirstOrDefault()
            ?? throw new InvalidOperationException("GetItem returned no item: " + Truncate(response.ToString()));
        var mime = item.Element(T + "MimeContent")
            ?? throw new InvalidOperationException("GetItem returned no MimeContent: " + Truncate(item.ToString()));
        var raw = Convert.FromBase64String(mime.Value);
        using var stream = new MemoryStream(raw, writable: false);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        item.Element(T + "MimeContent")!.Value = "(elided)";
        return new ReceivedMessage(message, raw, item);
    }

    /// <summary>One SOAP call; throws with the response when the HTTP status is not 200 or a response message is not Success.</summary>
    public async Task<XDocument> CallAsync(string operationXml, CancellationToken cancellationToken = default)
    {
        var envelope = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="{Soap}" xmlns:t="{T}" xmlns:m="{M}">
              <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
              <soap:Body>{operationXml}</soap:Body>
            </soap:Envelope>
            """;
        // ByteArrayContent: a known length, so HttpClient sends Content-Length (gromox answers 400 to chunked bodies).
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        using var response = await _http.PostAsync(_url, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode != 200)
        {
            throw new InvalidOperationException($"EWS as {User.Address} answered HTTP {(int)response.StatusCode}: {Truncate(text)}");
        }

        var document = XDocument.Parse(text);
        var failed = document.Descendants().Where(e => e.Attribute("ResponseClass") is { Value: not "Success" }).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"EWS as {User.Address}: {string.Join("; ", failed.Select(f => (string?)f.Element(M + "ResponseCode") + " " + (string?)f.Element(M + "MessageText")))}");
        }

        return document;
    }

    public void Dispose() => _http.Dispose();

    private static string Truncate(string s) => s.Length > 2000 ? s[..2000] + "..." : s;
}

internal sealed record FoundItem(string Id, string? ChangeKey, string? Subject);

/// <summary>A message read back from a mailbox: parsed, raw (decoded MimeContent) and the GetItem item XML (MimeContent elided).</summary>
internal sealed record ReceivedMessage(MimeMessage Message, byte[] Raw, XElement Item)
{
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";

    /// <summary>The top-level header block of the raw MIME, as received (unfolded lines, encoded words left as they are).</summary>
    public string RawHeaderBlock
    {
        get
        {
            var text = Encoding.UTF8.GetString(Raw);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                end = text.IndexOf("\n\n", StringComparison.Ordinal);
            }

            return end < 0 ? text : text[..end];
        }
    }

    /// <summary>Every header of every MIME part, decoded, as "Name: value" lines.</summary>
    public string AllHeadersDecoded =>
        string.Join("\n", Message.Headers.Concat(Message.BodyParts.SelectMany(p => p.Headers)).Select(h => h.Field + ": " + h.Value));

    /// <summary>The item's <c>t:InternetMessageHeaders</c>: on a received message, the headers as they came over SMTP
    /// (gromox keeps X- headers here, not in MimeContent). Empty on a Sent Items copy.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TransportHeaders =>
        Item.Element(T + "InternetMessageHeaders")?.Elements(T + "InternetMessageHeader")
            .Select(h => new KeyValuePair<string, string>((string?)h.Attribute("HeaderName") ?? "", h.Value)).ToList()
        ?? [];

    /// <summary>The typed property <c>t:{name}</c> of the item, if the server returned it.</summary>
    public string? Typed(string name) => (string?)Item.Element(T + name);
}
