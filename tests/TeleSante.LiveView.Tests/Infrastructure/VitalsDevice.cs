using Grpc.Net.Client;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>A vitals device (cuff, oximeter, thermometer, glucometer) sending observation batches over gRPC.</summary>
internal sealed class VitalsDevice(GrpcChannel channel, string deviceId, string sessionId) : IAsyncDisposable
{
    private readonly GrpcBatchSender _sender = Started(new GrpcBatchSender(channel, window: 8));
    private ulong _seq;

    public Task<ReadingBatch> SendAsync(long timeNs, params (uint Mdc, double Value, string Unit)[] observations)
    {
        var batch = new ReadingBatch { DeviceId = deviceId, SiteId = "pharma-test-01", SessionId = sessionId, Seq = ++_seq, DeviceTimeNs = timeNs };
        foreach (var (mdc, value, unit) in observations)
        {
            batch.Observations.Add(new Observation { MdcCode = mdc, Value = value, Unit = unit, TimeNs = timeNs });
        }

        return SendBatchAsync(batch);
    }

    /// <summary>A device event instead of a value (a failed measurement, an alarm).</summary>
    public Task<ReadingBatch> SendEventAsync(long timeNs, string code, uint mdc, string text)
    {
        var batch = new ReadingBatch { DeviceId = deviceId, SiteId = "pharma-test-01", SessionId = sessionId, Seq = ++_seq, DeviceTimeNs = timeNs };
        batch.Events.Add(new DeviceEvent { Code = code, MdcCode = mdc, Text = text, TimeNs = timeNs });
        return SendBatchAsync(batch);
    }

    private async Task<ReadingBatch> SendBatchAsync(ReadingBatch batch)
    {
        await _sender.SendAsync(batch, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _sender.DrainAsync(cts.Token);
        _sender.Rejected.Should().Be(0, "the batch is valid");
        return batch;
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();

    private static GrpcBatchSender Started(GrpcBatchSender sender)
    {
        sender.Start();
        return sender;
    }
}
