namespace TeleSante.Gateway.Health;

/// <summary>The ECG analysis behind the ack (README "Analysis in the service"): what it analysed, and everything it did
/// not (each stored as an <c>ecg_unanalysable</c> span).</summary>
/// <param name="Skipped">Batches stored but not analysed because the analysis queue was full.</param>
/// <param name="Failed">Batches whose analysis threw (logged).</param>
/// <param name="OutOfOrder">Batches that came after later samples of their stream.</param>
/// <param name="StorePending">Results waiting for the time-series store.</param>
internal sealed record AnalysisHealth(bool Enabled, long Streams, long Queued, long Batches, long Beats, long Skipped, long Failed, long OutOfOrder, long Gaps, long PointsStored, long StoreFailures, long StoreRefused);
