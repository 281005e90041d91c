"""schemathesis against openapi.yaml with every check (ADR 0024), on a private copy of the demo,
as an administrator and as a county officer: no 5xx, valid requests accepted, invalid ones
refused, responses as documented, 405 with Allow for methods a path does not have."""
import os
import re
import subprocess
import sys

import pytest

from conftest import DEMO_PASSWORD, token

SPEC = os.path.join(os.path.dirname(__file__), "..", "..", "openapi.yaml")


@pytest.mark.parametrize("username,seed", [("admin", "20261130"), ("officer.nanming", "20261131")])
def test_the_api_conforms_to_its_spec_under_fuzzing(private_demo_server, username, seed):
    t = token(private_demo_server.url, username, DEMO_PASSWORD)
    st = os.path.join(os.path.dirname(sys.executable), "st")
    result = subprocess.run(
        [st, "run", SPEC, "--url", private_demo_server.url, "-H", f"Authorization: Bearer {t}",
         "--checks", "all", "--max-examples", "15", "--seed", seed, "--no-color"],
        capture_output=True, text=True, timeout=1200)
    summary = result.stdout[-3000:]
    print(summary)
    # The failures, each line cut short (fuzzed bodies run to megabytes), then the summary.
    failures = result.stdout.split("=== FAILURES ===")[-1].split("=== WARNINGS ===")[0] if "FAILURES" in result.stdout else ""
    assert result.returncode == 0, "\n".join(line[:300] for line in failures.splitlines())[:12000] + summary + result.stderr[-2000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert generated and int(generated.group(1)) > 2000, summary
