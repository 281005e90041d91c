#!/usr/bin/env bash
# Installs what is missing, builds Lifeline, loads the Guiyang demo into ./lifeline.sqlite on first
# run (printing the demo accounts once), and serves the console at http://127.0.0.1:8080.
# Settings: DATABASE_URL (default sqlite://./lifeline.sqlite), LIFELINE_HOST, LIFELINE_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run
export DATABASE_URL=${DATABASE_URL:-sqlite://./lifeline.sqlite}
echo "building (the first build takes several minutes)…"
swift build -c release --product lifeline 2>&1 | grep -E "error|warning: unre|Compiling lifeline|Build complete" || true
swift build -c release --product lifeline >/dev/null
bin=.build/release/lifeline
if [ "${DATABASE_URL#sqlite://}" != "$DATABASE_URL" ] && [ ! -s "${DATABASE_URL#sqlite://}" ]; then
  echo "loading the demo (accounts are printed once — note them):"
  "$bin" demo ${LIFELINE_DEMO_PASSWORD:+--password "$LIFELINE_DEMO_PASSWORD"}
fi
exec "$bin" serve --hostname "${LIFELINE_HOST:-127.0.0.1}" --port "${LIFELINE_PORT:-8080}"
