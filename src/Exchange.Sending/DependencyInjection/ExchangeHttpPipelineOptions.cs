using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending;

/// <summary>What a host added to one connection's HTTP pipeline (named options, one instance per connection name; the
/// defaults of <c>ConfigureExchangeMailSenderDefaults</c> come through <c>ConfigureAll</c>).</summary>
internal sealed class ExchangeHttpPipelineOptions
{
    /// <summary>Run on each new primary <see cref="SocketsHttpHandler"/>, in order.</summary>
    public List<Action<SocketsHttpHandler, IServiceProvider>> PrimaryHandlerActions { get; } = [];

    /// <summary>Make the delegating handlers, first = outermost.</summary>
    public List<Func<IServiceProvider, DelegatingHandler>> HandlerFactories { get; } = [];

    /// <summary>Binds the host's callbacks to the container for one pipeline.</summary>
    public Transport.Http.HttpPipeline ToPipeline(IServiceProvider services) => PrimaryHandlerActions.Count == 0 && HandlerFactories.Count == 0
        ? Transport.Http.HttpPipeline.Default
        : new(
            PrimaryHandlerActions.Select(a => (Action<SocketsHttpHandler>)(h => a(h, services))).ToArray(),
            HandlerFactories.Select(f => (Func<DelegatingHandler>)(() => f(services))).ToArray());
}

/// <summary>The builder handed to <c>ConfigureExchangeMailSenderDefaults</c>: what it configures applies to every connection.</summary>
internal sealed record ExchangeMailSenderDefaultsBuilder(IServiceCollection Services) : IExchangeMailSenderBuilder
{
    /// <summary>The name reported by the defaults builder.</summary>
    public const string AllConnections = "*";

    public string Name => AllConnections;
}
