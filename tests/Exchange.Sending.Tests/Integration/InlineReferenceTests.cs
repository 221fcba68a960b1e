using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MimeKit;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Over real HTTP against the bundled server: a <c>cid:</c> reference without its inline attachment and a
/// message over the connection's recipient limit are refused before any request; an inline attachment nothing references
/// is sent, with a warning in the result and in the log. The same for <c>SendAsync(MimeMessage)</c>.</summary>
public class InlineReferenceTests
{
    private static (ILoggerFactory Factory, FakeLogCollector Collector) Logging()
    {
        var collector = new FakeLogCollector();
        return (LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector))), collector);
    }

    private static ExchangeAttachment Logo() => ExchangeAttachment.FromBytes("logo.png", [0x89, 0x50, 0x4E, 0x47], "image/png").AsInline("logo@example");

    [SkippableFact]
    public async Task A_reference_without_its_inline_attachment_is_refused_before_any_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message(m => m.Body = ExchangeMessageBody.Html("<p>Hi</p><img src=\"cid:logo\">")));

        var error = (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which;
        error.Errors.Should().Equal(new ExchangeValidationError("Body",
            "The HTML body references cid:logo, but no inline attachment has ContentId 'logo'; add the attachment (ExchangeAttachment.AsInline(\"logo\")) or fix the reference."));
        server.Requests.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task An_inline_attachment_nothing_references_is_sent_with_a_warning_in_the_result_and_the_log()
    {
        await using var server = await ServerFixture.StartAsync();
        var (factory, collector) = Logging();
        using (factory)
        {
            using var sender = ServerFixture.Sender(server, loggerFactory: factory);

            var result = await sender.SendAsync(TestOptions.Message(m =>
            {
                m.Body = ExchangeMessageBody.Html("<p>No picture here.</p>");
                m.Attachments.Add(Logo());
            }));

            var warning = result.Warnings.Should().ContainSingle().Which;
            (warning.Code, warning.Field).Should().Be((ExchangeSendWarning.UnreferencedInlineAttachment, "Attachments[0]"));
            warning.Message.Should().StartWith("Inline attachment 'logo.png' (ContentId 'logo@example') is not referenced by the HTML body");
            var sent = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
            sent.Attachments.Should().ContainSingle(a => a.IsInline && a.ContentId == "logo@example", "a warning does not stop the send");

            var logged = collector.GetSnapshot().Where(r => r.Id.Id == 1400).Should().ContainSingle().Which;
            logged.Level.Should().Be(LogLevel.Warning);
            logged.Message.Should().Be($"{result.InternetMessageId} via loopback was sent with warning UnreferencedInlineAttachment for Attachments[0]: "
                + "an inline attachment that no cid: reference of an HTML body points to; mail clients do not show it in the body (many hide it altogether)");
            logged.Message.Should().NotContain("logo", "the log names codes and fields, not file names or Content-IDs");
        }
    }

    [SkippableFact]
    public async Task A_referenced_inline_attachment_is_sent_without_warnings_however_the_reference_is_spelled()
    {
        await using var server = await ServerFixture.StartAsync();
        var (factory, collector) = Logging();
        using (factory)
        {
            using var sender = ServerFixture.Sender(server, loggerFactory: factory);
            var result = await sender.SendAsync(TestOptions.Message(m =>
            {
                m.Body = ExchangeMessageBody.Html("<img src=\"CID:Logo%40Example\">");
                m.Attachments.Add(Logo());
            }));

            result.Warnings.Should().BeEmpty();
            collector.GetSnapshot().Should().NotContain(r => r.Level >= LogLevel.Warning);
        }
    }

    [SkippableFact]
    public async Task The_recipient_limit_of_the_connection_is_applied_before_any_request_to_both_kinds_of_message()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxRecipientsPerMessage = 2);
        var typed = TestOptions.Message(m =>
        {
            m.Cc.Add(new ExchangeMailbox("bob@example.com"));
            m.Bcc.Add(new ExchangeMailbox("carol@example.com"));
        });
        var mime = new MimeMessage { Subject = "three", Body = new TextPart("plain") { Text = "x" } };
        mime.To.Add(new MailboxAddress("", "alice@example.com"));
        mime.Cc.Add(new MailboxAddress("", "bob@example.com"));
        mime.Bcc.Add(new MailboxAddress("", "carol@example.com"));

        var refusedTyped = (await FluentActions.Awaiting(() => sender.SendAsync(typed)).Should().ThrowAsync<ExchangeMessageValidationException>()).Which;
        var refusedMime = (await FluentActions.Awaiting(() => sender.SendAsync(mime)).Should().ThrowAsync<ExchangeMessageValidationException>()).Which;

        refusedTyped.Errors.Should().Equal(refusedMime.Errors);
        refusedTyped.Errors.Should().ContainSingle().Which.Should().Be(new ExchangeValidationError("To",
            "The message has 3 recipients (To 1, Cc 1, Bcc 1; each entry counts), more than the connection's MaxRecipientsPerMessage of 2; "
            + "Exchange would refuse it (a non-delivery report, 'too many recipients'). Send it as several messages, or raise MaxRecipientsPerMessage to the server's limit."));
        server.Requests.Should().BeEmpty();
    }

    private static MimeMessage Related(string html, params (string Name, string ContentId)[] resources)
    {
        var builder = new BodyBuilder { HtmlBody = html, TextBody = "text version" };
        foreach (var (name, contentId) in resources)
        {
            builder.LinkedResources.Add(name, [0x89, 0x50, 0x4E, 0x47], new ContentType("image", "png")).ContentId = contentId;
        }

        var message = new MimeMessage { Subject = "related", Body = builder.ToMessageBody() };
        message.To.Add(new MailboxAddress("Alice", "alice@example.com"));
        return message;
    }

    [SkippableFact]
    public async Task A_MimeKit_html_body_referencing_a_missing_part_is_refused_before_any_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(Related("<img src=\"cid:chart@example\"><img src=\"cid:logo@example\">", ("logo.png", "logo@example")));

        (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which.Errors.Should().Equal(new ExchangeValidationError("Body",
            "The HTML body references cid:chart@example, but no part of the message has Content-Id 'chart@example'; add the part (BodyBuilder.LinkedResources, with ContentId \"chart@example\") or fix the reference."));
        server.Requests.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_MimeKit_related_part_nothing_references_is_sent_with_a_warning_in_the_result_and_the_log()
    {
        await using var server = await ServerFixture.StartAsync();
        var (factory, collector) = Logging();
        using (factory)
        {
            using var sender = ServerFixture.Sender(server, loggerFactory: factory);

            var result = await sender.SendAsync(Related("<img src=\"cid:logo@example\">", ("logo.png", "logo@example"), ("unused.png", "unused@example")));

            var warning = result.Warnings.Should().ContainSingle().Which;
            warning.Code.Should().Be(ExchangeSendWarning.UnreferencedInlineAttachment);
            warning.Field.Should().MatchRegex(@"^BodyParts\[\d\]$");
            warning.Message.Should().StartWith("Inline attachment 'unused.png' (ContentId 'unused@example') is not referenced by the HTML body");
            (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).HasMimeContent.Should().BeTrue();
            collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1400 && r.Level == LogLevel.Warning && r.Message.StartsWith(result.InternetMessageId));
        }
    }
}
