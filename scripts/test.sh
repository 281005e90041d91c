#!/usr/bin/env bash
# Runs Lifeline's whole test suite on a fresh Debian machine (as root): installs what is missing,
# starts a throwaway PostgreSQL, runs the Swift tests on SQLite and PostgreSQL, the system tests
# (two servers on one PostgreSQL, the CLI, headless Chromium) and an API fuzz run, then stops
# everything it started. Exit status 0 only if every part passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export LIFELINE_PG_DIR=${LIFELINE_PG_DIR:-/tmp/lifeline-test-pg}
export LIFELINE_PG_PORT=${LIFELINE_PG_PORT:-54329}
venv=${LIFELINE_TEST_VENV:-$HOME/.cache/lifeline-test-venv}
step() { printf '\n==> %s\n' "$*"; }

step "Installing what is missing"
scripts/install-deps.sh test
if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c "import selenium, requests, schemathesis" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r Tests/system/requirements.txt
fi

step "Style: swift format lint --strict, lines ≤ 120"
scripts/lint.sh

step "Starting PostgreSQL ($LIFELINE_PG_DIR, port $LIFELINE_PG_PORT)"
scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT
export LIFELINE_TEST_POSTGRES_URL=$(scripts/postgres.sh url)

step "Building"
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
swift build --build-tests >/dev/null  # fails the script if the build failed

step "Swift tests (Domain, Allocation, Store, Services, API, console) on SQLite and PostgreSQL"
swift test --skip-build --parallel 2>&1 | tail -n 40 | tee /tmp/lifeline-swift-test.log
grep -qE "Test run with [0-9]+ tests? .*passed|Executed .* 0 failures" /tmp/lifeline-swift-test.log

step "System tests: CLI, two servers on one PostgreSQL, headless Chromium, API fuzzing"
export LIFELINE_BIN="$root/.build/debug/lifeline"
"$venv/bin/pytest" -q Tests/system

step "All tests passed"
