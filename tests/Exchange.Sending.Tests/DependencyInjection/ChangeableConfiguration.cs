using Microsoft.Extensions.Configuration;

namespace Exchange.Sending.Tests.DependencyInjection;

/// <summary>A configuration provider a test changes while the host runs; each change raises the reload token, as a
/// reloading JSON file or a vault provider does.</summary>
internal sealed class ChangeableConfiguration : ConfigurationProvider, IConfigurationSource
{
    public ChangeableConfiguration(IEnumerable<(string Key, string Value)> values)
    {
        foreach (var (key, value) in values)
        {
            Data[key] = value;
        }
    }

    public IConfigurationRoot Root() => new ConfigurationBuilder().Add(this).Build();

    /// <summary>Sets (or with a null value removes) keys, then reloads once.</summary>
    public void Change(params (string Key, string? Value)[] changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                Data.Remove(key);
            }
            else
            {
                Data[key] = value;
            }
        }

        OnReload();
    }

    IConfigurationProvider IConfigurationSource.Build(IConfigurationBuilder builder) => this;
}
