using Exchange.Sending.Cli;
using Exchange.Sending.Cli.Commands;
using FluentAssertions;

namespace Exchange.Sending.Tests.Cli;

/// <summary>exchange-send --log-file: a path that cannot be appended to is an input error naming the flag, found while parsing.</summary>
public sealed class LogFileFlagTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-sending-logfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_path_is_refused(string path) =>
        LogFilePath.Check(path).Should().StartWith("--log-file is empty").And.Contain("--log-file ./exchange-send.log");

    [Fact]
    public void A_directory_is_refused_with_a_file_in_it_suggested()
    {
        LogFilePath.Check(_directory).Should().Contain($"--log-file '{_directory}' is a directory").And.Contain("exchange-send.log");
        Directory.Exists(_directory).Should().BeTrue();
    }

    [Fact]
    public void A_missing_directory_is_refused_and_not_created()
    {
        var path = Path.Combine(_directory, "missing", "send.log");
        LogFilePath.Check(path).Should().Contain("--log-file").And.Contain("does not exist").And.Contain("create it first");
        Directory.Exists(Path.Combine(_directory, "missing")).Should().BeFalse();
    }

    [SkippableFact]
    public void An_unwritable_file_is_refused()
    {
        Skip.If(OperatingSystem.IsWindows() || Environment.UserName == "root", "needs POSIX permissions that bind this user");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var readOnly = Path.Combine(_directory, "ro");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            LogFilePath.Check(Path.Combine(readOnly, "send.log")).Should().Contain("--log-file").And.Contain("cannot be written");
        }
        finally
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_writable_file_passes()
    {
        var path = Path.Combine(_directory, "send.log");
        LogFilePath.Check(path).Should().BeNull();
        LogFilePath.Check(null).Should().BeNull();
    }

    [Fact]
    public void The_check_runs_while_parsing_so_nothing_else_runs()
    {
        var result = CheckCommand.Create().Parse(["--log-file", _directory]);
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("--log-file").And.Contain("is a directory");
    }
}
