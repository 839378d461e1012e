using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using TeleSante.Analysis;
using TeleSante.Analysis.Service;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Signal.Wfdb;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// Beat classes and rhythm statements from a real gateway's stream analysis (issue 12): a generated 2-lead ECG with
/// known ventricular and atrial premature beats, sent over gRPC, comes back from GET .../ecg/analysis with the classes
/// (Se and +P against the generator's truth), with rhythm statements (SNOMED CT codes, spans, evidence), and in the WFDB
/// export's annotations.
/// </summary>
public sealed class EcgBeatClassTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const long ToleranceNs = 75_000_000;

    [Fact]
    public async Task Stored_beats_statements_and_the_wfdb_export_carry_the_classes_of_the_generated_ectopic_beats()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Analysis:RhythmBlockSeconds"] = "30",
            ["Analysis:IdleEviction"] = "00:00:01",
        });
        const string Session = "ecg-classes";
        const string Device = "ecg-ectopy";
        var start = TestEcg.NowNs() - 120_000_000_000;
        var recorder = TestEcg.Recorder(Device, Session, start, leads: 2, signal: TestEcg.Ectopy());
        var batches = TestEcg.Batches(recorder, 180); // 90 s
        // The first batch alone: the analysis takes the first batch it sees as the start of the device's numbering, and a
        // burst's group commits may complete in any order (README "Analysis in the service").
        (await GrpcIngestionTests.SendAllAsync(gateway, batches[..1])).Should().OnlyContain(r => r.Ack != null);
        (await GrpcIngestionTests.SendAllAsync(gateway, batches[1..])).Should().OnlyContain(r => r.Ack != null);
        await gateway.AssignAsync(Session);
        var end = start + 90_000_000_000;
        var truth = EcgStreamAnalysisTests.Truth(recorder.Signal, start);

        // The stream goes idle after the last batch: its last beats and last rhythm block are flushed and stored.
        var url = $"/api/recordings/{Session}/ecg/analysis?from={start}&to={end + 1_000_000_000}";
        var device = await Eventually.ValueAsync(
            async () => JsonDocument.Parse(await gateway.Http.GetStringAsync(url)).RootElement.GetProperty("devices"),
            d => d.GetArrayLength() == 1 && d[0].GetProperty("statements").EnumerateArray().Any(s => Ns(s, "endNs") > end - 5_000_000_000),
            TimeSpan.FromSeconds(30),
            "the stream's analysis stored to its end");
        var beats = device[0].GetProperty("beats").EnumerateArray()
            .Select(b => new AnalysedBeat(Ns(b, "timeNs"), null, Enum.Parse<BeatClass>(b.GetProperty("class").GetString()!)))
            .ToList();
        var stored = ClassScore.Of(truth, beats, ToleranceNs, start + 5_000_000_000, end - 2_000_000_000);
        output.WriteLine($"stored: {stored}");
        foreach (var span in device[0].GetProperty("notAnalysed").EnumerateArray())
        {
            output.WriteLine($"not analysed {span.GetProperty("reason").GetString()} {(Ns(span, "fromNs") - start) / 1e9:0.0}..{(Ns(span, "toNs") - start) / 1e9:0.0} s");
        }

        AssertClasses(stored);

        var statements = device[0].GetProperty("statements").EnumerateArray().ToList();
        foreach (var s in statements)
        {
            output.WriteLine($"{s.GetProperty("code").GetString()} {(Ns(s, "startNs") - start) / 1e9:0.0}..{(Ns(s, "endNs") - start) / 1e9:0.0} s snomed {s.GetProperty("snomedCt")}");
        }

        statements.Should().Contain(s => s.GetProperty("code").GetString() == "sinus-rhythm" && s.GetProperty("snomedCt").GetString() == "426783006");
        var ectopy = statements.Where(s => s.GetProperty("code").GetString() == "ventricular-premature-beats").ToList();
        ectopy.Should().NotBeEmpty().And.OnlyContain(s => s.GetProperty("snomedCt").GetString() == "427172004");
        var counted = ectopy.Sum(s => s.GetProperty("evidence").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ventricular_beats").GetProperty("value").GetDouble());
        counted.Should().Be(beats.Count(b => b.Class == BeatClass.V), "the statements count the stored V beats, block by block");
        statements.Should().OnlyContain(s => Ns(s, "startNs") >= start && Ns(s, "endNs") <= end && Ns(s, "startNs") <= Ns(s, "endNs"));

        using var response = await gateway.Http.GetAsync($"/api/recordings/{Session}/ecg/wfdb?deviceId={Device}&from={start}&to={end}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var dir = Directory.CreateTempSubdirectory("telesante-wfdb-classes-");
        try
        {
            using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
            {
                zip.ExtractToDirectory(dir.FullName);
            }

            var annotations = WfdbAnnotations.Read(Path.Combine(dir.FullName, "record.atr"), 500);
            var exported = annotations.Where(a => a.IsBeat)
                .Select(a => new AnalysedBeat(start + (long)Math.Round(a.SampleIndex * 1e9 / 500), null, a.Mnemonic switch
                {
                    "N" => BeatClass.N,
                    "S" => BeatClass.S,
                    "V" => BeatClass.V,
                    _ => BeatClass.Q,
                }))
                .ToList();
            var export = ClassScore.Of(truth, exported, ToleranceNs, start + 5_000_000_000, end - 2_000_000_000);
            output.WriteLine($"export: {export}");
            AssertClasses(export);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    // Thresholds on the generator's truth, not exact counts: V is the model's strong class, S its weak one (README).
    private static void AssertClasses(ClassScore score)
    {
        score.Missed.Should().BeLessThanOrEqualTo(2, score.ToString());
        score.Sensitivity(BeatClass.V).Should().BeGreaterThanOrEqualTo(0.9, score.ToString());
        score.PositivePredictivity(BeatClass.V).Should().BeGreaterThanOrEqualTo(0.9, score.ToString());
        score.Sensitivity(BeatClass.S).Should().BeGreaterThanOrEqualTo(0.6, score.ToString());
        score.PositivePredictivity(BeatClass.S).Should().BeGreaterThanOrEqualTo(0.6, score.ToString());
        score.Sensitivity(BeatClass.N).Should().BeGreaterThanOrEqualTo(0.95, score.ToString());
    }

    private static long Ns(JsonElement e, string name) => long.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
