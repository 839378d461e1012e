using Grpc.Net.Client;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Signal.Synthesis;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>An ECG recorder (synthetic or WFDB replay) streaming over gRPC in real time: one chunk is
/// sent once its samples exist, as on a real device.</summary>
public sealed class EcgStreamDevice
{
    private readonly Func<ReadingBatch?> _next;
    private readonly double _chunkSeconds;
    private readonly GrpcChannel _channel;
    private readonly FieldConditions _conditions;
    private readonly DeviceCredential? _credential;
    private readonly double _sampleRateHz;
    private long _firstAckedNs = long.MaxValue;
    private long _ackedUntilNs = long.MinValue;
    private long _ackedSamples;

    public EcgStreamDevice(DeviceDefinition definition, string deviceId, string site, string session, GrpcChannel channel, FieldConditions conditions, int seed, DeviceCredential? credential = null)
    {
        _credential = credential;
        _channel = channel;
        _conditions = conditions;
        var startNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        var firstSeq = (ulong)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond);
        if (definition.Kind == "wfdb")
        {
            var replay = new WfdbReplayRecorder(new WfdbReplayRecorderOptions
            {
                DeviceId = deviceId, SiteId = site, SessionId = session, Loop = true, StartTimeNs = startNs, FirstSeq = firstSeq,
                HeaderPath = definition.Record ?? throw new ArgumentException("a wfdb device needs \"record\": the path of a .hea file"),
            });
            _chunkSeconds = replay.Options.ChunkSamples / replay.Header.SamplingFrequency;
            _sampleRateHz = replay.Header.SamplingFrequency;
            _next = replay.NextBatch;
        }
        else
        {
            var recorder = new EcgRecorder(new EcgRecorderOptions
            {
                DeviceId = deviceId, SiteId = site, SessionId = session,
                Leads = definition.Kind == "ecg1" ? 1 : 12,
                ChunkSamples = (int)(definition.Rate / 4),
                StartTimeNs = startNs, FirstSeq = firstSeq,
                ClockOffset = TimeSpan.FromSeconds(definition.ClockOffsetSeconds), ClockDriftPpm = definition.ClockDriftPpm,
                Signal = new SyntheticEcgOptions
                {
                    SampleRateHz = definition.Rate, HeartRateBpm = definition.HeartRate, EctopicProbability = definition.Pvc,
                    Rhythm = Enum.Parse<Rhythm>(definition.Rhythm, ignoreCase: true), BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = seed,
                },
            });
            _chunkSeconds = recorder.Options.ChunkSamples / definition.Rate;
            _sampleRateHz = definition.Rate;
            _next = recorder.NextBatch;
        }

        Stats = new DeviceStats(deviceId, definition.Kind, "grpc");
    }

    public DeviceStats Stats { get; }

    /// <summary>Seconds of ECG the gateway acknowledged so far.</summary>
    public double AcknowledgedSeconds => Interlocked.Read(ref _ackedSamples) / _sampleRateHz;

    /// <summary>Device-clock times of the first and past the last acknowledged sample (what the gateway stored), or
    /// null before the first acknowledgement: the recording range a request attaches.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? AcknowledgedRange
    {
        get
        {
            var from = Interlocked.Read(ref _firstAckedNs);
            var to = Interlocked.Read(ref _ackedUntilNs);
            return from == long.MaxValue ? null
                : (DateTimeOffset.UnixEpoch.AddTicks(from / 100), DateTimeOffset.UnixEpoch.AddTicks((to + 99) / 100));
        }
    }

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var sender = new GrpcBatchSender(_channel, conditions: _conditions, credential: _credential);
        sender.Answered += (batch, result) =>
        {
            if (result.Ack is not null)
            {
                Stats.OnAcked(result.Ack.Duplicate);
                OnAcknowledged(batch, result.Ack.Duplicate);
            }
            else
            {
                Stats.OnRejected($"{result.Rejection.Reason}: {result.Rejection.Detail}");
            }

            Stats.SetReconnects(sender.Reconnects);
        };
        Stats.Pending = () => sender.Pending;
        sender.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long i = 0; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds((i + 1) * _chunkSeconds) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            var batch = _next();
            if (batch is null)
            {
                break;
            }

            await sender.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            Stats.OnSent();
            Stats.LastError = sender.LastError;
        }

        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(TimeSpan.FromSeconds(30));
        await sender.DrainAsync(drain.Token).ConfigureAwait(false);
    }

    private void OnAcknowledged(ReadingBatch batch, bool duplicate)
    {
        foreach (var chunk in batch.Waveforms)
        {
            var samples = chunk.Channels.Count == 0 ? 0 : chunk.Channels[0].Samples.Count;
            var end = chunk.StartTimeNs + (long)Math.Round(samples * 1e9 / chunk.SampleRateHz);
            InterlockedMin(ref _firstAckedNs, chunk.StartTimeNs);
            InterlockedMax(ref _ackedUntilNs, end);
            if (!duplicate)
            {
                Interlocked.Add(ref _ackedSamples, samples);
            }
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value < current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
