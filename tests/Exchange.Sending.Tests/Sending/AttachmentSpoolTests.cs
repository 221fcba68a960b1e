using Exchange.Sending.Sending;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Sending;

public class AttachmentSpoolTests
{
    [Fact]
    public async Task A_non_seekable_stream_is_copied_once_to_a_temporary_file_that_is_deleted_afterwards()
    {
        var bytes = new byte[300_001];
        new Random(3).NextBytes(bytes);
        var source = new ForwardOnlyStream(bytes);
        var attachments = new List<ExchangeAttachment>
        {
            ExchangeAttachment.FromBytes("a.bin", [1, 2, 3]),
            ExchangeAttachment.FromStream("piped.bin", source, "application/octet-stream").AsInline("piped@example"),
        };

        string path;
        await using (var spool = await AttachmentSpool.CreateAsync(attachments, CancellationToken.None))
        {
            spool.Attachments[0].Should().BeSameAs(attachments[0], "replayable attachments are used as they are");
            var spooled = spool.Attachments[1];
            spooled.Length.Should().Be(bytes.Length);
            spooled.IsReplayable.Should().BeTrue();
            (spooled.Name, spooled.ContentType, spooled.ContentId, spooled.IsInline).Should().Be(("piped.bin", "application/octet-stream", "piped@example", true));
            for (var i = 0; i < 2; i++)
            {
                await using var read = spooled.OpenRead();
                using var copy = new MemoryStream();
                await read.CopyToAsync(copy);
                copy.ToArray().Should().Equal(bytes, "the spooled copy can be read any number of times");
            }

            path = spool.SpoolPaths.Single();
            if (!OperatingSystem.IsWindows())
            {
                // Unlinked while in use: nothing can be left behind, and nobody else can open it.
                File.Exists(path).Should().BeFalse();
            }
        }

        File.Exists(path).Should().BeFalse("the temporary file is deleted when the send ends");
        source.Reads.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Without_single_use_streams_nothing_is_spooled()
    {
        await using var spool = await AttachmentSpool.CreateAsync([ExchangeAttachment.FromBytes("a.bin", [1])], CancellationToken.None);
        spool.SpoolPaths.Should().BeEmpty();
    }
}
