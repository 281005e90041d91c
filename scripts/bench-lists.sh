#!/usr/bin/env bash
# Load-tests every list endpoint of a running `lifeline serve` with wrk (-t2 -c32, 50 rows a page)
# as the administrator, and the lists that depend on the reader's scope also as a county officer
# and a unit-bound operator; /healthz first and last. Prints one line per run (docs/performance.md):
#   label  user  endpoint  req/s  p50  p99  non-2xx
# A run with any non-2xx answer is marked; a list that answers anything but 200 to curl first is
# skipped (the account may not read it) and said so.
#   BASE=http://127.0.0.1:8090 DURATION=10s LABEL=before scripts/bench-lists.sh
# Needs: wrk, curl, python3. The demo must have been loaded with `--password demo-password-2026`.
set -euo pipefail
base=${BASE:-http://127.0.0.1:8090}
duration=${DURATION:-10s}
label=${LABEL:-run}
users=${USERS:-admin officer.nanming operator.se01}
password=${PASSWORD:-demo-password-2026}

token() {
  curl -sf -XPOST "$base/api/v1/auth/tokens" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

run() {  # user token path
  local user=$1 auth=$2 path=$3 status out
  if [ -n "$auth" ]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $auth" "$base$path")
  else
    status=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  fi
  if [ "$status" != 200 ]; then
    printf '%s\t%s\t%s\tskipped (HTTP %s)\n' "$label" "$user" "$path" "$status"
    return
  fi
  if [ -n "$auth" ]; then
    out=$(wrk -t2 -c32 -d"$duration" --latency -H "Authorization: Bearer $auth" "$base$path")
  else
    out=$(wrk -t2 -c32 -d"$duration" --latency "$base$path")
  fi
  printf '%s\t%s\t%s\t%s\n' "$label" "$user" "$path" "$(echo "$out" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); n = float(m.group(1))
    return n / 1000 if m.group(2) == "us" else n * 1000 if m.group(2) == "s" else n
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"{float(rps):.0f}\t{p50:.1f}\t{p99:.1f}\t{bad.group(1) if bad else 0}" + (f"\tsocket errors: {errors.group(1)}" if errors else ""))
')"
}

all='/api/v1/lots?per=50 /api/v1/movements?per=50 /api/v1/requests?per=50 /api/v1/stock/positions?groupBy=item
  /api/v1/stock/positions?groupBy=jurisdiction /api/v1/orders?per=50 /api/v1/incidents?per=50 /api/v1/charges?per=50
  /api/v1/charges/totals /api/v1/depots?per=50 /api/v1/units?per=50 /api/v1/items?per=50 /api/v1/jurisdictions?per=50
  /api/v1/macro-regions /api/v1/catalogue/versions?per=50 /api/v1/users?per=50 /api/v1/audit?per=50'
# What differs by reader: the lists filtered by scope or unit (reference data reads the same for all).
scoped='/api/v1/lots?per=50 /api/v1/movements?per=50 /api/v1/requests?per=50 /api/v1/stock/positions?groupBy=item
  /api/v1/orders?per=50 /api/v1/charges?per=50 /api/v1/depots?per=50 /api/v1/units?per=50'

printf '# %s load average: %s\n' "$label" "$(cut -d' ' -f1-3 /proc/loadavg)"
run - "" /healthz
for user in $users; do
  t=$(token "$user")
  paths=$scoped
  if [ "$user" = admin ]; then
    request=$(curl -sf -H "Authorization: Bearer $t" "$base/api/v1/requests?per=1&status=submitted" |
      python3 -c 'import json,sys; items=json.load(sys.stdin)["items"]; print(items[0]["id"] if items else "")' || true)
    paths="$all ${request:+/api/v1/requests/$request/availability}"
  fi
  for path in $paths; do
    run "$user" "$t" "$path"
  done
done
run - "" /healthz
printf '# %s load average: %s\n' "$label" "$(cut -d' ' -f1-3 /proc/loadavg)"
