namespace Exchange.Sending;

/// <summary>The body of a message: plain text or HTML, never guessed. Create with <see cref="Text"/> or <see cref="Html"/>.</summary>
public sealed class ExchangeMessageBody
{
    private ExchangeMessageBody(string content, bool isHtml)
    {
        Content = content;
        IsHtml = isHtml;
    }

    /// <summary>The body text or HTML markup.</summary>
    public string Content { get; }

    /// <summary><see langword="true"/> for <c>BodyType="HTML"</c>, <see langword="false"/> for <c>Text</c>.</summary>
    public bool IsHtml { get; }

    /// <summary>A plain-text body (<c>BodyType="Text"</c>).</summary>
    /// <param name="text">The text; <see langword="null"/> becomes empty.</param>
    public static ExchangeMessageBody Text(string? text) => new(text ?? "", isHtml: false);

    /// <summary>An HTML body (<c>BodyType="HTML"</c>). Inline images are referenced as <c>cid:</c> + the attachment's <see cref="ExchangeAttachment.ContentId"/>.</summary>
    /// <param name="html">The markup; <see langword="null"/> becomes empty.</param>
    public static ExchangeMessageBody Html(string? html) => new(html ?? "", isHtml: true);

    /// <summary>Kind and length only; the content is not shown (bodies are never logged).</summary>
    public override string ToString() => $"{(IsHtml ? "HTML" : "Text")} body, {Content.Length} chars";
}
