using System.Globalization;
using TeleSante.Domain.Validation;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>
/// Checks a scenario's values after parsing (unknown fields are refused by the parser, with their JSON path). Each
/// error names its field the same way, e.g. "sessions[2].request.priority: 'Asap' is not Urgent, SemiUrgent or
/// Routine", so a scenario fails before anything streams rather than halfway through a day.
/// </summary>
public static class ScenarioValidation
{
    private static readonly string[] Kinds = ["ecg12", "ecg1", "wfdb", "vitals", "fundus"];
    private static readonly string[] Transports = ["grpc", "mqtt-json", "http", "serial"];
    private static readonly string[] EcgKinds = ["ecg12", "ecg1", "wfdb"];
    private static readonly string[] RequestKinds = ["EcgInterpretation"];
    private static readonly string[] Priorities = ["Urgent", "SemiUrgent", "Routine"];

    public static IReadOnlyList<string> Errors(ScenarioDefinition scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new List<string>();
        void Check(bool ok, string path, string message)
        {
            if (!ok)
            {
                errors.Add($"{path}: {message}");
            }
        }

        Check(Identifiers.IsValid(scenario.Site), "site", $"'{scenario.Site}' must be {Identifiers.Rule}");
        Check(scenario.Station.Length == 0 || Identifiers.IsValid(scenario.Station), "station", $"'{scenario.Station}' must be {Identifiers.Rule}");
        Check(scenario.Speed > 0, "speed", "must be positive");
        Check(scenario.Sessions.Count > 0, "sessions", "a scenario needs at least one session");
        var clinical = scenario.Sessions.Any(s => s.Patient is not null || s.Request is not null);
        Check(!clinical || scenario.Station.Length > 0, "station", "sessions declare patients or requests: name the station their consultations are opened at");
        for (var i = 0; i < scenario.Sessions.Count; i++)
        {
            var session = scenario.Sessions[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"sessions[{i}]");
            Check(Identifiers.IsValid(session.Id), path + ".id", $"'{session.Id}' must be {Identifiers.Rule}");
            Check(session.Id.Length <= 40, path + ".id", "at most 40 characters (a consultation id adds the run time, 16, and its consent and request ids 8 more)");
            Check(session.DurationSeconds > 0, path + ".durationSeconds", "must be positive");
            Check(session.StartAfterSeconds >= 0, path + ".startAfterSeconds", "must not be negative");
            Check(session.Devices.Count > 0, path + ".devices", "a session needs at least one device");
            for (var d = 0; d < session.Devices.Count; d++)
            {
                var device = session.Devices[d];
                var devicePath = string.Create(CultureInfo.InvariantCulture, $"{path}.devices[{d}]");
                Check(Kinds.Contains(device.Kind), devicePath + ".kind", $"'{device.Kind}' is not one of {string.Join(", ", Kinds)}");
                Check(Transports.Contains(device.Transport), devicePath + ".transport", $"'{device.Transport}' is not one of {string.Join(", ", Transports)}");
                Check(device.Count >= 1, devicePath + ".count", "must be at least 1");
            }

            if (session.Patient is { } patient)
            {
                Check(patient.Seed >= 0, path + ".patient.seed", "must not be negative");
                Check(patient.Id is null || Identifiers.IsValid(patient.Id), path + ".patient.id", $"'{patient.Id}' must be {Identifiers.Rule}");
            }

            if (session.Request is { } request)
            {
                var requestPath = path + ".request";
                Check(RequestKinds.Contains(request.Kind), requestPath + ".kind", $"'{request.Kind}' is not one of {string.Join(", ", RequestKinds)}");
                Check(Priorities.Contains(request.Priority), requestPath + ".priority", $"'{request.Priority}' is not Urgent, SemiUrgent or Routine");
                Check(request.Specialty.Trim().Length > 0, requestPath + ".specialty", "required (e.g. cardiology)");
                Check(request.Question.Trim().Length > 0, requestPath + ".question", "required: what the specialist is asked");
                Check(request.AfterEcgSeconds is null || (request.AfterEcgSeconds > 0 && request.AfterEcgSeconds < session.DurationSeconds),
                    requestPath + ".afterEcgSeconds", "must be positive and shorter than the session");
                Check(session.Devices.Any(x => EcgKinds.Contains(x.Kind)), requestPath, "an ECG interpretation needs an ECG device (ecg12, ecg1, wfdb) in the session");
            }
        }

        foreach (var duplicate in scenario.Sessions.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"sessions: id '{duplicate.Key}' is used twice");
        }

        return errors;
    }
}
