using TeleSante.Analysis.Service;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.Analysis;

/// <summary>
/// Feeds the ECG analysis's heart rate (60 / median of the last RR intervals, with the span of those beats) to the vitals
/// alert rules as a reading of MDC_ECG_HEART_RATE with source <c>ecg-analysis</c>, so the rule table's
/// <c>LiveView:Alerts:MDC_ECG_HEART_RATE</c> (with <c>FromEcgAnalysis</c>) fires from the ECG stream itself: one alert per
/// episode, raised, stored, audited and pushed like any other. Never waits (the alert queue never blocks).
/// </summary>
internal sealed class EcgRateAlertListener(VitalAlertQueue alerts) : IAnalysisResultListener
{
    public ValueTask OnAnalysedAsync(AnalysisResult result, CancellationToken cancellationToken)
    {
        if (result.Rate is { } rate)
        {
            alerts.EnqueueEcgRate(result.SessionId, result.DeviceId, rate.Bpm, rate.FromNs, rate.ToNs);
        }

        return ValueTask.CompletedTask;
    }
}
