namespace TeleSante.Analysis.Service;

/// <summary>Reads stored analysis results back, by session and time (the same series Grafana reads).</summary>
public interface IAnalysisReader
{
    /// <summary>Per device, what was stored for <paramref name="sessionId"/> in [<paramref name="fromNs"/>, <paramref name="toNs"/>).</summary>
    /// <exception cref="TeleSante.Storage.StorageUnavailableException">The store cannot answer.</exception>
    Task<IReadOnlyList<AnalysisRecords>> ReadAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken);
}
