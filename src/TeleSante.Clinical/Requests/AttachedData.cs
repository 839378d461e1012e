namespace TeleSante.Clinical.Requests;

/// <summary>What the specialist reads: recording time ranges (ECG), vitals time ranges and image ids. The data
/// stays where it is stored (InfluxDB, the image store); the request points at it.</summary>
public sealed record AttachedData(IReadOnlyList<RecordingRange> Recordings, IReadOnlyList<RecordingRange> Vitals, IReadOnlyList<string> ImageIds)
{
    public static AttachedData None { get; } = new([], [], []);

    public bool IsEmpty => Recordings.Count == 0 && Vitals.Count == 0 && ImageIds.Count == 0;
}
