namespace TeleSante.Bench.Storage;

/// <summary>Identity and timing of one simulated 12-lead recorder.</summary>
/// <param name="Signal">Which pre-generated signal of the <see cref="EcgSignalPool"/> it replays.</param>
public sealed record SimulatedStream(string DeviceId, string SessionId, string SiteId, long StartTimeNs, int Signal)
{
    public static SimulatedStream Create(string prefix, int index, long startTimeNs, int signals) => new(
        $"{prefix}-{index:00000}",
        $"{prefix}-sess-{index:00000}",
        $"site-{index % 50:00}",
        startTimeNs,
        index % signals);
}
