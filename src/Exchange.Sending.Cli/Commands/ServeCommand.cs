using System.CommandLine;
using System.Net.Sockets;
using Exchange.Sending.Testing;

namespace Exchange.Sending.Cli.Commands;

/// <summary><c>exchange-send serve</c>: runs the bundled loopback EWS server until Ctrl+C and prints each message it receives.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 0, HelpName = "PORT" };
        var users = new Option<string[]>("--user")
        {
            Description = "Mailbox user address:password (Basic authentication is then required). Repeatable. Without it the server is anonymous with user demo@example.com.",
            HelpName = "ADDRESS:PASSWORD",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var saveEml = new Option<string>("--save-eml") { Description = "Write each received message as a .eml file into this folder.", HelpName = "DIR" };
        var sendAs = new Option<string[]>("--grant-send-as")
        {
            Description = "Let USER put MAILBOX in From (Exchange's Send As right), e.g. ops@example.com=shared@example.com. Repeatable.",
            HelpName = "USER=MAILBOX",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var onBehalf = new Option<string[]>("--grant-send-on-behalf")
        {
            Description = "Let USER send on behalf of MAILBOX (Exchange's GrantSendOnBehalfTo): the message arrives from MAILBOX, sent by USER. Repeatable.",
            HelpName = "USER=MAILBOX",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("serve", "Run the bundled loopback EWS server standalone; prints its endpoint and each message it receives until Ctrl+C.")
        {
            port, users, saveEml, sendAs, onBehalf,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var grants = (result.GetValue(sendAs) ?? []).Select(g => ParseGrant("--grant-send-as", g, onBehalf: false))
                    .Concat((result.GetValue(onBehalf) ?? []).Select(g => ParseGrant("--grant-send-on-behalf", g, onBehalf: true))).ToArray();
                return await RunAsync(result.GetValue(port), result.GetValue(users) ?? [], result.GetValue(saveEml), Console.Out, cancellationToken, grants);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(ex, Console.Error);
            }
        });
        return command;
    }

    /// <summary>A Send As or Send on Behalf right the server grants.</summary>
    internal sealed record Grant(string User, string Mailbox, bool OnBehalf);

    internal static async Task<int> RunAsync(int port, string[] userSpecs, string? emlFolder, TextWriter output, CancellationToken cancellationToken,
        IReadOnlyList<Grant>? grants = null)
    {
        if (port is < 0 or > 65535)
        {
            throw new CliInputException($"--port {port} is not a TCP port; use 1-65535, or 0 for any free port.");
        }

        var users = userSpecs.Select(ParseUser).ToArray();
        BundledServer started;
        try
        {
            started = await BundledServer.StartAsync(users, port, basicAuthentication: users.Length > 0, cancellationToken);
        }
        catch (IOException ex) when (port != 0 && BindError(ex) is SocketError.AddressAlreadyInUse)
        {
            throw new CliInputException($"Port {port} is in use; choose another with --port (or --port 0 for any free port).");
        }
        catch (IOException ex) when (port != 0 && BindError(ex) is SocketError.AccessDenied)
        {
            throw new CliInputException($"Not allowed to listen on port {port}; choose another with --port (ports below 1024 usually need administrator rights).");
        }

        await using var server = started;
        foreach (var grant in grants ?? [])
        {
            if (grant.OnBehalf)
            {
                server.Server.GrantSendOnBehalf(grant.User, grant.Mailbox);
            }
            else
            {
                server.Server.GrantSendAs(grant.User, grant.Mailbox);
            }
        }

        output.WriteLine(server.Describe());
        output.WriteLine($"Endpoint:   {server.Server.EndpointUri}");
        output.WriteLine($"ServerUrl:  {server.Server.ServerUrl}   (use with AllowInsecureHttp=true / --insecure-http)");
        output.WriteLine("Mailboxes:  " + string.Join(", ", server.Users.Select(u => u.Address + (u.Password is null ? "" : " (password set)"))));
        output.WriteLine(users.Length > 0 ? "Authentication: Basic." : "Authentication: none (anonymous).");
        foreach (var grant in grants ?? [])
        {
            output.WriteLine($"Granted:    {grant.User} may send {(grant.OnBehalf ? "on behalf of" : "as")} {grant.Mailbox}");
        }

        var first = server.Users[0].Address;
        output.WriteLine(users.Length > 0
            ? $"Try:        EXCHANGE_SENDING_Exchange__Connections__main__Password=<password> exchange-send send --server-url {server.Server.ServerUrl} --insecure-http --auth Basic --user {first} --sender {first} --to someone@example.com"
            : $"Try:        exchange-send send --server-url {server.Server.ServerUrl} --insecure-http --sender {first} --to someone@example.com");
        output.WriteLine("Waiting for messages; press Ctrl+C to stop.");
        while (!cancellationToken.IsCancellationRequested)
        {
            FakeEwsSentMessage received;
            try
            {
                received = await server.Server.WaitForMessageAsync(TimeSpan.FromHours(1), cancellationToken);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            output.WriteLine();
            output.WriteLine($"{DateTime.Now:HH:mm:ss} received a message:");
            SentMessagePrinter.Print(received, output);
            if (emlFolder is not null)
            {
                Directory.CreateDirectory(emlFolder);
                output.WriteLine("  Saved as:    " + SentMessagePrinter.WriteEml(received, emlFolder));
            }
        }

        output.WriteLine($"Stopped after {server.Server.SentMessages.Count} message(s).");
        return ExitCodes.Success;
    }

    private static Grant ParseGrant(string flag, string spec, bool onBehalf)
    {
        var equals = spec.IndexOf('=');
        if (equals <= 0 || equals == spec.Length - 1 || !spec[..equals].Contains('@') || !spec[(equals + 1)..].Contains('@'))
        {
            throw new CliInputException($"{flag} '{spec}' is not in the form USER=MAILBOX, e.g. ops@example.com=shared@example.com.");
        }

        return new Grant(spec[..equals].Trim(), spec[(equals + 1)..].Trim(), onBehalf);
    }

    private static FakeEwsUser ParseUser(string spec)
    {
        var colon = spec.IndexOf(':');
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw new CliInputException($"--user '{MaskPassword(spec)}' is not in the form address:password, e.g. demo@example.com:secret.");
        }

        var address = spec[..colon];
        return new FakeEwsUser(address, address, address, spec[(colon + 1)..]);
    }

    /// <summary>The socket error behind Kestrel's "Failed to bind" IOException (its inner exceptions), if any.</summary>
    private static SocketError? BindError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }

            // Kestrel wraps "address in use" in Microsoft.AspNetCore.Connections.AddressInUseException (not referenced here).
            if (e.GetType().Name == "AddressInUseException")
            {
                return SocketError.AddressAlreadyInUse;
            }
        }

        return null;
    }

    private static string MaskPassword(string spec) => spec.IndexOf(':') is var i and >= 0 ? spec[..i] + ":***" : spec;
}
