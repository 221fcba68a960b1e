using System.CommandLine;
using System.Globalization;

namespace Exchange.Sending.Cli.Commands;

/// <summary><c>exchange-send lookup &lt;message-id&gt;</c>: whether a message was sent, by its Message-ID
/// (<see cref="IExchangeMailSender.FindSentMessageAsync"/>). Exit 0 Sent, 4 NotFound, 5 Undecidable.</summary>
internal static class LookupCommand
{
    public static Command Create()
    {
        var connection = new ConnectionFlagOptions();
        var messageId = new Argument<string>("message-id") { Description = "The Message-ID, <left@right> (as a failed send printed it; brackets may be left out)." };
        var filingTime = new Option<double>("--filing-time") { Description = "Seconds after the send that a missing Sent Items copy still counts as not filed yet (default 15). The search repeats every second until then.", DefaultValueFactory = _ => 15 };
        var deleteDraft = new Option<bool>("--delete-draft") { Description = "Delete an unsent draft with this Message-ID that the CreateItem + CreateAttachment + SendItem path left in Drafts." };
        var command = new Command("lookup", "Find out whether a message was sent: searches Sent Items by Message-ID (EWS FindItem). Exit code 0 Sent, 4 NotFound (not sent), 5 Undecidable (the output says why). Use it after a send reported an unknown outcome, before sending again.")
        {
            messageId, filingTime, deleteDraft,
        };
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var seconds = result.GetValue(filingTime);
                if (double.IsNaN(seconds) || seconds < 0 || seconds > 3600)
                {
                    throw new CliInputException($"--filing-time {seconds.ToString(CultureInfo.InvariantCulture)} is out of range; give 0 to 3600 seconds.");
                }

                var options = new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(seconds), DeleteLeftoverDraft = result.GetValue(deleteDraft) };
                return await RunAsync(connection.Read(result), result.GetValue(messageId)!, options, Console.Out, cancellationToken);
            }
            catch (ArgumentException ex) when (ex.ParamName == "internetMessageId")
            {
                return CliErrors.Report(new CliInputException(ex.Message[..(ex.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var at and > 0 ? at : ex.Message.Length)]), Console.Error);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(ex, Console.Error);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ConnectionFlags flags, string messageId, ExchangeMessageLookupOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Build(flags);
        if (configuration.UseBundledServer)
        {
            throw new CliInputException("lookup searches a real server's Sent Items: configure one with --server-url or appsettings.json (a new bundled server holds no mail).");
        }

        using var services = CliServices.Build(configuration, flags.Verbose, flags.LogFile);
        var sender = configuration.CreateSender(services);
        var lookup = await sender.FindSentMessageAsync(messageId, options, cancellationToken);
        output.WriteLine($"{lookup.InternetMessageId}: {lookup.Status}{(lookup.UndecidableReason == ExchangeLookupUndecidableReason.None ? "" : $" ({lookup.UndecidableReason})")}");
        output.WriteLine($"  {lookup.Explanation}");
        if (lookup.ItemId is not null)
        {
            output.WriteLine($"  Sent Items copy: {lookup.ItemId}{(lookup.DateTimeSent is { } sent ? ", sent " + sent.ToString("u", CultureInfo.InvariantCulture) : "")}");
        }

        if (lookup.DraftItemId is not null)
        {
            output.WriteLine($"  Unsent draft left in Drafts: {lookup.DraftItemId} (--delete-draft deletes it)");
        }
        else if (lookup.DraftDeleted)
        {
            output.WriteLine("  An unsent draft with this Message-ID was deleted from Drafts.");
        }

        output.WriteLine($"  {lookup.Searches} search(es), covering {lookup.Covered.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s after the send.");
        return lookup.Status switch
        {
            ExchangeMessageLookupStatus.Sent => ExitCodes.Success,
            ExchangeMessageLookupStatus.NotFound => ExitCodes.NotFound,
            _ => ExitCodes.Undecidable,
        };
    }
}
