namespace Exchange.Sending.Benchmarks;

/// <summary>
/// <c>--request-bytes</c>: sends each <see cref="Scenario"/> once per format to the bundled server (in this process,
/// with schema validation when ../shared/ews-schema is found) and prints <see cref="ExchangeSendResult.RequestBytes"/>
/// as a Markdown table, next to the length the SOAP writer alone produces for the same message.
/// </summary>
internal static class RequestBytesReport
{
    public const string Argument = "--request-bytes";

    public static async Task<int> RunAsync()
    {
        var mode = LoopbackServer.SchemaAvailable ? ServerMode.InProcessXsd : ServerMode.InProcess;
        await using var server = await LoopbackServer.StartAsync(mode);
        Console.WriteLine($"Server: {mode} (schema validation {(mode == ServerMode.InProcessXsd ? "on" : "off")})");
        Console.WriteLine();
        Console.WriteLine("| Scenario | Format | Attachment bytes | RequestBytes | Writer alone | Request / attachment |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            var message = Messages.For(scenario);
            var attachmentBytes = message.Attachments.Sum(a => a.Length ?? 0);
            foreach (var format in new[] { ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime })
            {
                using var sender = SendSetup.CreateSender(server.ServerUrl, format);
                var result = await sender.SendAsync(message);
                if (result.MessageFormat != format || result.RequestCount != 1)
                {
                    throw new InvalidOperationException($"Expected one {format} request, got {result.RequestCount} as {result.MessageFormat}.");
                }

                var written = new CountingStream();
                await SoapWriterBenchmarks.WriteAsync(written, message, format);
                var ratio = attachmentBytes == 0 ? "–" : $"{(double)result.RequestBytes / attachmentBytes:F4}";
                Console.WriteLine($"| {scenario} | {format} | {attachmentBytes:N0} | {result.RequestBytes:N0} | {written.Count:N0} | {ratio} |");
                server.ClearHistory();
            }
        }

        return 0;
    }

    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Count += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return default;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count += count;
            return Task.CompletedTask;
        }
    }
}
