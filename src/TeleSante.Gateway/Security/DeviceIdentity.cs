using TeleSante.Access.Devices;
using TeleSante.Contracts.V1;

namespace TeleSante.Gateway.Security;

/// <summary>What an authenticated device may send: its own batches; a station agent (kind "station")
/// may send for any device of its own site.</summary>
internal static class DeviceIdentity
{
    public const string StationKind = "station";
    public const string DeviceHeader = "x-telesante-device";
    public const string TokenHeader = "x-telesante-token";

    /// <summary>Null when allowed, otherwise why not.</summary>
    public static string? Check(DeviceRecord device, string batchDeviceId, string batchSiteId)
    {
        if (!string.Equals(batchSiteId, device.Site, StringComparison.Ordinal))
        {
            return $"device '{device.Id}' is registered at site '{device.Site}' and may not send for site '{batchSiteId}'";
        }

        if (device.Kind != StationKind && !string.Equals(batchDeviceId, device.Id, StringComparison.Ordinal))
        {
            return $"device '{device.Id}' may not send batches for device '{batchDeviceId}'";
        }

        return null;
    }

    public static string? Check(DeviceRecord device, ReadingBatch batch) => Check(device, batch.DeviceId, batch.SiteId);
}
