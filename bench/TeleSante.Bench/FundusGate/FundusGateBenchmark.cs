using System.Diagnostics;
using System.Globalization;
using TeleSante.Bench.Infrastructure;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;

namespace TeleSante.Bench.FundusGate;

/// <summary>
/// <c>telesante-bench fundus-gate</c>: the gate's decision time on 2-megapixel photographs (1600x1200, issue 13's target:
/// p99 under 500 ms), as the gateway makes it after storing an upload: header probe and integrity check, MLImage decode,
/// measurements on the working copy, FastTree prediction and reasons. A stopwatch harness rather than BenchmarkDotNet:
/// the figure asked for is a tail latency over many distinct photographs, not a mean of one hot call.
/// </summary>
public static class FundusGateBenchmark
{
    public static FundusGateReport Run(int distinct, int decisions, string modelDirectory)
    {
        var machine = MachineDescription.Capture("not used");
        var gate = TeleSante.Imaging.Quality.FundusGate.Load(modelDirectory);
        var options = new FundusGateOptions();
        const int width = 1600, height = 1200;
        var kinds = Enum.GetValues<FundusDefectKind>();
        var captures = Enumerable.Range(0, distinct).Select(i =>
            new FundusCamera(new FundusCameraOptions { DeviceId = "bench", SiteId = "bench", Width = width, Height = height, Seed = 100 + i })
                .Capture(new FundusCaptureRequest { Laterality = i % 2 == 0 ? Laterality.OD : Laterality.OS, Defects = FundusDefectScale.Of(kinds[i % kinds.Length], i % kinds.Length == 0 ? 0 : 0.7, width, height) })).ToList();
        var timings = new List<FundusGateTiming>();
        foreach (var format in new[] { FundusFileFormat.Jpeg, FundusFileFormat.Png })
        {
            var files = captures.Select(c => (c.Encode(format).Content, Eye: c.Metadata.Laterality == Laterality.OD ? TeleSante.Imaging.EyeLaterality.OD : TeleSante.Imaging.EyeLaterality.OS)).ToList();
            foreach (var (content, eye) in files.Take(3))
            {
                Decide(gate, options, content, eye); // warm-up: JIT, SkiaSharp's native library, the pool
            }

            var times = new double[decisions];
            var ungradable = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < decisions; i++)
            {
                var (content, eye) = files[i % files.Count];
                var started = Stopwatch.GetTimestamp();
                ungradable += Decide(gate, options, content, eye) ? 0 : 1;
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / decisions;
            Array.Sort(times);
            timings.Add(new FundusGateTiming(format.ToString().ToUpperInvariant(), decisions, Percentile(times, 0.5), Percentile(times, 0.95), Percentile(times, 0.99), times[^1], Math.Round(cpu, 1), ungradable));
        }

        return new FundusGateReport(machine, width, height, distinct, decisions, timings, MachineDescription.LoadAverage());
    }

    public static ResultTable Table(FundusGateReport report)
    {
        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"Fundus gate decision, {report.Width}x{report.Height} ({report.DistinctPhotographs} distinct photographs, {report.DecisionsPerFormat} decisions per format)"),
            "format", "decisions", "p50", "p95", "p99", "max", "CPU per decision", "ungradable");
        foreach (var t in report.Timings)
        {
            table.Add(t.Format, t.Decisions.ToString(CultureInfo.InvariantCulture), Ms(t.P50Ms), Ms(t.P95Ms), Ms(t.P99Ms), Ms(t.MaxMs), Ms(t.CpuMsPerDecision), t.Ungradable.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static bool Decide(TeleSante.Imaging.Quality.FundusGate gate, FundusGateOptions options, byte[] content, TeleSante.Imaging.EyeLaterality eye)
    {
        using var stream = new MemoryStream(content, writable: false);
        var measurements = FundusMeter.Measure(stream, 50_000_000, eye, TeleSante.Imaging.RetinalField.MaculaCentred, options);
        return gate.Assess(measurements, TeleSante.Imaging.RetinalField.MaculaCentred).Gradable;
    }

    private static double Percentile(double[] sorted, double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
