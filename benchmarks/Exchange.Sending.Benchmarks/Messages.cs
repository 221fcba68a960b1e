namespace Exchange.Sending.Benchmarks;

/// <summary>What a send carries: the plain message alone, or with one attachment of 1 MB or 20 MB.</summary>
public enum Scenario
{
    /// <summary><see cref="Messages.Plain"/>: no attachment.</summary>
    Plain,

    /// <summary>Plain plus one 1,048,576-byte attachment.</summary>
    Attachment1MB,

    /// <summary>Plain plus one 20,971,520-byte attachment.</summary>
    Attachment20MB,
}

/// <summary>The messages every benchmark sends or writes.</summary>
internal static class Messages
{
    public const int OneMegabyte = 1024 * 1024;

    public const int TwentyMegabytes = 20 * OneMegabyte;

    /// <summary>Two To, one Cc, a subject with markup characters, a short text body and one X- header.</summary>
    public static ExchangeMailMessage Plain()
    {
        var message = new ExchangeMailMessage
        {
            Subject = "Invoice 2024-0042 for \"Müller & Söhne\" <billing>",
            Body = ExchangeMessageBody.Text("Hello,\n\nplease find the invoice details below.\n\nRegards,\nAccounts"),
        };
        message.To.Add(new ExchangeMailbox("alice@example.com", "Alice Example"));
        message.To.Add(new ExchangeMailbox("bob@example.com", "Bob, Example"));
        message.Cc.Add(new ExchangeMailbox("carol@example.com"));
        message.Headers["X-Order-Id"] = "42";
        return message;
    }

    /// <summary><see cref="Plain"/> plus one attachment of the given size from bytes (pseudo-random, fixed seed).</summary>
    public static ExchangeMailMessage WithAttachment(int size)
    {
        var content = new byte[size];
        new Random(42).NextBytes(content);
        var message = Plain();
        message.Attachments.Add(ExchangeAttachment.FromBytes("invoice.pdf", content, "application/pdf"));
        return message;
    }

    /// <summary>The message of a <see cref="Scenario"/>.</summary>
    public static ExchangeMailMessage For(Scenario scenario) => scenario switch
    {
        Scenario.Plain => Plain(),
        Scenario.Attachment1MB => WithAttachment(OneMegabyte),
        Scenario.Attachment20MB => WithAttachment(TwentyMegabytes),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
