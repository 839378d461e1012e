using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;

namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>
/// Builds observations and batches with the codes the gateway itself uses (CodeCatalog), so a
/// simulated device can never drift from what the gateway accepts: the LOINC code follows the unit
/// where LOINC distinguishes units (glucose 14743-9 in mmol/L, 41653-7 in mg/dL).
/// </summary>
internal static class Observations
{
    public static Observation Create(uint mdc, double value, string unit, long timeNs)
    {
        var code = CodeCatalog.FindObservation(mdc) ?? throw new ArgumentOutOfRangeException(nameof(mdc), mdc, "not an observation code the gateway knows");
        return new Observation
        {
            MdcCode = mdc,
            Loinc = code.LoincFor(unit) ?? string.Empty,
            Value = value,
            Unit = unit,
            TimeNs = timeNs,
        };
    }

    public static DeviceEvent Event(string code, uint mdc, string text, long timeNs) =>
        new() { Code = code, MdcCode = mdc, Text = text, TimeNs = timeNs };

    /// <summary>A batch carrying one device event and no value (a failed measurement, an alarm).</summary>
    public static ReadingBatch EventBatch(string deviceId, string siteId, string sessionId, ulong seq, long deviceTimeNs, DeviceEvent deviceEvent)
    {
        var batch = Batch(deviceId, siteId, sessionId, seq, deviceTimeNs);
        batch.Events.Add(deviceEvent);
        return batch;
    }

    public static ReadingBatch Batch(string deviceId, string siteId, string sessionId, ulong seq, long deviceTimeNs, params ReadOnlySpan<Observation> observations)
    {
        var batch = new ReadingBatch
        {
            DeviceId = deviceId,
            SiteId = siteId,
            SessionId = sessionId,
            Seq = seq,
            DeviceTimeNs = deviceTimeNs,
        };
        foreach (var observation in observations)
        {
            batch.Observations.Add(observation);
        }

        return batch;
    }
}
