using System.Text.Json;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Reads a scenario file strictly: an unknown field or a bad value is an <see cref="InvalidDataException"/>
/// naming the file and the field's path (<see cref="ScenarioValidation"/>). Relative paths inside it (a WFDB record)
/// are relative to the file's own folder, so a scenario runs the same from any working directory.</summary>
public static class ScenarioFile
{
    public static ScenarioDefinition Load(string path)
    {
        ScenarioDefinition? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(File.ReadAllText(path), ScenarioJsonContext.Default.ScenarioDefinition);
        }
        catch (JsonException ex)
        {
            // The field's JSON path first ("$.sessions[0].request.foo"): the parser's message does not always carry it.
            throw new InvalidDataException($"{path}: {ex.Path ?? "$"}: {ex.Message}", ex);
        }

        if (scenario is null)
        {
            throw new InvalidDataException($"{path} is empty");
        }

        var errors = ScenarioValidation.Errors(scenario);
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return scenario with
        {
            Sessions = scenario.Sessions.Select(s => s with
            {
                Devices = s.Devices.Select(d => d.Record is null ? d : d with { Record = Path.GetFullPath(d.Record, folder) }).ToList(),
            }).ToList(),
        };
    }
}
