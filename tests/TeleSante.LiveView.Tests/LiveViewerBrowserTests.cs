using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// The web viewer in Debian's chromium (driven by playwright-core from npm), fed by the simulator's
/// 12-lead recorder in real time: the trace is checked pixel by pixel against the samples sent, at
/// 25 mm/s and 10 mm/mV on a 96 dpi CSS millimetre; the heart-rate tile against the simulator's rate.
/// Screenshots and the device-to-browser latency go to artifacts/.
/// </summary>
public sealed class LiveViewerBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-martin";
    private const string Session = "cons-browser";
    private const double HeartRate = 72;
    private const string Chromium = "/usr/bin/chromium";
    private const double LeadOffFrom = 5.0;
    private const double LeadOffTo = 5.6;

    [Fact]
    public async Task Viewer_draws_the_ecg_to_scale_shows_the_simulator_heart_rate_and_vitals_with_alerts()
    {
        var clientApp = Path.Combine(Repository.Root, "src", "TeleSante.Gateway", "ClientApp", "node_modules");
        const string setUp = "run scripts/install-web.sh --with-browser first";
        File.Exists(Chromium).Should().BeTrue($"Debian chromium is needed ({setUp})");
        Directory.Exists(Path.Combine(clientApp, "playwright-core")).Should().BeTrue($"playwright-core is needed ({setUp})");
        File.Exists(Path.Combine(Repository.Root, "src", "TeleSante.Gateway", "wwwroot", "lib", "signalr.min.js")).Should().BeTrue($"the viewer needs @microsoft/signalr ({setUp})");

        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        gateway.Authorizer.Assign(Doctor, Session);
        var start = Ns.NowWholeMs();
        // 0.2 s chunks, in real time, so the device-to-screen latency is measured on many frames.
        await using var ecg = new SimulatedDevice(gateway.Grpc, "ecg-browser", Session, start, heartRate: HeartRate, chunkSamples: 100, ectopic: 0);
        using var streaming = new CancellationTokenSource();
        // The electrodes come off for 0.6 s, 5 s into the recording: the viewer must show a hole, not a line.
        var stream = ecg.StreamRealTimeAsync(streaming.Token, leadOff: t => t >= LeadOffFrom && t < LeadOffTo - 0.01);
        await using (var vitals = new VitalsDevice(gateway.Grpc, "vitals-browser", Session))
        {
            await vitals.SendAsync(Ns.Now() - 30_000_000_000,
                (CodeCatalog.BpSystolic, 185, "mm[Hg]"), (CodeCatalog.BpDiastolic, 95, "mm[Hg]"), (CodeCatalog.BpMean, 125, "mm[Hg]"),
                (CodeCatalog.SpO2, 90, "%"), (CodeCatalog.PulseRateOximeter, 72, "/min"), (CodeCatalog.BodyTemperature, 37.2, "Cel"),
                (CodeCatalog.CapillaryGlucose, 5.4, "mmol/L"));
        }

        // A second cuff could not measure: the practitioner must see why there is no value from it.
        await using (var cuff = new VitalsDevice(gateway.Grpc, "cuff-browser", Session))
        {
            await cuff.SendEventAsync(Ns.Now() - 20_000_000_000, "cuff-loose", CodeCatalog.BpSystolic, "E1");
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // the practitioner arrives once the recording has started

        var artifacts = Repository.Artifacts;
        var resultFile = Path.Combine(artifacts, "viewer-check.json");
        var configFile = Path.Combine(Path.GetTempPath(), $"viewer-check-{Guid.NewGuid():N}.json");
        var startMs = start / 1_000_000;
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new
        {
            url = $"{gateway.HttpBase}viewer/index.html?session={Session}#access_token={Doctor}",
            // Review over JSON (the live page negotiates MessagePack): both protocols in a real browser.
            reviewUrl = $"{gateway.HttpBase}viewer/index.html?session={Session}&from={startMs}&to={startMs + 10_000}&protocol=json#access_token={Doctor}",
            chromium = Chromium,
            artifacts,
            resultFile,
            collectMs = 8000,
        }));
        try
        {
            await RunNodeAsync(Path.Combine(Repository.Root, "tests", "TeleSante.LiveView.Tests", "Browser", "viewer-check.cjs"), configFile, clientApp);
        }
        finally
        {
            await streaming.CancelAsync();
            await stream;
            File.Delete(configFile);
        }

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
        var root = result.RootElement;
        root.GetProperty("pageErrors").GetArrayLength().Should().Be(0, root.GetProperty("pageErrors").ToString());

        CheckScale(root.GetProperty("layout"));
        CheckTrace(root.GetProperty("rhythm"), root.GetProperty("layout"), ecg.SamplesOf(CodeCatalog.EcgLeadII));
        CheckGrid(root.GetProperty("gridSample"), root.GetProperty("layout"));
        CheckHeartRate(root, ecg);
        CheckBeatMarks(root.GetProperty("layout"), ecg, start);
        CheckVitals(root);
        ReportLatency(root, ecg.ChunkSeconds);

        root.GetProperty("stats").GetProperty("protocol").GetString().Should().Be("messagepack");
        root.GetProperty("review").GetProperty("stats").GetProperty("protocol").GetString().Should().Be("json");
        CheckControls(root);
        root.GetProperty("singleLayout").GetProperty("layout").GetString().Should().Be("1");
        root.GetProperty("singleLayout").GetProperty("strips").EnumerateArray().Should().OnlyContain(s => s.GetProperty("label").GetString() == "II");
        CheckReview(root.GetProperty("review"), ecg);
        foreach (var png in new[] { "viewer-12-lead.png", "viewer-single-lead.png", "viewer-review.png" })
        {
            new FileInfo(Path.Combine(artifacts, png)).Length.Should().BeGreaterThan(10_000, $"{png} is a real screenshot");
        }

        gateway.Log.Errors.Should().BeEmpty();
    }

    private static void CheckScale(JsonElement layout)
    {
        layout.GetProperty("speedMmPerS").GetDouble().Should().Be(25);
        layout.GetProperty("gainMmPerMv").GetDouble().Should().Be(10);
        layout.GetProperty("calibration").GetDouble().Should().Be(1, "a fresh browser profile has no stored calibration");
        layout.GetProperty("pxPerMm").GetDouble().Should().BeApproximately(96 / 25.4, 1e-9, "96 CSS px per inch");
        layout.GetProperty("layout").GetString().Should().Be("12");
        var labels = layout.GetProperty("strips").EnumerateArray().Select(s => s.GetProperty("label").GetString()).ToList();
        labels.Should().Equal("I", "aVR", "V1", "V4", "II", "aVL", "V2", "V5", "III", "aVF", "V3", "V6", "II");
        var strips = layout.GetProperty("strips").EnumerateArray().ToList();
        strips.Take(12).Should().OnlyContain(s => Math.Abs(s.GetProperty("durationMs").GetDouble() - 2500) < 1e-6, "each lead shows 2.5 s");
        strips[12].GetProperty("durationMs").GetDouble().Should().BeApproximately(10_000, 1e-6, "the rhythm strip shows 10 s");
    }

    /// <summary>At every CSS column of the rhythm strip's current page, trace-coloured pixels lie where
    /// lead II's samples of that column's time slice (one CSS px is 10.6 ms at 25 mm/s) put them: x from time at 25 mm/s, y from the
    /// value at 10 mm/mV, both with 96/25.4 px per mm.</summary>
    private void CheckTrace(JsonElement rhythm, JsonElement layout, List<(double TimeMs, int Sample)> samples)
    {
        var strip = rhythm.GetProperty("strip");
        var pxPerMm = 96 / 25.4; // independent of what the page says
        var pxPerMs = 25 * pxPerMm / 1000;
        var mvToPx = 10 * pxPerMm;
        var xStart = strip.GetProperty("xPx").GetDouble();
        var tStart = strip.GetProperty("tStartMs").GetDouble();
        var baseline = strip.GetProperty("baselineYPx").GetDouble();
        var display = layout.GetProperty("displayMs").GetDouble();
        const double tolerance = 2.5;
        var dt = 2.0; // 500 Hz

        int tested = 0, good = 0, holeColumns = 0;
        var bad = new List<string>();
        foreach (var column in rhythm.GetProperty("columns").EnumerateArray())
        {
            var x = column.GetProperty("x").GetDouble();
            var from = tStart + ((x - xStart) / pxPerMs);
            var to = from + (1 / pxPerMs);
            if (from < tStart + 400 || to > display - 100)
            {
                continue;
            }

            var inColumn = samples.Where(s => s.TimeMs >= from - dt && s.TimeMs <= to + dt).ToList();
            var dark = column.GetProperty("ys").EnumerateArray().Select(y => y.GetDouble() + 0.5).ToList();
            if (inColumn.Count == 0)
            {
                // A hole in the recording (lead off): no trace joins its two sides.
                dark.Should().BeEmpty($"nothing was recorded at {from:0} ms, so nothing is drawn there");
                holeColumns++;
                continue;
            }

            var ys = inColumn.Select(s => baseline - (s.Sample / 1000.0 * mvToPx)).ToList();
            var (low, high) = (ys.Min(), ys.Max());
            tested++;
            var ok = dark.Count > 0 && dark.All(y => y >= low - tolerance && y <= high + tolerance) && dark.Any(y => y >= low - 1 && y <= high + 1);
            if (ok)
            {
                good++;
            }
            else if (bad.Count < 10)
            {
                bad.Add(string.Create(CultureInfo.InvariantCulture, $"x={x} expected y {low:0.0}..{high:0.0}, drawn [{string.Join(",", dark)}]"));
            }
        }

        output.WriteLine($"trace check: {good} of {tested} columns of the lead II rhythm strip drawn where the samples put them; {holeColumns} columns of recorded hole left blank");
        tested.Should().BeGreaterThan(400, "most of the 10 s strip is on the current page when frozen");
        ((double)good / tested).Should().BeGreaterThan(0.97, "the trace follows the samples: " + string.Join("; ", bad));
    }

    /// <summary>Speed and gain buttons change the scale (a 250 mm page then holds 5 s or 20 s); a calibration
    /// factor kept in localStorage scales every millimetre.</summary>
    private static void CheckControls(JsonElement root)
    {
        var fast = root.GetProperty("fastLayout");
        fast.GetProperty("speedMmPerS").GetDouble().Should().Be(50);
        fast.GetProperty("gainMmPerMv").GetDouble().Should().Be(20);
        var slow = root.GetProperty("slowLayout");
        slow.GetProperty("speedMmPerS").GetDouble().Should().Be(12.5);
        slow.GetProperty("gainMmPerMv").GetDouble().Should().Be(5);
        (slow.GetProperty("pageMs").GetDouble() / fast.GetProperty("pageMs").GetDouble()).Should().BeApproximately(4, 0.2, "the same paper holds four times the time at a quarter of the speed");
        root.GetProperty("calibratedLayout").GetProperty("pxPerMm").GetDouble().Should().BeApproximately(1.25 * 96 / 25.4, 1e-9);
        root.GetProperty("calibratedLayout").GetProperty("calibration").GetDouble().Should().Be(1.25);
    }

    /// <summary>Review mode draws the stored recording through the same renderer: a fixed page from the
    /// start of the range, with the lead-off hole marked "no data" exactly where it is.</summary>
    private static void CheckReview(JsonElement review, SimulatedDevice ecg)
    {
        review.GetProperty("stats").GetProperty("replayFrames").GetInt32().Should().BeGreaterThan(0, "review mode loads the stored recording");
        var layout = review.GetProperty("layout");
        layout.GetProperty("sweep").GetBoolean().Should().BeFalse();
        layout.GetProperty("pageStartMs").GetDouble().Should().Be(ecg.Recorder.StartTimeNs / 1_000_000, "the page starts at the start of the range");
        var pxPerMs = 25 * (96 / 25.4) / 1000;
        var rhythm = layout.GetProperty("strips")[12];
        var x0 = rhythm.GetProperty("xPx").GetDouble();
        var holes = layout.GetProperty("markers").EnumerateArray().Where(m => m.GetProperty("rhythm").GetBoolean()).ToList();
        holes.Should().ContainSingle("the recording has one hole");
        holes[0].GetProperty("kind").GetString().Should().Be("no data");
        holes[0].GetProperty("x1").GetDouble().Should().BeApproximately(x0 + (LeadOffFrom * 1000 * pxPerMs), 0.5);
        holes[0].GetProperty("x2").GetDouble().Should().BeApproximately(x0 + (LeadOffTo * 1000 * pxPerMs), 0.5);
    }

    /// <summary>Vertical grid lines every millimetre, darker every 5 mm, along a line of paper without trace.</summary>
    private static void CheckGrid(JsonElement sample, JsonElement layout)
    {
        var pxPerMm = 96 / 25.4;
        var px = sample.GetProperty("px").EnumerateArray().Select(p => p.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToList();
        var rhythm = layout.GetProperty("strips")[12];
        var marginPx = rhythm.GetProperty("xPx").GetDouble() + (10 * pxPerMm);
        var endPx = rhythm.GetProperty("xPx").GetDouble() + (rhythm.GetProperty("durationMs").GetDouble() * 25 * pxPerMm / 1000);
        string Kind(int x) => px[x][1] < 175 ? "large" : px[x][1] < 235 ? "small" : "paper";
        string Near(double position) => Enumerable.Range((int)Math.Round(position) - 1, 3).Select(Kind).OrderBy(k => k switch { "large" => 0, "small" => 1, _ => 2 }).First();
        // Gap markers (hatched bands) are drawn over the paper: leave them out.
        var markers = layout.GetProperty("markers").EnumerateArray().Where(m => m.GetProperty("rhythm").GetBoolean())
            .Select(m => (From: m.GetProperty("x1").GetDouble() - 3, To: m.GetProperty("x2").GetDouble() + 3)).ToList();
        for (var mm = (int)Math.Ceiling(marginPx / pxPerMm); mm * pxPerMm < endPx; mm++)
        {
            if (markers.Any(m => (mm + 0.5) * pxPerMm >= m.From - pxPerMm && mm * pxPerMm <= m.To + pxPerMm))
            {
                continue;
            }

            Near(mm * pxPerMm).Should().Be(mm % 5 == 0 ? "large" : "small", $"a {(mm % 5 == 0 ? "5 mm" : "1 mm")} line at {mm} mm");
            Kind((int)Math.Round((mm + 0.5) * pxPerMm)).Should().Be("paper", $"paper between the lines at {mm + 0.5} mm");
        }
    }

    private void CheckHeartRate(JsonElement root, SimulatedDevice ecg)
    {
        var tile = root.GetProperty("tiles").GetProperty("tile-hr");
        var shown = double.Parse(tile.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
        var peaks = ecg.Recorder.Signal.RPeakTimes;
        var rr = peaks.Zip(peaks.Skip(1), (a, b) => b - a).TakeLast(8).Order().ToList();
        var simulated = 60 / rr[rr.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heart rate: tile {shown} /min ({tile.GetProperty("time").GetString()}), simulator set to {HeartRate}, its last 8 beats {simulated:0.0} /min"));
        shown.Should().BeApproximately(HeartRate, 3, "the tile shows the simulator's rate, computed by the gateway's analysis");
        tile.GetProperty("time").GetString().Should().StartWith("server ECG", "the rate is the server's, shown with its beats' time span");
        var hr = root.GetProperty("heartRate");
        hr.GetProperty("bpm").GetDouble().Should().BeApproximately(shown, 1.5, "read a moment after the tile, from the same server rate or the next");
        hr.GetProperty("fromMs").GetDouble().Should().BeLessThan(hr.GetProperty("toMs").GetDouble());
    }

    /// <summary>The server's beat marks under the rhythm strip: at the generator's beats (±40 ms), at the x of their time
    /// on the strip's grid (25 mm/s), one per beat, none inside the lead-off hole.</summary>
    private void CheckBeatMarks(JsonElement layout, SimulatedDevice ecg, long startNs)
    {
        var strip = layout.GetProperty("strips").EnumerateArray().Single(s => s.GetProperty("rhythm").GetBoolean());
        var tStart = strip.GetProperty("tStartMs").GetDouble();
        var xStart = strip.GetProperty("xPx").GetDouble();
        var pxPerMs = layout.GetProperty("speedMmPerS").GetDouble() * layout.GetProperty("pxPerMm").GetDouble() / 1000;
        var display = layout.GetProperty("displayMs").GetDouble();
        var marks = layout.GetProperty("beatMarks").EnumerateArray().Where(m => m.GetProperty("current").GetBoolean()).ToList();
        var peaks = ecg.Recorder.Signal.RPeakTimes.Select(t => (startNs / 1e6) + (t * 1000)).ToList();
        output.WriteLine($"beat marks on the rhythm strip: {marks.Count}; generator beats on it: {peaks.Count(p => p >= tStart && p < display)}");
        marks.Should().NotBeEmpty();
        foreach (var m in marks)
        {
            var t = m.GetProperty("tMs").GetDouble();
            peaks.Should().Contain(p => Math.Abs(p - t) <= 40, $"the mark at {t - tStart:F0} ms into the strip is one of the generator's beats");
            m.GetProperty("x").GetDouble().Should().BeApproximately(xStart + ((t - tStart) * pxPerMs), 0.5, "a mark sits at its time on the grid");
        }

        var holeFrom = (startNs / 1e6) + (LeadOffFrom * 1000);
        var holeTo = (startNs / 1e6) + (LeadOffTo * 1000);
        // A beat is announced once classified (the next beat detected: one RR plus the detector's delay), so the last
        // 1.8 s of the strip may still lack their marks.
        foreach (var p in peaks.Where(p => p >= tStart && p < display - 1800 && (p < holeFrom - 300 || p >= holeTo)))
        {
            marks.Should().Contain(m => Math.Abs(m.GetProperty("tMs").GetDouble() - p) <= 40, $"the generator's beat at {p - tStart:F0} ms into the strip has a mark");
        }
    }

    private static void CheckVitals(JsonElement root)
    {
        var tiles = root.GetProperty("tiles");
        string Value(string id) => tiles.GetProperty(id).GetProperty("value").GetString()!;
        bool Alarm(string id) => tiles.GetProperty(id).GetProperty("alarm").GetBoolean();
        Value("tile-bp").Should().Be("185/95 (125)");
        Alarm("tile-bp").Should().BeTrue("SBP ≥ 180");
        Value("tile-spo2").Should().Be("90");
        Alarm("tile-spo2").Should().BeTrue("SpO2 < 92 %");
        Value("tile-pulse").Should().Be("72");
        Value("tile-temp").Should().Be("37.2");
        tiles.GetProperty("tile-temp").GetProperty("unit").GetString().Should().Be("°C");
        Value("tile-glucose").Should().Be("5.4");
        Alarm("tile-temp").Should().BeFalse();
        // Its own time and age: seconds, or minutes when a loaded machine took more than a minute to get here.
        tiles.GetProperty("tile-spo2").GetProperty("time").GetString().Should().MatchRegex(@"^measured \d{2}:\d{2}:\d{2} · \d+ (s|min) ago$");
        var alerts = root.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!).ToList();
        alerts.Should().Contain(a => a.Contains("SpO2 90 %", StringComparison.Ordinal) && a.Contains("below 92", StringComparison.Ordinal));
        alerts.Should().Contain(a => a.Contains("Systolic BP 185 mmHg", StringComparison.Ordinal));
        alerts.Should().Contain(a => a.Contains("Cuff loose or not on the arm (E1) — cuff-browser", StringComparison.Ordinal), "a device's failed measurement is shown");
        alerts.Should().HaveCount(3);
        var status = root.GetProperty("status");
        status.GetProperty("connection").GetString().Should().Be("live");
        status.GetProperty("freshness").GetString().Should().StartWith("last frame");
    }

    /// <summary>Reported, not asserted: p50/p99 over the live frames received while the page was left
    /// alone for a few seconds (the figure to quote), and over every live frame (including the burst
    /// queued behind the join's history and frames that waited while the test took screenshots).</summary>
    private void ReportLatency(JsonElement root, double chunkSeconds)
    {
        var stats = root.GetProperty("stats");
        var all = stats.GetProperty("latencyMs").EnumerateArray().Select(l => l.GetDouble()).ToList();
        var at = stats.GetProperty("latencyAtMs").EnumerateArray().Select(l => l.GetDouble()).ToList();
        var (from, to) = (root.GetProperty("observeFromMs").GetDouble(), root.GetProperty("observeToMs").GetDouble());
        var observed = all.Where((_, i) => at[i] >= from && at[i] <= to).ToList();
        observed.Should().HaveCountGreaterThan(20, "live frames arrived while the page was observed");
        var report = new
        {
            measured = "device timestamp (batch device_time_ns, the end of its chunk) to receipt of the frame in the browser's SignalR handler; same machine, same clock",
            path = "simulator gRPC (h2c) -> gateway validation + write-ahead log fsync -> live fan-out -> SignalR MessagePack over WebSocket -> chromium (headless, software rendering)",
            chunkSeconds,
            observed = Summary(observed),
            allLiveFrames = Summary(all),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        File.WriteAllText(Path.Combine(Repository.Artifacts, "latency.json"), json);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"device-to-browser latency: p50 {report.observed.P50Ms} ms, p99 {report.observed.P99Ms} ms over {report.observed.Frames} live frames of {chunkSeconds} s (all {report.allLiveFrames.Frames} live frames incl. join burst and screenshots: p50 {report.allLiveFrames.P50Ms} ms, p99 {report.allLiveFrames.P99Ms} ms)");
        output.WriteLine(line);
        Console.WriteLine(line);

        static LatencySummary Summary(List<double> values)
        {
            var sorted = values.Order().ToList();
            double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
            return new LatencySummary(sorted.Count, Math.Round(Percentile(0.5), 1), Math.Round(Percentile(0.99), 1), Math.Round(sorted[0], 1), Math.Round(sorted[^1], 1));
        }
    }

    private sealed record LatencySummary(int Frames, double P50Ms, double P99Ms, double MinMs, double MaxMs);

    private async Task RunNodeAsync(string script, string configFile, string nodeModules)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(configFile);
        start.Environment["NODE_PATH"] = nodeModules;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("the browser check did not finish in 120 s: " + await stderr);
        }

        var err = await stderr;
        output.WriteLine(await stdout);
        node.ExitCode.Should().Be(0, "the browser check failed: " + err);
    }
}
