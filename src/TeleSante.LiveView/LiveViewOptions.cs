using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;
using TeleSante.Domain.Codes;

namespace TeleSante.LiveView;

/// <summary>The live view for remote practitioners (SignalR hub and web viewer). Section <c>LiveView</c>.</summary>
public sealed class LiveViewOptions : IValidatableObject
{
    public const string Section = "LiveView";

    /// <summary>Frames buffered per viewer connection. When a viewer cannot keep up, the oldest buffered
    /// frames are dropped (counted, and announced to the viewer as a gap) so that ingestion never waits
    /// for a viewer. Default 64 (32 s of 0.5 s chunks).</summary>
    [Range(4, 65_536)]
    public int BufferFramesPerConnection { get; set; } = 64;

    /// <summary>Seconds of recent signal a viewer gets at once when it joins, so the screen fills at once.
    /// From memory, and from storage for what memory no longer holds. Default 10 s (one 12-lead page).</summary>
    [Range(0, 300)]
    public double LateJoinSeconds { get; set; } = 10;

    /// <summary>Seconds of signal kept in memory per session and device (the ring late joiners read first).
    /// May be shorter than <see cref="LateJoinSeconds"/> to save memory: storage then supplies the rest.
    /// Default 12 s (about 290 KB for a 12-lead 500 Hz recorder).</summary>
    [Range(0.5, 3600)]
    public double RingSeconds { get; set; } = 12;

    /// <summary>Upper bound on frames kept in memory per session, whatever their duration. Default 2000.</summary>
    [Range(16, 1_000_000)]
    public int RingMaxFramesPerSession { get; set; } = 2000;

    /// <summary>A session with no viewer and no new data for this long is forgotten (its ring freed). Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a batch that arrives ahead of its predecessor (batches of one device become
    /// durable concurrently) is held so that the device's frames reach viewers in order. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ReorderWait { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>When memory holds no vitals for a session, a joiner gets the latest of each from storage
    /// measured within this many minutes. Default 60 (0: none).</summary>
    [Range(0, 1440)]
    public int VitalsLookbackMinutes { get; set; } = 60;

    /// <summary>Longest recording one review-mode replay may span. Default 1 h.</summary>
    [Range(1, 86_400)]
    public double MaxReplaySeconds { get; set; } = 3600;

    /// <summary>Storage is read in windows of this many seconds during a replay, so memory stays bounded. Default 30.</summary>
    [Range(1, 600)]
    public double ReplayWindowSeconds { get; set; } = 30;

    /// <summary>Allows every authenticated or anonymous connection to view every session when no access
    /// policy is registered. For a developer's machine only: otherwise the default policy denies all.</summary>
    public bool AllowAnonymousForDevelopment { get; set; }

    /// <summary>Redis shared by several gateways that serve the same sessions (StackExchange.Redis
    /// configuration string, e.g. <c>redis.internal:6379,password=…,ssl=true</c>): each gateway then also
    /// shows its viewers the frames of devices streaming into the others. It carries patient signals:
    /// use a private network, or TLS and a password. Empty (default): a single gateway, no Redis.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>Prefix of the Redis channel the gateways share (deployments sharing one Redis need
    /// different prefixes). Default <c>telesante-live</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._:-]{1,64}$")]
    public string RedisChannelPrefix { get; set; } = "telesante-live";

    /// <summary>Frames waiting to be published to the other gateways. Publishing never slows ingestion:
    /// when Redis is slower than the devices, or unreachable, the oldest waiting frames are dropped
    /// (counted). Default 1024 (about 2 s of 290 ECG streams).</summary>
    [Range(16, 1_000_000)]
    public int RedisPublishBufferFrames { get; set; } = 1024;

    /// <summary>The vitals alert rules, by MDC reference id: the gateway raises an alert (stored, audited, pushed to
    /// the session's viewers) for a reading below <c>Below</c> or at or above <c>AtOrAbove</c>, in the rule's unit
    /// (readings in another accepted unit are converted). Defaults follow common early-warning thresholds (NEWS2 for
    /// SpO2 and temperature; ESC/ESH 2018 grade 3 hypertension for SBP ≥ 180 / DBP ≥ 110), the values the viewer
    /// used to apply itself. Override one with e.g. <c>LiveView:Alerts:MDC_PULS_OXIM_SAT_O2:Below=90</c>.</summary>
    public Dictionary<string, VitalAlertRange> Alerts { get; set; } = new(StringComparer.Ordinal)
    {
        ["MDC_PULS_OXIM_SAT_O2"] = new() { Unit = "%", Below = 92, Severity = VitalAlertSeverity.High },
        ["MDC_PRESS_BLD_NONINV_SYS"] = new() { Unit = "mm[Hg]", Below = 90, AtOrAbove = 180, Severity = VitalAlertSeverity.High },
        ["MDC_PRESS_BLD_NONINV_DIA"] = new() { Unit = "mm[Hg]", AtOrAbove = 110 },
        ["MDC_ECG_HEART_RATE"] = new() { Unit = "/min", Below = 40, AtOrAbove = 130, Severity = VitalAlertSeverity.High, FromEcgAnalysis = true },
        ["MDC_PULS_OXIM_PULS_RATE"] = new() { Unit = "/min", Below = 40, AtOrAbove = 130 },
        ["MDC_PULS_RATE_NON_INV"] = new() { Unit = "/min", Below = 40, AtOrAbove = 130 },
        ["MDC_TEMP_BODY"] = new() { Unit = "Cel", Below = 35, AtOrAbove = 38.5 },
        ["MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD"] = new() { Unit = "mmol/L", Below = 3.9, AtOrAbove = 13.9 },
    };

    /// <summary>Readings waiting for the alert evaluator. Ingestion never waits for it and nothing is dropped: when
    /// it is full, further readings wait in an overflow queue (counted, logged as a warning) that is drained
    /// first, in order. Default 4096 readings.</summary>
    [Range(16, 1_000_000)]
    public int AlertQueueReadings { get; set; } = 4096;

    /// <summary>At most this many queued readings are evaluated together and their alerts made durable in one
    /// clinical-database transaction and one audit write (issue 14: one transaction and one fsync per alert let the
    /// evaluator fall behind at 1,200 vitals messages/s). The evaluator takes whatever is queued, up to this, and
    /// never waits to fill a batch. Default 512 readings.</summary>
    [Range(1, 100_000)]
    public int AlertMaxBatch { get; set; } = 512;

    /// <summary>Delay before a batch whose alerts could not be stored or audited (database unavailable) is retried,
    /// whole; nothing is skipped meanwhile. Default 1000 ms.</summary>
    [Range(10, 600_000)]
    public int AlertRetryMilliseconds { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RedisError() is { } redisError)
        {
            yield return new ValidationResult($"{Section}:{nameof(Redis)}: {redisError}", [nameof(Redis)]);
        }

        foreach (var (refId, range) in Alerts)
        {
            var name = $"{Section}:{nameof(Alerts)}:{refId}";
            if (!CodeCatalog.TryFindByRefId(refId, out var mdc) || CodeCatalog.FindObservation(mdc) is not { } code)
            {
                yield return new ValidationResult($"{name}: '{refId}' is not an observation code the gateway knows", [nameof(Alerts)]);
                continue;
            }

            if (code.FindUnit(range.Unit) is null)
            {
                yield return new ValidationResult($"{name}: unit '{range.Unit}' is not accepted for {refId} ({string.Join(", ", code.Units.Select(u => u.Ucum))})", [nameof(Alerts)]);
            }
            else if (code.Units.FirstOrDefault(u => VitalUnits.Convert(1, u.Ucum, range.Unit) is null) is { } unconvertible)
            {
                // A reading in that unit could not be compared with the limits: it would pass unchecked.
                yield return new ValidationResult($"{name}: readings of {refId} in '{unconvertible.Ucum}' cannot be converted to '{range.Unit}'", [nameof(Alerts)]);
            }

            if (range.FromEcgAnalysis && mdc != CodeCatalog.HeartRateEcg)
            {
                yield return new ValidationResult($"{name}: FromEcgAnalysis applies only to MDC_ECG_HEART_RATE (the rate the ECG analysis computes)", [nameof(Alerts)]);
            }

            if (!Enum.IsDefined(range.Severity))
            {
                yield return new ValidationResult($"{name}: Severity must be Low, Medium or High", [nameof(Alerts)]);
            }

            if (range.Label.Length > 80)
            {
                yield return new ValidationResult($"{name}: Label is longer than 80 characters", [nameof(Alerts)]);
            }

            if (range.Below is null && range.AtOrAbove is null)
            {
                yield return new ValidationResult($"{name}: set Below, AtOrAbove or both", [nameof(Alerts)]);
            }

            if (range is { Below: { } below, AtOrAbove: { } above } && below >= above)
            {
                yield return new ValidationResult($"{name}: Below ({below}) must be less than AtOrAbove ({above})", [nameof(Alerts)]);
            }
        }
    }

    /// <summary>True when <see cref="Redis"/> is set: the gateway relays live frames through it.</summary>
    internal bool ScaleOut => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The parsed <see cref="Redis"/> configuration (call only when it is set and valid).</summary>
    internal ConfigurationOptions RedisConfiguration() => ConfigurationOptions.Parse(Redis);

    private string? RedisError()
    {
        if (!ScaleOut)
        {
            return null;
        }

        try
        {
            return RedisConfiguration().EndPoints.Count == 0 ? "no Redis server in the configuration string" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or RedisConnectionException)
        {
            return $"not a StackExchange.Redis configuration string ({ex.Message})";
        }
    }

    /// <summary>The alert rules, as the gateway applies them and as sent to viewers.</summary>
    internal VitalAlertRule[] AlertRules() =>
    [
        .. Alerts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
        {
            CodeCatalog.TryFindByRefId(a.Key, out var mdc);
            return new VitalAlertRule
            {
                RefId = a.Key,
                MdcCode = mdc,
                Label = string.IsNullOrWhiteSpace(a.Value.Label) ? CodeCatalog.FindObservation(mdc)?.Display ?? a.Key : a.Value.Label,
                Unit = a.Value.Unit,
                Below = a.Value.Below,
                AtOrAbove = a.Value.AtOrAbove,
                Severity = a.Value.Severity.ToString().ToLowerInvariant(),
                FromEcgAnalysis = a.Value.FromEcgAnalysis,
            };
        }),
    ];
}
