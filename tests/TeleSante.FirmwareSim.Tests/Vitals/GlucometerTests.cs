using Microsoft.Extensions.Time.Testing;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Vitals;

public sealed class GlucometerTests
{
    private static Glucometer Meter(GlucoseUnit unit = GlucoseUnit.MillimolesPerLitre, GlucoseProfile profile = GlucoseProfile.FastingNormal, int seed = 15, TimeProvider? time = null) => new(new GlucometerOptions
    {
        DeviceId = "ph-lyon-03-glu1",
        SiteId = "pharma-lyon-03",
        Unit = unit,
        Profile = profile,
        Seed = seed,
        FirstSeq = 1,
        TimeProvider = time ?? TimeProvider.System,
    });

    private static long Minute(int i) => TestTimes.MorningNs + (i * 60_000_000_000L);

    [Fact]
    public void A_mmol_per_litre_meter_sends_capillary_glucose_with_LOINC_14743_9_to_one_decimal()
    {
        var meter = Meter();
        var readings = Enumerable.Range(0, 40).Select(i => meter.Measure("cons-g", Minute(i))).ToList();

        foreach (var m in readings)
        {
            m.Outcome.Should().Be(GlucometerOutcome.Success);
            var observation = m.Batch!.Observations.Should().ContainSingle().Subject;
            observation.MdcCode.Should().Be(CodeCatalog.CapillaryGlucose);
            observation.Unit.Should().Be("mmol/L");
            observation.Loinc.Should().Be("14743-9");
            observation.Value.Should().BeInRange(3.0, 7.5, "a fasting non-diabetic plus the meter's ISO 15197 error");
            Math.Round(observation.Value, 1).Should().Be(observation.Value);
            observation.ShouldBeAcceptedByTheCatalog();
            m.Batch.ShouldPassTheGatewayValidator();
        }
    }

    [Fact]
    public void A_mg_per_decilitre_meter_sends_whole_mg_dL_with_LOINC_41653_7_and_the_same_reading()
    {
        var mmol = Meter(GlucoseUnit.MillimolesPerLitre, GlucoseProfile.Diabetic, seed: 2);
        var mgdl = Meter(GlucoseUnit.MilligramsPerDecilitre, GlucoseProfile.Diabetic, seed: 2);
        for (var i = 0; i < 30; i++)
        {
            var a = mmol.Measure("cons-a", Minute(i));
            var b = mgdl.Measure("cons-b", Minute(i));
            var observation = b.Batch!.Observations[0];
            observation.Unit.Should().Be("mg/dL");
            observation.Loinc.Should().Be("41653-7");
            observation.Value.Should().Be(Math.Round(observation.Value));
            observation.ShouldBeAcceptedByTheCatalog();
            // Same draw: the two displays differ only by rounding (0.05 mmol/L is 0.9 mg/dL, plus 0.5 mg/dL).
            observation.Value.Should().BeApproximately(a.Value!.Value * Glucometer.MilligramsPerDecilitrePerMillimole, 1.41);
        }
    }

    [Fact]
    public void A_grams_per_litre_meter_as_sold_in_France_sends_two_decimals_with_LOINC_41653_7()
    {
        var mgdl = Meter(GlucoseUnit.MilligramsPerDecilitre, GlucoseProfile.Diabetic, seed: 3);
        var gl = Meter(GlucoseUnit.GramsPerLitre, GlucoseProfile.Diabetic, seed: 3);
        for (var i = 0; i < 30; i++)
        {
            var a = mgdl.Measure("cons-a", Minute(i));
            var observation = gl.Measure("cons-b", Minute(i)).Batch!.Observations[0];
            observation.Unit.Should().Be("g/L");
            observation.Loinc.Should().Be("41653-7");
            observation.Value.Should().Be(a.Value!.Value / 100, "the same reading, displayed as g/L");
            observation.ShouldBeAcceptedByTheCatalog();
        }
    }

    [Fact]
    public void The_result_is_shown_five_seconds_after_the_drop_reaches_the_strip_and_stamped_then()
    {
        var m = Meter().Measure("cons-t", TestTimes.MorningNs, sampleDelay: TimeSpan.FromSeconds(12));

        m.StripInsertedNs.Should().Be(TestTimes.MorningNs);
        m.SampleAppliedNs.Should().Be(TestTimes.MorningNs + 12_000_000_000);
        m.EndTimeNs.Should().Be(m.SampleAppliedNs + 5_000_000_000);
        m.Batch!.Observations[0].TimeNs.Should().Be(m.EndTimeNs);
    }

    [Fact]
    public void Readings_meet_the_ISO_15197_criterion_95_percent_within_0_83_mmol_per_litre_or_15_percent()
    {
        var meter = Meter(profile: GlucoseProfile.Diabetic, seed: 15197);
        var readings = Enumerable.Range(0, 400).Select(i => meter.Measure("cons-iso", Minute(i))).Where(m => m.Outcome == GlucometerOutcome.Success).ToList();
        var within = readings.Count(m => Math.Abs(m.Value!.Value - m.TrueMmolPerLitre) <= (m.TrueMmolPerLitre < 5.55 ? 0.83 + 0.05 : (0.15 * m.TrueMmolPerLitre) + 0.05));

        readings.Should().HaveCountGreaterThan(390);
        ((double)within / readings.Count).Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Theory]
    [InlineData(0.2, GlucometerFault.None, GlucometerOutcome.BelowRange)]
    [InlineData(45.0, GlucometerFault.None, GlucometerOutcome.AboveRange)]
    [InlineData(5.0, GlucometerFault.InsufficientSample, GlucometerOutcome.InsufficientSample)]
    [InlineData(5.0, GlucometerFault.UsedStrip, GlucometerOutcome.StripError)]
    public void Errors_show_a_code_and_send_it_as_an_event_instead_of_a_value(double truth, GlucometerFault fault, GlucometerOutcome expected)
    {
        var meter = Meter();
        var failed = new List<GlucoseMeasurement>();
        meter.Failed += failed.Add;

        var m = meter.Measure("cons-e", TestTimes.MorningNs, TimeSpan.FromSeconds(10), truth, fault);

        m.Outcome.Should().Be(expected);
        m.Value.Should().BeNull();
        m.Batch!.Observations.Should().BeEmpty();
        var sent = m.Batch.Events.Should().ContainSingle().Subject;
        sent.Code.Should().Be(expected switch
        {
            GlucometerOutcome.StripError => "strip-error",
            GlucometerOutcome.InsufficientSample => "insufficient-sample",
            _ => "out-of-range",
        });
        sent.Text.Should().StartWith(expected switch { GlucometerOutcome.BelowRange => "LO", GlucometerOutcome.AboveRange => "HI", _ => "E-" });
        m.Batch.ShouldPassTheGatewayValidator();
        failed.Should().ContainSingle();
        m.EndTimeNs.Should().BeLessThanOrEqualTo(TestTimes.MorningNs + 15_000_000_000, "an error shows no later than a result would");
        meter.Measure("cons-e", Minute(1), trueMmolPerLitre: 5).Batch!.Seq.Should().Be(2, "the error took seq 1");
    }

    [Fact]
    public async Task In_real_time_the_result_comes_after_lancing_and_the_countdown()
    {
        var clock = new FakeTimeProvider(TestTimes.Morning);
        var measuring = Meter(time: clock).MeasureAsync("cons-rt", TimeSpan.FromSeconds(10), 6.2);
        clock.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(20);
        measuring.IsCompleted.Should().BeFalse("the countdown has a second to go");
        clock.Advance(TimeSpan.FromSeconds(1));

        var m = await measuring.WaitAsync(TimeSpan.FromSeconds(5));
        m.EndTimeNs.Should().Be(TestTimes.MorningNs + 15_000_000_000);
        m.Outcome.Should().Be(GlucometerOutcome.Success);
    }
}
