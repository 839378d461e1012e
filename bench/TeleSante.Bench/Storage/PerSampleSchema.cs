using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Storage.Influx;

namespace TeleSante.Bench.Storage;

/// <summary>
/// The alternative the chunked schema is measured against: one point per sample instant, one integer
/// field per lead (I, II, ... V6), tags device and session. The natural InfluxDB layout, and what a
/// dashboard could query directly.
/// </summary>
public static class PerSampleSchema
{
    public const string Measurement = "ecg_sample";

    public static IReadOnlyList<string> LeadFields { get; } = [.. CodeCatalog.TwelveLeads.Select(mdc => CodeCatalog.FindWaveform(mdc)!.Label)];

    public static void Append(LineProtocolBuilder lines, ReadingBatch batch)
    {
        foreach (var chunk in batch.Waveforms)
        {
            var channels = chunk.Channels;
            var count = channels[0].Samples.Count;
            for (var i = 0; i < count; i++)
            {
                // Tags in key order (device < session), as InfluxDB prefers.
                lines.Measurement(Measurement).Tag("device", batch.DeviceId).Tag("session", batch.SessionId);
                for (var lead = 0; lead < channels.Count; lead++)
                {
                    lines.Field(LeadFields[lead], (long)channels[lead].Samples[i]);
                }

                lines.Timestamp(chunk.StartTimeNs + (long)Math.Round(i * 1e9 / chunk.SampleRateHz));
            }
        }
    }
}
