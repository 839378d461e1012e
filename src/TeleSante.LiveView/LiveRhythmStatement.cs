using MessagePack;

namespace TeleSante.LiveView;

/// <summary>
/// A rhythm statement the gateway's stream analysis proposed over a span of one device's beats (stored in
/// <c>ecg_rhythm_statement</c>): a machine proposal for a clinician to confirm, never a diagnosis, shown with its span
/// and the numbers it rests on. Property names are the MessagePack keys, so JSON and MessagePack viewers read the same.
/// </summary>
[MessagePackObject]
public sealed record LiveRhythmStatement
{
    /// <summary>The project's stable code: <c>sinus-rhythm</c>, <c>sinus-tachycardia</c>, <c>pause</c>,
    /// <c>wide-qrs-tachycardia</c>, …</summary>
    [Key("code")]
    public string Code { get; init; } = string.Empty;

    /// <summary>English display text ("Wide-QRS tachycardia").</summary>
    [Key("display")]
    public string Display { get; init; } = string.Empty;

    /// <summary>SNOMED CT concept id where one was verified; null otherwise (never guessed).</summary>
    [Key("snomedCt")]
    public string? SnomedCt { get; init; }

    /// <summary>First beat of the span (a pause: the beat before it), ns since epoch, device clock.</summary>
    [Key("fromNs")]
    public long FromNs { get; init; }

    /// <summary>Last beat of the span, ns since epoch.</summary>
    [Key("toNs")]
    public long ToNs { get; init; }

    [Key("evidence")]
    public LiveEvidence[] Evidence { get; init; } = [];

    /// <summary>The statement's identity (code and start): a statement sent again with the same id replaces the earlier
    /// one (a suggested-urgent statement is sent early, grows, then is confirmed).</summary>
    [Key("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>True while the statement is provisional: sent before its rhythm block closed, it may still grow.</summary>
    [Key("provisional")]
    public bool Provisional { get; init; }

    /// <summary>Set when a provisional statement was withdrawn (its block closed without confirming it, or the analysis
    /// failed): when, ns (device clock). The statement is sent once more, withdrawn, never silently dropped.</summary>
    [Key("withdrawnNs")]
    public long? WithdrawnNs { get; init; }

    /// <summary>Why it was withdrawn (<c>not-confirmed</c>, <c>analysis-failed</c>); null unless withdrawn.</summary>
    [Key("withdrawnReason")]
    public string? WithdrawnReason { get; init; }
}
