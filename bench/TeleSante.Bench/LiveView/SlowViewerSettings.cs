namespace TeleSante.Bench.LiveView;

/// <param name="Rounds">Alternating pairs of runs (nobody watching / into the stuck viewer's session).</param>
/// <param name="BatchesPerRun">12-lead batches sent per run, as fast as the gateway acknowledges.</param>
/// <param name="ChunkSamples">Samples per lead per batch (500 = 1 s at 500 Hz, about 30 KB per JSON frame).</param>
/// <param name="BufferFrames">LiveView:BufferFramesPerConnection of the gateway under test.</param>
public sealed record SlowViewerSettings(int Rounds, int BatchesPerRun, int ChunkSamples, int BufferFrames);
