// An outside device written with MQTT.js (npm "mqtt"), speaking MQTT 5 or 3.1.1 to the embedded broker:
// runs the config's steps in order and prints one JSON line per step with what the broker answered
// (SUBACK reason codes, PUBACK reason code, messages received on the subscribed topics).
'use strict';
const fs = require('fs');
const mqtt = require('mqtt');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const client = mqtt.connect(`mqtt://127.0.0.1:${config.port}`, {
  protocolVersion: config.protocolVersion, clientId: config.clientId, username: config.username, password: config.password,
  reconnectPeriod: 0, connectTimeout: 10000,
});
const received = [];
let connack = null;
client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));

function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function step(s) {
  switch (s.do) {
    case 'subscribe': {
      // MQTT.js rejects a SUBACK carrying a failure code (0x80 and above); the packet still has the codes.
      try {
        const granted = await client.subscribeAsync(s.topic, { qos: 1 });
        return { do: s.do, topic: s.topic, codes: granted.map((g) => g.qos) };
      } catch (e) {
        if (!e.packet || !e.packet.granted) throw e;
        return { do: s.do, topic: s.topic, codes: e.packet.granted.map((g) => (typeof g === 'number' ? g : g.qos)) };
      }
    }
    case 'connack':
      // What the broker announced (MQTT 5 properties, e.g. topicAliasMaximum).
      return { do: s.do, properties: (connack && connack.properties) || {} };
    case 'publish': {
      // QoS 1: resolves with the PUBACK (MQTT 5 carries its reason code), rejects on an error code.
      // s.topicAlias sends the MQTT 5 Topic Alias property (with s.topic '' to use an alias set before).
      try {
        const options = { qos: 1, retain: !!s.retain };
        if (s.topicAlias !== undefined) options.properties = { topicAlias: s.topicAlias };
        const packet = await client.publishAsync(s.topic, s.payload, options);
        return { do: s.do, topic: s.topic, reasonCode: packet && packet.reasonCode !== undefined ? packet.reasonCode : 0 };
      } catch (e) {
        return { do: s.do, topic: s.topic, reasonCode: e.code !== undefined ? e.code : -1, error: String(e.message) };
      }
    }
    case 'await-message': {
      // Waits until a message containing s.contains arrived (or the deadline passed).
      const deadline = Date.now() + (s.timeoutMs || 10000);
      while (Date.now() < deadline && !received.some((m) => m.payload.includes(s.contains))) await wait(20);
      return { do: s.do, contains: s.contains, found: received.some((m) => m.payload.includes(s.contains)) };
    }
    default:
      throw new Error('unknown step ' + s.do);
  }
}

client.on('error', (e) => { console.log(JSON.stringify({ do: 'connect', error: String(e.message), code: e.code })); process.exit(0); });
client.on('connect', async (packet) => {
  connack = packet;
  try {
    for (const s of config.steps) console.log(JSON.stringify(await step(s)));
    console.log(JSON.stringify({ do: 'received', messages: received }));
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  }
  await client.endAsync();
});
