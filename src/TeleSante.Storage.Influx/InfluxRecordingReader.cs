using System.Globalization;
using TeleSante.Domain.Codes;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Storage.Influx;

/// <summary>The <see cref="IRecordingReader"/> over InfluxDB: InfluxQL on the <see cref="ReadingSchema"/>
/// measurements, samples decoded with <see cref="SampleCodec"/> to the exact stored values. Every
/// query failure is a <see cref="StorageUnavailableException"/>.</summary>
public sealed class InfluxRecordingReader(ITimeSeriesStore store) : IRecordingReader
{
    /// <summary>The longest a stored chunk may last (5000 samples at the lowest accepted rate of 25 Hz):
    /// chunks starting this long before the range may still overlap it.</summary>
    private const long MaxChunkNs = 200_000_000_000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<WaveformChannelRecording>> ReadWaveformsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        var query = $"""SELECT "samples","n","rate","gain","baseline","unit" FROM "{ReadingSchema.WaveformMeasurement}" WHERE "session" = {InfluxQl.QuoteString(sessionId)} AND time >= {Math.Max(fromNs - MaxChunkNs, LineProtocolBuilder.MinTimestamp)} AND time < {toNs} GROUP BY "device","mdc" """;
        var series = await QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var result = new List<WaveformChannelRecording>();
        foreach (var s in series)
        {
            var device = s.Tags.GetValueOrDefault("device", string.Empty);
            var mdc = uint.Parse(s.Tags.GetValueOrDefault("mdc", "0"), CultureInfo.InvariantCulture);
            int iTime = s.IndexOf("time"), iSamples = s.IndexOf("samples"), iRate = s.IndexOf("rate"), iGain = s.IndexOf("gain"), iBaseline = s.IndexOf("baseline"), iUnit = s.IndexOf("unit");
            var segments = new List<WaveformSegment>();
            List<int>? current = null;
            WaveformSegment? head = null;
            long expectedNextNs = 0;
            foreach (var row in s.Rows)
            {
                var start = row.GetInt64(iTime);
                var rate = row.GetDouble(iRate);
                var gain = row.GetDouble(iGain);
                var baseline = checked((int)row.GetInt64(iBaseline));
                var unit = row.GetString(iUnit) ?? string.Empty;
                var samples = SampleCodec.Decode(row.GetString(iSamples) ?? string.Empty);

                // Trim to [from, to).
                var first = FirstIndexAtOrAfter(fromNs, start, rate, samples.Length);
                var last = FirstIndexAtOrAfter(toNs, start, rate, samples.Length);
                if (first >= last)
                {
                    continue;
                }

                var firstNs = start + SampleOffsetNs(first, rate);
                var halfPeriod = (long)(0.5e9 / rate);
                var continues = head is not null && current is not null && head.SampleRateHz == rate && head.Gain == gain && head.Baseline == baseline && head.Unit == unit
                    && Math.Abs(firstNs - expectedNextNs) <= halfPeriod;
                if (!continues)
                {
                    Flush();
                    head = new WaveformSegment(firstNs, rate, gain, baseline, unit, []);
                    current = [];
                }

                current!.AddRange(samples.AsSpan(first, last - first));
                expectedNextNs = head!.StartTimeNs + SampleOffsetNs(current!.Count, rate);
            }

            Flush();
            result.Add(new WaveformChannelRecording(device, mdc, CodeCatalog.FindWaveform(mdc)?.Label, segments));

            void Flush()
            {
                if (head is not null && current is { Count: > 0 })
                {
                    segments.Add(head with { Samples = [.. current] });
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ObservationRecord>> ReadObservationsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        var query = $"""SELECT "value","seq" FROM "{ReadingSchema.ObservationMeasurement}" WHERE "session" = {InfluxQl.QuoteString(sessionId)} AND time >= {fromNs} AND time < {toNs} GROUP BY "device","mdc","loinc","unit" """;
        var series = await QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var result = new List<ObservationRecord>();
        foreach (var s in series)
        {
            var mdc = uint.Parse(s.Tags.GetValueOrDefault("mdc", "0"), CultureInfo.InvariantCulture);
            var loinc = s.Tags.GetValueOrDefault("loinc");
            int iTime = s.IndexOf("time"), iValue = s.IndexOf("value"), iSeq = s.IndexOf("seq");
            foreach (var row in s.Rows)
            {
                result.Add(new ObservationRecord(
                    s.Tags.GetValueOrDefault("device", string.Empty),
                    mdc,
                    CodeCatalog.FindObservation(mdc)?.RefId,
                    string.IsNullOrEmpty(loinc) ? null : loinc,
                    row.GetDouble(iValue),
                    s.Tags.GetValueOrDefault("unit", string.Empty),
                    row.GetInt64(iTime),
                    unchecked((ulong)row.GetInt64(iSeq))));
            }
        }

        result.Sort((a, b) => a.TimeNs.CompareTo(b.TimeNs));
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceEventRecord>> ReadEventsAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        var query = $"""SELECT "mdc","seq","text" FROM "{ReadingSchema.EventMeasurement}" WHERE "session" = {InfluxQl.QuoteString(sessionId)} AND time >= {fromNs} AND time < {toNs} GROUP BY "device","code" """;
        var series = await QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var result = new List<DeviceEventRecord>();
        foreach (var s in series)
        {
            var code = s.Tags.GetValueOrDefault("code", string.Empty);
            int iTime = s.IndexOf("time"), iMdc = s.IndexOf("mdc"), iSeq = s.IndexOf("seq"), iText = s.IndexOf("text");
            foreach (var row in s.Rows)
            {
                result.Add(new DeviceEventRecord(
                    s.Tags.GetValueOrDefault("device", string.Empty),
                    code,
                    DeviceEventCatalog.Find(code),
                    (uint)row.GetInt64(iMdc),
                    row.GetString(iText) ?? string.Empty,
                    row.GetInt64(iTime),
                    unchecked((ulong)row.GetInt64(iSeq))));
            }
        }

        result.Sort((a, b) => a.TimeNs.CompareTo(b.TimeNs));
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Three aggregate queries, whatever the length of the range: per channel, SUM("n") of the chunks
    /// starting in the range; the last chunk starting before it (it may reach into the range); and the
    /// last chunk starting in it (it may reach past its end). The two edge chunks are trimmed exactly
    /// as <see cref="ReadWaveformsAsync"/> trims them, from their start, rate and size alone. Exact for
    /// a recording whose chunks do not overlap in time (a device's chunks follow each other).
    /// </remarks>
    public async Task<long> CountWaveformSamplesAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        var from = "FROM \"" + ReadingSchema.WaveformMeasurement + "\" WHERE \"session\" = " + InfluxQl.QuoteString(sessionId);
        var query = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT SUM("n") {from} AND time >= {fromNs} AND time < {toNs} GROUP BY "device","mdc";
            SELECT "n","rate" {from} AND time >= {Math.Max(fromNs - MaxChunkNs, LineProtocolBuilder.MinTimestamp)} AND time < {fromNs} GROUP BY "device","mdc" ORDER BY time DESC LIMIT 1;
            SELECT "n","rate" {from} AND time >= {fromNs} AND time < {toNs} GROUP BY "device","mdc" ORDER BY time DESC LIMIT 1
            """);
        long total = 0;
        foreach (var s in await QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (s.StatementId == 0)
            {
                var iSum = s.IndexOf("sum");
                total += s.Rows.Sum(row => row.GetInt64(iSum));
                continue;
            }

            int iTime = s.IndexOf("time"), iN = s.IndexOf("n"), iRate = s.IndexOf("rate");
            foreach (var row in s.Rows)
            {
                var start = row.GetInt64(iTime);
                var n = checked((int)row.GetInt64(iN));
                var rate = row.GetDouble(iRate);
                total += s.StatementId == 1
                    ? FirstIndexAtOrAfter(toNs, start, rate, n) - FirstIndexAtOrAfter(fromNs, start, rate, n) // what reaches into the range
                    : FirstIndexAtOrAfter(toNs, start, rate, n) - n; // less what lies at or after the range's end
            }
        }

        return total;
    }

    /// <summary>Runs the query; any failure of the store is the port's one failure type.</summary>
    private async Task<IReadOnlyList<QuerySeries>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        try
        {
            return await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (InfluxQueryException ex)
        {
            throw new StorageUnavailableException(ex.Message, ex.Outcome.ToString(), ex.StatusCode, ex);
        }
    }

    private static long SampleOffsetNs(int index, double rate) => (long)Math.Round(index * 1e9 / rate);

    /// <summary>The first sample index whose time (start + round(i × 1e9 / rate) ns, as the chunks
    /// themselves are timed) is at or after <paramref name="timeNs"/>; <paramref name="count"/> if none.</summary>
    private static int FirstIndexAtOrAfter(long timeNs, long startNs, double rate, int count)
    {
        if (timeNs <= startNs)
        {
            return 0;
        }

        var index = (int)Math.Clamp(Math.Floor((timeNs - startNs) * rate / 1e9), 0, count);
        while (index < count && startNs + SampleOffsetNs(index, rate) < timeNs)
        {
            index++;
        }

        while (index > 0 && startNs + SampleOffsetNs(index - 1, rate) >= timeNs)
        {
            index--;
        }

        return index;
    }
}
