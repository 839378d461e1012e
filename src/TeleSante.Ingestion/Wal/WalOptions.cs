using TeleSante.SegmentLog;

namespace TeleSante.Ingestion.Wal;

/// <summary>Where the write-ahead log lives and how much of the disk it may use: the segment log's own options
/// (sizes, budget, group commit, and their checks), bound from section <c>Wal</c>. The gateway derives
/// <see cref="SegmentedLogOptions.Directory"/> from its data directory and
/// <see cref="SegmentedLogOptions.MaxRecordBytes"/> from the largest batch it accepts: not settings there.</summary>
public sealed class WalOptions : SegmentedLogOptions
{
    public const string Section = "Wal";

    /// <summary>The gateway paces its fsyncs (see <see cref="SegmentedLogOptions.GroupCommitInterval"/>): 10 ms more at
    /// most on an acknowledgement, against a fraction of the fsyncs at a few hundred messages a second (bench/README §9).</summary>
    public WalOptions() => GroupCommitInterval = TimeSpan.FromMilliseconds(10);
}
