namespace Exchange.Sending;

/// <summary>The EWS <c>t:Importance</c> of a message.</summary>
public enum ExchangeImportance
{
    /// <summary>Normal (the default; not written).</summary>
    Normal = 0,
    /// <summary>Low.</summary>
    Low = 1,
    /// <summary>High.</summary>
    High = 2,
}
