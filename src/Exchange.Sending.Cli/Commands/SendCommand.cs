using System.CommandLine;
using MimeKit;

namespace Exchange.Sending.Cli.Commands;

/// <summary><c>exchange-send send</c>: sends one message; with no server configured, through the bundled loopback server.</summary>
internal static class SendCommand
{
    private const string DemoRecipient = "Demo Recipient <recipient@example.com>";
    private const string DemoSubject = "Hello from Exchange.Sending";
    private const string DemoBody = "This message travelled over HTTP as an EWS CreateItem request, sent by exchange-send.";

    public static Command Create()
    {
        var connection = new ConnectionFlagOptions();
        var to = Repeatable("--to", "Recipient: \"Name <address>\" or address. Repeatable.", "ADDRESS");
        var cc = Repeatable("--cc", "Cc recipient. Repeatable.", "ADDRESS");
        var bcc = Repeatable("--bcc", "Bcc recipient. Repeatable.", "ADDRESS");
        var replyTo = Repeatable("--reply-to", "Reply-To address. Repeatable.", "ADDRESS");
        var subject = new Option<string>("--subject", "-s") { Description = "Subject line.", HelpName = "TEXT" };
        var body = new Option<string>("--body", "-b") { Description = "Body text (HTML with --html).", HelpName = "TEXT" };
        var bodyFile = new Option<FileInfo>("--body-file") { Description = "Read the body from a UTF-8 file instead (HTML with --html).", HelpName = "FILE" };
        var html = new Option<bool>("--html") { Description = "The body is HTML." };
        var attach = Repeatable("--attach", "Attach a file. Repeatable.", "FILE");
        var inline = Repeatable("--inline", "Inline attachment referenced from the HTML body as cid:CID. Repeatable.", "FILE=CID");
        var header = Repeatable("--header", "Custom internet header, name starting with X-. Repeatable.", "X-NAME=VALUE");
        var category = Repeatable("--category", "Outlook category. Repeatable.", "NAME");
        var importance = new Option<ExchangeImportance?>("--importance") { Description = "Low, Normal or High." };
        var sensitivity = new Option<ExchangeSensitivity?>("--sensitivity") { Description = "Normal, Personal, Private or Confidential." };
        var readReceipt = new Option<bool>("--read-receipt") { Description = "Ask for a read receipt." };
        var deliveryReceipt = new Option<bool>("--delivery-receipt") { Description = "Ask for a delivery receipt." };
        var messageId = new Option<string>("--message-id") { Description = "Internet Message-ID to use, '<unique@domain>' (default: generated).", HelpName = "ID" };

        var command = new Command("send", "Send one message through EWS CreateItem. With no server configured it starts the bundled loopback EWS server, sends there over HTTP and prints what the server received.")
        {
            to, cc, bcc, replyTo, subject, body, bodyFile, html, attach, inline, header, category, importance, sensitivity, readReceipt, deliveryReceipt, messageId,
        };
        connection.AddTo(command);

        command.SetAction(async (result, cancellationToken) =>
        {
            var flags = connection.Read(result);
            var input = new SendInput(
                result.GetValue(to) ?? [], result.GetValue(cc) ?? [], result.GetValue(bcc) ?? [], result.GetValue(replyTo) ?? [],
                result.GetValue(subject), result.GetValue(body), result.GetValue(bodyFile)?.FullName, result.GetValue(html),
                result.GetValue(attach) ?? [], result.GetValue(inline) ?? [], result.GetValue(header) ?? [], result.GetValue(category) ?? [],
                result.GetValue(importance), result.GetValue(sensitivity), result.GetValue(readReceipt), result.GetValue(deliveryReceipt),
                result.GetValue(messageId));
            try
            {
                return await RunAsync(flags, input, Console.Out, Console.Error, cancellationToken);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(ex, Console.Error);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ConnectionFlags flags, SendInput input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Build(flags);
        if (!configuration.UseBundledServer)
        {
            var message = input.ToMessage(demoDefaults: false);
            using var services = CliServices.Build(configuration, flags.Verbose, flags.LogFile);
            var sender = configuration.CreateSender(services);
            return await SendAsync(sender, configuration, message, output, error, cancellationToken) is { } failed ? failed : ExitCodes.Success;
        }

        // No server configured: send to the bundled loopback server and show what it received.
        var demoMessage = input.ToMessage(demoDefaults: true);
        await using var server = await BundledServer.StartForConnectionAsync(configuration, flags, cancellationToken);
        if (flags.Bundled)
        {
            output.WriteLine("--bundled: this sends to the bundled loopback EWS server (a local stand-in: nothing leaves this machine), not to the configured server.");
        }
        else
        {
            output.WriteLine("No Exchange server is configured, so this sends to the bundled loopback EWS server (a local stand-in: nothing leaves this machine).");
            output.WriteLine("To send through a real server: --server-url mail.example.com, or set Exchange:Connections:<name>:ServerUrl in appsettings.json");
            output.WriteLine($"or {CliConfiguration.EnvironmentPrefix}Exchange__Connections__<name>__ServerUrl (see docs/cli.md).");
        }

        output.WriteLine(server.Describe());
        output.WriteLine(server.DescribeMailbox());
        configuration = configuration.With(server.ConnectionSettings());
        using (var services = CliServices.Build(configuration, flags.Verbose, flags.LogFile))
        {
            var sender = configuration.CreateSender(services);
            if (await SendAsync(sender, configuration, demoMessage, output, error, cancellationToken) is { } failed)
            {
                return failed;
            }
        }

        var received = await server.Server.WaitForMessageAsync(TimeSpan.FromSeconds(10), cancellationToken);
        output.WriteLine();
        output.WriteLine("The server received:");
        SentMessagePrinter.Print(received, output);
        output.WriteLine("  Saved as:    " + SentMessagePrinter.WriteEml(received));
        return ExitCodes.Success;
    }

    /// <summary>Sends and prints the result; returns null when sent, else the exit code of the reported failure.</summary>
    private static async Task<int?> SendAsync(IExchangeMailSender sender, CliConfiguration configuration, ExchangeMailMessage message,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The library names the Message-ID on every failure of a send (ExchangeException.InternetMessageId).
        try
        {
            var sent = await sender.SendAsync(message, cancellationToken);
            PrintResult(output, sender.ConnectionName, sent);
            PrintWarnings(error, sent.Warnings);
            return null;
        }
        catch (ExchangeException ex)
        {
            return CliErrors.Report(ex, error, ex.InternetMessageId ?? message.InternetMessageId);
        }
    }

    private static void PrintResult(TextWriter output, string connectionName, ExchangeSendResult sent) =>
        output.WriteLine($"Sent {sent.InternetMessageId} via '{connectionName}' ({sent.MessageDisposition}, as {sent.MessageFormat}, {sent.RequestCount} request(s), "
            + $"{sent.RequestBytes:N0} bytes, {sent.Elapsed.TotalMilliseconds:N0} ms"
            + (sent.ServerVersion is { } version ? $", server {version}" : "") + ").");

    /// <summary>The library's warnings about the sent message (an inline attachment the HTML body does not reference, …), on stderr.</summary>
    private static void PrintWarnings(TextWriter error, IReadOnlyList<ExchangeSendWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            error.WriteLine($"Warning ({warning.Field}): {warning.Message}");
        }
    }

    private static Option<string[]> Repeatable(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };

    private sealed record SendInput(
        string[] To, string[] Cc, string[] Bcc, string[] ReplyTo,
        string? Subject, string? Body, string? BodyFile, bool Html,
        string[] Attach, string[] Inline, string[] Headers, string[] Categories,
        ExchangeImportance? Importance, ExchangeSensitivity? Sensitivity, bool ReadReceipt, bool DeliveryReceipt, string? MessageId)
    {
        public ExchangeMailMessage ToMessage(bool demoDefaults)
        {
            var noRecipients = To.Length + Cc.Length + Bcc.Length == 0;
            var message = new ExchangeMailMessage
            {
                Subject = Subject ?? (demoDefaults ? DemoSubject : null),
                Importance = Importance ?? ExchangeImportance.Normal,
                Sensitivity = Sensitivity ?? default,
                IsReadReceiptRequested = ReadReceipt,
                IsDeliveryReceiptRequested = DeliveryReceipt,
                InternetMessageId = MessageId,
            };
            if (Body is not null && BodyFile is not null)
            {
                throw new CliInputException("Give the body either with --body or with --body-file, not both.");
            }

            var bodyText = BodyFile is not null ? File.ReadAllText(BodyFile) : Body ?? (demoDefaults ? DemoBody : null);
            if (bodyText is not null)
            {
                message.Body = Html ? ExchangeMessageBody.Html(bodyText) : ExchangeMessageBody.Text(bodyText);
            }

            AddAll(message.To, demoDefaults && noRecipients ? [DemoRecipient] : To);
            AddAll(message.Cc, Cc);
            AddAll(message.Bcc, Bcc);
            AddAll(message.ReplyTo, ReplyTo);
            foreach (var path in Attach)
            {
                message.Attachments.Add(ExchangeAttachment.FromFile(path, contentType: MimeTypes.GetMimeType(path)));
            }

            foreach (var pair in Inline)
            {
                var (path, contentId) = FlagPairs.Split(pair, "--inline", "FILE=CID (e.g. logo.png=logo@example)", atLast: true);
                message.Attachments.Add(ExchangeAttachment.FromFile(path, contentType: MimeTypes.GetMimeType(path)).AsInline(contentId));
            }

            foreach (var pair in Headers)
            {
                var (name, value) = FlagPairs.Split(pair, "--header", "X-NAME=VALUE (e.g. X-Order-Id=42)");
                message.Headers[name] = value;
            }

            foreach (var name in Categories)
            {
                message.Categories.Add(name);
            }

            return message;
        }

        private static void AddAll(IList<ExchangeMailbox> target, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                target.Add(ExchangeMailbox.TryParse(value, out var mailbox)
                    ? mailbox
                    : throw new CliInputException($"'{value}' is not an address; write alice@example.com or \"Alice Smith\" <alice@example.com> (quote a name that contains a comma)."));
            }
        }
    }
}
