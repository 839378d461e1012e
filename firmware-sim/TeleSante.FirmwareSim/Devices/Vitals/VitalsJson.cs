using System.Globalization;
using System.Text;
using System.Text.Json;
using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// Writes a batch in the gateway's JSON vitals form (README "JSON vitals form", parsed by
/// JsonVitalsParser), published at QoS 1 on <c>telesante/v1/{site}/{device}/vitals</c>. The device
/// and site travel in the topic, not in the document.
/// </summary>
public static class VitalsJson
{
    /// <summary>The MQTT topic a device publishes its JSON vitals on.</summary>
    public static string Topic(string siteId, string deviceId) => $"telesante/v1/{siteId}/{deviceId}/vitals";

    /// <summary>
    /// The batch's observations as a JSON vitals document. The form has no place for waveforms, so a
    /// batch carrying any (a pleth chunk) is refused rather than silently thinned: send those as protobuf.
    /// </summary>
    /// <exception cref="ArgumentException">The batch has waveforms, or neither observations nor events
    /// (the gateway refuses an empty batch as INCONSISTENT).</exception>
    public static string Write(ReadingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Waveforms.Count > 0)
        {
            throw new ArgumentException("the JSON vitals form cannot carry waveforms; send this batch as protobuf", nameof(batch));
        }

        return WriteObservations(batch);
    }

    /// <summary>Like <see cref="Write"/> but leaves any waveform out, for a device that sends its
    /// waveform elsewhere (or not at all) and its numerics over MQTT JSON.</summary>
    public static string WriteObservations(ReadingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Observations.Count == 0 && batch.Events.Count == 0)
        {
            throw new ArgumentException("a JSON vitals document needs at least one observation or event", nameof(batch));
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", batch.Seq);
            json.WriteString("sessionId", batch.SessionId);
            WriteTime(json, "deviceTime", batch.DeviceTimeNs);
            json.WriteStartArray("observations");
            foreach (var observation in batch.Observations)
            {
                json.WriteStartObject();
                json.WriteNumber("mdc", observation.MdcCode);
                if (observation.Loinc.Length > 0)
                {
                    json.WriteString("loinc", observation.Loinc);
                }

                json.WriteNumber("value", observation.Value);
                json.WriteString("unit", observation.Unit);
                WriteTime(json, "time", observation.TimeNs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (batch.Events.Count > 0)
            {
                json.WriteStartArray("events");
                foreach (var deviceEvent in batch.Events)
                {
                    json.WriteStartObject();
                    json.WriteString("code", deviceEvent.Code);
                    if (deviceEvent.MdcCode != 0)
                    {
                        json.WriteNumber("mdc", deviceEvent.MdcCode);
                    }

                    if (deviceEvent.Text.Length > 0)
                    {
                        json.WriteString("text", deviceEvent.Text);
                    }

                    WriteTime(json, "time", deviceEvent.TimeNs);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// RFC 3339 in UTC when the time is a whole number of 100 ns ticks (what DateTime can hold, and
    /// always so for these devices' millisecond clocks); integer nanoseconds otherwise, which the
    /// form also accepts, so no time is ever rounded on the way.
    /// </summary>
    private static void WriteTime(Utf8JsonWriter json, string name, long ns)
    {
        if (ns % 100 == 0)
        {
            var utc = new DateTime(DateTime.UnixEpoch.Ticks + (ns / 100), DateTimeKind.Utc);
            json.WriteString(name, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNumber(name, ns);
        }
    }
}
