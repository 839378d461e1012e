#!/usr/bin/env bash
# Installs the live viewer's browser libraries from npm (src/TeleSante.Gateway/ClientApp, exact versions
# from package-lock.json) and copies the ones the page loads into src/TeleSante.Gateway/wwwroot/lib/
# (not committed: vendored files come from npm at set-up; the gateway serves them, no CDN at run time).
#   --with-browser  also installs Debian's chromium for the browser tests (about 50 s the first time;
#                   never a browser download: playwright-core drives /usr/bin/chromium).
# Idempotent; run it before building the gateway so the static web assets manifest lists the files.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=false
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=true ;;
    *) echo "usage: $0 [--with-browser]" >&2; exit 2 ;;
  esac
done

command -v npm >/dev/null || { echo "npm is required (Node.js 18 or later)" >&2; exit 1; }

client=src/TeleSante.Gateway/ClientApp
lib=src/TeleSante.Gateway/wwwroot/lib

# npm ci reinstalls from scratch: skip it while node_modules is newer than the lock file.
if [ ! -f "$client/node_modules/.package-lock.json" ] || [ "$client/package-lock.json" -nt "$client/node_modules/.package-lock.json" ]; then
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$lib"
cp "$client/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" "$lib/"
cp "$client/node_modules/@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js" "$lib/"

if $with_browser && ! command -v chromium >/dev/null; then
  echo "installing: chromium"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
