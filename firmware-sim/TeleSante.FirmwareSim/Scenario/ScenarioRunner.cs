using System.Globalization;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Clinical.Messages;
using TeleSante.FirmwareSim.Devices;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>
/// Starts each session's devices at their time, runs them for the session's duration, and exposes every device's
/// counters for the live display. With a <see cref="ClinicalApiClient"/> whose tokens open consultations, it acts
/// as the cabin software of issue 11: sets up the site and the station (administrator token), and for each session
/// records a synthetic patient, collects consent and opens a consultation at the station BEFORE the devices stream
/// under the consultation's id, files the session's request once its ECG is recorded, and closes the consultation
/// at the end of the session, also when the run is cancelled. A station serves one patient at a time, so its
/// sessions take turns. Without one, sessions stream under their own ids as before.
/// </summary>
public sealed class ScenarioRunner(ScenarioDefinition scenario, DeviceProvisioner? provisioner = null, ClinicalApiClient? clinical = null)
{
    private static readonly string[] EcgKinds = ["ecg12", "ecg1", "wfdb"];
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(15);
    private readonly List<DeviceStats> _devices = [];
    private readonly List<string> _notes = [];
    private readonly List<RequestFiled> _requests = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _station = new(1, 1);

    public IReadOnlyList<DeviceStats> Devices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices];
            }
        }
    }

    /// <summary>What happened in the consultations (opened, request filed, closed), in order. Never an INS.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_gate)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>The requests filed, as the gateway answered them.</summary>
    public IReadOnlyList<RequestFiled> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Raised for each new <see cref="Notes"/> line.</summary>
    public event Action<string>? Noted;

    private bool OpensConsultations => clinical?.Tokens.OpensConsultations == true;

    /// <summary>The device ids of a session, by definition: "{site}-{session}-{kind}-{n}", or, for the devices of a
    /// station (consultations), "{site}-{station}-{kind}-{n}" so that every consultation there uses the same devices.
    /// Numbered per kind across the session: two definitions of one kind are still two devices.</summary>
    public static IReadOnlyList<(DeviceDefinition Definition, string DeviceId)> DeviceIdsOf(ScenarioDefinition scenario, SessionDefinition session, bool atStation)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(session);
        var owner = atStation ? scenario.Station : session.Id;
        var perKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<(DeviceDefinition, string)>();
        foreach (var definition in session.Devices)
        {
            for (var n = 0; n < definition.Count; n++)
            {
                var number = perKind[definition.Kind] = perKind.GetValueOrDefault(definition.Kind) + 1;
                ids.Add((definition, string.Create(CultureInfo.InvariantCulture, $"{scenario.Site}-{owner}-{definition.Kind}-{number}")));
            }
        }

        return ids;
    }

    /// <summary>Every device the scenario's sessions use at its station: what the station is registered with.</summary>
    public static IReadOnlyList<string> StationDeviceIds(ScenarioDefinition scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Sessions.SelectMany(s => DeviceIdsOf(scenario, s, atStation: true).Select(d => d.DeviceId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (OpensConsultations)
        {
            await SetUpStationAsync(cancellationToken).ConfigureAwait(false);
        }

        // A few HTTP/2 connections shared by all gRPC devices: each device is one stream on them.
        var channels = Enumerable.Range(0, 4).Select(_ => GatewayTls.CreateChannel(scenario.Grpc, scenario.CaCertificate)).ToArray();
        using var http = new HttpClient(GatewayTls.CreateHandler(scenario.CaCertificate)) { BaseAddress = new Uri(scenario.Http), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var index = 0;
            var sessions = scenario.Sessions.Select(session => RunSessionAsync(session, index++, channels, http, cancellationToken)).ToList();
            await Task.WhenAll(sessions).ConfigureAwait(false);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private async Task SetUpStationAsync(CancellationToken cancellationToken)
    {
        if (scenario.Station.Length == 0)
        {
            throw new InvalidDataException("station: consultations are opened at a station; name it");
        }

        if (scenario.Sessions.Any(s => s.Request is not null) && clinical!.Tokens.Requester.Length == 0)
        {
            throw new InvalidDataException("the sessions file requests: give a requester's token (--requester-token)");
        }

        if (clinical!.Tokens.Admin.Length == 0)
        {
            return; // The site and the station were set up by an administrator beforehand.
        }

        var site = await clinical.EnsureSiteAsync(new SiteBody(scenario.Site, scenario.Site, "Pharmacy"), cancellationToken).ConfigureAwait(false);
        Note(site ? $"site {scenario.Site} registered" : $"site {scenario.Site} already registered");
        var devices = StationDeviceIds(scenario);
        var station = await clinical.EnsureStationAsync(new StationBody(scenario.Station, scenario.Site, scenario.Station, "Cabin", devices), cancellationToken).ConfigureAwait(false);
        Note(station ? $"station {scenario.Station} registered with {string.Join(", ", devices)}" : $"station {scenario.Station} already registered (its devices unchanged)");
    }

    private async Task RunSessionAsync(SessionDefinition session, int index, Grpc.Net.Client.GrpcChannel[] channels, HttpClient http, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(session.StartAfterSeconds / scenario.Speed), cancellationToken).ConfigureAwait(false);
        if (!OpensConsultations)
        {
            await StreamAsync(session, channels, http, consultationOpenedAt: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _station.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await OpenConsultationAsync(session, index, cancellationToken).ConfigureAwait(false);
            try
            {
                await StreamAsync(session, channels, http, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Also after Ctrl+C or a failure: a consultation left open would keep the station busy.
                using var close = new CancellationTokenSource(CloseTimeout);
                await clinical!.CloseConsultationAsync(session.Id, close.Token).ConfigureAwait(false);
                Note($"consultation {session.Id} closed");
            }
        }
        finally
        {
            _station.Release();
        }
    }

    private async Task OpenConsultationAsync(SessionDefinition session, int index, CancellationToken cancellationToken)
    {
        var definition = session.Patient ?? new PatientDefinition { Seed = index + 1 };
        var patient = SyntheticPatient.Create(definition.Seed, definition.Id);
        var recorded = await clinical!.RecordPatientAsync(patient, definition.IdentityDocumentChecked, cancellationToken).ConfigureAwait(false);
        Note(recorded is null ? $"patient {patient} already recorded"
            : $"patient {patient} recorded: identity {recorded.Status}{(recorded.HasIns ? ", test INS accepted" : string.Empty)}");
        var specialty = session.Request?.Specialty ?? "cardiology";
        var consentId = session.Id + "-consent";
        await clinical.CollectConsentAsync(new ConsentBody(consentId, patient.Id,
            $"Tele-expertise: the recordings made in the cabin are sent to a remote specialist ({specialty}) who answers in writing (simulated consultation).",
            [specialty], ShareReportWithTreatingGp: false, TreatingGp: null), cancellationToken).ConfigureAwait(false);
        await clinical.OpenConsultationAsync(new ConsultationBody(session.Id, scenario.Station, patient.Id, consentId), cancellationToken).ConfigureAwait(false);
        Note($"consultation {session.Id} opened at station {scenario.Station} for patient {patient.Id}");
    }

    private async Task StreamAsync(SessionDefinition session, Grpc.Net.Client.GrpcChannel[] channels, HttpClient http, DateTimeOffset? consultationOpenedAt, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(session.DurationSeconds);
        var mqtt = scenario.Mqtt.Split(':');
        var runs = new List<Task>();
        var ecgs = new List<(EcgStreamDevice Device, Task Run)>();
        var vitals = new List<DeviceStats>();
        var index = 0;
        foreach (var (definition, deviceId) in DeviceIdsOf(scenario, session, OpensConsultations))
        {
            var seed = ++index;
            var credential = provisioner is null ? null : await provisioner.CredentialForAsync(deviceId, definition.Kind, scenario.Site, cancellationToken).ConfigureAwait(false);
            if (definition.Transport == "serial")
            {
                var monitor = new SerialScenarioDevice(definition, deviceId, seed);
                Add(monitor.Stats);
                runs.Add(RunThenDisposeAsync(monitor, duration, cancellationToken));
            }
            else if (definition.Kind == "fundus")
            {
                var camera = new FundusDevice(definition, deviceId, scenario.Site, session.Id, http, scenario.Conditions, seed, credential);
                Add(camera.Stats);
                runs.Add(camera.RunAsync(duration, cancellationToken));
            }
            else if (definition.Transport == "mqtt-json" || definition.Kind == "vitals")
            {
                var device = new VitalsDevice(mqtt[0], int.Parse(mqtt[1], CultureInfo.InvariantCulture), deviceId, scenario.Site, session.Id, seed, credential);
                Add(device.Stats);
                vitals.Add(device.Stats);
                runs.Add(device.RunAsync(TimeSpan.FromSeconds(definition.IntervalSeconds), 0, cancellationToken, duration));
            }
            else
            {
                var device = new EcgStreamDevice(definition, deviceId, scenario.Site, session.Id, channels[(seed - 1) % channels.Length], scenario.Conditions, seed, credential);
                Add(device.Stats);
                var run = device.RunAsync(duration, cancellationToken);
                runs.Add(run);
                if (EcgKinds.Contains(definition.Kind))
                {
                    ecgs.Add((device, run));
                }
            }
        }

        if (consultationOpenedAt is { } openedAt && session.Request is { } request)
        {
            runs.Add(FileRequestAsync(session, request, ecgs, vitals, openedAt, cancellationToken));
        }

        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    private async Task FileRequestAsync(SessionDefinition session, RequestDefinition request, List<(EcgStreamDevice Device, Task Run)> ecgs,
        List<DeviceStats> vitals, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        var recorded = Task.WhenAll(ecgs.Select(e => e.Run));
        if (request.AfterEcgSeconds is { } seconds)
        {
            // Polled: the recorders' acknowledgements arrive on their own streams; a quarter second is far below the
            // resolution anyone asks for here.
            while (!recorded.IsCompleted && ecgs.Any(e => e.Device.AcknowledgedSeconds < seconds))
            {
                await Task.WhenAny(recorded, Task.Delay(250, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        else
        {
            await recorded.ConfigureAwait(false);
        }

        var recordings = ecgs.Where(e => e.Device.AcknowledgedRange is not null)
            .Select(e => new RecordingRangeBody(e.Device.Stats.Name, e.Device.AcknowledgedRange!.Value.From, e.Device.AcknowledgedRange.Value.To)).ToList();
        if (recordings.Count == 0)
        {
            throw new InvalidOperationException($"session {session.Id}: no ECG was acknowledged, so there is nothing to interpret (see the devices' last error)");
        }

        var now = DateTimeOffset.UtcNow;
        var vitalsRanges = vitals.Where(v => v.Acked > 0).Select(v => new RecordingRangeBody(v.Name, openedAt, now)).ToList();
        var filed = await clinical!.SubmitRequestAsync(new RequestBody(session.Id + "-request", session.Id, request.Kind, request.Specialty, request.Question,
            request.ClinicalContext.Length == 0 ? null : request.ClinicalContext, recordings, vitalsRanges, [], request.Priority), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _requests.Add(filed);
        }

        var range = recordings[0];
        Note($"request {filed.Id} {filed.State}: {request.Kind} ({request.Specialty}, {filed.Priority}), ECG {range.From:HH:mm:ss}–{range.To:HH:mm:ss} UTC ({(range.To - range.From).TotalSeconds:0} s) attached"
            + (filed.DueAt is { } due ? $", due {due:yyyy-MM-dd HH:mm} UTC" : string.Empty));
    }

    private static async Task RunThenDisposeAsync(SerialScenarioDevice device, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using (device.ConfigureAwait(false))
        {
            await device.RunAsync(duration, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Add(DeviceStats stats)
    {
        lock (_gate)
        {
            _devices.Add(stats);
        }
    }

    private void Note(string line)
    {
        lock (_gate)
        {
            _notes.Add(line);
        }

        Noted?.Invoke(line);
    }
}
