using CsCheck;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.GrpcIngest;
using TeleSante.Gateway.Mqtt;

namespace TeleSante.Gateway.Tests;

/// <summary>Property-based tests over the decoders devices feed: whatever arrives, a typed answer, never an exception.</summary>
public sealed class DecoderPropertyTests
{
    private static readonly BatchValidator Validator = new(new ValidationLimits(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)));

    private static readonly Gen<ReadingBatch> Batches =
        Gen.Select(Gen.String[0, 70], Gen.ULong, Gen.Long, Gen.Int[0, 3], Gen.Int[0, 20], Gen.Double, Gen.Int[-100_000, 100_000].Array[0, 50], Gen.UInt)
            .Select((id, seq, time, channels, observations, value, samples, code) =>
            {
                var batch = new ReadingBatch { DeviceId = id, SiteId = "s", SessionId = "x", Seq = seq, DeviceTimeNs = time };
                if (channels > 0)
                {
                    var chunk = new WaveformChunk { StartTimeNs = time, SampleRateHz = Math.Abs(value) % 2000 };
                    for (var c = 0; c < channels; c++)
                    {
                        var channel = new WaveformChannel { MdcCode = c == 0 ? code : CodeCatalog.TwelveLeads[c], Gain = value, Unit = c % 2 == 0 ? "mV" : "uV" };
                        channel.Samples.Add(samples);
                        chunk.Channels.Add(channel);
                    }

                    batch.Waveforms.Add(chunk);
                }

                for (var o = 0; o < observations; o++)
                {
                    batch.Observations.Add(new Observation { MdcCode = o % 2 == 0 ? code : CodeCatalog.SpO2, Value = value * o, Unit = "%", TimeNs = time + o });
                }

                return batch;
            });

    [Fact]
    public void Any_bytes_on_the_grpc_stream_decode_to_a_batch_or_a_malformed_rejection()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            var incoming = IngestGrpcBinding.Parse(bytes);
            return (incoming.Batch is null) != (incoming.Error is null) && incoming.Raw.Length == bytes.Length;
        }, iter: 20_000);
    }

    [Fact]
    public void Truncated_or_bit_flipped_batches_never_throw_in_the_decoder_or_the_validator()
    {
        Gen.Select(Batches, Gen.Int[0, 10_000], Gen.Int[0, 7]).Sample((batch, cut, bit) =>
        {
            var bytes = batch.ToByteArray();
            if (bytes.Length == 0)
            {
                return true;
            }

            var damaged = bytes[..(cut % bytes.Length)];
            if (damaged.Length > 0)
            {
                damaged[cut % damaged.Length] ^= (byte)(1 << bit);
            }

            var incoming = IngestGrpcBinding.Parse(damaged);
            return incoming.Batch is null || Validator.Validate(incoming.Batch) is var outcome && (outcome.IsValid || outcome.Detail!.Length > 0);
        }, iter: 5_000);
    }

    [Fact]
    public void Random_batches_are_either_valid_or_refused_with_a_reason_naming_the_problem()
    {
        Batches.Sample(batch =>
        {
            var outcome = Validator.Validate(batch);
            return outcome.IsValid || (outcome.Reason != RejectReason.Unspecified && !string.IsNullOrWhiteSpace(outcome.Detail));
        }, iter: 20_000);
    }

    [Fact]
    public void Mqtt_topics_parse_exactly_the_documented_scheme()
    {
        var ids = Gen.Char["abcXYZ019._-"].Array[1, 64].Select(c => new string(c)).Where(Identifiers.IsValid);
        Gen.Select(ids, ids, Gen.Bool.Select(b => b ? "batch" : "vitals")).Sample((site, device, stream) =>
            MqttTopicAddress.TryParse($"telesante/v1/{site}/{device}/{stream}", out var address, out _)
            && address == new MqttTopicAddress(site, device, stream), iter: 5_000);

        Gen.String[0, 120].Sample(topic =>
        {
            var ok = MqttTopicAddress.TryParse(topic, out var address, out var error);
            return ok ? Identifiers.IsValid(address.Site) && Identifiers.IsValid(address.Device) : error.Length > 0;
        }, iter: 20_000);

        MqttTopicAddress.TryParse("telesante/v1/site/device/batch/extra", out _, out _).Should().BeFalse();
        MqttTopicAddress.TryParse("telesante/v1/site/+/batch", out _, out _).Should().BeFalse("wildcards are not identifiers");
        MqttTopicAddress.TryParse("telesante/v1/site/device/result", out _, out _).Should().BeFalse("the gateway's own answers are not ingested");
    }

    [Fact]
    public void Topics_parsed_over_spans_give_what_splitting_the_topic_gave()
    {
        // Issue 14 replaced string.Split by span parsing: the same topics are taken apart the same way.
        static (bool Ok, MqttTopicAddress Address) BySplit(string topic)
        {
            if (!topic.StartsWith(MqttTopicAddress.Prefix, StringComparison.Ordinal))
            {
                return (false, default);
            }

            var parts = topic[MqttTopicAddress.Prefix.Length..].Split('/');
            return parts.Length == 3 && Identifiers.IsValid(parts[0]) && Identifiers.IsValid(parts[1]) && parts[2] is "batch" or "vitals"
                ? (true, new MqttTopicAddress(parts[0], parts[1], parts[2]))
                : (false, default);
        }

        string[] streams = ["batch", "vitals", "result", "batch/", "/vitals", ""];
        string[] prefixes = [MqttTopicAddress.Prefix, "telesante/v2/", "", "telesante/v1"];
        var segment = Gen.Char["ab1._-/"].Array[0, 8].Select(c => new string(c));
        var tails = Gen.OneOf(
            Gen.Char["ab1/._-+#"].Array[0, 24].Select(c => new string(c)),
            Gen.Select(segment, segment, Gen.Int[0, streams.Length - 1], (site, device, stream) => $"{site}/{device}/{streams[stream]}"));
        Gen.Select(Gen.Int[0, prefixes.Length - 1], tails).Sample((prefix, tail) =>
        {
            var topic = prefixes[prefix] + tail;
            var ok = MqttTopicAddress.TryParse(topic, out var address, out var error);
            var expected = BySplit(topic);
            return ok == expected.Ok && address == expected.Address && (ok || error.Length > 0);
        }, iter: 20_000);
    }
}
