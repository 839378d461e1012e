using System.Diagnostics;
using Grpc.Net.Client;
using TeleSante.FirmwareSim;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Signal.Synthesis;

// telesante-sim: simulated devices of a teleconsultation point.
//   ecg     --grpc URL [--device ID --site ID --session ID --leads 12 --rate 500 --hr 72 --seconds N --realtime]
//   vitals  --mqtt HOST:PORT [--device ID --site ID --session ID --interval-s 10 --count N]
//   point   --grpc URL --mqtt HOST:PORT [--session ID]   ECG recorder + vitals devices, real time, until Ctrl+C
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: telesante-sim ecg|vitals|point [options]  (see README.md)");
    return args.Length == 0 ? 2 : 0;
}

var options = new CommandLine(args.Skip(1));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    switch (args[0])
    {
        case "ecg":
            await RunEcgAsync(options, stop.Token);
            return 0;
        case "vitals":
            await RunVitalsAsync(options, stop.Token);
            return 0;
        case "point":
            await Task.WhenAll(RunEcgAsync(options, stop.Token), RunVitalsAsync(options, stop.Token));
            return 0;
        default:
            Console.Error.WriteLine($"unknown command '{args[0]}' (expected ecg, vitals or point)");
            return 2;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}

static async Task RunEcgAsync(CommandLine options, CancellationToken cancellationToken)
{
    var rate = options.Get("rate", 500.0);
    var seconds = options.Get("seconds", 0.0);
    var realtime = options.Has("realtime") || seconds == 0;
    var recorder = new EcgRecorder(new EcgRecorderOptions
    {
        DeviceId = options.Get("device", "demo-ecg-1"),
        SiteId = options.Get("site", "demo-pharmacy"),
        SessionId = options.Get("session", "demo-session"),
        Leads = options.Get("leads", 12),
        ChunkSamples = (int)(rate / 4),
        StartTimeNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100,
        FirstSeq = (ulong)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond),
        Signal = new SyntheticEcgOptions
        {
            SampleRateHz = rate,
            HeartRateBpm = options.Get("hr", 72.0),
            BaselineWanderMv = 0.05,
            MainsMv = 0.01,
            MuscleNoiseMv = 0.005,
            EctopicProbability = options.Get("pvc", 0.0),
        },
    });

    using var channel = GrpcChannel.ForAddress(options.Get("grpc", "http://127.0.0.1:5081"));
    await using var sender = new GrpcBatchSender(channel);
    sender.Start();
    var clock = Stopwatch.StartNew();
    var chunkSeconds = recorder.Options.ChunkSamples / rate;
    var chunks = seconds > 0 ? (long)Math.Ceiling(seconds / chunkSeconds) : long.MaxValue;
    var lastReport = TimeSpan.Zero;
    for (long i = 0; i < chunks && !cancellationToken.IsCancellationRequested; i++)
    {
        if (realtime)
        {
            // A real recorder produces a chunk only once its samples exist.
            var due = TimeSpan.FromSeconds((i + 1) * chunkSeconds) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
        }

        await sender.SendAsync(recorder.NextBatch(), cancellationToken);
        if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5))
        {
            lastReport = clock.Elapsed;
            Console.WriteLine($"ecg {recorder.Options.DeviceId}: acked {sender.Acked} (duplicates {sender.Duplicates}), rejected {sender.Rejected}, pending {sender.Pending}, reconnects {sender.Reconnects} {sender.LastError}");
        }
    }

    while (sender.Pending > 0)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await sender.DrainAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine($"ecg {recorder.Options.DeviceId}: waiting for {sender.Pending} answers, reconnects {sender.Reconnects} {sender.LastError}");
        }
    }

    Console.WriteLine($"ecg {recorder.Options.DeviceId}: done, acked {sender.Acked}, rejected {sender.Rejected}");
}

static async Task RunVitalsAsync(CommandLine options, CancellationToken cancellationToken)
{
    var endpoint = options.Get("mqtt", "127.0.0.1:1883").Split(':');
    var device = new VitalsDevice(
        endpoint[0],
        int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture),
        options.Get("vitals-device", "demo-vitals-1"),
        options.Get("site", "demo-pharmacy"),
        options.Get("session", "demo-session"),
        seed: 7);
    await device.RunAsync(TimeSpan.FromSeconds(options.Get("interval-s", 10.0)), options.Get("count", 0), cancellationToken);
}
