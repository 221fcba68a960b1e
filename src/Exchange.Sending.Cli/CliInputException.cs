namespace Exchange.Sending.Cli;

/// <summary>A problem with what the user typed; printed without a stack trace, exit code 1.</summary>
internal sealed class CliInputException(string message) : Exception(message);
