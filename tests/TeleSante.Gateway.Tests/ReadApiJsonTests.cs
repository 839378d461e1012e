using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>The read API's nanosecond times and seq numbers reach JavaScript clients exactly (issue 9,
/// finding 6): they lie beyond 2^53, so they are JSON strings.</summary>
public sealed class ReadApiJsonTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const ulong BeyondDoubles = (1UL << 53) + 1; // 9007199254740993: a double rounds it to ...992

    [Fact]
    public async Task Nanosecond_times_and_seq_numbers_beyond_2_pow_53_are_exact_strings_in_every_read_answer()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        const string session = "json-exact";
        var at = TestEcg.NowNs() - 10_000_000_123; // not a whole microsecond: a double would round it
        var vitals = new ReadingBatch { DeviceId = "oxi-json", SiteId = "test-pharmacy", SessionId = session, Seq = BeyondDoubles, DeviceTimeNs = at };
        vitals.Observations.Add(new Observation { MdcCode = 150456, Value = 97, Unit = "%", TimeNs = at });
        vitals.Events.Add(new DeviceEvent { Code = "low-battery", MdcCode = 0, Text = "10 %", TimeNs = at });
        var refused = new ReadingBatch { DeviceId = "oxi-json", SiteId = "test-pharmacy", SessionId = session, Seq = BeyondDoubles + 2, DeviceTimeNs = at };
        refused.Observations.Add(new Observation { MdcCode = 150456, Value = 97, Unit = "kg", TimeNs = at });
        var ecg = TestEcg.Batches(TestEcg.Recorder("ecg-json", session, at, leads: 1), 1).ToList();
        await GrpcIngestionTests.SendAllAsync(gateway, [vitals, refused, .. ecg]);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await gateway.AssignAsync(session);
        var range = $"from={at - 1_000_000_000}&to={at + 2_000_000_000}";

        var observations = await gateway.Http.GetStringAsync($"/api/sessions/{session}/observations?{range}");
        observations.Should().Contain($"\"timeNs\":\"{at}\"").And.Contain($"\"seq\":\"{BeyondDoubles}\"").And.Contain($"\"from\":\"{at - 1_000_000_000}\"");
        var events = await gateway.Http.GetStringAsync($"/api/sessions/{session}/events?{range}");
        events.Should().Contain($"\"timeNs\":\"{at}\"").And.Contain($"\"seq\":\"{BeyondDoubles}\"");
        var waveforms = await gateway.Http.GetStringAsync($"/api/sessions/{session}/waveforms?{range}");
        waveforms.Should().Contain($"\"startTimeNs\":\"{ecg[0].Waveforms[0].StartTimeNs}\"");
        var letters = await StoredRecording.DeadLettersAsync(gateway, "oxi-json");
        letters.Should().ContainSingle().Which.GetProperty("seq").GetString().Should().Be((BeyondDoubles + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Other numbers stay numbers (values, codes, samples).
        using var parsed = JsonDocument.Parse(observations);
        var row = parsed.RootElement.GetProperty("observations")[0];
        row.GetProperty("value").ValueKind.Should().Be(JsonValueKind.Number);
        row.GetProperty("mdcCode").ValueKind.Should().Be(JsonValueKind.Number);
        gateway.ErrorLines().Should().BeEmpty();
    }
}
