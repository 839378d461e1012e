namespace TeleSante.LiveView;

/// <summary>Hands an analysis result to the viewers of its session (never waits; may drop for a slow viewer like frames).</summary>
public interface ILiveAnalysisPublisher
{
    void Publish(LiveAnalysis analysis);
}
