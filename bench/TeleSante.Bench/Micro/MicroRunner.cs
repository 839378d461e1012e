using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Micro;

/// <summary>
/// Runs the micro-benchmarks with BenchmarkDotNet's ShortRun job (3 warm-up, 3 measured iterations:
/// a few minutes in all) in process. In-process because the default toolchain generates and builds a
/// separate project, which would rebuild the referenced projects in a tree other engineers are
/// building at the same time; the price is no process isolation between cases, acceptable for these
/// allocation-light, single-threaded methods.
/// </summary>
public static class MicroRunner
{
    public static readonly Type[] Benchmarks =
    [
        typeof(LineProtocolBenchmarks),
        typeof(SampleCodecBenchmarks),
        typeof(ValidationBenchmarks),
        typeof(ProtobufBenchmarks),
        typeof(WalAppendBenchmarks),
    ];

    public static MicroReport Run(string? filter)
    {
        var artifacts = Directory.CreateTempSubdirectory("telesante-bench-bdn-").FullName;
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifacts);
        var types = Benchmarks.Where(t => filter is null || t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToArray();
        List<MicroResult> results;
        try
        {
            var summaries = BenchmarkRunner.Run(types, config);
            results = [.. summaries.SelectMany(s => s.Reports.Select(r => ToResult(s, r)))];
        }
        finally
        {
            // BenchmarkDotNet's own exports (csv, html, logs) are not kept: micro.json/md carry the figures.
            Directory.Delete(artifacts, recursive: true);
        }

        return new MicroReport(MachineDescription.Capture("not used"), "ShortRun (3 warm-up + 3 iterations, 1 launch), in-process emit toolchain", results);
    }

    public static ResultTable Table(MicroReport report)
    {
        var table = new ResultTable("Micro-benchmarks (BenchmarkDotNet " + report.Job + ")", "benchmark", "case", "mean", "± error", "allocated");
        foreach (var r in report.Results)
        {
            table.Add(r.Benchmark, r.Case, Time(r.MeanNs), Time(r.ErrorNs), r.AllocatedBytes is { } b ? Format.Bytes(b) : "-");
        }

        return table;
    }

    private static MicroResult ToResult(Summary summary, BenchmarkReport report)
    {
        var benchmark = report.BenchmarkCase;
        var parameters = benchmark.HasParameters ? " (" + benchmark.Parameters.DisplayInfo + ")" : string.Empty;
        var stats = report.ResultStatistics;
        return new MicroResult(
            benchmark.Descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal),
            benchmark.Descriptor.WorkloadMethodDisplayInfo.Trim('\'') + parameters,
            stats?.Mean ?? double.NaN,
            stats?.ConfidenceInterval.Margin ?? double.NaN,
            report.GcStats.GetBytesAllocatedPerOperation(benchmark));
    }

    private static string Time(double ns) => ns switch
    {
        double.NaN => "failed",
        >= 1e6 => (ns / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };
}
