namespace TeleSante.SegmentLog.Tests;

/// <summary>
/// <see cref="SegmentedLogOptions.GroupCommitInterval"/>: appends that arrive within the interval of the previous fsync
/// wait for the next one and share it, and each is still acknowledged only once it is durable.
/// </summary>
public sealed class GroupCommitPacingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Appends_arriving_one_by_one_within_the_interval_share_one_fsync_and_all_survive_a_restart()
    {
        using var directory = new LogTestDirectory();
        var options = Options(directory, TimeSpan.FromMilliseconds(400));
        var acknowledged = new Dictionary<long, byte[]>();
        long fsyncsForTheTen;
        await using (var log = SegmentedLog.Open(options, TimeProvider.System, new RecordingLogger()))
        {
            var first = await log.AppendAsync(Payload(0)).AsTask().WaitAsync(Timeout);
            acknowledged[first.Sequence] = Payload(0);
            var before = log.FsyncCount;

            // Ten appends 20 ms apart, as ten devices' messages would come: without pacing an idle writer syncs each
            // on its own (an fsync takes far less than 20 ms); paced, they wait for the interval's end together.
            var pending = new List<(int Index, Task<AppendResult> Append)>();
            for (var i = 1; i <= 10; i++)
            {
                pending.Add((i, log.AppendAsync(Payload(i)).AsTask()));
                await Task.Delay(20);
            }

            foreach (var (index, append) in pending)
            {
                var result = await append.WaitAsync(Timeout);
                result.Status.Should().Be(AppendStatus.Appended);
                acknowledged[result.Sequence] = Payload(index);
            }

            fsyncsForTheTen = log.FsyncCount - before;
        }

        // 10 appends over ~200 ms against a 400 ms interval: one shared fsync, two if a loaded machine stretched the
        // spacing past the interval; never one each.
        fsyncsForTheTen.Should().BeInRange(1, 3);
        await using var reopened = SegmentedLog.Open(options, TimeProvider.System, new RecordingLogger());
        LogContents.Read(reopened).Should().BeEquivalentTo(acknowledged, "every acknowledged append is durable");
    }

    [Fact]
    public async Task Without_pacing_the_same_appends_are_synced_as_they_come()
    {
        // The control: with no interval, an append that finds the writer idle is synced at once, alone.
        using var directory = new LogTestDirectory();
        await using var log = SegmentedLog.Open(Options(directory, TimeSpan.Zero), TimeProvider.System, new RecordingLogger());
        await log.AppendAsync(Payload(0)).AsTask().WaitAsync(Timeout);
        var before = log.FsyncCount;
        for (var i = 1; i <= 10; i++)
        {
            (await log.AppendAsync(Payload(i)).AsTask().WaitAsync(Timeout)).Status.Should().Be(AppendStatus.Appended);
        }

        (log.FsyncCount - before).Should().Be(10, "each append waited alone for the writer");
    }

    [Fact]
    public void An_interval_above_one_second_is_refused_when_the_log_opens()
    {
        using var directory = new LogTestDirectory();
        var open = () => SegmentedLog.Open(Options(directory, TimeSpan.FromSeconds(2)), TimeProvider.System, new RecordingLogger());

        open.Should().Throw<System.ComponentModel.DataAnnotations.ValidationException>().WithMessage("*GroupCommitInterval*");
    }

    private static SegmentedLogOptions Options(LogTestDirectory directory, TimeSpan interval) =>
        new() { Directory = directory.Path, MinFreeDiskBytes = 0, SegmentBytes = 1 << 20, MaxRecordBytes = 4096, DiskBudgetBytes = 64 << 20, GroupCommitInterval = interval };

    private static byte[] Payload(int index)
    {
        var payload = new byte[16 + index];
        new Random(index).NextBytes(payload);
        return payload;
    }
}
