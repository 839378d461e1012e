#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, builds, runs every test
# project against real servers (influxd, mosquitto) that the fixtures start on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/install-web.sh --with-browser   # viewer libraries from npm, Debian chromium for the browser tests
dotnet restore TeleSante.sln
dotnet build TeleSante.sln -c Release --no-restore -warnaserror

results=artifacts/test-results
rm -f "$results"/*.trx
status=0
dotnet test TeleSante.sln -c Release --no-build \
  --logger "console;verbosity=normal" --logger trx \
  --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1500000 || status=$?

# The console log of a failed run is long and interleaved across projects; name the failures last,
# where a reader of the tail (CI keeps only part of the output) sees them.
if [ "$status" -ne 0 ]; then
  echo "=== failed tests ==="
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); grab = 1; next }
         grab && /<Message>/ { sub(/.*<Message>/, "  "); sub(/<\/Message>.*/, ""); print substr($0, 1, 600); grab = 0 }' "$trx"
  done
fi
exit "$status"
