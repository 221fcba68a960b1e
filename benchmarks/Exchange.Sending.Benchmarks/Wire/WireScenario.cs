namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>The scenarios of issue 10's table: (a) plain text to one recipient, (b) HTML to To/Cc/Bcc with a 1 MB
/// attachment, (c) one 20 MB or 100 MB attachment.</summary>
public enum WireScenario
{
    /// <summary>(a) A short text body, one To, a short subject.</summary>
    PlainText,

    /// <summary>(b) An HTML body (about 4 KB), two To, one Cc, one Bcc, one 1,048,576-byte attachment.</summary>
    Html1MB,

    /// <summary>(c) A short text body, one To, one 20,971,520-byte attachment.</summary>
    Attachment20MB,

    /// <summary>(c) A short text body, one To, one 104,857,600-byte attachment.</summary>
    Attachment100MB,
}

/// <summary>The messages of <see cref="WireScenario"/>.</summary>
internal static class WireMessages
{
    public const int MB = 1024 * 1024;

    public static ExchangeMailMessage For(WireScenario scenario) => scenario switch
    {
        WireScenario.PlainText => PlainText(),
        WireScenario.Html1MB => Html(MB),
        WireScenario.Attachment20MB => WithAttachment(PlainText(), ExchangeAttachment.FromBytes("archive.zip", Bytes(20 * MB), "application/zip")),
        WireScenario.Attachment100MB => WithAttachment(PlainText(), ExchangeAttachment.FromBytes("archive.zip", Bytes(100 * MB), "application/zip")),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary>Attachment size of a scenario, in bytes.</summary>
    public static long AttachmentBytes(WireScenario scenario) => scenario switch
    {
        WireScenario.Html1MB => MB,
        WireScenario.Attachment20MB => 20L * MB,
        WireScenario.Attachment100MB => 100L * MB,
        _ => 0,
    };

    public static ExchangeMailMessage PlainText()
    {
        var message = new ExchangeMailMessage
        {
            Subject = "Order 2024-0042 shipped",
            Body = ExchangeMessageBody.Text("Hello,\n\nyour order 2024-0042 has shipped.\n\nRegards,\nShop"),
        };
        message.To.Add(new ExchangeMailbox("alice@example.com", "Alice Example"));
        return message;
    }

    public static ExchangeMailMessage Html(int attachmentBytes)
    {
        var html = new System.Text.StringBuilder("<html><body><h1>Invoice 2024-0042</h1><table>");
        for (var i = 0; i < 60; i++)
        {
            html.Append("<tr><td>Item ").Append(i).Append("</td><td>Müller &amp; Söhne</td><td>12.50 €</td></tr>");
        }

        html.Append("</table><p>Regards,<br>Accounts</p></body></html>");
        var message = new ExchangeMailMessage
        {
            Subject = "Invoice 2024-0042 for \"Müller & Söhne\" <billing>",
            Body = ExchangeMessageBody.Html(html.ToString()),
        };
        message.To.Add(new ExchangeMailbox("alice@example.com", "Alice Example"));
        message.To.Add(new ExchangeMailbox("bob@example.com", "Bob, Example"));
        message.Cc.Add(new ExchangeMailbox("carol@example.com"));
        message.Bcc.Add(new ExchangeMailbox("audit@example.com", "Audit"));
        return WithAttachment(message, ExchangeAttachment.FromBytes("invoice.pdf", Bytes(attachmentBytes), "application/pdf"));
    }

    private static ExchangeMailMessage WithAttachment(ExchangeMailMessage message, ExchangeAttachment attachment)
    {
        message.Attachments.Add(attachment);
        return message;
    }

    private static byte[] Bytes(int size)
    {
        var content = new byte[size];
        new Random(42).NextBytes(content);
        return content;
    }
}
