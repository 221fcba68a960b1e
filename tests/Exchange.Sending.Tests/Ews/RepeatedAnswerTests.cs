using System.Text;
using Exchange.Sending.Ews;
using FluentAssertions;

namespace Exchange.Sending.Tests.Ews;

/// <summary>An answer identical to the thread's last one is not parsed again (issue 10); one byte of difference is.</summary>
public class RepeatedAnswerTests
{
    private const string Answer = """
        <?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" /></s:Header><s:Body><m:CreateItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="CLASS"><m:ResponseCode>CODE</m:ResponseCode><m:Items /></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse></s:Body></s:Envelope>
        """;

    private static EwsResponse Parse(string responseClass, string code) =>
        EwsResponseReader.Parse(Encoding.UTF8.GetBytes(Answer.Replace("CLASS", responseClass, StringComparison.Ordinal).Replace("CODE", code, StringComparison.Ordinal)), CancellationToken.None);

    [Fact]
    public void The_same_bytes_give_the_same_reading_and_a_changed_byte_is_read_again()
    {
        var first = Parse("Success", "NoError");
        var again = Parse("Success", "NoError");
        again.Should().BeSameAs(first, "the identical answer was not parsed again");
        again.Messages.Should().ContainSingle().Which.ResponseCode.Should().Be("NoError");

        var refused = Parse("Error", "ErrorSendAsDenied");
        refused.Should().NotBeSameAs(first);
        refused.Messages.Should().ContainSingle().Which.ResponseCode.Should().Be("ErrorSendAsDenied");
        refused.Messages[0].IsSuccess.Should().BeFalse();

        // One character differs (NoError → NoErrar): read as it is, not taken from the last answer.
        Parse("Success", "NoErrar").Messages[0].ResponseCode.Should().Be("NoErrar");
        first.Messages[0].ResponseCode.Should().Be("NoError", "a kept reading is never changed");
    }

    [Fact]
    public async Task Answers_read_on_other_threads_are_read_by_each()
    {
        var readings = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Parse("Success", "NoError"))));
        readings.Should().AllSatisfy(r => r.Messages.Should().ContainSingle().Which.ResponseCode.Should().Be("NoError"));
    }
}
