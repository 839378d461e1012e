#!/usr/bin/env bash
# Installs the Debian packages TeleSante runs and tests against (Debian 12). Idempotent: skips
# apt-get when everything is already there. Needs root or sudo.
set -euo pipefail

# libjpeg-turbo-progs: djpeg, the reference decoder the fundus JPEG tests check the simulator's files with.
# postgresql: the clinical store's second database (the PostgresServer fixture starts its own cluster).
packages=(curl influxdb influxdb-client mosquitto mosquitto-clients socat redis-server libjpeg-turbo-progs postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
