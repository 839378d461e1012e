using Spectre.Console;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Live table of devices (rates, acks, errors) while a scenario runs; plain lines when the
/// output is not a terminal (CI logs, run.sh).</summary>
public static class LiveProgress
{
    /// <summary>Starts the run and shows it until it completes, then rethrows its failure; after Ctrl+C the runner
    /// still closes its consultations, and the display follows that to the end.</summary>
    public static async Task ShowAsync(ScenarioRunner runner, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(run);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            static void Print(string note) => Console.WriteLine(note);
            runner.Noted += Print;
            var running = run();
            try
            {
                while (!running.IsCompleted)
                {
                    await Task.WhenAny(running, Task.Delay(5000)).ConfigureAwait(false);
                    Console.WriteLine(Summary(runner.Devices));
                }
            }
            finally
            {
                runner.Noted -= Print;
            }

            await running.ConfigureAwait(false);
            return;
        }

        var live = run();
        await AnsiConsole.Live(new Table()).StartAsync(async context =>
        {
            var previous = new Dictionary<string, long>();
            while (!live.IsCompleted)
            {
                context.UpdateTarget(Render(runner.Devices, runner.Notes, previous));
                await Task.WhenAny(live, Task.Delay(1000)).ConfigureAwait(false);
            }

            context.UpdateTarget(Render(runner.Devices, runner.Notes, previous));
        }).ConfigureAwait(false);
        await live.ConfigureAwait(false);
    }

    public static string Summary(IReadOnlyList<DeviceStats> devices) =>
        $"{devices.Count} devices: sent {devices.Sum(d => d.Sent)}, acked {devices.Sum(d => d.Acked)} (duplicates {devices.Sum(d => d.Duplicates)}), " +
        $"rejected {devices.Sum(d => d.Rejected)}, pending {devices.Sum(d => d.Pending())}, reconnects {devices.Sum(d => d.Reconnects)}";

    private static Table Render(IReadOnlyList<DeviceStats> devices, IReadOnlyList<string> notes, Dictionary<string, long> previous)
    {
        var table = new Table().Title(Summary(devices)).AddColumns("device", "kind", "transport", "acked/s", "acked", "dup", "rejected", "pending", "reconnects", "last error");
        foreach (var device in devices.Take(40))
        {
            var rate = device.Acked - previous.GetValueOrDefault(device.Name);
            previous[device.Name] = device.Acked;
            table.AddRow(device.Name, device.Kind, device.Transport, rate.ToString(), device.Acked.ToString(), device.Duplicates.ToString(),
                device.Rejected > 0 ? $"[red]{device.Rejected}[/]" : "0", device.Pending().ToString(), device.Reconnects.ToString(), Markup.Escape(device.LastError ?? string.Empty));
        }

        // The consultations' last steps (opened, request filed, closed) under the table.
        var caption = notes.TakeLast(6).Select(Markup.Escape).ToList();
        if (devices.Count > 40)
        {
            caption.Insert(0, $"… and {devices.Count - 40} more devices");
        }

        if (caption.Count > 0)
        {
            table.Caption(string.Join('\n', caption));
        }

        return table;
    }
}
