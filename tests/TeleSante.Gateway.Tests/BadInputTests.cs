using Google.Protobuf;
using Grpc.Core;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class BadInputTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    // The Ingest/Stream method with raw bytes on the way out, so the test can send what no generated client would.
    private static readonly Method<byte[], BatchResult> RawStream = new(
        MethodType.DuplexStreaming, "telesante.v1.Ingest", "Stream",
        Marshallers.Create(static b => b, static b => b),
        Marshallers.Create(static r => r.ToByteArray(), static b => BatchResult.Parser.ParseFrom(b)));

    [Fact]
    public async Task Bad_batches_get_typed_rejections_and_dead_letters_while_the_stream_and_the_process_stay_up()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Validation:MaxBatchBytes"] = "65536" });
        var now = TestEcg.NowNs();
        ReadingBatch Valid(ulong seq) => TestEcg.Recorder("bad-input-ecg", "bad-input", now - 10_000_000_000, leads: 2, firstSeq: seq).NextBatch();

        var unknownCode = Valid(1);
        unknownCode.Waveforms[0].Channels[1].MdcCode = 131999;
        var tooSlow = Valid(2);
        tooSlow.Waveforms[0].SampleRateHz = 100;
        var tooManySamples = Valid(3);
        foreach (var channel in tooManySamples.Waveforms[0].Channels)
        {
            channel.Samples.Add(Enumerable.Repeat(5, 4751)); // 250 + 4751 = 5001 > 5000
        }

        // 12 leads × 2000 samples of wide-ranging values: about 70 KB encoded, over the 64 KiB limit set above.
        var oversized = TestEcg.Recorder("bad-input-ecg", "bad-input", now - 10_000_000_000, leads: 12, chunkSamples: 2000, firstSeq: 4).NextBatch();
        var random = new Random(3);
        foreach (var channel in oversized.Waveforms[0].Channels)
        {
            for (var i = 0; i < channel.Samples.Count; i++)
            {
                channel.Samples[i] = random.Next(-40_000, 40_000);
            }
        }

        var future = Valid(5);
        future.DeviceTimeNs = now + 3_600_000_000_000; // device clock an hour ahead
        var nanGain = Valid(6);
        nanGain.Waveforms[0].Channels[0].Gain = double.NaN;
        var notFinite = Valid(7);
        notFinite.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = double.PositiveInfinity, Unit = "%", TimeNs = now });
        var wrongUnit = Valid(8);
        wrongUnit.Waveforms[0].Channels[0].Unit = "mm[Hg]";
        var good = Valid(9);

        byte[][] payloads =
        [
            [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], // truncated length-delimited field: not a ReadingBatch
            unknownCode.ToByteArray(), tooSlow.ToByteArray(), tooManySamples.ToByteArray(), oversized.ToByteArray(),
            future.ToByteArray(), nanGain.ToByteArray(), notFinite.ToByteArray(), wrongUnit.ToByteArray(), good.ToByteArray(),
        ];
        payloads[4].Length.Should().BeGreaterThan(65536, "the oversized batch must exceed the configured limit");

        using var call = gateway.Grpc.CreateCallInvoker().AsyncDuplexStreamingCall(RawStream, null, new CallOptions());
        foreach (var payload in payloads)
        {
            await call.RequestStream.WriteAsync(payload);
        }

        await call.RequestStream.CompleteAsync();
        var answers = new List<BatchResult>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            answers.Add(answer);
        }

        answers.Select(a => a.Rejection?.Reason ?? RejectReason.Unspecified).Should().Equal(
            RejectReason.Malformed, RejectReason.UnknownCode, RejectReason.OutOfRange, RejectReason.TooLarge, RejectReason.TooLarge,
            RejectReason.BadTimestamp, RejectReason.Inconsistent, RejectReason.OutOfRange, RejectReason.UnitMismatch, RejectReason.Unspecified);
        answers[^1].Ack.Should().NotBeNull("the stream keeps working after bad input");
        answers.Take(9).Should().OnlyContain(a => !a.Rejection.Retryable && a.Rejection.Detail.Length > 10);
        answers[1].Rejection.Detail.Should().Contain("131999");
        answers[5].Rejection.Detail.Should().Contain("device_time_ns");

        var letters = await StoredRecording.DeadLettersAsync(gateway);
        letters.Should().HaveCount(9);
        letters.Where(l => l.GetProperty("seq").ValueKind != System.Text.Json.JsonValueKind.Null).Select(l => l.GetProperty("seq").UInt64())
            .Should().BeEquivalentTo(new ulong[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        Convert.FromBase64String(letters.Single(l => l.GetProperty("reason").GetString() == "Malformed").GetProperty("payload").GetString()!)
            .Should().Equal(payloads[0], "the undecodable bytes are kept as received");

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        var stored = await StoredRecording.WaveformsAsync(gateway, "bad-input", now - 20_000_000_000, now);
        stored.Values.Should().OnlyContain(c => c.Samples.Count == 250, "only the good batch is stored, and nothing of the refused ones");
        (await gateway.HealthAsync()).GetProperty("pipeline").GetProperty("rejected").GetInt64().Should().Be(9);
    }
}
