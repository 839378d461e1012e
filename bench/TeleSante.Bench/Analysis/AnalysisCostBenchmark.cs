using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Bench.Infrastructure;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Devices;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Bench.Analysis;

/// <summary>
/// <c>analysis-cost</c>: CPU of the gateway's per-stream ECG analysis (issue 12 "Cost"), the very code the gateway runs
/// (<c>StreamAnalyser</c>: QRS detector over every lead, RR, rate, AF windows and beat classes through the committed ML.NET models, per-beat QRS duration, rhythm statements), over
/// synthetic ECG generated beforehand (generation is not counted). One thread; process CPU time, so GC is included.
/// </summary>
public static class AnalysisCostBenchmark
{
    public static AnalysisCostReport Run(double seconds, string modelPath, string beatModelPath)
    {
        var options = new AnalysisServiceOptions { AfModelPath = modelPath, BeatModelPath = beatModelPath };
        var model = new AfModel(Options.Create(options));
        var beatModel = new BeatModel(Options.Create(options));
        var cases = new List<AnalysisCostCase>
        {
            Measure("1 lead, 250 Hz", 1, 250, seconds, options, model, beatModel),
            Measure("12 leads, 500 Hz", 12, 500, seconds, options, model, beatModel),
        };
        return new AnalysisCostReport(MachineDescription.Capture("n/a"), cases);
    }

    public static ResultTable Table(AnalysisCostReport report)
    {
        var ci = CultureInfo.InvariantCulture;
        var table = new ResultTable("ECG analysis CPU per stream (StreamAnalyser, AF and beat models on)", "stream", "signal s", "CPU s", "core-s per stream-hour", "real-time streams per core", "beats", "AF windows");
        foreach (var c in report.Cases)
        {
            table.Add(c.Name, c.SignalSeconds.ToString("0", ci), c.CpuSeconds.ToString("0.00", ci), c.CoreSecondsPerStreamHour.ToString("0.0", ci), c.StreamsPerCore.ToString("0", ci), c.Beats.ToString(ci), c.AfWindows.ToString(ci));
        }

        return table;
    }

    private static AnalysisCostCase Measure(string name, int leads, double rate, double seconds, AnalysisServiceOptions options, AfModel model, BeatModel beatModel)
    {
        var chunk = (int)(rate / 2); // 0.5 s per batch, as the bench's devices send
        var recorder = new EcgRecorder(new EcgRecorderOptions
        {
            DeviceId = "bench-ecg",
            SiteId = "bench-site",
            SessionId = "bench-session",
            Leads = leads,
            ChunkSamples = chunk,
            StartTimeNs = 1_800_000_000_000_000_000,
            Signal = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = 75, BaselineWanderMv = 0.1, MainsMv = 0.02, MuscleNoiseMv = 0.01, EctopicProbability = 0.05, Seed = 11 },
        });
        var batches = Enumerable.Range(0, (int)(seconds * 2)).Select(_ => recorder.NextBatch()).ToList();

        // Warm-up (JIT, model) on a copy of the first minute, not measured.
        Analyse(batches.Take(120), options, model, beatModel);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        var (beats, windows) = Analyse(batches, options, model, beatModel);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - before).TotalSeconds;
        var signal = batches.Count * chunk / rate;
        return new AnalysisCostCase(name, leads, rate, signal, cpu, cpu / signal * 3600, signal / cpu, beats, windows);
    }

    private static (long Beats, long AfWindows) Analyse(IEnumerable<ReadingBatch> batches, AnalysisServiceOptions options, AfModel model, BeatModel beatModel)
    {
        StreamAnalyser? analyser = null;
        long beats = 0, windows = 0;
        foreach (var batch in batches)
        {
            var chunk = batch.Waveforms[0];
            analyser ??= new StreamAnalyser(batch.SessionId, batch.DeviceId, chunk.SampleRateHz, [.. chunk.Channels.Select(c => c.MdcCode)], options, model.Classifier, beatModel.Classifier);
            var result = analyser.Analyse(new EcgChunk(chunk, [.. chunk.Channels]), out _);
            beats += result.Beats.Count;
            windows += result.Rhythms.Count;
        }

        return (beats, windows);
    }
}
