using System.Diagnostics.CodeAnalysis;

// Public API analyzer suppressions, each for named members only (not for the project), so that a new case is still
// reported. The API itself is listed in PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt beside this file.

// RS0026 ("do not add multiple overloads with optional parameters"): the two SendAsync overloads differ in their required
// message type (ExchangeMailMessage, MimeMessage) and each has only the conventional trailing CancellationToken = default,
// so no call binds ambiguously; adding a further optional parameter to either would still be reported.
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.IExchangeMailSender.SendAsync(Exchange.Sending.ExchangeMailMessage,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.IExchangeMailSender.SendAsync(MimeKit.MimeMessage,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.ExchangeMailSender.SendAsync(Exchange.Sending.ExchangeMailMessage,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.ExchangeMailSender.SendAsync(MimeKit.MimeMessage,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.IExchangeMailSender.SendAsync(System.Collections.Generic.IEnumerable{Exchange.Sending.ExchangeMailMessage},System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeBatchSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.ExchangeMailSender.SendAsync(System.Collections.Generic.IEnumerable{Exchange.Sending.ExchangeMailMessage},System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeBatchSendResult}",
    Justification = "Overloads differ in the required message type; only the trailing CancellationToken is optional.")]

// RS0026 for TestConnectionAsync: TestConnectionAsync(CancellationToken = default) and
// TestConnectionAsync(ExchangeConnectionCheckOptions, CancellationToken = default) differ in the required options; with only
// the conventional trailing token optional, TestConnectionAsync() binds to the first and TestConnectionAsync(options) to the second.
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.IExchangeMailSender.TestConnectionAsync(System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeConnectionCheck}",
    Justification = "Overloads differ in the required options; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.ExchangeMailSender.TestConnectionAsync(System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeConnectionCheck}",
    Justification = "Overloads differ in the required options; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.IExchangeMailSender.TestConnectionAsync(Exchange.Sending.ExchangeConnectionCheckOptions,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeConnectionCheck}",
    Justification = "Overloads differ in the required options; only the trailing CancellationToken is optional.")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Scope = "member",
    Target = "~M:Exchange.Sending.ExchangeMailSender.TestConnectionAsync(Exchange.Sending.ExchangeConnectionCheckOptions,System.Threading.CancellationToken)~System.Threading.Tasks.Task{Exchange.Sending.ExchangeConnectionCheck}",
    Justification = "Overloads differ in the required options; only the trailing CancellationToken is optional.")]
