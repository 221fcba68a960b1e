namespace Exchange.Sending;

/// <summary>The EWS <c>t:Sensitivity</c> of a message.</summary>
public enum ExchangeSensitivity
{
    /// <summary>Normal (the default; not written).</summary>
    Normal = 0,
    /// <summary>Personal.</summary>
    Personal = 1,
    /// <summary>Private.</summary>
    Private = 2,
    /// <summary>Confidential.</summary>
    Confidential = 3,
}
