using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending;

/// <summary>Returned by <c>AddExchangeMailSender</c> for further configuration of one connection.</summary>
public interface IExchangeMailSenderBuilder
{
    /// <summary>The connection's name.</summary>
    string Name { get; }

    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

internal sealed record ExchangeMailSenderBuilder(string Name, IServiceCollection Services) : IExchangeMailSenderBuilder;
