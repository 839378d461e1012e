namespace TeleSante.Analysis.Internal;

/// <summary>Passes on what lies before the end of the stream; drops what the flush padding produced after it.</summary>
internal sealed class EndOfStreamSink(IQrsEventSink inner, long end) : IQrsEventSink
{
    public void OnBeat(in DetectedBeat beat)
    {
        if (beat.SampleIndex < end)
        {
            inner.OnBeat(beat with { DetectedAtSample = Math.Min(beat.DetectedAtSample, end - 1) });
        }
    }

    public void OnUnanalysable(in UnanalysableSegment segment)
    {
        if (segment.StartSample < end)
        {
            inner.OnUnanalysable(segment with { EndSample = Math.Min(segment.EndSample, end) });
        }
    }
}
