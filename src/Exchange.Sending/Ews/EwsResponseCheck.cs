namespace Exchange.Sending.Ews;

/// <summary>
/// Decides whether a well-formed EWS response is the answer to the request that was sent, before anything in it is
/// believed: the body's element names the operation, there is exactly one response message per item sent, each is the
/// operation's own, and its <c>ResponseClass</c> agrees with its <c>ResponseCode</c> (messages.xsd: ResponseMessageType).
/// A reply that fails any of these may come from a confused proxy or a broken server, so "Success" in it proves nothing.
/// </summary>
internal static class EwsResponseCheck
{
    /// <summary>What does not fit, in words a person can check against the response; <see langword="null"/> when it all fits.</summary>
    public static string? FindMismatch(EwsResponse response, IEwsOperation operation)
    {
        var expectedBody = operation.Name + "Response";
        if (response.BodyElement != expectedBody)
        {
            return $"the SOAP body holds <{response.BodyElement ?? "nothing"}> where the answer to {operation.Name} is <m:{expectedBody}>";
        }

        var expectedMessage = operation.Name + "ResponseMessage";
        if (response.Messages.Count != operation.ExpectedResponseMessages)
        {
            return $"it holds {response.Messages.Count} response messages where the request named {operation.ExpectedResponseMessages} item(s)"
                + $" ({Summary(response)})";
        }

        for (var i = 0; i < response.Messages.Count; i++)
        {
            var message = response.Messages[i];
            var which = response.Messages.Count == 1 ? "its response message" : $"response message {i + 1}";
            if (message.ElementName != expectedMessage)
            {
                return $"{which} is <m:{message.ElementName}>, not <m:{expectedMessage}>";
            }

            if (message.ResponseClass is not ("Success" or "Warning" or "Error"))
            {
                return $"{which} has ResponseClass '{message.ResponseClass}' (only Success, Warning or Error exist)";
            }

            if (message.ResponseCodeCount > 1)
            {
                return $"{which} has {message.ResponseCodeCount} ResponseCode elements (one is allowed)";
            }

            if (message.ResponseCode.Length == 0)
            {
                return $"{which} (ResponseClass {message.ResponseClass}) has no ResponseCode";
            }

            if (message.ResponseClass == "Success" && message.ResponseCode != "NoError")
            {
                return $"{which} says ResponseClass Success but ResponseCode {message.ResponseCode}";
            }

            if (message.ResponseClass is "Error" or "Warning" && message.ResponseCode == "NoError")
            {
                return $"{which} says ResponseClass {message.ResponseClass} but ResponseCode NoError";
            }
        }

        return null;
    }

    private static string Summary(EwsResponse response) => response.Messages.Count == 0
        ? "none"
        : string.Join(", ", response.Messages.Select(m => $"{m.ResponseClass} {m.ResponseCode}".Trim()));
}
