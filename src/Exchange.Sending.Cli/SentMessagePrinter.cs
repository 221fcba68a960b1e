using Exchange.Sending.Testing;

namespace Exchange.Sending.Cli;

/// <summary>Prints what the bundled server received, and writes it as a .eml file.</summary>
internal static class SentMessagePrinter
{
    public static void Print(FakeEwsSentMessage message, TextWriter output)
    {
        output.WriteLine("  From:        " + (message.From is { } from ? Format(from) : message.AuthenticatedUser ?? "(server default)"));
        if (message.Sender is { } sender)
        {
            output.WriteLine("  Sender:      " + Format(sender) + " (sent on behalf of From)");
        }
        PrintList(output, "To:", message.ToRecipients);
        PrintList(output, "Cc:", message.CcRecipients);
        PrintList(output, "Bcc:", message.BccRecipients);
        PrintList(output, "Reply-To:", message.ReplyTo);
        output.WriteLine("  Subject:     " + (message.Subject ?? "(none)"));
        output.WriteLine($"  Body:        {message.BodyType ?? "(none)"}, {message.Body?.Length ?? 0} chars");
        if (message.Importance is { } importance && importance != "Normal")
        {
            output.WriteLine("  Importance:  " + importance);
        }

        if (message.Sensitivity is { } sensitivity && sensitivity != "Normal")
        {
            output.WriteLine("  Sensitivity: " + sensitivity);
        }

        if (message.IsReadReceiptRequested == true || message.IsDeliveryReceiptRequested == true)
        {
            output.WriteLine("  Receipts:    " + string.Join(", ",
                new[] { message.IsReadReceiptRequested == true ? "read" : null, message.IsDeliveryReceiptRequested == true ? "delivery" : null }.OfType<string>()));
        }

        if (message.Categories.Count > 0)
        {
            output.WriteLine("  Categories:  " + string.Join(", ", message.Categories));
        }

        foreach (var header in message.InternetHeaders)
        {
            output.WriteLine($"  Header:      {header.Key}: {header.Value}");
        }

        foreach (var attachment in message.Attachments)
        {
            output.WriteLine($"  Attachment:  {attachment.Name} ({attachment.ContentType ?? "no type"}, {attachment.Length:N0} bytes"
                + (attachment.IsInline ? $", inline cid:{attachment.ContentId}" : "")
                // Above the server's stored-size limit only length and SHA-256 are kept; the .eml then holds a note instead of the bytes.
                + (attachment.Content is null ? $"; content not kept, the .eml holds only its SHA-256 {attachment.Sha256Hex}" : "") + ")");
        }

        output.WriteLine("  Message-ID:  " + (message.InternetMessageId ?? "(none)"));
        output.WriteLine("  Disposition: " + message.MessageDisposition + (message.SavedItemFolder is { } folder ? " (copy in " + folder + ")" : ""));
        output.WriteLine("  EWS version: " + message.RequestServerVersion);
    }

    /// <summary>Writes the message as RFC 5322 text to a new file (in the temp folder by default) and returns its full path.</summary>
    public static string WriteEml(FakeEwsSentMessage message, string? folder = null)
    {
        folder = Path.GetFullPath(folder ?? Path.Combine(Path.GetTempPath(), "exchange-send"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24] + ".eml");
        using (var file = File.Create(path))
        {
            message.WriteEml(file);
        }

        return path;
    }

    private static void PrintList(TextWriter output, string label, IReadOnlyList<FakeEwsMailbox> mailboxes)
    {
        if (mailboxes.Count > 0)
        {
            output.WriteLine($"  {label,-12} {string.Join("; ", mailboxes.Select(Format))}");
        }
    }

    /// <summary>
    /// <c>"Display Name" &lt;address&gt;</c> with the name as an RFC 5322 quoted-string (<c>"</c> and <c>\</c> backslash-escaped),
    /// or just the address. (<see cref="FakeEwsMailbox.ToString"/> leaves inner quotes as they are.)
    /// </summary>
    public static string Format(FakeEwsMailbox mailbox) =>
        string.IsNullOrEmpty(mailbox.Name)
            ? mailbox.Address
            : $"\"{mailbox.Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{mailbox.Address}>";
}
