using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Signal.Wfdb;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>GET /api/recordings/{session}/ecg/wfdb on a real gateway and InfluxDB: the zip read back by the project's
/// WFDB reader holds exactly the ingested samples, gaps as WFDB's invalid sample, and the detected beats; access is that
/// of every read of patient data, audited.</summary>
public sealed class WfdbExportTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task A_stored_ecg_exports_as_a_wfdb_record_with_the_ingested_samples_its_gap_and_the_detected_beats()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        const string Session = "wfdb-export";
        const string Device = "ecg-wfdb";
        var start = TestEcg.NowNs() - 60_000_000_000;
        // 40 batches of 0.5 s at 500 Hz, 2 leads; batches 20 and 21 never arrive: a 1 s gap.
        var all = TestEcg.Batches(TestEcg.Recorder(Device, Session, start, leads: 2), 40);
        var sent = all.Where((_, i) => i is not (20 or 21)).ToList();
        await GrpcIngestionTests.SendAllAsync(gateway, sent);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await gateway.AssignAsync(Session);

        using var response = await gateway.Http.GetAsync($"/api/recordings/{Session}/ecg/wfdb?deviceId={Device}&from={start - 1_000_000_000}&to={start + 30_000_000_000}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        var dir = Directory.CreateTempSubdirectory("telesante-wfdb-export-");
        try
        {
            using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
            {
                zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo("record.hea", "record.dat", "record.atr");
                zip.ExtractToDirectory(dir.FullName);
            }

            var record = WfdbRecord.Read(Path.Combine(dir.FullName, "record.hea"));
            record.SamplingFrequency.Should().Be(500);
            record.SampleCount.Should().Be(40 * 250, "frame 0 is the first stored sample; the gap keeps its length");
            record.Signals.Select(s => s.Description).Should().Equal("I", "II");
            var ingested = TestEcg.SamplesByLead(all);
            for (var lead = 0; lead < 2; lead++)
            {
                var signal = record.Signals[lead];
                signal.Gain.Should().Be(1000);
                signal.Baseline.Should().Be(0);
                signal.Units.Should().Be("mV");
                var expected = ingested[CodeCatalog.TwelveLeads[lead]].ToArray();
                for (var i = 20 * 250; i < 22 * 250; i++)
                {
                    expected[i] = WfdbWriter.InvalidSample; // never received: exported as "no sample"
                }

                signal.Samples.Should().Equal(expected);
                record.ToPhysical(lead, (20 * 250) + 10).Should().Be(double.NaN);
            }

            var beats = WfdbAnnotations.Read(Path.Combine(dir.FullName, "record.atr"), 500);
            // 75 bpm over 20 s: about 25 beats, less the detector's learning at the start and after the gap.
            beats.Should().HaveCountGreaterThan(12).And.HaveCountLessThan(28);
            beats.Should().OnlyContain(b => b.IsBeat && (b.Mnemonic == "N" || b.Mnemonic == "S" || b.Mnemonic == "V" || b.Mnemonic == "Q"), "classes from the beat model (EcgBeatClassTests checks them against the generator)");
            beats.Should().NotContain(b => b.SampleIndex >= 20 * 250 && b.SampleIndex < 22 * 250, "no beat is guessed in the gap");
            var lead2 = record.Signals[1].Samples;
            foreach (var beat in beats)
            {
                // Each mark sits on its QRS: the largest deflection within ±60 ms is within 20 ms of it.
                var window = Enumerable.Range((int)beat.SampleIndex - 30, 61).Where(i => i >= 0 && i < lead2.Length && lead2[i] != WfdbWriter.InvalidSample);
                var peak = window.MaxBy(i => Math.Abs(lead2[i]));
                Math.Abs(peak - beat.SampleIndex).Should().BeLessThanOrEqualTo(10, $"beat at sample {beat.SampleIndex}");
            }

            record.Comments.Should().Contain(c => c.Contains($"session {Session}, device {Device}", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Only_an_assigned_practitioner_may_export_and_every_attempt_is_audited()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        const string Session = "wfdb-access";
        var start = TestEcg.NowNs() - 60_000_000_000;
        await GrpcIngestionTests.SendAllAsync(gateway, TestEcg.Batches(TestEcg.Recorder("ecg-acc", Session, start, leads: 1), 4));
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await gateway.AssignAsync(Session, "dr-assigned");
        using var assigned = await Client(gateway, "dr-assigned");
        using var other = await Client(gateway, "dr-other");
        var query = $"deviceId=ecg-acc&from={start}&to={start + 2_000_000_000}";

        (await other.GetAsync($"/api/recordings/{Session}/ecg/wfdb?{query}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await assigned.GetAsync($"/api/recordings/{Session}/ecg/wfdb?{query}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await assigned.GetAsync($"/api/recordings/{Session}/ecg/wfdb?deviceId=no-such-device&from={start}&to={start + 2_000_000_000}")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "no ECG of that device: said so, not an empty record");
        (await assigned.GetAsync($"/api/recordings/{Session}/ecg/wfdb?from={start}")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        (await anonymous.GetAsync($"/api/recordings/{Session}/ecg/wfdb?{query}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var trail = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Action: e.GetProperty("action").GetString(), Resource: e.GetProperty("resource").GetString(),
                Outcome: e.GetProperty("outcome").GetString(), Detail: e.TryGetProperty("detail", out var d) ? d.GetString() : null))
            .ToList();
        trail.Should().Contain(e => e.Actor == "dr-other" && e.Action == "recording.export.wfdb" && e.Resource == $"session/{Session}" && e.Outcome == "denied");
        trail.Should().Contain(e => e.Actor == "dr-assigned" && e.Action == "recording.export.wfdb" && e.Outcome == "allowed" && e.Detail!.Contains("device ecg-acc"));
        gateway.ErrorLines().Should().BeEmpty();
    }

    private static async Task<HttpClient> Client(GatewayProcess gateway, string practitioner)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync(practitioner, "specialist"));
        return client;
    }
}
