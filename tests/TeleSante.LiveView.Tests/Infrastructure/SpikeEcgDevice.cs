using Grpc.Net.Client;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>A one-lead (II) ECG recorder whose signal is known exactly: a flat line at 0 mV and, every
/// <see cref="RrMs"/>, a triangular R wave of <see cref="RMillivolts"/> whose apex is one sample at the beat time
/// (500 Hz, 1000 adu/mV, beats on the sample grid). What calipers must measure, to the sample.</summary>
internal sealed class SpikeEcgDevice(GrpcChannel channel, string deviceId, string sessionId)
{
    public const double SampleRateHz = 500;
    public const int RrMs = 800;
    public const double RMillivolts = 1.5;
    private const int ChunkSamples = 250;
    private const int HalfWidthSamples = 10;
    private const int AduPerMv = 1000;

    /// <summary>Sends <paramref name="seconds"/> of signal starting at <paramref name="startNs"/> (whole ms);
    /// returns when every batch is acknowledged.</summary>
    public async Task SendAsync(long startNs, int seconds)
    {
        await using var sender = new GrpcBatchSender(channel, window: 16);
        sender.Start();
        var rrSamples = (int)(RrMs * SampleRateHz / 1000);
        var chunks = (int)(seconds * SampleRateHz / ChunkSamples);
        for (var c = 0; c < chunks; c++)
        {
            var samples = new int[ChunkSamples];
            for (var i = 0; i < ChunkSamples; i++)
            {
                var n = c * ChunkSamples + i;
                // Distance to the nearest beat (beats at rrSamples/2 + k·rrSamples).
                var d = Math.Abs(((n - rrSamples / 2) % rrSamples + rrSamples) % rrSamples is var m && m > rrSamples / 2 ? m - rrSamples : m);
                samples[i] = d < HalfWidthSamples ? (int)Math.Round(RMillivolts * AduPerMv * (HalfWidthSamples - d) / HalfWidthSamples) : 0;
            }

            var chunkStart = startNs + (long)(c * ChunkSamples * 1e9 / SampleRateHz);
            var waveform = new WaveformChunk { StartTimeNs = chunkStart, SampleRateHz = SampleRateHz };
            var lead = new WaveformChannel { MdcCode = CodeCatalog.EcgLeadII, Gain = AduPerMv, Baseline = 0, Unit = "mV" };
            lead.Samples.Add(samples);
            waveform.Channels.Add(lead);
            var batch = new ReadingBatch { DeviceId = deviceId, SiteId = "pharma-test-01", SessionId = sessionId, Seq = (ulong)c + 1, DeviceTimeNs = chunkStart };
            batch.Waveforms.Add(waveform);
            await sender.SendAsync(batch, CancellationToken.None);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await sender.DrainAsync(cts.Token);
        sender.Rejected.Should().Be(0, "the batches are valid");
    }
}
