using System.Globalization;
using System.Text.Json;
using TeleSante.Analysis.Rhythms;
using TeleSante.Storage.Influx;

namespace TeleSante.Analysis.Service;

/// <summary>
/// The analysis series in InfluxDB, one measurement per kind of result, tags <c>device</c> and <c>session</c> (so
/// Grafana selects by session and groups by device like the readings):
/// <list type="bullet">
/// <item><c>ecg_beat</c> at the beat's peak: <c>class</c> (N, S, V, F, Q or Unknown), <c>rr_ms</c> (absent for the first beat of a run), <c>qrs_ms</c> (absent when not measured);</item>
/// <item><c>ecg_rate</c> at the last beat used: <c>bpm</c>, <c>from_ns</c> (first beat used), <c>intervals</c>;</item>
/// <item><c>ecg_rhythm</c> at the window's first beat: <c>code</c>, <c>end_ns</c>, <c>probability</c>;</item>
/// <item><c>ecg_rhythm_statement</c> at the statement's first beat, tag <c>code</c> (the stable statement code, so two
/// statements starting on the same beat stay two points): <c>end_ns</c>, <c>display</c>, <c>snomed</c> (absent when no
/// concept was verified), <c>evidence</c> (JSON array of {name, value, unit}), <c>provisional</c> (true while its block is
/// open), <c>withdrawn_ns</c> and <c>withdrawn_reason</c> (a provisional statement its closed block did not confirm:
/// rewritten at the same point, so the store never keeps it provisional);</item>
/// <item><c>ecg_unanalysable</c> at the span's start: <c>reason</c>, <c>end_ns</c>, <c>lead</c> (MDC code, 0 = the whole
/// stream). An open span is stored when it closes (the live view shows it while it lasts).</item>
/// </list>
/// A point written twice (a retried write) overwrites itself: same series, same time.
/// </summary>
public static class AnalysisSchema
{
    public const string BeatMeasurement = "ecg_beat";
    public const string RateMeasurement = "ecg_rate";
    public const string RhythmMeasurement = "ecg_rhythm";
    public const string UnanalysableMeasurement = "ecg_unanalysable";
    public const string StatementMeasurement = "ecg_rhythm_statement";

    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web);

    /// <summary>Appends every point of <paramref name="result"/>; returns how many.</summary>
    public static int Append(LineProtocolBuilder lines, AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(result);
        var points = 0;
        foreach (var beat in result.Beats)
        {
            Point(lines, BeatMeasurement, result).Field("class", beat.Class.ToString());
            if (beat.RrMs is { } rr)
            {
                lines.Field("rr_ms", rr);
            }

            if (beat.QrsMs is { } qrs)
            {
                lines.Field("qrs_ms", qrs);
            }

            lines.Timestamp(beat.TimeNs);
            points++;
        }

        if (result.Rate is { } rate)
        {
            Point(lines, RateMeasurement, result).Field("bpm", rate.Bpm).Field("from_ns", rate.FromNs).Field("intervals", (long)rate.Intervals).Timestamp(rate.ToNs);
            points++;
        }

        foreach (var rhythm in result.Rhythms)
        {
            Point(lines, RhythmMeasurement, result).Field("code", rhythm.Code).Field("end_ns", rhythm.EndNs).Field("probability", rhythm.Probability).Timestamp(rhythm.StartNs);
            points++;
        }

        foreach (var statement in result.Statements)
        {
            Point(lines, StatementMeasurement, result).Tag("code", statement.Code)
                .Field("end_ns", statement.EndNs).Field("display", statement.Display).Field("evidence", EvidenceText(statement.Evidence))
                .Field("provisional", statement.Provisional);
            if (statement.SnomedCt is { } snomed)
            {
                lines.Field("snomed", snomed);
            }

            if (statement.WithdrawnNs is { } withdrawn)
            {
                lines.Field("withdrawn_ns", withdrawn).Field("withdrawn_reason", statement.WithdrawnReason ?? ProposedRhythmStatement.NotConfirmed);
            }

            lines.Timestamp(statement.StartNs);
            points++;
        }

        foreach (var span in result.NotAnalysed)
        {
            if (span.Open)
            {
                continue;
            }

            Point(lines, UnanalysableMeasurement, result).Field("end_ns", span.ToNs).Field("lead", (long)span.Lead).Field("reason", span.Reason).Timestamp(span.FromNs);
            points++;
        }

        return points;
    }

    private static LineProtocolBuilder Point(LineProtocolBuilder lines, string measurement, AnalysisResult result) =>
        lines.Measurement(measurement).Tag("device", result.DeviceId).Tag("session", result.SessionId);

    /// <summary>The evidence as stored in <c>ecg_rhythm_statement.evidence</c>.</summary>
    public static string EvidenceText(IReadOnlyList<RhythmStatementEvidence> evidence) => JsonSerializer.Serialize(evidence, EvidenceJson);

    /// <summary>The evidence read back from <c>ecg_rhythm_statement.evidence</c>.</summary>
    public static IReadOnlyList<RhythmStatementEvidence> ParseEvidence(string? text) =>
        string.IsNullOrEmpty(text) ? [] : JsonSerializer.Deserialize<List<RhythmStatementEvidence>>(text, EvidenceJson) ?? [];

    internal static string Lead(uint mdc) => mdc.ToString(CultureInfo.InvariantCulture);
}
