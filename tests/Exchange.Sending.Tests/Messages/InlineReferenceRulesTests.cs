using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Messages;

/// <summary>How <c>cid:</c> references are found in an HTML body (RFC 2392), and what the message rules make of them:
/// a reference no inline attachment answers is an error, an inline attachment nothing references a warning.</summary>
public class InlineReferenceRulesTests
{
    private static readonly ExchangeMailMessageValidator Validator = new();

    private static IEnumerable<string> ContentIds(string html) => InlineReferences.Find(html).Select(r => r.ContentId);

    [Theory]
    [InlineData("<img src=\"cid:logo\">")]
    [InlineData("<img src='cid:logo'>")]
    [InlineData("<img src=cid:logo>")]
    [InlineData("<IMG SRC = \"CID:logo\">")]
    [InlineData("<a href=\"cid:logo\">x</a>")]
    [InlineData("<td background=\"cid:logo\">")]
    [InlineData("<div style=\"background-image: url(cid:logo)\">")]
    [InlineData("<div style=\"background: URL( 'cid:logo' )\">")]
    [InlineData("<style>.x { background: url(\"cid:logo\") }</style>")]
    [InlineData("<img src=\" cid:logo \">")]
    [InlineData("<img src=\"cid:&lt;logo&gt;\">")]
    [InlineData("<!--[if mso]><v:rect><v:fill src=\"cid:logo\"/></v:rect><![endif]-->")]
    public void A_reference_is_found_in_every_place_html_and_css_put_one(string html) =>
        ContentIds(html).Should().Equal("logo");

    [Theory]
    [InlineData("<img src=\"cid:logo%40example\">", "logo@example")]
    [InlineData("<img src=\"cid:logo&#64;example\">", "logo@example")]
    [InlineData("<img src=\"cid:a%2Fb%25c\">", "a/b%c")]
    public void A_reference_is_html_decoded_then_url_decoded_as_rfc_2392_asks(string html, string contentId) =>
        ContentIds(html).Should().Equal(contentId);

    [Theory]
    [InlineData("<p>see cid:logo in the text</p>")]
    [InlineData("<img data-src=\"cid:logo\">")]
    [InlineData("<img src=\"https://example.com/cid:logo\">")]
    [InlineData("<img src=\"logo.png\">")]
    public void Text_other_attributes_and_other_urls_are_not_references(string html) =>
        ContentIds(html).Should().BeEmpty();

    [Fact]
    public void Each_reference_is_listed_once_in_order_of_appearance_whatever_its_case() =>
        ContentIds("<img src=\"cid:b\"><img src=\"cid:A\"><img src=\"cid:B\"><div style=\"background:url(cid:a)\">").Should().Equal("b", "A");

    [Fact]
    public void A_reference_without_an_inline_attachment_is_an_error_naming_the_reference_and_the_content_id()
    {
        var message = TestOptions.Message(m =>
        {
            m.Body = ExchangeMessageBody.Html("<img src=\"cid:logo%40example\"><img src=\"cid:chart\">");
            m.Attachments.Add(ExchangeAttachment.FromBytes("chart.png", [1], "image/png").AsInline("chart"));
        });

        var result = Validator.Validate(message, TestOptions.Valid());

        result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).Should().Equal(("Body",
            "The HTML body references cid:logo%40example, but no inline attachment has ContentId 'logo@example'; add the attachment (ExchangeAttachment.AsInline(\"logo@example\")) or fix the reference."));
        result.Warnings.Should().BeEmpty("an invalid message is not sent, so nothing is warned about");
    }

    [Fact]
    public void An_empty_reference_is_reported_as_naming_no_content_id() =>
        Validator.Validate(TestOptions.Message(m => m.Body = ExchangeMessageBody.Html("<img src=\"cid:\">")), TestOptions.Valid())
            .Errors.Should().ContainSingle().Which.ErrorMessage.Should().Be(
                "The HTML body references 'cid:', which names no Content-ID; write cid: followed by an inline attachment's ContentId, or remove the reference.");

    [Fact]
    public void A_reference_matches_its_content_id_in_any_case()
    {
        var message = TestOptions.Message(m =>
        {
            m.Body = ExchangeMessageBody.Html("<img src=\"CID:Logo@Example\">");
            m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [1], "image/png").AsInline("logo@example"));
        });
        var result = Validator.Validate(message, TestOptions.Valid());
        result.IsValid.Should().BeTrue();
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void A_text_body_is_not_searched_for_references() =>
        Validator.Validate(TestOptions.Message(m => m.Body = ExchangeMessageBody.Text("<img src=\"cid:logo\">")), TestOptions.Valid()).IsValid.Should().BeTrue();

    [Fact]
    public void An_inline_attachment_nothing_references_is_a_warning_naming_the_attachment()
    {
        var message = TestOptions.Message(m =>
        {
            m.Body = ExchangeMessageBody.Html("<img src=\"cid:chart\">");
            m.Attachments.Add(ExchangeAttachment.FromBytes("report.pdf", [1], "application/pdf"));
            m.Attachments.Add(ExchangeAttachment.FromBytes("chart.png", [1], "image/png").AsInline("chart"));
            m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [1], "image/png").AsInline("logo@example"));
        });

        var result = Validator.Validate(message, TestOptions.Valid());

        result.IsValid.Should().BeTrue();
        result.Warnings.Should().Equal(new ExchangeSendWarning(ExchangeSendWarning.UnreferencedInlineAttachment, "Attachments[2]",
            "Inline attachment 'logo.png' (ContentId 'logo@example') is not referenced by the HTML body, so mail clients will not show it in the body "
            + "(many hide it altogether); reference it as <img src=\"cid:logo@example\">, or attach it as an ordinary attachment."));
    }

    [Fact]
    public void An_inline_attachment_with_a_text_body_is_a_warning_that_says_the_body_is_not_html()
    {
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [1], "image/png").AsInline("logo")));
        Validator.Validate(message, TestOptions.Valid()).Warnings.Should().ContainSingle().Which.Message.Should().Be(
            "Inline attachment 'logo.png' (ContentId 'logo') goes with a body that is not HTML, so mail clients will not show it in the body "
            + "(many hide it altogether); send an HTML body that references it as <img src=\"cid:logo\">, or attach it as an ordinary attachment.");
    }

    [Fact]
    public void The_model_factory_carries_warnings_for_a_mocked_sender()
    {
        var warning = new ExchangeSendWarning(ExchangeSendWarning.LongSubject, "Subject", "long");
        ExchangeModelFactory.SendResult("<id@example.com>", warnings: [warning]).Warnings.Should().Equal(warning);
        ExchangeModelFactory.SendResult("<id@example.com>").Warnings.Should().BeEmpty();
        ExchangeModelFactory.ConnectionCheck("main", [], warnings: [warning]).Warnings.Should().Equal(warning);
        warning.ToString().Should().Be("LongSubject (Subject): long");
    }
}
