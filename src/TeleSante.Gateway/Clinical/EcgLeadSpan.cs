namespace TeleSante.Gateway.Clinical;

/// <summary>An uninterrupted stretch of a device's standard ECG leads as interleaved frames in mV, in the standard order
/// (I, II, III, aVR, aVL, aVF, V1..V6) the measurer expects, leads the device does not record left out. The frontal axes
/// need leads I and aVF where the measurer looks for them: only a 12-lead span (<see cref="IsTwelveLead"/>) has them.</summary>
internal sealed record EcgLeadSpan(string DeviceId, long StartTimeNs, double SampleRateHz, IReadOnlyList<string> LeadLabels, float[] Frames)
{
    public int Leads => LeadLabels.Count;

    public bool IsTwelveLead => Leads == 12;

    public int FrameCount => Frames.Length / Leads;

    public DateTimeOffset TimeOf(long frame) => DateTimeOffset.UnixEpoch.AddTicks((StartTimeNs / 100) + (long)(frame * TimeSpan.TicksPerSecond / SampleRateHz));
}
