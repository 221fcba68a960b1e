namespace Exchange.Sending.Testing;

/// <summary>Where <see cref="FakeEwsFault.ProcessThenCorruptResponse"/> inserts its text into the real response body.</summary>
public enum FakeEwsCorruptionSite
{
    /// <summary>At the start of the text of the first <c>ResponseCode</c> element (<c>m:ResponseCode</c>, or a SOAP fault's <c>e:ResponseCode</c>).</summary>
    ResponseCodeText = 0,

    /// <summary>Right after the <c>s:Envelope</c> start tag, before <c>s:Header</c>.</summary>
    AfterEnvelopeStartTag = 1,
}
