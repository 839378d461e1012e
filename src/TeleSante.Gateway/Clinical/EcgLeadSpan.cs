namespace TeleSante.Gateway.Clinical;

/// <summary>An uninterrupted stretch of the 12 standard leads of one device, as interleaved frames in mV in the standard order
/// (I, II, III, aVR, aVL, aVF, V1..V6) the measurer expects.</summary>
internal sealed record EcgLeadSpan(string DeviceId, long StartTimeNs, double SampleRateHz, float[] Frames)
{
    public const int Leads = 12;

    public int FrameCount => Frames.Length / Leads;

    public DateTimeOffset TimeOf(long frame) => DateTimeOffset.UnixEpoch.AddTicks((StartTimeNs / 100) + (long)(frame * TimeSpan.TicksPerSecond / SampleRateHz));
}
