using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Bench.Micro;

/// <summary>
/// Appends to the gateway's write-ahead log on the real disk, as concurrent device streams do: each of
/// <see cref="Appenders"/> callers appends <see cref="PerAppender"/> records of <see cref="PayloadBytes"/>
/// bytes one after the other, so concurrent callers share fsyncs (group commit). The mean is one caller's
/// latency per append (one write + one fsync with one appender); appends per second = Appenders / mean.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks
{
    private const int PerAppender = 32;

    private string _directory = "";
    private WriteAheadLog _wal = null!;
    private byte[] _payload = [];

    [Params(1, 16)]
    public int Appenders { get; set; }

    [Params(1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("telesante-bench-wal-").FullName;
        _payload = new byte[PayloadBytes];
        new Random(1).NextBytes(_payload);
        _wal = WriteAheadLog.Open(new WalOptions { Directory = _directory, MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger<WriteAheadLog>.Instance);
    }

    [IterationCleanup]
    public async Task ConfirmAsync()
    {
        // Keeps the log at a segment or two whatever the number of invocations.
        await _wal.ConfirmAsync(_wal.LastSequence);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _wal.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "WriteAheadLog.AppendAsync (durable)", OperationsPerInvoke = PerAppender)]
    public async Task Append()
    {
        var callers = new Task[Appenders];
        for (var c = 0; c < callers.Length; c++)
        {
            callers[c] = AppendSequentiallyAsync();
        }

        await Task.WhenAll(callers);
    }

    private async Task AppendSequentiallyAsync()
    {
        for (var i = 0; i < PerAppender; i++)
        {
            _ = await _wal.AppendAsync(_payload);
        }
    }
}
