using TeleSante.Domain.Codes;
using TeleSante.Storage;

namespace TeleSante.Gateway.Clinical;

/// <summary>Puts a device's stored ECG channels back together as frames: the standard leads it recorded, in the standard
/// order, over the longest stretch where all of them have a segment starting at the same instant and rate (a recorder sends
/// its leads together; a gap in one is a gap in the span, never bridged).</summary>
internal static class EcgLeadAssembly
{
    /// <returns>The span, or why there is none.</returns>
    public static (EcgLeadSpan? Span, string? Missing) Longest(IReadOnlyList<WaveformChannelRecording> channels, string deviceId)
    {
        var leads = CodeCatalog.TwelveLeads
            .Select(code => channels.FirstOrDefault(c => c.DeviceId == deviceId && c.MdcCode == code))
            .OfType<WaveformChannelRecording>()
            .ToList();
        if (leads.Count == 0)
        {
            return (null, $"no ECG of {deviceId} is stored in the attached range");
        }

        (WaveformSegment[] Segments, int Length)? best = null;
        foreach (var first in leads[0].Segments)
        {
            var segments = new WaveformSegment[leads.Count];
            var length = first.Samples.Length;
            var complete = true;
            for (var l = 0; l < leads.Count && complete; l++)
            {
                var match = leads[l].Segments.FirstOrDefault(s => s.StartTimeNs == first.StartTimeNs && s.SampleRateHz == first.SampleRateHz);
                complete = match is not null;
                if (match is not null)
                {
                    segments[l] = match;
                    length = Math.Min(length, match.Samples.Length);
                }
            }

            if (complete && (best is null || length > best.Value.Length))
            {
                best = (segments, length);
            }
        }

        if (best is not { } chosen)
        {
            return (null, $"the ECG leads of {deviceId} have no stretch recorded together");
        }

        var frames = new float[chosen.Length * leads.Count];
        for (var l = 0; l < leads.Count; l++)
        {
            var segment = chosen.Segments[l];
            if (ToMillivolts(segment.Unit) is not { } scale)
            {
                return (null, $"ECG unit '{segment.Unit}' is not a voltage this service reads (mV, uV)");
            }

            for (var i = 0; i < chosen.Length; i++)
            {
                frames[(i * leads.Count) + l] = (float)((segment.Samples[i] - segment.Baseline) / segment.Gain * scale);
            }
        }

        var labels = leads.Select(c => CodeCatalog.FindWaveform(c.MdcCode)?.Label ?? c.Label ?? c.MdcCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var start = chosen.Segments[0];
        return (new EcgLeadSpan(deviceId, start.StartTimeNs, start.SampleRateHz, labels, frames), null);
    }

    private static double? ToMillivolts(string unit) => unit switch
    {
        "mV" => 1,
        "uV" => 0.001,
        _ => null,
    };
}
