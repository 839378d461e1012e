using Grpc.Net.Client;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Signal.Synthesis;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>The firmware simulator's 12-lead recorder streaming to the gateway over gRPC (h2c) with its
/// real sender (outbox, window of unacknowledged batches). Keeps every batch it sent.</summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly GrpcBatchSender _sender;
    private readonly List<ReadingBatch> _sent = [];

    public SimulatedDevice(GrpcChannel channel, string deviceId, string sessionId, long startNs, double heartRate = 75, int chunkSamples = 250, double rate = 500, double ectopic = 0.05, ulong firstSeq = 1, Rhythm rhythm = Rhythm.Sinus)
    {
        Recorder = new EcgRecorder(new EcgRecorderOptions
        {
            DeviceId = deviceId,
            SiteId = "pharma-test-01",
            SessionId = sessionId,
            ChunkSamples = chunkSamples,
            StartTimeNs = startNs,
            FirstSeq = firstSeq,
            Signal = new SyntheticEcgOptions
            {
                SampleRateHz = rate,
                HeartRateBpm = heartRate,
                BaselineWanderMv = 0.05,
                MainsMv = 0.01,
                MuscleNoiseMv = 0.005,
                EctopicProbability = ectopic,
                Rhythm = rhythm,
                Seed = 7,
            },
        });
        _sender = new GrpcBatchSender(channel, window: 32);
        _sender.Start();
    }

    public EcgRecorder Recorder { get; }

    public long Acked => Interlocked.Read(ref _sender.Acked);

    public long Rejected => Interlocked.Read(ref _sender.Rejected);

    public List<ReadingBatch> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public double ChunkSeconds => Recorder.Options.ChunkSamples / Recorder.Options.Signal.SampleRateHz;

    /// <summary>Sends the next batch (waits only while the sender's window is full).</summary>
    public async Task<ReadingBatch> SendNextAsync(Func<ReadingBatch, bool>? keep = null, CancellationToken cancellationToken = default)
    {
        var batch = Recorder.NextBatch();
        if (keep is null || keep(batch))
        {
            lock (_sent)
            {
                _sent.Add(batch);
            }

            await _sender.SendAsync(batch, cancellationToken);
        }

        return batch;
    }

    public async Task SendAsync(int count, Func<ReadingBatch, bool>? keep = null)
    {
        for (var i = 0; i < count; i++)
        {
            await SendNextAsync(keep);
        }
    }

    public async Task DrainAsync(TimeSpan timeout)
    {
        // Awaited inside the using: a source disposed before the drain ends would never cancel it.
        using var cts = new CancellationTokenSource(timeout);
        await _sender.DrainAsync(cts.Token);
    }

    /// <summary>Streams in real time: each chunk is sent when the device's clock reaches its last sample.
    /// Chunks for which <paramref name="leadOff"/> (seconds since the first sample) holds are never sent,
    /// as when an electrode comes off: a hole in the signal, while batch numbers stay contiguous.</summary>
    public async Task StreamRealTimeAsync(CancellationToken cancellationToken, Func<double, bool>? leadOff = null)
    {
        ulong skipped = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = Recorder.NextBatch();
                if (leadOff is not null && leadOff((batch.Waveforms[0].StartTimeNs - Recorder.StartTimeNs) / 1e9))
                {
                    skipped++;
                    continue;
                }

                batch.Seq -= skipped;
                var wait = TimeSpan.FromTicks((batch.DeviceTimeNs - Ns.Now()) / 100);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                lock (_sent)
                {
                    _sent.Add(batch);
                }

                await _sender.SendAsync(batch, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Concatenated samples of <paramref name="mdc"/> over the sent batches, in time order, with
    /// the time of each sample (ms, as the browser computes it).</summary>
    public List<(double TimeMs, int Sample)> SamplesOf(uint mdc)
    {
        var result = new List<(double, int)>();
        foreach (var batch in Sent.OrderBy(b => b.Seq))
        {
            foreach (var chunk in batch.Waveforms)
            {
                var t0 = chunk.StartTimeNs / 1e6;
                var dt = 1000 / chunk.SampleRateHz;
                foreach (var channel in chunk.Channels.Where(c => c.MdcCode == mdc))
                {
                    for (var i = 0; i < channel.Samples.Count; i++)
                    {
                        result.Add((t0 + (i * dt), channel.Samples[i]));
                    }
                }
            }
        }

        return result;
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
