using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.EndToEnd;

/// <summary>
/// Every simulated vitals device against the real gateway (child process) and a real InfluxDB:
/// protobuf batches over gRPC and the JSON form over MQTT with mosquitto_pub, read back through the
/// gateway's HTTP API and compared value by value, code by code, to the nanosecond.
/// </summary>
public sealed class VitalsGatewayEndToEndTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Site = "pharma-lyon-03";
    private const long Minute = 60_000_000_000;

    private static string NewSession(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Every_vitals_device_sent_over_grpc_is_acked_and_read_back_with_its_codes_units_values_and_times()
    {
        var gateway = fixture.Gateway;
        var session = NewSession("e2e-grpc");
        var start = TestTimes.NowMsNs() - (10 * Minute);
        var batches = new List<ReadingBatch>();

        var cuff = new BloodPressureCuff(new BloodPressureCuffOptions { DeviceId = "bp-norm", SiteId = Site, Seed = 1 });
        var afCuff = new BloodPressureCuff(new BloodPressureCuffOptions { DeviceId = "bp-af", SiteId = Site, Seed = 2, Profile = BloodPressureProfile.AtrialFibrillation });
        batches.Add(cuff.Measure(session, start).Batch!);
        var looseCuff = cuff.Measure(session, start + Minute, fault: CuffFault.LooseCuff).Batch!;
        batches.Add(looseCuff);
        batches.Add(cuff.Measure(session, start + (2 * Minute)).Batch!);
        batches.Add(afCuff.Measure(session, start + Minute).Batch!);

        batches.Add(new Thermometer(new ThermometerOptions { DeviceId = "th-cel", SiteId = Site, Seed = 3 }).Measure(session, start + (3 * Minute)).Batch!);
        batches.Add(new Thermometer(new ThermometerOptions { DeviceId = "th-degf", SiteId = Site, Seed = 4, Unit = TemperatureUnit.Fahrenheit, Profile = TemperatureProfile.Fever }).Measure(session, start + (3 * Minute)).Batch!);
        batches.Add(new Glucometer(new GlucometerOptions { DeviceId = "gl-mmol", SiteId = Site, Seed = 5 }).Measure(session, start + (4 * Minute)).Batch!);
        batches.Add(new Glucometer(new GlucometerOptions { DeviceId = "gl-mgdl", SiteId = Site, Seed = 6, Unit = GlucoseUnit.MilligramsPerDecilitre, Profile = GlucoseProfile.Diabetic }).Measure(session, start + (4 * Minute)).Batch!);
        batches.Add(new Glucometer(new GlucometerOptions { DeviceId = "gl-gl", SiteId = Site, Seed = 8, Unit = GlucoseUnit.GramsPerLitre }).Measure(session, start + (4 * Minute)).Batch!);

        // 8 s on the finger, 3 s off, 6 s on again: 14 pleth chunks with a gap, SpO2 only while measuring.
        var oximeterStart = start + (5 * Minute);
        var oximeter = new PulseOximeter(new PulseOximeterOptions { DeviceId = "oxi-1", SiteId = Site, SessionId = session, StartTimeNs = oximeterStart, Seed = 7, AcquisitionSeconds = 2 });
        var chunks = Enumerable.Range(0, 8).Select(_ => oximeter.NextChunk()).ToList();
        oximeter.RemoveProbe();
        chunks.AddRange(Enumerable.Range(0, 3).Select(_ => oximeter.NextChunk()));
        oximeter.AttachProbe();
        chunks.AddRange(Enumerable.Range(0, 6).Select(_ => oximeter.NextChunk()));
        var oximeterBatches = chunks.Where(c => c.Batch is not null).Select(c => c.Batch!).ToList();
        var plethBatches = oximeterBatches.Where(b => b.Waveforms.Count > 0).ToList();
        plethBatches.Should().HaveCount(14);
        batches.AddRange(oximeterBatches);

        var answers = await IngestStream.SendAllAsync(gateway.Grpc, batches);

        answers.Select(a => a.Seq).Should().Equal(batches.Select(b => b.Seq));
        answers.Should().OnlyContain(a => a.OutcomeCase == BatchResult.OutcomeOneofCase.Ack && !a.Ack.Duplicate, "the gateway accepts every batch a simulated device produces");
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        var stored = await StoredRecording.ObservationsAsync(gateway, session);
        stored.Select(Row).Should().BeEquivalentTo(batches.SelectMany(Rows));
        stored.Select(o => o.GetProperty("mdcCode").GetUInt32()).Distinct().Should().BeEquivalentTo(new[]
        {
            CodeCatalog.BpSystolic, CodeCatalog.BpDiastolic, CodeCatalog.BpMean, CodeCatalog.PulseRateNonInvasive,
            CodeCatalog.BodyTemperature, CodeCatalog.CapillaryGlucose, CodeCatalog.SpO2, CodeCatalog.PulseRateOximeter,
        });

        var pleth = (await StoredRecording.WaveformsAsync(gateway, session, oximeterStart, oximeterStart + (20 * 1_000_000_000L)))[CodeCatalog.Pleth];
        pleth.Samples.Should().Equal(plethBatches.SelectMany(b => b.Waveforms[0].Channels[0].Samples), "the pleth comes back bit-identical");
        pleth.Segments.Should().Be(2, "the probe-off period is a gap in the recording, not a flat line");

        var events = (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/events?from={start - Minute}&to={start + (20 * Minute)}")).GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("deviceId").GetString(), e.GetProperty("code").GetString(), e.GetProperty("kind").GetString(), e.GetProperty("timeNs").Int64())).ToList();
        events.Should().Contain(("bp-norm", "cuff-loose", "MeasurementFailed", looseCuff.Events[0].TimeNs), "the practitioner learns why a reading is missing");
        events.Should().Contain(("oxi-1", "probe-off", "TechnicalAlarm", oximeterBatches.SelectMany(b => b.Events).Single().TimeNs));
        events.Should().HaveCount(batches.Sum(b => b.Events.Count));

        (await StoredRecording.DeadLettersAsync(gateway)).Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Every_vitals_device_published_as_json_with_mosquitto_pub_is_stored_with_the_same_values()
    {
        var gateway = fixture.Gateway;
        var session = NewSession("e2e-mqtt");
        var start = TestTimes.NowMsNs() - (8 * Minute);
        var measurements = new List<(ReadingBatch Batch, string Json)>();

        void Add(ReadingBatch batch, string? json) => measurements.Add((batch, json!));

        var cuff = new BloodPressureCuff(new BloodPressureCuffOptions { DeviceId = "bp-json", SiteId = Site, Seed = 11, Profile = BloodPressureProfile.Hypertensive });
        var cuffReading = cuff.Measure(session, start);
        Add(cuffReading.Batch!, cuffReading.ToVitalsJson());
        var thermometer = new Thermometer(new ThermometerOptions { DeviceId = "th-json", SiteId = Site, Seed = 12 }).Measure(session, start + Minute);
        Add(thermometer.Batch!, thermometer.ToVitalsJson());
        var glucose = new Glucometer(new GlucometerOptions { DeviceId = "gl-json", SiteId = Site, Seed = 13, Unit = GlucoseUnit.MilligramsPerDecilitre }).Measure(session, start + (2 * Minute));
        Add(glucose.Batch!, glucose.ToVitalsJson());

        var oximeter = new PulseOximeter(new PulseOximeterOptions { DeviceId = "oxi-json", SiteId = Site, SessionId = session, StartTimeNs = start + (3 * Minute), Seed = 14, AcquisitionSeconds = 1 });
        foreach (var chunk in Enumerable.Range(0, 4).Select(_ => oximeter.NextChunk()).Where(c => c.ToVitalsJson() is not null))
        {
            var numerics = chunk.Batch!.Clone();
            numerics.Waveforms.Clear();
            Add(numerics, chunk.ToVitalsJson());
        }

        measurements.Should().HaveCount(6);
        foreach (var (batch, json) in measurements)
        {
            // mosquitto_pub at QoS 1 exits only after the gateway's PUBACK, which it sends once the batch is durable.
            await MosquittoClients.PublishAsync(gateway.MqttPort, VitalsJson.Topic(Site, batch.DeviceId), json);
        }

        var expected = measurements.SelectMany(m => Rows(m.Batch)).ToList();
        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, session), o => o.Count >= expected.Count, TimeSpan.FromSeconds(20));
        stored.Select(Row).Should().BeEquivalentTo(expected);
        (await StoredRecording.DeadLettersAsync(gateway)).Should().BeEmpty();
        gateway.ErrorLines().Should().BeEmpty();
    }


    private static IEnumerable<(string Device, uint Mdc, string Loinc, string Unit, double Value, long TimeNs)> Rows(ReadingBatch batch)
        => batch.Observations.Select(o => (batch.DeviceId, o.MdcCode, o.Loinc, o.Unit, o.Value, o.TimeNs));

    private static (string Device, uint Mdc, string Loinc, string Unit, double Value, long TimeNs) Row(JsonElement o) => (
        o.GetProperty("deviceId").GetString()!,
        o.GetProperty("mdcCode").GetUInt32(),
        o.GetProperty("loinc").GetString()!,
        o.GetProperty("unit").GetString()!,
        o.GetProperty("value").GetDouble(),
        o.GetProperty("timeNs").Int64());
}
