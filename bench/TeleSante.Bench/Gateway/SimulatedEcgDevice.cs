using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using TeleSante.Bench.Storage;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// One 12-lead recorder streaming in real time: at the end of each 0.5 s chunk it hands the chunk to
/// the firmware simulator's <see cref="GrpcBatchSender"/> (outbox, at most 32 unacknowledged, resend
/// after a broken stream). A full window makes <see cref="GrpcBatchSender.SendAsync"/> wait, which is
/// how a slow gateway shows: the device falls behind its clock (lag).
/// </summary>
public sealed class SimulatedEcgDevice : IAsyncDisposable
{
    private const int Window = 32;

    // Send time by seq, for the ack latency. Twice the window: at most Window batches are unanswered.
    private readonly long[] _sentAt = new long[Window * 2];
    private readonly GrpcBatchSender _sender;
    private readonly EcgDeviceFleet _fleet;
    private long _acked;
    private long _lastSeq;

    public SimulatedEcgDevice(EcgDeviceFleet fleet, GrpcChannel channel, SimulatedStream stream)
    {
        _fleet = fleet;
        Stream = stream;
        _sender = new GrpcBatchSender(channel, Window);
        _sender.Answered += OnAnswered;
        _sender.Start();
    }

    public SimulatedStream Stream { get; }

    /// <summary>Distinct batches acknowledged (first ack or duplicate ack of a resend).</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Seq of the last chunk handed to the sender (chunk k has seq k + 1): bench viewers count the
    /// frames a device produced while they watched from two readings of it.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public long Reconnects => Interlocked.Read(ref _sender.Reconnects);

    public int Pending => _sender.Pending;

    public string? LastError => _sender.LastError;

    /// <summary>Sends chunk after chunk on the device's clock until <paramref name="stop"/>. A chunk
    /// already due is still handed over after <paramref name="stop"/> (waiting for a window slot if
    /// need be) unless <paramref name="abandon"/> fires: GrpcBatchSender may queue a batch and still
    /// throw when cancelled, which would make "sent" undercount.</summary>
    public async Task RunAsync(EcgSignalPool pool, long startTimestamp, CancellationToken stop, CancellationToken abandon)
    {
        var chunkTicks = (long)(pool.ChunkDuration.TotalSeconds * Stopwatch.Frequency);
        var phaseTicks = (Stream.StartTimeNs - _fleet.StartTimeNs) * Stopwatch.Frequency / 1_000_000_000;
        for (var k = 0; ; k++)
        {
            // Chunk k covers [start + k*0.5 s, start + (k+1)*0.5 s): it exists once its last sample is taken.
            var due = startTimestamp + phaseTicks + ((k + 1) * chunkTicks);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop).ConfigureAwait(false);
                }

                var batch = pool.Batch(Stream, k, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
                Volatile.Write(ref _sentAt[batch.Seq % (Window * 2)], Stopwatch.GetTimestamp());
                Interlocked.Exchange(ref _lastSeq, (long)batch.Seq);
                await _sender.SendAsync(batch, abandon).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested || abandon.IsCancellationRequested)
            {
                return;
            }

            _fleet.OnSent(Stopwatch.GetTimestamp() - due);
        }
    }

    public Task DrainAsync(CancellationToken cancellationToken) => _sender.DrainAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _sender.DisposeAsync().ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // GrpcBatchSender's reconnect loop only catches stream errors while not stopping, so a stream
            // that fails exactly while it is disposed surfaces here; the device is going away anyway.
            _fleet.OnDisposeError();
        }
    }

    private void OnAnswered(ReadingBatch batch, BatchResult result)
    {
        var latency = Stopwatch.GetTimestamp() - Volatile.Read(ref _sentAt[batch.Seq % (Window * 2)]);
        if (result.OutcomeCase == BatchResult.OutcomeOneofCase.Ack)
        {
            Interlocked.Increment(ref _acked);
            _fleet.OnAcked(latency, result.Ack.Duplicate);
        }
        else
        {
            _fleet.OnRejected(result.Rejection);
        }
    }
}
