using System.Text;
using TeleSante.FirmwareSim.Serial;

namespace TeleSante.StationAgent.Tests;

public sealed class SerialLineProtocolTests
{
    private const long Nov22 = 1_795_342_530_120_000_000; // 2026-11-22T10:15:30.120Z

    [Fact]
    public void Observation_sentence_parses_to_code_value_unit_seq_and_time()
    {
        Parse("$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*70").Should().BeEquivalentTo(
            new SerialSentence("TSV1", 1042, Nov22, [new SerialObservation(150456, 97, "%")]));
    }

    [Fact]
    public void Documented_examples_are_valid_sentences()
    {
        Parse("$TSB1,1043,2026-11-22T10:16:02.000Z,128,82,97,mm[Hg],71*5C").Observations.Should().HaveCount(4);
        Parse("$TSV1,1044,2026-11-22T10:16:30.000Z,MDC_TEMP_BODY,36.8,Cel*51").Observations.Should().ContainSingle()
            .Which.Should().Be(new SerialObservation(150364, 36.8, "Cel"));
    }

    [Fact]
    public void Blood_pressure_sentence_is_one_measurement_of_systolic_diastolic_mean_and_pulse()
    {
        var sentence = Parse(TsvSentence.BloodPressure(7, DateTimeOffset.FromUnixTimeMilliseconds(Nov22 / 1_000_000), 128, 82, 97.3, "mm[Hg]", 71).TrimEnd());
        sentence.Type.Should().Be("TSB1");
        sentence.TimeNs.Should().Be(Nov22);
        sentence.Observations.Should().Equal(
            new SerialObservation(150021, 128, "mm[Hg]"),
            new SerialObservation(150022, 82, "mm[Hg]"),
            new SerialObservation(150023, 97.3, "mm[Hg]"),
            new SerialObservation(149546, 71, "/min"));
    }

    [Fact]
    public void Blood_pressure_without_mean_or_pulse_carries_only_what_the_cuff_measured()
    {
        var sentence = Parse(TsvSentence.BloodPressure(8, DateTimeOffset.UnixEpoch.AddYears(56), 15.3, 10.1, null, "kPa", null).TrimEnd());
        sentence.Observations.Should().Equal(new SerialObservation(150021, 15.3, "kPa"), new SerialObservation(150022, 10.1, "kPa"));
    }

    [Fact]
    public void Checksum_in_lower_case_hex_is_accepted()
    {
        Parse("$TSB1,1043,2026-11-22T10:16:02.000Z,128,82,97,mm[Hg],71*5c").Seq.Should().Be(1043);
    }

    [Theory]
    [InlineData("2026-11-22T10:15:30Z", 1_795_342_530_000_000_000)]
    [InlineData("2026-11-22T10:15:30.1Z", 1_795_342_530_100_000_000)]
    [InlineData("2026-11-22T10:15:30.123456789Z", 1_795_342_530_123_456_789)]
    [InlineData("2026-11-22T11:15:30.120+01:00", 1_795_342_530_120_000_000)]
    [InlineData("2026-11-22T05:45:30.120-04:30", 1_795_342_530_120_000_000)]
    public void Times_are_RFC_3339_with_an_offset_to_the_nanosecond(string time, long expectedNs)
    {
        Parse(SerialLineProtocol.Format($"TSV1,1,{time},150456,97,%").TrimEnd()).TimeNs.Should().Be(expectedNs);
    }

    [Theory]
    [InlineData("2026-11-22T10:15:30")] // no offset: local time of an unknown zone
    [InlineData("2026-11-22 10:15:30Z")]
    [InlineData("2026-11-22T10:15:30.Z")]
    [InlineData("2026-11-22T10:15:30.1234567890Z")]
    [InlineData("2026-02-30T10:15:30Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T10:15:60Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2026-11-22T10:15:30+1:00")]
    [InlineData("1795343730")]
    public void Times_without_offset_or_out_of_calendar_are_refused(string time)
    {
        Refusal(SerialLineProtocol.Format($"TSV1,1,{time},150456,97,%").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.0")]
    [InlineData("18446744073709551616")]
    [InlineData("")]
    public void Seq_must_be_a_positive_decimal_that_fits_64_bits(string seq)
    {
        Refusal(SerialLineProtocol.Format($"TSV1,{seq},2026-11-22T10:15:30Z,150456,97,%").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void Largest_seq_is_accepted()
    {
        Parse(SerialLineProtocol.Format("TSV1,18446744073709551615,2026-11-22T10:15:30Z,150456,97,%").TrimEnd()).Seq.Should().Be(ulong.MaxValue);
    }

    [Theory]
    [InlineData("97", 97)]
    [InlineData("-0.5", -0.5)]
    [InlineData("36.80", 36.8)]
    [InlineData("0007", 7)]
    public void Values_are_plain_decimals(string value, double expected)
    {
        Parse(SerialLineProtocol.Format($"TSV1,1,2026-11-22T10:15:30Z,150364,{value},Cel").TrimEnd()).Observations[0].Value.Should().Be(expected);
    }

    [Theory]
    [InlineData("1e2")]
    [InlineData("97.")]
    [InlineData(".5")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("--1")]
    [InlineData("12345678901234567")]
    [InlineData("")]
    public void Values_in_other_notations_are_refused(string value)
    {
        Refusal(SerialLineProtocol.Format($"TSV1,1,2026-11-22T10:15:30Z,150364,{value},Cel").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void Unknown_MDC_reference_id_is_refused_as_unknown_code_but_an_unknown_numeric_code_is_left_to_the_gateway()
    {
        Refusal(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,MDC_NOT_A_CODE,1,%").TrimEnd()).Should().Be(LineRejectionReason.UnknownCode);
        Parse(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,999999,1,%").TrimEnd()).Observations[0].MdcCode.Should().Be(999999);
    }

    [Fact]
    public void Damaged_byte_is_a_checksum_refusal()
    {
        var good = "$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*70";
        var damaged = good.Replace("97", "87", StringComparison.Ordinal);
        var bytes = Encoding.ASCII.GetBytes(damaged);
        SerialLineProtocol.TryParse(bytes, out _, out var rejection).Should().BeFalse();
        rejection.Reason.Should().Be(LineRejectionReason.Checksum);
        rejection.Detail.Should().Contain("70 sent");
    }

    [Theory]
    [InlineData("TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*70")] // no '$'
    [InlineData("$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%")] // no checksum
    [InlineData("$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*7")]
    [InlineData("$TSV1,1042,2026-11-22T10:15:30.120Z,150456,97,%*7G")]
    [InlineData("hello world")]
    [InlineData("*00")]
    public void Lines_without_sentence_framing_are_syntax_refusals(string line)
    {
        Refusal(line).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void Wrong_number_of_fields_is_a_syntax_refusal()
    {
        Refusal(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,150456,97").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
        Refusal(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,150456,97,%,extra").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
        Refusal(SerialLineProtocol.Format("TSB1,1,2026-11-22T10:15:30Z,120,80,mm[Hg]").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void A_sentence_type_this_agent_does_not_know_is_kept_apart_as_unknown()
    {
        Refusal(SerialLineProtocol.Format("TSX9,1,2026-11-22T10:15:30Z").TrimEnd()).Should().Be(LineRejectionReason.UnknownSentence);
    }

    [Fact]
    public void Control_bytes_with_a_matching_checksum_are_still_refused()
    {
        var body = "TSV1,1,2026-11-22T10:15:30Z,150456,9\u00017,%";
        Refusal(SerialLineProtocol.Format(body).TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void Units_with_spaces_or_too_long_are_refused()
    {
        Refusal(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,150021,120,mm Hg").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
        Refusal(SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,150021,120,abcdefghijklmnopq").TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    [Fact]
    public void Lines_longer_than_the_limit_are_refused_as_too_long()
    {
        var line = SerialLineProtocol.Format("TSV1,1,2026-11-22T10:15:30Z,150456,97," + new string('x', 150)).TrimEnd();
        Refusal(line).Should().Be(LineRejectionReason.TooLong);
    }

    [Fact]
    public void The_simulator_and_the_agent_agree_on_every_sentence_the_simulator_writes()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(Nov22 / 1_000_000);
        Parse(TsvSentence.Observation(5, time, "MDC_PULS_OXIM_SAT_O2", 98, "%").TrimEnd()).Observations[0].MdcCode.Should().Be(150456);
        Parse(TsvSentence.Observation(6, time, "160196", 5.4, "mmol/L").TrimEnd()).Observations[0].Should().Be(new SerialObservation(160196, 5.4, "mmol/L"));
    }

    [Fact]
    public void Event_sentence_carries_the_event_its_measurement_and_the_device_text_and_no_value()
    {
        var sentence = Parse(TsvSentence.Event(9, DateTimeOffset.FromUnixTimeMilliseconds(Nov22 / 1_000_000), "cuff-loose", "150021", "E1 cuff").TrimEnd());

        sentence.Type.Should().Be(SerialLineProtocol.EventSentence);
        sentence.Seq.Should().Be(9);
        sentence.TimeNs.Should().Be(Nov22);
        sentence.Observations.Should().BeEmpty();
        sentence.EventList.Should().Equal(new SerialEvent("cuff-loose", 150021, "E1 cuff"));
        Parse(TsvSentence.Event(10, DateTimeOffset.UnixEpoch.AddYears(56), "low-battery", "", "").TrimEnd()).EventList.Single().MdcCode.Should().Be(0u);
        Parse(TsvSentence.Event(11, DateTimeOffset.UnixEpoch.AddYears(56), "probe-off", "MDC_PULS_OXIM_PLETH", "SENSOR OFF").TrimEnd()).EventList.Single().MdcCode.Should().Be(150452u);
    }

    [Theory]
    [InlineData("TSE1,1,2026-11-22T10:15:30Z,Cuff_Loose,150021,E1")]
    [InlineData("TSE1,1,2026-11-22T10:15:30Z,,150021,E1")]
    [InlineData("TSE1,1,2026-11-22T10:15:30Z,cuff-loose,abc,E1")]
    [InlineData("TSE1,1,2026-11-22T10:15:30Z,cuff-loose,150021")]
    [InlineData("TSE1,1,2026-11-22T10:15:30Z,cuff-loose,150021,a text far longer than the forty-eight characters a device may send")]
    public void Malformed_event_sentences_are_refused_as_syntax_errors(string body)
    {
        Refusal(SerialLineProtocol.Format(body).TrimEnd()).Should().Be(LineRejectionReason.Syntax);
    }

    private static SerialSentence Parse(string line)
    {
        SerialLineProtocol.TryParse(Encoding.ASCII.GetBytes(line), out var sentence, out var rejection).Should().BeTrue(rejection.Detail);
        return sentence!;
    }

    private static LineRejectionReason Refusal(string line)
    {
        SerialLineProtocol.TryParse(Encoding.ASCII.GetBytes(line), out var sentence, out var rejection).Should().BeFalse();
        sentence.Should().BeNull();
        rejection.Detail.Should().NotBeNullOrEmpty();
        return rejection.Reason;
    }

    [Theory]
    [InlineData("2611-06-23T08:24:27Z")] // past int64 nanoseconds: wrapped round before the fix
    [InlineData("2262-04-11T23:47:17Z")]
    [InlineData("9999-12-31T23:59:59-02:00")] // past DateTime's end once in UTC: threw before the fix
    [InlineData("2026-11-22T10:15:30+20:00")] // an offset DateTimeOffset refuses: threw before the fix
    public void A_time_that_nanoseconds_cannot_hold_is_refused_not_wrapped_or_thrown(string time)
    {
        var line = SerialLineProtocol.Format($"TSV1,1,{time},150456,97,%").TrimEnd('\r', '\n');
        if (time.EndsWith("+20:00", StringComparison.Ordinal))
        {
            // RFC 3339's grammar allows offsets to 23:59; this one is representable, so it is accepted exactly.
            SerialLineProtocol.TryParse(Encoding.ASCII.GetBytes(line), out var sentence, out var accepted).Should().BeTrue(accepted.Detail);
            sentence!.TimeNs.Should().Be((new DateTime(2026, 11, 21, 14, 15, 30, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) * 100);
            return;
        }

        SerialLineProtocol.TryParse(Encoding.ASCII.GetBytes(line), out _, out var rejection).Should().BeFalse();
        rejection.Reason.Should().Be(LineRejectionReason.Syntax);
        rejection.Detail.Should().Contain("2262-04-11");
    }
}
