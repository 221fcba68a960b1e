namespace Exchange.Sending.Tests.Support;

internal static class TestOptions
{
    /// <summary>A valid connection; tests change one field at a time.</summary>
    public static ExchangeConnectionOptions Valid(Action<ExchangeConnectionOptions>? change = null)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "mail_main",
            ServerUrl = "mail.example.com",
            AuthenticationType = ExchangeAuthenticationType.Basic,
            UserName = "svc-mailer",
            Password = "S3cret!Pa55",
            SenderAddress = "noreply@example.com",
            SenderName = "Example Notifications",
        };
        change?.Invoke(options);
        return options;
    }

    public static ExchangeMailMessage Message(Action<ExchangeMailMessage>? change = null)
    {
        var message = new ExchangeMailMessage { Subject = "Hello", Body = ExchangeMessageBody.Text("Hi") };
        message.To.Add(new ExchangeMailbox("alice@example.com", "Alice"));
        change?.Invoke(message);
        return message;
    }
}
