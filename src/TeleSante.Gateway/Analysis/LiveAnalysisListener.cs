using TeleSante.Analysis.Service;
using TeleSante.LiveView;

namespace TeleSante.Gateway.Analysis;

/// <summary>Hands every analysis result to the session's viewers (never waits: the live view buffers and may drop per viewer).</summary>
internal sealed class LiveAnalysisListener(ILiveAnalysisPublisher publisher) : IAnalysisResultListener
{
    public ValueTask OnAnalysedAsync(AnalysisResult result, CancellationToken cancellationToken)
    {
        publisher.Publish(new LiveAnalysis
        {
            SessionId = result.SessionId,
            DeviceId = result.DeviceId,
            FromNs = result.FromNs,
            ToNs = result.ToNs,
            Beats = [.. result.Beats.Select(b => new LiveBeat { TimeNs = b.TimeNs, Class = b.Class.ToString(), RrMs = b.RrMs, QrsMs = b.QrsMs })],
            Rate = result.Rate is { } r ? new LiveRate { Bpm = r.Bpm, FromNs = r.FromNs, ToNs = r.ToNs, Intervals = r.Intervals } : null,
            Rhythms = [.. result.Rhythms.Select(e => new LiveSegment { FromNs = e.StartNs, ToNs = e.EndNs, Code = e.Code, Probability = e.Probability })],
            NotAnalysed = [.. result.NotAnalysed.Select(s => new LiveSegment { FromNs = s.FromNs, ToNs = s.ToNs, Code = s.Reason, Lead = s.Lead, Open = s.Open })],
            Statements = [.. result.Statements.Select(s => new LiveRhythmStatement
            {
                Code = s.Code,
                Display = s.Display,
                SnomedCt = s.SnomedCt,
                FromNs = s.StartNs,
                ToNs = s.EndNs,
                Evidence = [.. s.Evidence.Select(e => new LiveEvidence { Name = e.Name, Value = e.Value, Unit = e.Unit })],
                Id = s.Id,
                Provisional = s.Provisional,
                WithdrawnNs = s.WithdrawnNs,
                WithdrawnReason = s.WithdrawnReason,
            })],
        });
        return ValueTask.CompletedTask;
    }
}
