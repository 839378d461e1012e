using System.Globalization;
using System.Text.Json.Nodes;

namespace TeleSante.Bench.Peer;

/// <summary>
/// The Node-RED flow the bench writes into the peer's user directory: what a competent user builds for
/// "vitals over MQTT into InfluxDB" with standard nodes. MQTT in (one client, QoS 1, JSON parsed) →
/// a function node that turns the vitals document into InfluxDB points with the gateway's schema
/// (measurement observation; tags device, loinc, mdc, session, site, unit; fields seq, value; the
/// observation's time) → batching → node-red-contrib-influxdb's "influxdb batch" node (InfluxDB 1.x).
/// </summary>
/// <remarks>
/// Two ways to batch (<see cref="PeerFlowStyle"/>): the default keeps a batch in the function node's
/// context and sends it at a point count or on a timer (one Node-RED message per MQTT message: the
/// cheapest flow, so the comparison gives the peer the benefit of the doubt); <c>join</c> sends one
/// message per observation into the core join node (count or timeout), the textbook pattern. Differences
/// from the gateway's points, inherent to the batch node's 1.x client (node-influx without a schema):
/// numbers are written as floats (seq too, an integer field in the gateway's database) and times with
/// millisecond precision (JavaScript dates).
/// </remarks>
public static class PeerFlow
{
    private const string Convert = """
        // telesante/v1/{site}/{device}/vitals, the gateway's topic.
        const parts = msg.topic.split('/');
        const site = parts[2];
        const device = parts[3];
        const doc = msg.payload;
        if (!doc || typeof doc !== 'object' || !Array.isArray(doc.observations)) {
            node.error('not a vitals document on ' + msg.topic, msg);
            return null;
        }
        const points = [];
        for (const o of doc.observations) {
            if (typeof o.value !== 'number' || !isFinite(o.value)) {
                node.error('observation without a numeric value on ' + msg.topic, msg);
                continue;
            }
            points.push({
                measurement: 'observation',
                tags: { device: device, loinc: o.loinc, mdc: String(o.mdc), session: doc.sessionId, site: site, unit: o.unit },
                fields: { seq: doc.seq, value: o.value },
                timestamp: Date.parse(o.time)
            });
        }

        """;

    public static string Json(PeerFlowStyle style, int mqttPort, int influxPort, string database, int batchPoints, int flushMilliseconds)
    {
        var ci = CultureInfo.InvariantCulture;
        var flow = new JsonArray
        {
            new JsonObject { ["id"] = "tab", ["type"] = "tab", ["label"] = "vitals to InfluxDB", ["disabled"] = false },
            new JsonObject
            {
                ["id"] = "broker", ["type"] = "mqtt-broker", ["name"] = "mosquitto", ["broker"] = "127.0.0.1", ["port"] = mqttPort.ToString(ci),
                ["clientid"] = "node-red-vitals", ["autoConnect"] = true, ["usetls"] = false, ["protocolVersion"] = "4", ["keepalive"] = "60",
                ["cleansession"] = true, ["autoUnsubscribe"] = true,
                ["birthTopic"] = "", ["closeTopic"] = "", ["willTopic"] = "",
            },
            new JsonObject
            {
                ["id"] = "influx", ["type"] = "influxdb", ["hostname"] = "127.0.0.1", ["port"] = influxPort.ToString(ci), ["protocol"] = "http",
                ["database"] = database, ["name"] = "influxd", ["usetls"] = false, ["tls"] = "", ["influxdbVersion"] = "1.x", ["url"] = "", ["rejectUnauthorized"] = true,
            },
            new JsonObject
            {
                ["id"] = "in", ["type"] = "mqtt in", ["z"] = "tab", ["name"] = "vitals", ["topic"] = "telesante/v1/+/+/vitals", ["qos"] = "1",
                ["datatype"] = "json", ["broker"] = "broker", ["nl"] = false, ["rap"] = true, ["rh"] = 0, ["inputs"] = 0, ["x"] = 100, ["y"] = 100,
                ["wires"] = new JsonArray(new JsonArray("points")),
            },
            style == PeerFlowStyle.Function ? BatchingFunction(batchPoints, flushMilliseconds) : PerObservationFunction(),
            new JsonObject
            {
                ["id"] = "write", ["type"] = "influxdb batch", ["z"] = "tab", ["influxdb"] = "influx", ["precision"] = "ms", ["retentionPolicy"] = "",
                ["name"] = "InfluxDB", ["database"] = "", ["precisionV18FluxV20"] = "ms", ["retentionPolicyV18Flux"] = "", ["org"] = "", ["bucket"] = "",
                ["x"] = 700, ["y"] = 100, ["wires"] = new JsonArray(),
            },
        };
        if (style == PeerFlowStyle.Join)
        {
            flow.Add(new JsonObject
            {
                ["id"] = "join", ["type"] = "join", ["z"] = "tab", ["name"] = "batch", ["mode"] = "custom", ["build"] = "array", ["property"] = "payload",
                ["propertyType"] = "msg", ["key"] = "topic", ["joiner"] = "\\n", ["joinerType"] = "str", ["accumulate"] = false,
                ["timeout"] = (flushMilliseconds / 1000.0).ToString(ci), ["count"] = batchPoints.ToString(ci), ["reduceRight"] = false,
                ["x"] = 500, ["y"] = 100, ["wires"] = new JsonArray(new JsonArray("write")),
            });
        }

        return flow.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject BatchingFunction(int batchPoints, int flushMilliseconds) => Function(
        "points",
        "vitals → points (batched)",
        Convert + $$"""
            const batch = context.get('batch');
            batch.push(...points);
            if (batch.length >= {{batchPoints}}) {
                context.set('batch', []);
                return { payload: batch };
            }
            return null;
            """,
        $$"""
            context.set('batch', []);
            // Whatever has gathered is written at least every {{flushMilliseconds}} ms.
            context.set('timer', setInterval(() => {
                const batch = context.get('batch');
                if (batch.length > 0) {
                    context.set('batch', []);
                    node.send({ payload: batch });
                }
            }, {{flushMilliseconds}}));
            """,
        "clearInterval(context.get('timer'));",
        "write");

    private static JsonObject PerObservationFunction() => Function(
        "points",
        "vitals → points",
        Convert + "return [points.map(p => ({ payload: p }))];",
        string.Empty,
        string.Empty,
        "join");

    private static JsonObject Function(string id, string name, string body, string initialize, string finalize, string next) => new()
    {
        ["id"] = id, ["type"] = "function", ["z"] = "tab", ["name"] = name, ["func"] = body, ["outputs"] = 1, ["timeout"] = 0, ["noerr"] = 0,
        ["initialize"] = initialize, ["finalize"] = finalize, ["libs"] = new JsonArray(), ["x"] = 300, ["y"] = 100,
        ["wires"] = new JsonArray(new JsonArray(next)),
    };
}
