using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;

namespace TeleSante.Domain.Tests;

public sealed class BatchValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly long NowNs = (Now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
    private readonly BatchValidator _validator = new(new ValidationLimits(), new FakeTimeProvider(Now));

    private static ReadingBatch Ecg(int leads = 12, int samples = 250, double rate = 500)
    {
        var batch = new ReadingBatch { DeviceId = "ecg-1", SiteId = "pharma-lyon-03", SessionId = "cons-1", Seq = 1, DeviceTimeNs = NowNs };
        var chunk = new WaveformChunk { StartTimeNs = NowNs - 1_000_000_000, SampleRateHz = rate };
        foreach (var code in CodeCatalog.TwelveLeads.Take(leads))
        {
            var channel = new WaveformChannel { MdcCode = code, Gain = 1000, Baseline = 0, Unit = "mV" };
            channel.Samples.Add(Enumerable.Range(0, samples).Select(i => (i % 50) * 20 - 500));
            chunk.Channels.Add(channel);
        }

        batch.Waveforms.Add(chunk);
        return batch;
    }

    private static ReadingBatch Vitals(params Observation[] observations)
    {
        var batch = new ReadingBatch { DeviceId = "cuff-1", SiteId = "pharma-lyon-03", SessionId = "cons-1", Seq = 7, DeviceTimeNs = NowNs };
        batch.Observations.Add(observations);
        return batch;
    }

    private static Observation Obs(uint mdc, double value, string unit, string loinc = "", long? time = null) =>
        new() { MdcCode = mdc, Value = value, Unit = unit, Loinc = loinc, TimeNs = time ?? NowNs };

    [Fact]
    public void A_twelve_lead_chunk_and_a_full_set_of_vitals_are_valid()
    {
        _validator.Validate(Ecg()).IsValid.Should().BeTrue();
        _validator.Validate(Vitals(
            Obs(CodeCatalog.BpSystolic, 128, "mm[Hg]", "8480-6"), Obs(CodeCatalog.BpDiastolic, 82, "mm[Hg]"), Obs(CodeCatalog.BpMean, 97, "mm[Hg]"),
            Obs(CodeCatalog.SpO2, 97, "%", "2708-6"), Obs(CodeCatalog.PulseRateOximeter, 72, "/min"), Obs(CodeCatalog.BodyTemperature, 37.2, "Cel"),
            Obs(CodeCatalog.CapillaryGlucose, 5.4, "mmol/L", "14743-9"), Obs(CodeCatalog.CapillaryGlucose, 97, "mg/dL", "41653-7"),
            Obs(CodeCatalog.CapillaryGlucose, 1.05, "g/L", "41653-7"),
            Obs(CodeCatalog.HeartRateEcg, 64, "/min"))).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(CodeCatalog.BpSystolic, 412, "mm[Hg]", RejectReason.OutOfRange)]
    [InlineData(CodeCatalog.BpSystolic, 128, "mmHg", RejectReason.UnitMismatch)] // not UCUM: the UCUM code is mm[Hg]
    [InlineData(CodeCatalog.SpO2, 0.97, "%", RejectReason.OutOfRange)] // a fraction sent as a percentage
    [InlineData(CodeCatalog.BodyTemperature, 98.6, "Cel", RejectReason.OutOfRange)] // Fahrenheit value labelled Celsius
    [InlineData(CodeCatalog.BodyTemperature, 98.6, "[degF]", RejectReason.Unspecified)]
    [InlineData(CodeCatalog.CapillaryGlucose, 97, "mmol/L", RejectReason.OutOfRange)] // mg/dL value labelled mmol/L
    [InlineData(CodeCatalog.CapillaryGlucose, 105, "g/L", RejectReason.OutOfRange)] // mg/dL value labelled g/L
    [InlineData(999999u, 1, "1", RejectReason.UnknownCode)]
    [InlineData(CodeCatalog.PulseRateNonInvasive, double.NaN, "/min", RejectReason.OutOfRange)]
    [InlineData(CodeCatalog.PulseRateNonInvasive, double.PositiveInfinity, "/min", RejectReason.OutOfRange)]
    public void Observations_are_checked_for_code_unit_and_plausible_value(uint mdc, double value, string unit, RejectReason expected)
    {
        _validator.Validate(Vitals(Obs(mdc, value, unit))).Reason.Should().Be(expected);
    }

    [Fact]
    public void A_loinc_code_that_does_not_match_the_mdc_code_is_refused()
    {
        var outcome = _validator.Validate(Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]", "8462-4")));
        outcome.Reason.Should().Be(RejectReason.UnknownCode);
        outcome.Detail.Should().Contain("8462-4").And.Contain("MDC_PRESS_BLD_NONINV_SYS");
    }

    [Fact]
    public void The_detail_names_the_offending_field()
    {
        var outcome = _validator.Validate(Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]"), Obs(CodeCatalog.BpDiastolic, 250, "mm[Hg]")));
        outcome.Detail.Should().StartWith("observations[1]:").And.Contain("250").And.Contain("20..200");
    }

    [Theory]
    [InlineData(11, RejectReason.Unspecified)]
    [InlineData(-301, RejectReason.BadTimestamp)] // more than 5 minutes ahead
    [InlineData(31 * 24 * 3600, RejectReason.BadTimestamp)] // older than 30 days
    public void Device_time_outside_the_window_is_refused_never_retimed(long secondsAgo, RejectReason expected)
    {
        var batch = Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]"));
        batch.DeviceTimeNs = NowNs - (secondsAgo * 1_000_000_000);
        _validator.Validate(batch).Reason.Should().Be(expected);
        batch.DeviceTimeNs.Should().Be(NowNs - (secondsAgo * 1_000_000_000), "the validator never changes a timestamp");
    }

    [Fact]
    public void An_observation_four_minutes_ahead_is_accepted_and_six_minutes_ahead_refused()
    {
        _validator.Validate(Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]", time: NowNs + 240_000_000_000))).IsValid.Should().BeTrue();
        _validator.Validate(Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]", time: NowNs + 360_000_000_000))).Reason.Should().Be(RejectReason.BadTimestamp);
    }

    [Fact]
    public void Waveform_limits_and_consistency_are_enforced()
    {
        _validator.Validate(Ecg(rate: 100)).Reason.Should().Be(RejectReason.OutOfRange);
        _validator.Validate(Ecg(rate: 2000)).Reason.Should().Be(RejectReason.OutOfRange);
        _validator.Validate(Ecg(samples: 5001)).Reason.Should().Be(RejectReason.TooLarge);

        var unequal = Ecg();
        unequal.Waveforms[0].Channels[3].Samples.RemoveAt(0);
        _validator.Validate(unequal).Reason.Should().Be(RejectReason.Inconsistent);

        var twice = Ecg(leads: 2);
        twice.Waveforms[0].Channels[1].MdcCode = twice.Waveforms[0].Channels[0].MdcCode;
        _validator.Validate(twice).Reason.Should().Be(RejectReason.Inconsistent);

        var zeroGain = Ecg(leads: 1);
        zeroGain.Waveforms[0].Channels[0].Gain = 0;
        _validator.Validate(zeroGain).Reason.Should().Be(RejectReason.Inconsistent);

        var microvoltsAsMillivolts = Ecg(leads: 1);
        microvoltsAsMillivolts.Waveforms[0].Channels[0].Gain = 1; // 500 adu = 500 mV: a unit or gain mix-up
        _validator.Validate(microvoltsAsMillivolts).Reason.Should().Be(RejectReason.OutOfRange);

        var nanRate = Ecg(leads: 1);
        nanRate.Waveforms[0].SampleRateHz = double.NaN;
        _validator.Validate(nanRate).Reason.Should().Be(RejectReason.OutOfRange);
    }

    [Theory]
    [InlineData("", RejectReason.BadIdentity)]
    [InlineData("ecg 1", RejectReason.BadIdentity)]
    [InlineData("ecg/1", RejectReason.BadIdentity)] // would break the MQTT topic scheme
    [InlineData("écg-1", RejectReason.BadIdentity)]
    [InlineData("ECG_1.a-b", RejectReason.Unspecified)]
    public void Identifiers_are_restricted_to_a_safe_alphabet(string deviceId, RejectReason expected)
    {
        var batch = Ecg(leads: 1);
        batch.DeviceId = deviceId;
        _validator.Validate(batch).Reason.Should().Be(expected);
    }

    [Fact]
    public void A_batch_without_readings_or_seq_is_refused()
    {
        var empty = Vitals();
        _validator.Validate(empty).Reason.Should().Be(RejectReason.Inconsistent);
        var noSeq = Vitals(Obs(CodeCatalog.BpSystolic, 120, "mm[Hg]"));
        noSeq.Seq = 0;
        _validator.Validate(noSeq).Reason.Should().Be(RejectReason.BadIdentity);
    }
}
