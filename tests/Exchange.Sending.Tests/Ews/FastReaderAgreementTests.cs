using System.Text;
using System.Text.Json;
using Exchange.Sending.Ews;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Ews;

/// <summary>
/// <see cref="EwsFastXmlReader"/> against <see cref="System.Xml.XmlReader"/>: over a corpus of EWS answers (Microsoft's samples,
/// Exchange's and gromox's shapes, faults, FindItem results) and thousands of corruptions of each, the response reader
/// gives exactly what reading with XmlReader alone gives: the same response, or the same error.
/// </summary>
public class FastReaderAgreementTests
{
    private const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    private const string T = "http://schemas.microsoft.com/exchange/services/2006/types";

    private static readonly string[] Corpus =
    [
        // Exchange's shape (as the bundled server writes it).
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Soap}"><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="{T}" xmlns="{T}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" /></s:Header><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><m:CreateItemResponse xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items /></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse></s:Body></s:Envelope>""",
        // An error with text that needs references, and a folder id.
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Soap}"><s:Body><m:GetFolderResponse xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>The mailbox &lt;a@b&gt; &amp; "c" isn&apos;t &#x41;&#66; here.&#xD;""" + "\r\nSecond line\ttab\rthird" + $"""</m:MessageText><m:ResponseCode> ErrorNonExistentMailbox </m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Folders /></m:GetFolderResponseMessage><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:Folder><t:FolderId Id="AAMk=+/x" ChangeKey='AQ &amp; B'/></t:Folder></m:Folders></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>""",
        // gromox's shape: other prefixes, default namespaces, white space between elements.
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="{Soap}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <SOAP-ENV:Header><ServerVersionInfo xmlns="{T}" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11"/></SOAP-ENV:Header>
          <SOAP-ENV:Body>
            <CreateItemResponse xmlns="{M}">
              <ResponseMessages>
                <CreateItemResponseMessage ResponseClass="Success">
                  <ResponseCode>NoError</ResponseCode>
                  <Items><Message xmlns="{T}"><ItemId Id="AQMk1" ChangeKey="CQAA"/></Message></Items>
                </CreateItemResponseMessage>
              </ResponseMessages>
            </CreateItemResponse>
          </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """,
        // A SOAP fault with the Exchange detail.
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Soap}"><s:Body><s:Fault><faultcode xmlns:a="{T}">a:ErrorInvalidServerVersion</faultcode><faultstring xml:lang="en-US">The request is invalid.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInvalidServerVersion</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The specified server version is invalid.</e:Message></detail></s:Fault></s:Body></s:Envelope>""",
        // FindItem with found items.
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Soap}"><s:Body><m:FindItemResponse xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:RootFolder TotalItemsInView="1" IncludesLastItemInRange="true"><t:Items><t:Message><t:ItemId Id="id1" ChangeKey="ck1"/><t:Subject>Invoice &amp; more</t:Subject><t:DateTimeSent>2026-12-02T10:00:00Z</t:DateTimeSent><t:DateTimeCreated>2026-12-02T10:00:01Z</t:DateTimeCreated><t:InternetMessageId>&lt;a@b&gt;</t:InternetMessageId></t:Message><t:Items/></t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse></s:Body></s:Envelope>""",
        // ResolveNames with a mailbox and its contact data (gromox sends t:Contact), then a second resolution.
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Soap}"><s:Body><m:ResolveNamesResponse xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Warning"><m:MessageText>Multiple results were found.</m:MessageText><m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode><m:ResolutionSet TotalItemsInView="2" IncludesLastItemInRange="true"><t:Resolution><t:Mailbox><t:Name>Shared &amp; Co</t:Name><t:EmailAddress> shared@example.com </t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox><t:Contact><t:DisplayName>Shared</t:DisplayName><t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:shared@example.com</t:Entry></t:EmailAddresses></t:Contact></t:Resolution><t:Resolution><t:Mailbox><t:EmailAddress>shared2@example.com</t:EmailAddress></t:Mailbox></t:Resolution></m:ResolutionSet></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse></s:Body></s:Envelope>""",
        // Attachment ids, an empty element as the last child, single quotes, a BOM-less declaration without encoding.
        $"""<?xml version="1.0"?><s:Envelope xmlns:s='{Soap}'><s:Body><m:CreateAttachmentResponse xmlns:m='{M}' xmlns:t='{T}'><m:ResponseMessages><m:CreateAttachmentResponseMessage ResponseClass='Warning'><m:MessageText>Partly</m:MessageText><m:ResponseCode>ErrorBatchProcessingStopped</m:ResponseCode><m:Attachments><t:FileAttachment><t:AttachmentId Id='att' RootItemId='root' RootItemChangeKey='rck'/></t:FileAttachment></m:Attachments></m:CreateAttachmentResponseMessage></m:ResponseMessages></m:CreateAttachmentResponse></s:Body></s:Envelope>""",
    ];

    private static IEnumerable<(string Name, byte[] Bytes)> Documents()
    {
        foreach (var (xml, i) in Corpus.Select((x, i) => (x, i)))
        {
            yield return ($"corpus {i}", Encoding.UTF8.GetBytes(xml));
        }

        if (EwsSchema.Directory is { } schema)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(schema, "samples"), "response-*.xml"))
            {
                yield return (Path.GetFileName(file), File.ReadAllBytes(file));
            }
        }
    }

    [Fact]
    public void The_fast_reader_takes_the_usual_answers()
    {
        foreach (var (name, bytes) in Documents().Where(d => d.Name.StartsWith("corpus", StringComparison.Ordinal)))
        {
            EwsResponseReader.TryParseFast(bytes, CancellationToken.None).Should().NotBeNull($"{name} is an ordinary EWS answer");
            Outcome(() => EwsResponseReader.TryParseFast(bytes, CancellationToken.None)!).Should().Be(Outcome(() => EwsResponseReader.ParseWithXmlReader(bytes, CancellationToken.None)), name);
        }
    }

    [Fact]
    public void Answers_beyond_the_fast_readers_bounds_go_to_XmlReader()
    {
        // 65 attributes on one tag, and 65 namespace declarations in force: the fast reader's repeat check and prefix
        // lookup are quadratic beyond a few dozen, and a 16 MB answer of them would take hours (hostile review of issue 10).
        var attributes = string.Concat(Enumerable.Range(0, 65).Select(i => $" a{i}=\"\""));
        var manyAttributes = Corpus[0].Replace("<m:Items />", $"<m:Items{attributes} />", StringComparison.Ordinal);
        var declarations = string.Concat(Enumerable.Range(0, 65).Select(i => $" xmlns:p{i}=\"urn:x{i}\""));
        var manyScopes = Corpus[0].Replace("<m:ResponseMessages>", $"<m:ResponseMessages{declarations}>", StringComparison.Ordinal);
        foreach (var xml in new[] { manyAttributes, manyScopes })
        {
            var bytes = Encoding.UTF8.GetBytes(xml);
            EwsResponseReader.TryParseFast(bytes, CancellationToken.None).Should().BeNull();
            Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None)).Should().Be(Outcome(() => EwsResponseReader.ParseWithXmlReader(bytes, CancellationToken.None)));
        }

        var fewer = Encoding.UTF8.GetBytes(Corpus[0].Replace("<m:Items />", $"<m:Items{string.Concat(Enumerable.Range(0, 64).Select(i => $" a{i}=\"\""))} />", StringComparison.Ordinal));
        EwsResponseReader.TryParseFast(fewer, CancellationToken.None).Should().NotBeNull("64 attributes are within the bounds");
    }

    [Fact]
    public void Every_corruption_reads_as_XmlReader_alone_reads_it()
    {
        var random = new Random(20261202);
        byte[] interesting = "<>&;\"'/:=# \r\n\txX]!?-a0"u8.ToArray().Concat(new byte[] { 0x80, 0xC3, 0xEF, 0x01 }).ToArray();
        var compared = 0;
        var fastTaken = 0;
        foreach (var (name, original) in Documents())
        {
            for (var n = 0; n < 1500; n++)
            {
                var bytes = Corrupt(original, random, interesting);
                if (RawControlCharacters.Find(bytes))
                {
                    continue;   // escaped first and read by XmlReader alone: the fast path never sees these
                }

                var expected = Outcome(() => EwsResponseReader.ParseWithXmlReader(bytes, CancellationToken.None));
                var actual = Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None));
                if (actual != expected)
                {
                    Assert.Fail($"{name}, corruption {n}: the fast path read\n{Encoding.UTF8.GetString(bytes)}\nas\n{actual}\nbut XmlReader alone as\n{expected}");
                }

                compared++;
                if (EwsResponseReader.TryParseFast(bytes, CancellationToken.None) is not null)
                {
                    fastTaken++;
                }
            }
        }

        compared.Should().BeGreaterThan(7000);
        fastTaken.Should().BeGreaterThan(compared / 20, "many corruptions leave a well-formed answer (a changed value, a changed name), which the fast path must read right");
    }

    private static byte[] Corrupt(byte[] original, Random random, byte[] interesting)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 4), bytes.Count - at));
                    break;
                case 1:
                    bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                    break;
                case 2:
                    bytes[at] = interesting[random.Next(interesting.Length)];
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);   // cut short
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));   // a piece repeated elsewhere
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Outcome(Func<EwsResponse> parse)
    {
        try
        {
            return JsonSerializer.Serialize(parse());
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message} / {ex.InnerException?.Message}";
        }
    }
}
