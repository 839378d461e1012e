using Spectre.Console;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Live table of devices (rates, acks, errors) while a scenario runs; plain lines when the
/// output is not a terminal (CI logs, run.sh).</summary>
public static class LiveProgress
{
    public static async Task ShowAsync(ScenarioRunner runner, Task running, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(5000, cancellationToken)).ConfigureAwait(false);
                Console.WriteLine(Summary(runner.Devices));
            }

            return;
        }

        await AnsiConsole.Live(new Table()).StartAsync(async context =>
        {
            var previous = new Dictionary<string, long>();
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render(runner.Devices, previous));
                await Task.WhenAny(running, Task.Delay(1000, cancellationToken)).ConfigureAwait(false);
            }

            context.UpdateTarget(Render(runner.Devices, previous));
        }).ConfigureAwait(false);
    }

    public static string Summary(IReadOnlyList<DeviceStats> devices) =>
        $"{devices.Count} devices: sent {devices.Sum(d => d.Sent)}, acked {devices.Sum(d => d.Acked)} (duplicates {devices.Sum(d => d.Duplicates)}), " +
        $"rejected {devices.Sum(d => d.Rejected)}, pending {devices.Sum(d => d.Pending())}, reconnects {devices.Sum(d => d.Reconnects)}";

    private static Table Render(IReadOnlyList<DeviceStats> devices, Dictionary<string, long> previous)
    {
        var table = new Table().Title(Summary(devices)).AddColumns("device", "kind", "transport", "acked/s", "acked", "dup", "rejected", "pending", "reconnects", "last error");
        foreach (var device in devices.Take(40))
        {
            var rate = device.Acked - previous.GetValueOrDefault(device.Name);
            previous[device.Name] = device.Acked;
            table.AddRow(device.Name, device.Kind, device.Transport, rate.ToString(), device.Acked.ToString(), device.Duplicates.ToString(),
                device.Rejected > 0 ? $"[red]{device.Rejected}[/]" : "0", device.Pending().ToString(), device.Reconnects.ToString(), Markup.Escape(device.LastError ?? string.Empty));
        }

        if (devices.Count > 40)
        {
            table.Caption($"… and {devices.Count - 40} more devices");
        }

        return table;
    }
}
