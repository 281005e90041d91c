"""`lifeline bench ledger` on a small scale: it runs on both engines and next to pgbench, verifies the
ledger afterwards and prints the ratio the foundation's target names. The figures themselves come
from release-build runs quoted in closing notes, never from this test."""
import re
import subprocess

from conftest import BIN, PG_URL


def test_bench_ledger_runs_both_engines_and_pgbench():
    result = subprocess.run(
        [BIN, "bench", "ledger", "--postgres", PG_URL, "--movements", "160", "--clients", "1,8", "--pgbench-seconds", "3"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    rows = [line for line in out.splitlines() if "movements/s" in line]
    assert len(rows) == 4, out  # SQLite and PostgreSQL, 1 and 8 clients
    assert all(line.endswith("| 0 failed") for line in rows), out
    assert "SQLite (file, WAL, synchronous=FULL) | verify after the runs: OK" in out
    assert "PostgreSQL | verify after the runs: OK" in out
    assert re.search(r"pgbench TPC-B .* tps = \d+", out), out
    assert re.search(r"PostgreSQL ledger with 8 clients / pgbench: \d+ %", out), out
