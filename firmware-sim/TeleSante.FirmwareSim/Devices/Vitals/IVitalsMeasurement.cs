using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// The result of one spot-check (cuff cycle, thermometer reading, glucose strip), whatever the device:
/// what a "pharmacy day" scenario needs to send it or to report that there is nothing to send.
/// </summary>
public interface IVitalsMeasurement
{
    string DeviceId { get; }

    string SessionId { get; }

    /// <summary>When the device finished and would send, ns since epoch (device clock).</summary>
    long EndTimeNs { get; }

    /// <summary>
    /// The batch to send, or null when the device reported an error instead of a value: a real
    /// device shows "E" and sends nothing rather than a wrong value, and the gateway has no
    /// device-status message to carry the error.
    /// </summary>
    ReadingBatch? Batch { get; }

    /// <summary>The error (or "Success"), for logs and displays.</summary>
    string OutcomeName { get; }

    /// <summary>The same batch in the JSON vitals form (MQTT), or null when there is no batch.</summary>
    string? ToVitalsJson();
}
