using Google.Protobuf;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Wal;

/// <summary>
/// The log keeps a device's protobuf batch as it arrived instead of re-encoding it: what the log's readers decode must
/// be the batch the gateway validated, whatever the device's encoder did.
/// </summary>
public sealed class WalEntryEncodingTests
{
    private static ReadingBatch EcgBatch()
    {
        var batch = new ReadingBatch { DeviceId = "ecg-07", SiteId = "site-1", SessionId = "sess-é", Seq = 42, SeqEpoch = 3, DeviceTimeNs = 1_700_000_000_000_000_000 };
        var chunk = new WaveformChunk { StartTimeNs = 1_700_000_000_000_000_000, SampleRateHz = 500 };
        foreach (var lead in CodeCatalog.TwelveLeads)
        {
            var channel = new WaveformChannel { MdcCode = lead, Gain = 1000, Baseline = -2, Unit = "mV" };
            channel.Samples.Add(Enumerable.Range(0, 250).Select(i => (i * 37 % 4001) - 2000));
            chunk.Channels.Add(channel);
        }

        batch.Waveforms.Add(chunk);
        batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 97, Unit = "%", TimeNs = 1_700_000_000_000_000_000 });
        return batch;
    }

    private static byte[] Encode(byte[] encodedBatch, long receivedNs, string transport)
    {
        var buffer = new byte[WalEntryEncoding.ComputeSize(encodedBatch.Length, receivedNs, transport)];
        WalEntryEncoding.Write(buffer, encodedBatch, receivedNs, transport).Should().Be(buffer.Length, "the size computed is the size written");
        return buffer;
    }

    [Theory]
    [InlineData(1_764_000_000_123_456_789L, "grpc")]
    [InlineData(0L, "mqtt")]
    [InlineData(-5L, "")]
    [InlineData(1L, "transport-à-accents")]
    public void A_canonically_encoded_batch_gives_the_bytes_the_generated_code_writes(long receivedNs, string transport)
    {
        var batch = EcgBatch();
        var expected = new WalEntry { Batch = batch, ReceivedTimeNs = receivedNs, Transport = transport }.ToByteArray();

        Encode(batch.ToByteArray(), receivedNs, transport).Should().Equal(expected);
    }

    [Fact]
    public void An_empty_batch_is_still_a_present_batch()
    {
        var record = WalEntry.Parser.ParseFrom(Encode([], 7, "grpc"));

        record.Batch.Should().NotBeNull().And.Be(new ReadingBatch());
        record.ReceivedTimeNs.Should().Be(7);
        record.Transport.Should().Be("grpc");
    }

    [Fact]
    public void A_batch_encoded_out_of_order_with_repeated_and_unknown_fields_reads_back_as_the_batch_that_was_decoded()
    {
        // A device's encoder may write fields in any order, repeat a scalar (the last one wins) or send fields this
        // gateway does not know: the record must decode to exactly what the gateway decoded and validated.
        var full = EcgBatch();
        var waveformsOnly = new ReadingBatch();
        waveformsOnly.Waveforms.Add(full.Waveforms);
        var headerFirst = new ReadingBatch { DeviceId = "ecg-07", SiteId = "site-1", SessionId = "a session replaced below", Seq = 41 };
        var header = new ReadingBatch { SessionId = full.SessionId, Seq = full.Seq, SeqEpoch = full.SeqEpoch, DeviceTimeNs = full.DeviceTimeNs };
        header.Observations.Add(full.Observations);
        byte[] unknownField = [0xB8, 0x3E, 0x2A]; // field 999, varint 42
        byte[] raw = [.. waveformsOnly.ToByteArray(), .. headerFirst.ToByteArray(), .. unknownField, .. header.ToByteArray()];
        var decoded = ReadingBatch.Parser.ParseFrom(raw);
        decoded.SessionId.Should().Be(full.SessionId, "the test's input must really repeat fields");

        var record = WalEntry.Parser.ParseFrom(Encode(raw, 11, "mqtt"));

        record.Batch.Should().Be(decoded);
        record.Batch.Waveforms.Single().Channels.Should().HaveCount(12);
        record.Batch.Waveforms[0].Channels[0].Samples.Should().Equal(full.Waveforms[0].Channels[0].Samples);
        record.ReceivedTimeNs.Should().Be(11);
        record.Transport.Should().Be("mqtt");
    }
}
