using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Vitals;

public sealed class ThermometerTests
{
    private static Thermometer Thermometer(TemperatureUnit unit = TemperatureUnit.Celsius, ThermometerMethod method = ThermometerMethod.Tympanic, TemperatureProfile profile = TemperatureProfile.Normal, int seed = 4, TimeProvider? time = null) => new(new ThermometerOptions
    {
        DeviceId = "ph-lyon-03-thermo1",
        SiteId = "pharma-lyon-03",
        Unit = unit,
        Method = method,
        Profile = profile,
        Seed = seed,
        FirstSeq = 1,
        TimeProvider = time ?? TimeProvider.System,
    });

    [Fact]
    public void Afebrile_readings_are_body_temperatures_in_Cel_with_MDC_TEMP_BODY_and_LOINC_8310_5()
    {
        var thermometer = Thermometer();
        var readings = Enumerable.Range(0, 50).Select(i => thermometer.Measure("cons-t", TestTimes.MorningNs + (i * 60_000_000_000L))).ToList();

        readings.Should().OnlyContain(m => m.Outcome == ThermometerOutcome.Success);
        readings.Select(m => m.Value!.Value).Should().OnlyContain(v => v >= 35.5 && v <= 38.2);
        readings.Select(m => m.Value!.Value).Should().OnlyContain(v => Math.Round(v, 1) == v, "the display has 0.1 °C resolution");
        foreach (var m in readings)
        {
            var observation = m.Batch!.Observations.Should().ContainSingle().Subject;
            observation.MdcCode.Should().Be(CodeCatalog.BodyTemperature);
            observation.Loinc.Should().Be("8310-5");
            observation.Unit.Should().Be("Cel");
            observation.TimeNs.Should().Be(m.EndTimeNs);
            observation.ShouldBeAcceptedByTheCatalog();
            m.Batch.ShouldPassTheGatewayValidator();
        }
    }

    [Fact]
    public void A_fever_profile_reads_above_38()
    {
        var thermometer = Thermometer(profile: TemperatureProfile.Fever);
        var values = Enumerable.Range(0, 40).Select(i => thermometer.Measure("cons-f", TestTimes.MorningNs + (i * 60_000_000_000L)).Value!.Value).ToList();
        values.Average().Should().BeGreaterThan(38.3);
    }

    [Fact]
    public void A_fahrenheit_thermometer_sends_degF_converted_before_rounding()
    {
        var celsius = Thermometer(TemperatureUnit.Celsius, seed: 9);
        var fahrenheit = Thermometer(TemperatureUnit.Fahrenheit, seed: 9);
        for (var i = 0; i < 20; i++)
        {
            var t = TestTimes.MorningNs + (i * 60_000_000_000L);
            var c = celsius.Measure("cons-c", t);
            var f = fahrenheit.Measure("cons-f", t);
            f.Batch!.Observations[0].Unit.Should().Be("[degF]");
            f.Batch.Observations[0].Loinc.Should().Be("8310-5");
            f.Batch.Observations[0].ShouldBeAcceptedByTheCatalog();
            f.Value!.Value.Should().BeApproximately((c.Value!.Value * 9 / 5) + 32, 0.15);
        }
    }

    [Theory]
    [InlineData(ThermometerMethod.Tympanic, 1)]
    [InlineData(ThermometerMethod.TemporalArtery, 3)]
    [InlineData(ThermometerMethod.OralPredictive, 10)]
    public void A_reading_takes_the_time_of_its_method_and_is_stamped_when_displayed(ThermometerMethod method, int seconds)
    {
        var m = Thermometer(method: method).Measure("cons-m", TestTimes.MorningNs);

        (m.EndTimeNs - m.StartTimeNs).Should().Be(seconds * 1_000_000_000L);
        m.Batch!.Observations[0].TimeNs.Should().Be(m.EndTimeNs);
    }

    [Theory]
    [InlineData(32.0, ThermometerOutcome.BelowRange)]
    [InlineData(43.5, ThermometerOutcome.AboveRange)]
    public void Outside_its_display_range_the_thermometer_shows_Lo_or_Hi_and_sends_it_as_an_event(double core, ThermometerOutcome expected)
    {
        var thermometer = Thermometer();
        ThermometerMeasurement? failed = null;
        thermometer.Failed += m => failed = m;

        var m = thermometer.Measure("cons-lo", TestTimes.MorningNs, core);

        m.Outcome.Should().Be(expected);
        m.Value.Should().BeNull();
        m.Batch!.Observations.Should().BeEmpty();
        m.Batch.Events.Should().ContainSingle().Which.Should().Match<DeviceEvent>(e =>
            e.Code == "out-of-range" && e.MdcCode == CodeCatalog.BodyTemperature && e.Text.StartsWith(expected == ThermometerOutcome.BelowRange ? "Lo" : "Hi", StringComparison.Ordinal));
        m.Batch.ShouldPassTheGatewayValidator();
        failed.Should().BeSameAs(m);
        thermometer.Measure("cons-lo", TestTimes.MorningNs + 60_000_000_000, 37).Batch!.Seq.Should().Be(2, "the Lo/Hi event took seq 1");
    }

    [Fact]
    public async Task In_real_time_a_tympanic_reading_completes_a_second_after_it_starts()
    {
        var clock = new FakeTimeProvider(TestTimes.Morning);
        var measuring = Thermometer(time: clock).MeasureAsync("cons-rt", 37.0);
        await Task.Delay(20);
        measuring.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));

        var m = await measuring.WaitAsync(TimeSpan.FromSeconds(5));
        m.StartTimeNs.Should().Be(TestTimes.MorningNs);
        m.EndTimeNs.Should().Be(TestTimes.MorningNs + 1_000_000_000);
    }
}
