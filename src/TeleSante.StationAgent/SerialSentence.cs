namespace TeleSante.StationAgent;

/// <summary>A sentence that passed the agent's syntax and checksum checks.</summary>
/// <param name="Type">The sentence id without '$', e.g. <c>TSV1</c> or <c>TSB1</c>.</param>
/// <param name="Seq">The device's sequence number; becomes the gateway batch seq.</param>
/// <param name="TimeNs">Time of measurement on the device clock, ns since the Unix epoch (UTC).</param>
/// <param name="Observations">One value (TSV1) or the values of one blood-pressure measurement (TSB1); none for TSE1.</param>
/// <param name="Events">The device event of a TSE1 sentence; none otherwise.</param>
public sealed record SerialSentence(string Type, ulong Seq, long TimeNs, IReadOnlyList<SerialObservation> Observations, IReadOnlyList<SerialEvent>? Events = null)
{
    public IReadOnlyList<SerialEvent> EventList => Events ?? [];
}
