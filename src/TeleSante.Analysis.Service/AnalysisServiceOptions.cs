using System.ComponentModel.DataAnnotations;

namespace TeleSante.Analysis.Service;

/// <summary>
/// The analysis behind the acknowledgement (section <c>Analysis</c>). Every limit is explicit: a batch that finds the
/// queue full is not analysed (its span is stored as a "not analysed" segment), never waited for.
/// </summary>
public sealed class AnalysisServiceOptions : IValidatableObject
{
    public const string Section = "Analysis";

    /// <summary>Run the analysis at all. Default true; false leaves ingestion exactly as without it (bench on/off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Accepted ECG batches waiting for the analysis workers, all streams together. Default 4,096 (about
    /// 8 s of 500 devices sending two batches a second). When full, a batch is skipped and recorded as not analysed.</summary>
    [Range(16, 1_000_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Workers, each owning a fixed share of the streams (so one stream is always analysed in order by one
    /// worker). Default 1: one core analyses a few thousand 250 Hz streams (bench/README.md).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>A stream with no batch for this long is finished (its last beats flushed) and forgotten. Default 2 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan IdleEviction { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A batch that arrives ahead of its predecessor (concurrent group commits, a refused batch) waits this long
    /// for it before the hole is treated as a gap. Default 300 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ReorderWait { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>RR intervals whose median gives the server heart rate. Default 8 (a few seconds, like an electrocardiograph's display).</summary>
    [Range(2, 64)]
    public int RateIntervals { get; set; } = 8;

    /// <summary>RR intervals per atrial-fibrillation window (the model was trained on 30, <c>RhythmWindows.DefaultIntervals</c>).</summary>
    [Range(8, 120)]
    public int AfWindowIntervals { get; set; } = 30;

    /// <summary>The atrial-fibrillation model (ML.NET zip, <c>models/af/af-model.zip</c>), relative to the gateway's folder or
    /// absolute. Empty: no AF windows. A path that is set must name a loadable model, or the gateway does not start.</summary>
    public string AfModelPath { get; set; } = "models/af/af-model.zip";

    /// <summary>The beat classifier (ML.NET zip, <c>models/beats/beat-model.zip</c>), relative to the gateway's folder or
    /// absolute. Empty: beats are not classified (class Unknown, reported as soon as detected). A path that is set must
    /// name a loadable beat model, or the gateway does not start.</summary>
    public string BeatModelPath { get; set; } = "models/beats/beat-model.zip";

    /// <summary>Rhythm statements (<c>RhythmProposer</c>) are proposed over blocks of about this many seconds of a
    /// stream's beats, and when the stream ends or has a gap. Default 60; a statement never spans two blocks (a long
    /// sinus episode is stored as one statement per block).</summary>
    [Range(15, 3600)]
    public int RhythmBlockSeconds { get; set; } = 60;

    /// <summary>A suggested-urgent statement (<c>TriageRules</c>: wide-QRS tachycardia, pause over 3 s, rate under 40 or
    /// over 150, AF with fast ventricular response) is proposed as soon as this many seconds of its evidence are in,
    /// instead of when its rhythm block closes (up to <see cref="RhythmBlockSeconds"/> later): provisional, then updated
    /// under the same id (same code and start) as it grows, and confirmed by the block's statement. A pause is proposed
    /// at once. Default 10; must be below <see cref="RhythmBlockSeconds"/>.</summary>
    [Range(2, 600)]
    public int UrgentStatementDelaySeconds { get; set; } = 10;

    /// <summary>Seconds of lead signal kept per stream for the P-wave evidence of an AF window. Default 60
    /// (30 intervals down to 30 bpm); beats older than this contribute no P-wave segment.</summary>
    [Range(5, 600)]
    public int SignalSeconds { get; set; } = 60;

    /// <summary>Analysis results waiting for the time-series store. Default 4,096; when full the workers wait
    /// (then the queue above fills and batches are recorded as not analysed): results are never dropped.</summary>
    [Range(16, 1_000_000)]
    public int StoreQueueCapacity { get; set; } = 4096;

    /// <summary>Delay before a store write that failed is retried (doubling up to 30 s). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan StoreRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When the gateway stops, the results still queued for the store (the streams' last rhythm blocks, closed at
    /// the stop) are written for at most this long. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan StopDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The model path as a full path (<paramref name="baseDirectory"/> for a relative one); null when none is set.</summary>
    public string? AfModelFullPath(string baseDirectory) =>
        string.IsNullOrWhiteSpace(AfModelPath) ? null : Path.GetFullPath(AfModelPath, baseDirectory);

    /// <summary>The beat model path as a full path (<paramref name="baseDirectory"/> for a relative one); null when none is set.</summary>
    public string? BeatModelFullPath(string baseDirectory) =>
        string.IsNullOrWhiteSpace(BeatModelPath) ? null : Path.GetFullPath(BeatModelPath, baseDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UrgentStatementDelaySeconds >= RhythmBlockSeconds)
        {
            yield return new ValidationResult($"{Section}:UrgentStatementDelaySeconds ({UrgentStatementDelaySeconds}) must be below {Section}:RhythmBlockSeconds ({RhythmBlockSeconds})", [nameof(UrgentStatementDelaySeconds)]);
        }

        if (Enabled && AfModelFullPath(AppContext.BaseDirectory) is { } path && !File.Exists(path))
        {
            yield return new ValidationResult($"{Section}:AfModelPath: no model file at {path} (set it to the af-model.zip written by the training command, or to empty to run without AF windows)", [nameof(AfModelPath)]);
        }

        if (Enabled && BeatModelFullPath(AppContext.BaseDirectory) is { } beats && !File.Exists(beats))
        {
            yield return new ValidationResult($"{Section}:BeatModelPath: no model file at {beats} (set it to the beat-model.zip written by train-beats, or to empty to run without beat classes)", [nameof(BeatModelPath)]);
        }
    }
}
