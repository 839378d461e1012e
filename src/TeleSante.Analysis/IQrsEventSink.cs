namespace TeleSante.Analysis;

/// <summary>
/// Receives the detector's output as <see cref="QrsDetector.Process(ReadOnlySpan{float}, IQrsEventSink)"/> produces it,
/// in sample order: beats, and segments that could not be analysed. Called on the processing thread; keep it cheap.
/// </summary>
public interface IQrsEventSink
{
    void OnBeat(in DetectedBeat beat);

    void OnUnanalysable(in UnanalysableSegment segment);
}
