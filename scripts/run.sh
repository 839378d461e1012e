#!/usr/bin/env bash
# Sets up and runs TeleSante locally: InfluxDB (started here, data under .run/), the gateway
# (gRPC :5081, HTTP :5080, embedded MQTT :1883) and a simulated teleconsultation point streaming a
# 12-lead ECG over gRPC and vitals over MQTT. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
run="$root/.run"
mkdir -p "$run/influxdb" "$run/gateway"

./scripts/install-deps.sh
./scripts/install-web.sh   # the viewer's @microsoft/signalr from npm, served by the gateway
dotnet build TeleSante.sln -c Release -nologo -v quiet

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

influx_port="${TELESANTE_INFLUX_PORT:-18086}"
cat > "$run/influxdb/influxdb.conf" <<CONF
reporting-enabled = false
bind-address = "127.0.0.1:$((influx_port + 2))"
[meta]
  dir = "$run/influxdb/meta"
[data]
  dir = "$run/influxdb/data"
  wal-dir = "$run/influxdb/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  auth-enabled = false
  log-enabled = false
[logging]
  level = "warn"
[continuous_queries]
  enabled = false
CONF
influxd run -config "$run/influxdb/influxdb.conf" >"$run/influxdb/influxd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$influx_port/ping" && break
  sleep 0.2
done
echo "InfluxDB      http://127.0.0.1:$influx_port (log: .run/influxdb/influxd.log)"

(cd "$run/gateway" && exec dotnet "$root/src/TeleSante.Gateway/bin/Release/net10.0/TeleSante.Gateway.dll" \
  --Influx:Url="http://127.0.0.1:$influx_port" \
  --Storage:DataDirectory="$run/gateway/data" >"$run/gateway/gateway.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:5080/health" && break
  sleep 0.2
done
echo "Gateway       http://127.0.0.1:5080/health   gRPC h2c 127.0.0.1:5081   MQTT 127.0.0.1:1883 (log: .run/gateway/gateway.log)"

gw_dll="$root/src/TeleSante.Gateway/bin/Release/net10.0/TeleSante.Gateway.dll"
data="--Storage:DataDirectory=$run/gateway/data"
# Local development issuer: tokens signed with a key generated in the gateway's data directory.
admin_token=$(dotnet "$gw_dll" dev-token --sub demo-admin --role administrator "$data")
viewer_token=$(dotnet "$gw_dll" dev-token --sub dr-demo --role specialist "$data")
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  -d '{"sessionId":"demo-session","practitionerId":"dr-demo"}' http://127.0.0.1:5080/api/admin/assignments

# The simulated point registers its devices with the gateway (device credentials kept in .run/).
dotnet "$root/firmware-sim/TeleSante.FirmwareSim/bin/Release/net10.0/telesante-sim.dll" point \
  --grpc http://127.0.0.1:5081 --mqtt 127.0.0.1:1883 --http http://127.0.0.1:5080 --session demo-session \
  --provision http://127.0.0.1:5080 --admin-token "$admin_token" --credentials "$run/sim-credentials.json" &
pids+=($!)
echo "Simulated point streaming session 'demo-session' (12-lead ECG over gRPC, vitals over MQTT, fundus photographs over HTTP)."
echo "Practitioner dr-demo (assigned to demo-session):"
echo "  viewer:  http://127.0.0.1:5080/viewer/index.html?session=demo-session#access_token=$viewer_token"
echo "  vitals:  curl -H 'Authorization: Bearer $viewer_token' http://127.0.0.1:5080/api/sessions/demo-session/observations"
echo "  images:  curl -H 'Authorization: Bearer $viewer_token' http://127.0.0.1:5080/api/sessions/demo-session/images"
echo "Ctrl+C to stop."
wait
