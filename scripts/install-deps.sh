#!/usr/bin/env bash
# Installs the Debian packages Lifeline needs, and nothing that is already there.
#   scripts/install-deps.sh run    what `lifeline serve` needs (Chart.js, Leaflet, Bootstrap for the console)
#   scripts/install-deps.sh test   also PostgreSQL, pgbench, Chromium with its driver, CJK fonts, Python venv
set -euo pipefail
mode=${1:-run}
packages=(libjs-chart.js libjs-leaflet libjs-bootstrap5 ca-certificates)
if [ "$mode" = test ]; then
  packages+=(postgresql postgresql-contrib postgresql-client chromium chromium-driver fonts-noto-cjk python3-venv sqlite3)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH"
  done
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "Swift 6 is required: install the toolchain from swift.org (or Debian's swiftlang package where available) and re-run." >&2
  exit 1
fi
