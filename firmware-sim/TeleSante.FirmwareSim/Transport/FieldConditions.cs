namespace TeleSante.FirmwareSim.Transport;

/// <summary>
/// How the network and the device misbehave in the field, on demand: dropped connections (the device
/// reconnects and resends what was unanswered, so a burst follows), duplicated sends, and slow links.
/// </summary>
public sealed record FieldConditions
{
    public static FieldConditions Ideal { get; } = new();

    /// <summary>Break the stream after this many batches written on it (0 = never), as a mobile link drops.</summary>
    public int DropAfterBatches { get; init; }

    /// <summary>Probability that a batch is written twice on the stream (a device retrying too eagerly).</summary>
    public double DuplicateProbability { get; init; }

    /// <summary>Link throughput in bytes per second (0 = unlimited): each write waits for its bytes to "transmit".</summary>
    public int BytesPerSecond { get; init; }

    /// <summary>Seed for the random choices, so a scenario replays identically.</summary>
    public int Seed { get; init; } = 1;
}
