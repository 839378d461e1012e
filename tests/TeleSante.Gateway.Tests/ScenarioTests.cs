using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class ScenarioTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task The_pharmacy_day_scenario_file_runs_every_device_kind_against_the_gateway_without_a_refusal()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var file = Path.Combine(RepositoryPaths.Root, "firmware-sim", "scenarios", "pharmacy-day.json");
        var scenario = ScenarioFile.Load(file);
        // Same schedule, compressed so the test takes seconds.
        scenario = scenario with
        {
            Grpc = $"http://127.0.0.1:{gateway.GrpcPort}",
            Mqtt = $"127.0.0.1:{gateway.MqttPort}",
            Http = gateway.Http.BaseAddress!.ToString(),
            Speed = 5000,
            Sessions = scenario.Sessions.Select(s => s with
            {
                DurationSeconds = 3,
                Devices = s.Devices.Select(d => d with { IntervalSeconds = d.Kind == "fundus" ? 0 : 1, ImageWidth = 320, ImageHeight = 240 }).ToList(),
            }).ToList(),
        };

        var runner = new ScenarioRunner(scenario);
        await runner.RunAsync(CancellationToken.None);

        runner.Devices.Should().HaveCount(8);
        runner.Devices.Select(d => d.Name).Should().OnlyHaveUniqueItems("two definitions of one kind in a session are two devices");
        runner.Devices.Should().OnlyContain(d => d.Acked > 0 && d.Rejected == 0, LiveProgress.Summary(runner.Devices));
        runner.Devices.Select(d => d.Kind).Distinct().Should().BeEquivalentTo(["ecg12", "vitals", "wfdb", "fundus"]);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        (await StoredRecording.ObservationsAsync(gateway, "cons-0930-hypertension")).Should().NotBeEmpty();
        var holter = await StoredRecording.WaveformsAsync(gateway, "cons-1030-holter-review", TestEcg.NowNs() - 600_000_000_000, TestEcg.NowNs() + 60_000_000_000);
        await gateway.AssignAsync("scr-1015-diabetic-retinopathy");
        var images = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/scr-1015-diabetic-retinopathy/images");
        images.GetProperty("images").GetArrayLength().Should().Be(6, "two cameras, four and two photographs");
        holter.Keys.Should().BeEquivalentTo(new uint[] { 131330, 131335 }, "MIT-BIH 100 replays MLII as lead II and V5");
    }
}
