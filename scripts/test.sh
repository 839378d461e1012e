#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, builds, runs every test
# project against real servers (influxd, mosquitto) that the fixtures start on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/install-web.sh --with-browser   # viewer libraries from npm, Debian chromium for the browser tests
dotnet restore TeleSante.sln
dotnet build TeleSante.sln -c Release --no-restore -warnaserror
dotnet test TeleSante.sln -c Release --no-build \
  --logger "console;verbosity=normal" \
  --results-directory artifacts/test-results \
  -- RunConfiguration.TestSessionTimeout=1500000
