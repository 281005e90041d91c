#!/usr/bin/env bash
# Style gate (part of scripts/test.sh): swift-format's lint in strict mode with the committed
# .swift-format, and no line of Swift longer than 120 characters (swift-format does not flag a
# string literal it cannot break).
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict -r --configuration .swift-format Sources Tests Package.swift
python3 - <<'PY'
import pathlib, sys
long = [(p, n) for p in sorted(pathlib.Path(".").glob("*/**/*.swift")) if p.parts[0] in ("Sources", "Tests")
        for n, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1) if len(line) > 120]
for p, n in long:
    print(f"{p}:{n}: line longer than 120 characters")
sys.exit(1 if long else 0)
PY
echo "style: swift format lint --strict clean; no line over 120 characters"
