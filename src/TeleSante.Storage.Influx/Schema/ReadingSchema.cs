using System.Globalization;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;

namespace TeleSante.Storage.Influx.Schema;

/// <summary>
/// How readings are laid out in InfluxDB (see README, "Storage schema").
/// <list type="bullet">
/// <item><c>waveform</c>: one point per chunk and channel, at the chunk's first-sample time.
/// Tags device, mdc, session, site (few distinct values per series; queries select by session and
/// channel). Fields: samples (<see cref="SampleCodec"/>), n, rate, gain, baseline, unit, seq.
/// Chunked storage keeps the exact integers and costs one point per 250-5000 samples instead of one
/// per sample (see bench/README figures).</item>
/// <item><c>observation</c>: one point per value at its measurement time. Tags device, loinc, mdc,
/// session, site, unit; fields value, seq.</item>
/// <item><c>device_event</c>: one point per device event at its time. Tags code, device, session, site;
/// fields mdc, seq, text.</item>
/// </list>
/// A batch written twice produces the same series, fields and timestamps, so InfluxDB overwrites
/// rather than duplicates: replaying the write-ahead log after a crash is harmless.
/// </summary>
public static class ReadingSchema
{
    public const string WaveformMeasurement = "waveform";
    public const string ObservationMeasurement = "observation";
    public const string EventMeasurement = "device_event";

    /// <summary>Appends every point of <paramref name="batch"/>. Tags are given in key order (faster for InfluxDB).</summary>
    public static void Append(LineProtocolBuilder lines, ReadingBatch batch)
    {
        var seq = unchecked((long)batch.Seq);
        foreach (var chunk in batch.Waveforms)
        {
            foreach (var channel in chunk.Channels)
            {
                lines.Measurement(WaveformMeasurement)
                    .Tag("device", batch.DeviceId)
                    .Tag("mdc", channel.MdcCode.ToString(CultureInfo.InvariantCulture))
                    .Tag("session", batch.SessionId)
                    .Tag("site", batch.SiteId)
                    .Field("baseline", (long)channel.Baseline)
                    .Field("gain", channel.Gain)
                    .Field("n", (long)channel.Samples.Count)
                    .Field("rate", chunk.SampleRateHz)
                    .Field("samples", SampleCodec.Encode(channel.Samples))
                    .Field("seq", seq)
                    .Field("unit", channel.Unit)
                    .Timestamp(chunk.StartTimeNs);
            }
        }

        foreach (var observation in batch.Observations)
        {
            var loinc = observation.Loinc.Length > 0 ? observation.Loinc : CodeCatalog.FindObservation(observation.MdcCode)?.LoincFor(observation.Unit);
            lines.Measurement(ObservationMeasurement).Tag("device", batch.DeviceId);
            if (loinc is not null)
            {
                lines.Tag("loinc", loinc);
            }

            lines.Tag("mdc", observation.MdcCode.ToString(CultureInfo.InvariantCulture))
                .Tag("session", batch.SessionId)
                .Tag("site", batch.SiteId)
                .Tag("unit", observation.Unit)
                .Field("seq", seq)
                .Field("value", observation.Value)
                .Timestamp(observation.TimeNs);
        }

        foreach (var deviceEvent in batch.Events)
        {
            lines.Measurement(EventMeasurement)
                .Tag("code", deviceEvent.Code)
                .Tag("device", batch.DeviceId)
                .Tag("session", batch.SessionId)
                .Tag("site", batch.SiteId)
                .Field("mdc", (long)deviceEvent.MdcCode)
                .Field("seq", seq)
                .Field("text", deviceEvent.Text)
                .Timestamp(deviceEvent.TimeNs);
        }
    }
}
