using FluentAssertions;

namespace Exchange.Sending.Tests.Sending;

/// <summary>The default implementation of <c>TestConnectionAsync(ExchangeConnectionCheckOptions, CancellationToken)</c> for
/// implementations written before it: the plain check without options, NotSupportedException for a send test.</summary>
public class ConnectionCheckOptionsDefaultTests
{
    private sealed class OldSender : IExchangeMailSender
    {
        public static readonly ExchangeConnectionCheck Result = ExchangeModelFactory.ConnectionCheck("old", []);

        public int Checks { get; private set; }

        public string ConnectionName => "old";

        public Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public Task<ExchangeMessageLookup> FindSentMessageAsync(string internetMessageId, ExchangeMessageLookupOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException();

        public Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default)
        {
            Checks++;
            return Task.FromResult(Result);
        }
    }

    [Fact]
    public async Task Without_options_it_runs_the_plain_check()
    {
        var sender = new OldSender();
        var check = await ((IExchangeMailSender)sender).TestConnectionAsync(new ExchangeConnectionCheckOptions(), CancellationToken.None);
        check.Should().BeSameAs(OldSender.Result);
        sender.Checks.Should().Be(1);
    }

    [Fact]
    public async Task A_send_test_is_not_supported_by_the_default()
    {
        var sender = new OldSender();
        var act = () => ((IExchangeMailSender)sender).TestConnectionAsync(new ExchangeConnectionCheckOptions { SendTestMessage = true }, CancellationToken.None);
        (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("SendTestMessage");
        sender.Checks.Should().Be(0);
    }

    [Fact]
    public async Task Null_options_are_refused()
    {
        var act = () => ((IExchangeMailSender)new OldSender()).TestConnectionAsync(null!, CancellationToken.None);
        await act.Should().ThrowAsync<ArgumentNullException>();
    }
}
