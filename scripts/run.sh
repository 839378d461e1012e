#!/usr/bin/env bash
# Sets up and runs TeleSante locally: InfluxDB (started here, data under .run/), the gateway
# (gRPC :5081, HTTP :5080, embedded MQTT :1883, readings attributed to the station's open consultation)
# and a simulated teleconsultation point: the demo directory (site, cabin, pharmacist, cardiologist) is
# entered, the point opens a consultation for a synthetic patient, streams a 12-lead ECG over gRPC,
# vitals over MQTT and fundus photographs over HTTP, and after 20 s of ECG files an ECG interpretation
# request that waits in the cardiologist's worklist. Ctrl+C stops everything (the consultation is closed).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
run="$root/.run"
mkdir -p "$run/influxdb" "$run/gateway"

./scripts/install-deps.sh
./scripts/install-web.sh   # the viewer's @microsoft/signalr from npm, served by the gateway
dotnet build TeleSante.sln -c Release -nologo -v quiet

pids=()
sim_pid=""
cleanup() {
  # The simulated point first, while the gateway still answers: on SIGTERM it closes its consultation.
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
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
# The servers run in their own session (setsid): Ctrl+C in the terminal reaches this script and the simulated
# point only, so the point closes its consultation while the gateway still answers; cleanup stops the servers.
setsid influxd run -config "$run/influxdb/influxdb.conf" >"$run/influxdb/influxd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$influx_port/ping" && break
  sleep 0.2
done
echo "InfluxDB      http://127.0.0.1:$influx_port (log: .run/influxdb/influxd.log)"

(cd "$run/gateway" && exec setsid dotnet "$root/src/TeleSante.Gateway/bin/Release/net10.0/TeleSante.Gateway.dll" \
  --Influx:Url="http://127.0.0.1:$influx_port" \
  --Attribution:Mode=Consultation \
  --Storage:DataDirectory="$run/gateway/data" >"$run/gateway/gateway.log" 2>&1) &
pids+=($!)
# Up to 60 s: the gateway compiles its code optimised at first call (TieredCompilationQuickJit off), a slower start.
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:5080/health" && break
  sleep 0.2
done
echo "Gateway       http://127.0.0.1:5080/health   gRPC h2c 127.0.0.1:5081   MQTT 127.0.0.1:1883 (log: .run/gateway/gateway.log)"

gw_dll="$root/src/TeleSante.Gateway/bin/Release/net10.0/TeleSante.Gateway.dll"
sim_dll="$root/firmware-sim/TeleSante.FirmwareSim/bin/Release/net10.0/telesante-sim.dll"
data="--Storage:DataDirectory=$run/gateway/data"
# Local development issuer: tokens signed with a key generated in the gateway's data directory.
admin_token=$(dotnet "$gw_dll" dev-token --sub demo-admin --role administrator "$data")
pharmacist_token=$(dotnet "$gw_dll" dev-token --sub pharmacien-demo --role site-operator,requester "$data")
cardiologist_token=$(dotnet "$gw_dll" dev-token --sub dr-demo --role specialist "$data")

# The demo directory, as an administrator enters it (entries from an earlier run are kept): site
# pharmacie-demo, station cabine-1 with the point's devices, the pharmacist and the cardiologist.
dotnet "$sim_dll" setup --http http://127.0.0.1:5080 --admin-token "$admin_token" --site pharmacie-demo --station cabine-1 \
  --practitioners "$root/firmware-sim/scenarios/demo-practitioners.json"

# A consultation an earlier run could not close (killed, or the machine stopped) would keep the station busy:
# the pharmacist closes it first, as the cabin software does after a crash.
left_open=$(curl -fs -H "Authorization: Bearer $pharmacist_token" "http://127.0.0.1:5080/api/clinical/stations?site=pharmacie-demo" |
  sed -n 's/.*"id":"cabine-1"[^}]*"openConsultationId":"\([^"]*\)".*/\1/p' || true)
if [ -n "$left_open" ]; then
  curl -fs -o /dev/null -X POST -H "Authorization: Bearer $pharmacist_token" "http://127.0.0.1:5080/api/clinical/consultations/$left_open/close" &&
    echo "consultation $left_open, left open by an earlier run, closed"
fi

# A new consultation id per run (ids are never reused); its readings are stored under it. dr-demo may
# also watch it live in the viewer.
consultation="demo-$(date -u +%Y%m%d-%H%M%S)"
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  -d "{\"sessionId\":\"$consultation\",\"practitionerId\":\"dr-demo\"}" http://127.0.0.1:5080/api/admin/assignments

# The cabin software: registers its devices (credentials kept in .run/), opens the consultation for a
# synthetic patient (test INS, consent) as the pharmacist, streams under it, files the ECG request after
# 20 s of ECG, and closes the consultation when stopped.
dotnet "$sim_dll" point \
  --grpc http://127.0.0.1:5081 --mqtt 127.0.0.1:1883 --http http://127.0.0.1:5080 \
  --site pharmacie-demo --station cabine-1 --consultation "$consultation" \
  --operator-token "$pharmacist_token" --requester-token "$pharmacist_token" --request 20 \
  --provision http://127.0.0.1:5080 --admin-token "$admin_token" --credentials "$run/sim-credentials.json" &
sim_pid=$!
echo "Simulated point at pharmacie-demo/cabine-1: consultation '$consultation' (12-lead ECG over gRPC, vitals over MQTT,"
echo "fundus photographs over HTTP); an ECG interpretation request is filed after 20 s of ECG."
echo "Pharmacist pharmacien-demo (site operator, requester):"
echo "  operator page: http://127.0.0.1:5080/clinical/point.html#access_token=$pharmacist_token"
echo "Cardiologist dr-demo:"
echo "  worklist:      http://127.0.0.1:5080/clinical/worklist.html#access_token=$cardiologist_token"
echo "  viewer:        http://127.0.0.1:5080/viewer/index.html?session=$consultation#access_token=$cardiologist_token"
echo "  worklist API:  curl -H 'Authorization: Bearer $cardiologist_token' http://127.0.0.1:5080/api/clinical/worklist"
echo "  vitals:        curl -H 'Authorization: Bearer $cardiologist_token' http://127.0.0.1:5080/api/sessions/$consultation/observations"
echo "Ctrl+C to stop."
wait "$sim_pid"
