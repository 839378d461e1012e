using System.Text;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Vitals;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Vitals;

public sealed class VitalsJsonTests
{
    public static TheoryData<string> Devices => ["cuff", "thermometer-F", "glucometer-mgdl", "glucometer-mmol"];

    private static IVitalsMeasurement Measure(string device) => device switch
    {
        "cuff" => new BloodPressureCuff(new BloodPressureCuffOptions { DeviceId = "bp-1", SiteId = "ph-1", FirstSeq = 42 }).Measure("cons-j", TestTimes.MorningNs),
        "thermometer-F" => new Thermometer(new ThermometerOptions { DeviceId = "th-1", SiteId = "ph-1", Unit = TemperatureUnit.Fahrenheit, FirstSeq = 42 }).Measure("cons-j", TestTimes.MorningNs),
        "glucometer-mgdl" => new Glucometer(new GlucometerOptions { DeviceId = "gl-1", SiteId = "ph-1", Unit = GlucoseUnit.MilligramsPerDecilitre, FirstSeq = 42 }).Measure("cons-j", TestTimes.MorningNs),
        _ => new Glucometer(new GlucometerOptions { DeviceId = "gl-2", SiteId = "ph-1", FirstSeq = 42 }).Measure("cons-j", TestTimes.MorningNs),
    };

    [Theory]
    [MemberData(nameof(Devices))]
    public void The_gateways_own_parser_reads_a_devices_json_back_into_the_same_batch(string device)
    {
        var measurement = Measure(device);
        var json = measurement.ToVitalsJson()!;

        JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), measurement.Batch!.DeviceId, measurement.Batch.SiteId, out var parsed, out var error).Should().BeTrue(error);
        parsed.Should().Be(measurement.Batch, "codes, LOINC, values, units and times survive the JSON form exactly");
    }

    [Fact]
    public void Times_are_RFC_3339_in_UTC_and_fall_back_to_integer_nanoseconds_when_they_are_finer_than_100_ns()
    {
        var batch = new ReadingBatch { Seq = 3, SessionId = "s", DeviceTimeNs = TestTimes.MorningNs + 120_000_000 };
        batch.Observations.Add(new Observation { MdcCode = 150364, Loinc = "8310-5", Value = 37.2, Unit = "Cel", TimeNs = TestTimes.MorningNs + 1_234 });

        var json = VitalsJson.Write(batch);

        json.Should().Contain("\"deviceTime\":\"2026-11-22T09:30:00.12Z\"");
        json.Should().Contain($"\"time\":{TestTimes.MorningNs + 1_234}");
        JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), "d", "s", out var parsed, out var error).Should().BeTrue(error);
        parsed.Observations[0].TimeNs.Should().Be(TestTimes.MorningNs + 1_234);
        parsed.DeviceTimeNs.Should().Be(batch.DeviceTimeNs);
    }

    [Fact]
    public void A_batch_with_a_waveform_is_refused_rather_than_silently_thinned()
    {
        var batch = new ReadingBatch { Seq = 1, SessionId = "s", DeviceTimeNs = TestTimes.MorningNs };
        batch.Observations.Add(new Observation { MdcCode = 150456, Value = 97, Unit = "%", TimeNs = TestTimes.MorningNs });
        batch.Waveforms.Add(new WaveformChunk());

        var write = () => VitalsJson.Write(batch);

        write.Should().Throw<ArgumentException>().WithMessage("*waveforms*");
    }

    [Fact]
    public void The_topic_is_the_gateways_vitals_topic()
        => VitalsJson.Topic("pharma-lyon-03", "bp-1").Should().Be("telesante/v1/pharma-lyon-03/bp-1/vitals");
}
