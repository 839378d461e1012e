namespace TeleSante.LiveView;

/// <summary>Hands an analysis result to the viewers of its session (never waits; a slow viewer's oldest waiting results are dropped and counted, never its frames).</summary>
public interface ILiveAnalysisPublisher
{
    void Publish(LiveAnalysis analysis);
}
