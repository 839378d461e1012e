using TeleSante.Domain.Codes;
using TeleSante.Storage;

namespace TeleSante.Gateway.Clinical;

/// <summary>Puts a device's stored ECG channels back together as 12-lead frames: the longest stretch where all twelve standard
/// leads have a segment starting at the same instant and rate (the recorder sends them together; a gap in one is a gap in the
/// span, never bridged).</summary>
internal static class EcgLeadAssembly
{
    /// <returns>The span, or why there is none.</returns>
    public static (EcgLeadSpan? Span, string? Missing) Longest(IReadOnlyList<WaveformChannelRecording> channels, string deviceId)
    {
        var byLead = new WaveformChannelRecording[EcgLeadSpan.Leads];
        for (var l = 0; l < EcgLeadSpan.Leads; l++)
        {
            var code = CodeCatalog.TwelveLeads[l];
            if (channels.FirstOrDefault(c => c.DeviceId == deviceId && c.MdcCode == code) is not { } channel)
            {
                return (null, channels.Any(c => c.DeviceId == deviceId && CodeCatalog.TwelveLeads.Contains(c.MdcCode))
                    ? $"the recording of {deviceId} lacks lead {CodeCatalog.FindWaveform(code)?.Label ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture)} (the measurements need the 12 standard leads)"
                    : $"no ECG of {deviceId} is stored in the attached range");
            }

            byLead[l] = channel;
        }

        (WaveformSegment[] Segments, int Length)? best = null;
        foreach (var first in byLead[0].Segments)
        {
            var segments = new WaveformSegment[EcgLeadSpan.Leads];
            var length = first.Samples.Length;
            var complete = true;
            for (var l = 0; l < EcgLeadSpan.Leads && complete; l++)
            {
                var match = byLead[l].Segments.FirstOrDefault(s => s.StartTimeNs == first.StartTimeNs && s.SampleRateHz == first.SampleRateHz);
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
            return (null, $"the 12 leads of {deviceId} have no stretch recorded together");
        }

        var frames = new float[chosen.Length * EcgLeadSpan.Leads];
        for (var l = 0; l < EcgLeadSpan.Leads; l++)
        {
            var segment = chosen.Segments[l];
            if (ToMillivolts(segment.Unit) is not { } scale)
            {
                return (null, $"ECG unit '{segment.Unit}' is not a voltage this service reads (mV, uV)");
            }

            for (var i = 0; i < chosen.Length; i++)
            {
                frames[(i * EcgLeadSpan.Leads) + l] = (float)((segment.Samples[i] - segment.Baseline) / segment.Gain * scale);
            }
        }

        var start = chosen.Segments[0];
        return (new EcgLeadSpan(deviceId, start.StartTimeNs, start.SampleRateHz, frames), null);
    }

    private static double? ToMillivolts(string unit) => unit switch
    {
        "mV" => 1,
        "uV" => 0.001,
        _ => null,
    };
}
