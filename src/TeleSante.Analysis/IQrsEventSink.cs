namespace TeleSante.Analysis;

/// <summary>
/// Receives the detector's output as <see cref="QrsDetector.Process(ReadOnlySpan{float}, IQrsEventSink)"/> produces it,
/// in sample order: beats, and segments that could not be analysed. Called on the processing thread; keep it cheap.
/// </summary>
public interface IQrsEventSink
{
    void OnBeat(in DetectedBeat beat);

    void OnUnanalysable(in UnanalysableSegment segment);

    /// <summary>Every beat whose fiducial point lies before <paramref name="sampleIndex"/> has been reported (beats of
    /// the learning period, an early beat held in noise and a beat search-back may still find all lie after it); called
    /// after each block the detector processes, and with <see cref="long.MaxValue"/> at the end of the stream. A sink that
    /// waits for the beats of a stretch (the noise marker leaves the QRS complexes out of its noise estimate) uses it.</summary>
    void OnBeatsKnownUntil(long sampleIndex)
    {
    }
}
