using Microsoft.Extensions.Options;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>Builds stores for tests; one HttpClient per store, like a typed client would get.</summary>
internal static class Stores
{
    public static InfluxV1Store Create(Uri url, string database, RecordingLogger<InfluxV1Store> logger, Action<InfluxOptions>? configure = null)
    {
        var options = new InfluxOptions { Url = url, Database = database };
        configure?.Invoke(options);
        return new InfluxV1Store(new HttpClient(), Options.Create(options), logger);
    }

    public static async Task<IReadOnlyList<QuerySeries>> QueryAsync(this ITimeSeriesStore store, string influxQl)
        => await store.QueryAsync(influxQl, CancellationToken.None);

    public static async Task<StoreWriteResult> WriteAsync(this ITimeSeriesStore store, LineProtocolBuilder builder)
        => await store.WriteAsync(builder.Written, CancellationToken.None);
}
