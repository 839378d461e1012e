using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TeleSante.Domain.Validation;
using TeleSante.FirmwareSim;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Clinical.Messages;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Signal.Synthesis;

// telesante-sim: simulated devices of a teleconsultation point.
//   (every gRPC command: --ca-cert FILE trusts that PEM/DER certificate alone for an https:// gateway)
//   ecg     --grpc URL [--device ID --site ID --session ID --leads 12 --rate 500 --hr 72 --seconds N --realtime --provision URL --admin-token T]
//   vitals  --mqtt HOST:PORT [--vitals-device ID --site ID --session ID --interval-s 10 --count N --provision URL --admin-token T]
//   point   --grpc URL --mqtt HOST:PORT --http URL [--session ID]   ECG recorder, vitals devices and a fundus camera, real time, until Ctrl+C
//           [--operator-token T [--requester-token T --request N] --station ID --consultation ID --patient-seed N]
//           with an operator token: opens a consultation (synthetic patient, consent) first, streams under its id,
//           files an ECG request after N s of ECG, closes it at the end (README "Simulator")
//   scenario FILE [--grpc URL --mqtt HOST:PORT --http URL --operator-token T --requester-token T]   a scenario file ("pharmacy day")
//   setup   --http URL --admin-token T --site ID --station ID [--practitioners FILE]   the site, the point's station, the directory
//   serial  --port PATH [--seq-file F --interval-s 1 --count N]  a serial vitals device (TSV1 line protocol) on a tty/pty
//   screening-day --http URL --operator-token T [--admin-token T] --site ID --station ID --camera ID [--device-token T]
//           [--campaign ID --patients 10 --defect-share 0.3 --max-retakes 2 --seed 1 --width 800 --height 600]
//           a diabetic retinopathy screening day: per patient a visit, two fields per eye, spoiled captures retaken
//   load    --devices N [--kind ecg12|ecg1|vitals --seconds S --grpc URL --mqtt HOST:PORT]
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: telesante-sim ecg|vitals|point|scenario|setup|serial|load [options]  (see README.md)");
    return args.Length == 0 ? 2 : 0;
}

// "scenario FILE" takes a positional file name; every other argument is --name value.
var options = new CommandLine(args.Skip(args[0] == "scenario" ? 2 : 1));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// SIGTERM (run.sh stopping, a service manager) stops like Ctrl+C, so open consultations are closed first.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

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
            return await RunScenarioAsync(PointScenario(options), options, stop.Token);
        case "scenario":
            if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("usage: telesante-sim scenario FILE [--grpc URL --mqtt HOST:PORT --http URL --operator-token T --requester-token T]");
                return 2;
            }

            var scenario = ScenarioFile.Load(args[1]);
            scenario = scenario with
            {
                Grpc = options.Get("grpc", scenario.Grpc),
                Mqtt = options.Get("mqtt", scenario.Mqtt),
                Http = options.Get("http", scenario.Http),
                CaCertificate = options.Get("ca-cert", scenario.CaCertificate),
            };
            if (TokensFrom(options).OpensConsultations)
            {
                // Consultation ids are unique for ever: each run of the file gets its own.
                var run = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                scenario = scenario with { Sessions = scenario.Sessions.Select(s => s with { Id = $"{s.Id}-{run}" }).ToList() };
            }

            return await RunScenarioAsync(scenario, options, stop.Token);
        case "setup":
            return await SetUpAsync(options, stop.Token);
        case "serial":
            // Read by the station agent on the other end (e.g. a socat pty pair), which forwards to the gateway.
            var serial = new TeleSante.FirmwareSim.Serial.SerialVitalsDevice(new TeleSante.FirmwareSim.Serial.SerialVitalsDeviceOptions
            {
                PortPath = options.Get("port", string.Empty) is { Length: > 0 } port ? port : throw new ArgumentException("serial needs --port PATH"),
                SeqFile = options.Get("seq-file", "serial-device.seq"),
                Interval = TimeSpan.FromSeconds(options.Get("interval-s", 1.0)),
            });
            await serial.RunAsync(options.Get("count", 0), stop.Token);
            return 0;
        case "load":
            return await RunScenarioAsync(LoadScenario(options), options, stop.Token);
        case "screening-day":
            return await RunScreeningDayAsync(options, stop.Token);
        default:
            Console.Error.WriteLine($"unknown command '{args[0]}' (expected ecg, vitals or point)");
            return 2;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}
catch (ClinicalApiException ex)
{
    // The gateway refused a clinical step: its problem code and detail say why (never an INS: the gateway does not echo it).
    Console.Error.WriteLine($"clinical API refused: {ex.Message}");
    return 1;
}
catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
{
    // A consultation step that could not be taken (e.g. no ECG acknowledged to attach to the request).
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (InvalidDataException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static async Task<int> RunScenarioAsync(ScenarioDefinition scenario, CommandLine options, CancellationToken cancellationToken)
{
    // --provision URL --admin-token T [--credentials FILE]: register the devices with the gateway first.
    using var provisioner = ProvisionerFrom(options);
    var tokens = TokensFrom(options);
    using var http = tokens.OpensConsultations ? new HttpClient(GatewayTls.CreateHandler(scenario.CaCertificate)) { BaseAddress = new Uri(scenario.Http), Timeout = TimeSpan.FromSeconds(30) } : null;
    var runner = new ScenarioRunner(scenario, provisioner, http is null ? null : new ClinicalApiClient(http, tokens));
    await LiveProgress.ShowAsync(runner, () => runner.RunAsync(cancellationToken));
    Console.WriteLine(LiveProgress.Summary(runner.Devices));
    return runner.Devices.Sum(d => d.Rejected) == 0 ? 0 : 1;
}

// --operator-token T: consultations are opened through the clinical API; --requester-token T files the requests;
// --admin-token T (also used by --provision) sets up the site and the station first.
// Issue 13: a screening day against the gateway; prints what the quality gate caught and missed. Exit 1 when an upload
// was refused or a spoiled capture got through.
static async Task<int> RunScreeningDayAsync(CommandLine options, CancellationToken cancellationToken)
{
    var tokens = TokensFrom(options);
    if (!tokens.OpensConsultations)
    {
        throw new ArgumentException("screening-day needs --operator-token (and --admin-token to create the campaign)");
    }

    var ca = options.Get("ca-cert", string.Empty);
    using var http = new HttpClient(GatewayTls.CreateHandler(ca.Length == 0 ? null : ca)) { BaseAddress = new Uri(options.Get("http", "http://localhost:5080")), Timeout = TimeSpan.FromSeconds(60) };
    var camera = options.Get("camera", "fundus-1");
    var deviceToken = options.Get("device-token", string.Empty);
    var day = new TeleSante.FirmwareSim.Screening.ScreeningDay(new ClinicalApiClient(http, tokens),
        new ImageUploader(http, deviceToken.Length == 0 ? null : new DeviceCredential(camera, deviceToken)),
        new TeleSante.FirmwareSim.Screening.ScreeningDayOptions
        {
            CampaignId = options.Get("campaign", "dr-sim"), SiteId = options.Get("site", "pharma-01"), StationId = options.Get("station", "cabin-01"), CameraId = camera,
            Patients = options.Get("patients", 10), DefectShare = options.Get("defect-share", 0.3), MaxRetakes = options.Get("max-retakes", 2), Seed = options.Get("seed", 1),
            Width = options.Get("width", 800), Height = options.Get("height", 600),
        });
    var summary = await day.RunAsync(cancellationToken);
    Console.WriteLine(summary);
    foreach (var problem in summary.Problems)
    {
        Console.WriteLine("  refused: " + problem);
    }

    return summary.Refused == 0 && summary.Missed == 0 ? 0 : 1;
}

static ClinicalTokens TokensFrom(CommandLine options) =>
    new(options.Get("admin-token", string.Empty), options.Get("operator-token", string.Empty), options.Get("requester-token", string.Empty));

// The demo directory as an administrator enters it: the site, the station with the point's devices, and the
// practitioners of a file (a JSON array of directory entries). Entries that exist are kept.
static async Task<int> SetUpAsync(CommandLine options, CancellationToken cancellationToken)
{
    var tokens = TokensFrom(options);
    if (tokens.Admin.Length == 0)
    {
        throw new ArgumentException("setup needs --admin-token");
    }

    var point = PointScenario(options);
    using var http = new HttpClient(GatewayTls.CreateHandler(point.CaCertificate)) { BaseAddress = new Uri(point.Http), Timeout = TimeSpan.FromSeconds(30) };
    var clinical = new ClinicalApiClient(http, tokens);
    var site = await clinical.EnsureSiteAsync(new SiteBody(point.Site, options.Get("site-name", point.Site), "Pharmacy"), cancellationToken);
    Console.WriteLine(site ? $"site {point.Site} registered" : $"site {point.Site} already registered");
    var devices = ScenarioRunner.StationDeviceIds(point);
    var station = await clinical.EnsureStationAsync(new StationBody(point.Station, point.Site, options.Get("station-name", point.Station), "Cabin", devices), cancellationToken);
    Console.WriteLine(station ? $"station {point.Station} registered with {string.Join(", ", devices)}" : $"station {point.Station} already registered (its devices unchanged)");
    var file = options.Get("practitioners", string.Empty);
    if (file.Length > 0)
    {
        IReadOnlyList<PractitionerBody> practitioners;
        try
        {
            practitioners = JsonSerializer.Deserialize(File.ReadAllText(file), PractitionersFileContext.Default.IReadOnlyListPractitionerBody) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: {ex.Path ?? "$"}: {ex.Message}", ex);
        }

        foreach (var practitioner in practitioners)
        {
            var added = await clinical.EnsurePractitionerAsync(practitioner, cancellationToken);
            Console.WriteLine(added ? $"practitioner {practitioner.Id} registered ({string.Join(", ", practitioner.Roles)})" : $"practitioner {practitioner.Id} already registered");
        }
    }

    return 0;
}

static DeviceProvisioner? ProvisionerFrom(CommandLine options)
{
    var gateway = options.Get("provision", string.Empty);
    return gateway.Length == 0 ? null : new DeviceProvisioner(new Uri(gateway), options.Get("admin-token", string.Empty), options.Get("credentials", "sim-credentials.json"), options.Get("ca-cert", string.Empty));
}

// With an operator token the session is a consultation: its id is --consultation, by default --session with the
// start time (consultation ids are never reused), and the devices are the station's.
static ScenarioDefinition PointScenario(CommandLine options)
{
    var session = options.Get("session", "demo-session");
    var clinical = TokensFrom(options).OpensConsultations;
    var id = clinical ? options.Get("consultation", $"{session}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}") : session;
    var seconds = options.Get("seconds", 24 * 3600.0);
    RequestDefinition? request = null;
    if (options.Get("request", 0.0) is var after and > 0)
    {
        request = new RequestDefinition
        {
            AfterEcgSeconds = after,
            Specialty = options.Get("specialty", "cardiology"),
            Priority = options.Get("priority", "Routine"),
            Question = options.Get("question", "Palpitations for two days: please interpret this 12-lead ECG (rhythm, conduction, repolarisation)."),
        };
    }

    var point = new ScenarioDefinition
    {
        Name = "teleconsultation point",
        Site = options.Get("site", "demo-pharmacy"),
        Station = options.Get("station", "cabine-1"),
        Grpc = options.Get("grpc", "http://127.0.0.1:5081"),
        Http = options.Get("http", "http://127.0.0.1:5080"),
        CaCertificate = options.Get("ca-cert", string.Empty),
        Mqtt = options.Get("mqtt", "127.0.0.1:1883"),
        Sessions =
        [
            new SessionDefinition
            {
                Id = id,
                DurationSeconds = seconds,
                Devices =
                [
                    new DeviceDefinition { Kind = "ecg12", HeartRate = options.Get("hr", 72.0) },
                    new DeviceDefinition { Kind = "vitals", Transport = "mqtt-json", IntervalSeconds = 10 },
                    new DeviceDefinition { Kind = "fundus", Transport = "http", Captures = 4, IntervalSeconds = 15 },
                ],
                Patient = new PatientDefinition { Seed = options.Get("patient-seed", 1) },
                Request = request,
            },
        ],
    };
    if (request is not null && !clinical)
    {
        throw new ArgumentException("--request files a request in a consultation: give --operator-token and --requester-token");
    }

    var errors = ScenarioValidation.Errors(point with { Sessions = [point.Sessions[0] with { Id = session }] })
        .Concat(Identifiers.IsValid(id) && id.Length <= 56 ? [] : [$"--consultation: '{id}' must be {Identifiers.Rule}, at most 56 characters"]).ToList();
    return errors.Count == 0 ? point : throw new ArgumentException(string.Join("; ", errors).Replace("sessions[0].", "point: ", StringComparison.Ordinal));
}

static ScenarioDefinition LoadScenario(CommandLine options) => new()
{
    Name = "load",
    Site = options.Get("site", "load-site"),
    Grpc = options.Get("grpc", "http://127.0.0.1:5081"),
    CaCertificate = options.Get("ca-cert", string.Empty),
    Mqtt = options.Get("mqtt", "127.0.0.1:1883"),
    Sessions =
    [
        new SessionDefinition
        {
            Id = options.Get("session", "load"),
            DurationSeconds = options.Get("seconds", 60.0),
            Devices = [new DeviceDefinition { Kind = options.Get("kind", "ecg12"), Transport = options.Get("kind", "ecg12") == "vitals" ? "mqtt-json" : "grpc", Count = options.Get("devices", 10), IntervalSeconds = 5 }],
        },
    ],
};

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

    using var channel = GatewayTls.CreateChannel(options.Get("grpc", "http://127.0.0.1:5081"), options.Get("ca-cert", string.Empty));
    // --provision URL --admin-token T: registered (or credential reused from --credentials) like the point's devices.
    using var provisioner = ProvisionerFrom(options);
    var credential = provisioner is null ? null
        : await provisioner.CredentialForAsync(recorder.Options.DeviceId, "ecg12", recorder.Options.SiteId, cancellationToken);
    await using var sender = new GrpcBatchSender(channel, credential: credential);
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
    var deviceId = options.Get("vitals-device", "demo-vitals-1");
    var site = options.Get("site", "demo-pharmacy");
    using var provisioner = ProvisionerFrom(options);
    var credential = provisioner is null ? null : await provisioner.CredentialForAsync(deviceId, "vitals", site, cancellationToken);
    var device = new VitalsDevice(
        endpoint[0],
        int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture),
        deviceId,
        site,
        options.Get("session", "demo-session"),
        seed: 7,
        credential);
    await device.RunAsync(TimeSpan.FromSeconds(options.Get("interval-s", 10.0)), options.Get("count", 0), cancellationToken);
}
