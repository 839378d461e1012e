namespace TeleSante.Storage;

/// <summary>A cheap liveness check of the time-series store, for GET /health.</summary>
public interface IStoreProbe
{
    /// <summary>Null when the store answered as up; otherwise why not. The caller bounds the wait through
    /// <paramref name="cancellationToken"/> (cancelled: <see cref="OperationCanceledException"/>).</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
