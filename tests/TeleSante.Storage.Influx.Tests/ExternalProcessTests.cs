using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

public sealed class ExternalProcessTests
{
    [Fact]
    public async Task Output_of_both_streams_and_the_exit_code_are_captured()
    {
        await using var process = ExternalProcess.Start("sh", ["-c", "echo out1; echo err1 >&2; echo 'two words'; exit 3"]);

        (await process.WaitForExitAsync(TimeSpan.FromSeconds(10))).Should().Be(3);
        process.ExitCode.Should().Be(3);
        process.RecentOutputLines.Should().Contain(["out: out1", "err: err1", "out: two words"]);
    }

    [Fact]
    public async Task Ring_buffer_keeps_only_the_most_recent_lines()
    {
        await using var process = ExternalProcess.Start("seq", ["1", "5000"], new ExternalProcessOptions { OutputLines = 10 });
        await process.WaitForExitAsync(TimeSpan.FromSeconds(10));

        process.RecentOutputLines.Should().Equal(Enumerable.Range(4991, 10).Select(i => $"out: {i}"));
    }

    [Fact]
    public async Task StopAsync_sends_SIGTERM_and_waits_for_exit()
    {
        await using var process = ExternalProcess.Start("sh", ["-c", "trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 0.05; done"]);
        await process.WaitForOutputAsync("ready", TimeSpan.FromSeconds(10));

        var exitCode = await process.StopAsync(TimeSpan.FromSeconds(10));

        exitCode.Should().Be(0);
        process.RecentOutputLines.Should().Contain("out: got-term");
    }

    [Fact]
    public async Task StopAsync_falls_back_to_SIGKILL_when_SIGTERM_is_ignored()
    {
        await using var process = ExternalProcess.Start("sh", ["-c", "trap '' TERM; echo ready; while true; do sleep 0.05; done"]);
        await process.WaitForOutputAsync("ready", TimeSpan.FromSeconds(10));

        var exitCode = await process.StopAsync(TimeSpan.FromMilliseconds(300));

        exitCode.Should().Be(137, "128 + SIGKILL");
        process.HasExited.Should().BeTrue();
    }

    [Fact]
    public async Task Waiting_for_a_line_that_never_comes_explains_what_was_printed()
    {
        await using var process = ExternalProcess.Start("sh", ["-c", "echo something else; exit 1"]);

        var act = () => process.WaitForOutputAsync("Now listening", TimeSpan.FromSeconds(5));

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("something else").And.Contain("exited with code 1");
    }

    [Fact]
    public async Task Standard_input_can_be_written_when_redirected()
    {
        await using var process = ExternalProcess.Start("cat", [], new ExternalProcessOptions { RedirectStandardInput = true });
        await process.StandardInput.WriteLineAsync("echoed");
        await process.WaitForOutputAsync("echoed", TimeSpan.FromSeconds(5));
        process.StandardInput.Close();

        (await process.WaitForExitAsync(TimeSpan.FromSeconds(5))).Should().Be(0);
    }

    [Fact]
    public void Missing_programs_are_reported_clearly()
        => FluentActions.Invoking(() => ExternalProcess.Start("no-such-program-telesante", []))
            .Should().Throw<FileNotFoundException>().WithMessage("*not found on PATH*");

    [Fact]
    public void FreePort_never_hands_out_the_same_port_twice()
        => Enumerable.Range(0, 50).Select(_ => FreePort.Next()).Should().OnlyHaveUniqueItems();
}
