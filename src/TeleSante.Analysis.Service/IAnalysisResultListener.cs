namespace TeleSante.Analysis.Service;

/// <summary>Told of every non-empty <see cref="AnalysisResult"/>, in each stream's order (the store writer, the live view).
/// Called on an analysis worker: a listener that waits slows the analysis (the store writer does so on purpose, for
/// back-pressure), never ingestion.</summary>
public interface IAnalysisResultListener
{
    ValueTask OnAnalysedAsync(AnalysisResult result, CancellationToken cancellationToken);
}
