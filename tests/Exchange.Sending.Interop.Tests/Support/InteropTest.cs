using System.Security.Cryptography;
using MimeKit;

namespace Exchange.Sending.Interop.Tests.Support;

/// <summary>
/// Base of every interop test: a unique token for the subject (so tests never see each other's mail), mailbox
/// readers for user1..user3 and a sender as user1 with the options the brief prescribes. Everything touching gromox
/// goes through <see cref="Env"/>, which skips (locally) or fails (CI=true) when no instance is running.
/// </summary>
[Collection(GromoxCollection.Name)]
public abstract class InteropTest : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private GromoxMailbox? _user1, _user2, _user3;

    /// <summary>Unique per test: put it in every subject and look mail up by it.</summary>
    protected string Token { get; } = Guid.NewGuid().ToString("N");

    internal static GromoxEnvironment Env => GromoxEnvironment.Require();

    internal GromoxMailbox User1Box => _user1 ??= Own(new GromoxMailbox(Env, GromoxEnvironment.User1));
    internal GromoxMailbox User2Box => _user2 ??= Own(new GromoxMailbox(Env, GromoxEnvironment.User2));
    internal GromoxMailbox User3Box => _user3 ??= Own(new GromoxMailbox(Env, GromoxEnvironment.User3));

    protected static ExchangeMailbox User2 => new(GromoxEnvironment.User2.Address, GromoxEnvironment.User2.DisplayName);
    protected static ExchangeMailbox User3 => new(GromoxEnvironment.User3.Address, GromoxEnvironment.User3.DisplayName);

    protected string Subject(string text) => $"{text} [{Token}]";

    /// <summary>The connection of the brief: Basic as user1 over plain HTTP, default (Automatic) format unless changed.</summary>
    protected ExchangeMailSender NewSender(Action<ExchangeConnectionOptions>? configure = null, string? password = null)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "gromox",
            ServerUrl = Env.ServerUrl,
            AllowInsecureHttp = true,
            AuthenticationType = ExchangeAuthenticationType.Basic,
            UserName = GromoxEnvironment.User1.Address,
            Password = password ?? GromoxEnvironment.User1.Password,
            SenderAddress = GromoxEnvironment.User1.Address,
            SenderName = GromoxEnvironment.User1.DisplayName,
            RequestTimeout = TimeSpan.FromSeconds(60),
        };
        configure?.Invoke(options);
        return Own(new ExchangeMailSender(options));
    }

    protected ExchangeMailMessage NewMessage(string subject, params ExchangeMailbox[] to)
    {
        var message = new ExchangeMailMessage { Subject = Subject(subject), Body = ExchangeMessageBody.Text("Body " + Token) };
        foreach (var mailbox in to.Length == 0 ? [User2] : to)
        {
            message.To.Add(mailbox);
        }

        return message;
    }

    protected static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    protected static byte[] DecodedContent(MimePart part)
    {
        using var output = new MemoryStream();
        part.Content?.DecodeTo(output);
        return output.ToArray();
    }

    /// <summary>Message-IDs compared without the angle brackets (MimeKit strips them, EWS and the library keep them).</summary>
    protected static string BareMessageId(string? id) => (id ?? "").Trim().TrimStart('<').TrimEnd('>');

    /// <summary>Deterministic pseudo-random bytes (every byte value occurs), so a failure can be reproduced.</summary>
    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GromoxCollection
{
    public const string Name = "gromox";
}
