using Microsoft.Extensions.Options;
using TeleSante.Storage.Influx.Internal;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Storage.Influx;

/// <summary>
/// The <see cref="IReadingSink"/> over InfluxDB: a buffer is one line-protocol payload
/// (<see cref="ReadingSchema"/>, full at <see cref="InfluxOptions.MaxBatchLines"/> lines or
/// <see cref="InfluxOptions.MaxBatchBytes"/> bytes), written in one <c>POST /write</c> (gzip per
/// <see cref="InfluxOptions.Gzip"/>). A 400 is resolved here, line by line: InfluxDB 1.x has stored
/// the good lines of a "partial write" already (rewriting them is an idempotent overwrite), and the
/// lines refused on their own come back as <see cref="RefusedReading"/>s.
/// </summary>
public sealed class InfluxReadingSink(ITimeSeriesStore store, IOptions<InfluxOptions> options) : IReadingSink
{
    private readonly InfluxOptions _options = options.Value;

    /// <summary>The store's name for dead letters of refused lines ("influx").</summary>
    public string Name => "influx";

    /// <inheritdoc />
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureDatabaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InfluxQueryException ex)
        {
            throw new StorageUnavailableException(ex.Message, ex.Outcome.ToString(), ex.StatusCode, ex);
        }
    }

    /// <inheritdoc />
    public IReadingWriteBuffer CreateBuffer() => new InfluxWriteBuffer(_options.MaxBatchLines, _options.MaxBatchBytes);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RefusedReading>> WriteAsync(IReadingWriteBuffer buffer, CancellationToken cancellationToken)
    {
        if (buffer is not InfluxWriteBuffer influx)
        {
            throw new ArgumentException("The buffer was not created by this sink.", nameof(buffer));
        }

        if (influx.Lines.PointCount == 0)
        {
            return [];
        }

        return await WriteOrResolveAsync(influx.Lines.Written, cancellationToken).ConfigureAwait(false) ? [] : await WriteLineByLineAsync(influx.Batches, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a 400: each batch's lines alone, so that only the lines InfluxDB refuses on their
    /// own are refused (a transient failure midway throws; the caller rewrites the whole buffer).</summary>
    private async Task<IReadOnlyList<RefusedReading>> WriteLineByLineAsync(List<Contracts.V1.ReadingBatch> batches, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedReading>();
        using var single = new LineProtocolBuilder(4096);
        foreach (var batch in batches)
        {
            single.Reset();
            ReadingSchema.Append(single, batch);
            var written = single.Written;
            foreach (var range in single.Lines)
            {
                var line = written[range];
                var result = await store.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == StoreOutcome.BadRequest)
                {
                    refused.Add(new RefusedReading(batch.DeviceId, batch.Seq, $"InfluxDB refused the line: {result.Message}", line.ToArray()));
                }
                else if (!result.IsSuccess)
                {
                    throw Unavailable(result);
                }
            }
        }

        return refused;
    }

    /// <summary>True when stored, false on a 400; throws for anything to retry.</summary>
    private async Task<bool> WriteOrResolveAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var result = await store.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            StoreOutcome.Ok => true,
            StoreOutcome.BadRequest => false,
            _ => throw Unavailable(result),
        };
    }

    private static StorageUnavailableException Unavailable(StoreWriteResult result)
        => new($"InfluxDB write failed: {result.Outcome} {result.StatusCode} {result.Message}", result.Outcome.ToString(), result.StatusCode);
}
