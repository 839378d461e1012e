using System.Text.Json;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Reads a scenario file. Relative paths inside it (a WFDB record) are relative to the file's
/// own folder, so a scenario runs the same from any working directory.</summary>
public static class ScenarioFile
{
    public static ScenarioDefinition Load(string path)
    {
        var scenario = JsonSerializer.Deserialize(File.ReadAllText(path), ScenarioJsonContext.Default.ScenarioDefinition)
            ?? throw new InvalidDataException($"{path} is empty");
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
