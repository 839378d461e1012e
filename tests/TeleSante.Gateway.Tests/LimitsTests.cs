using Grpc.Core;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Every limit is explicit, configurable and enforced with a clear error.</summary>
public sealed class LimitsTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task A_device_over_its_batch_rate_is_refused_as_retryable_rate_limited_and_nothing_is_dead_lettered()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Ingestion:MaxBatchesPerSecondPerDevice"] = "0.5",
            ["Ingestion:BurstBatchesPerDevice"] = "3",
        });
        var batches = TestEcg.Batches(TestEcg.Recorder("ecg-rate", "rate", TestEcg.NowNs() - 30_000_000_000, leads: 1), 6);
        var answers = await GrpcIngestionTests.SendAllAsync(gateway, batches);

        answers.Take(3).Should().OnlyContain(a => a.Ack != null);
        answers.Skip(3).Should().OnlyContain(a => a.Rejection.Reason == RejectReason.RateLimited && a.Rejection.Retryable);
        answers[3].Rejection.Detail.Should().Contain("0.5 batches/s");
        (await StoredRecording.DeadLettersAsync(gateway)).Should().BeEmpty("a rate-limited batch is kept by the device, not dead-lettered");
    }

    [Fact]
    public async Task A_device_may_hold_only_the_configured_number_of_streams()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Security:DeviceAuthentication"] = "true",
            ["Security:MaxConnectionsPerDevice"] = "1",
        });
        var token = await gateway.RegisterDeviceAsync("ecg-one-stream", "ecg", "test-pharmacy");
        var headers = new Metadata { { "x-telesante-device", "ecg-one-stream" }, { "x-telesante-token", token } };
        var client = new Ingest.IngestClient(gateway.Grpc);
        using var first = client.Stream(headers);
        await first.RequestStream.WriteAsync(TestEcg.Recorder("ecg-one-stream", "streams", TestEcg.NowNs() - 10_000_000_000, leads: 1).NextBatch());
        (await first.ResponseStream.MoveNext(CancellationToken.None)).Should().BeTrue();

        using var second = client.Stream(headers);
        var read = async () => await second.ResponseStream.MoveNext(CancellationToken.None);
        var refused = (await read.Should().ThrowAsync<RpcException>()).Which;
        refused.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        refused.Status.Detail.Should().Contain("Security:MaxConnectionsPerDevice");
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_a_plaintext_listener_outside_loopback()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Mqtt:EmbeddedBindAddress"] = "0.0.0.0" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("may only bind loopback");
    }

    [Fact]
    public async Task An_options_mistake_stops_the_gateway_at_start_up_with_the_key_named()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Validation:EcgMinSampleRateHz"] = "2000" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("EcgMinSampleRateHz");
    }
}
