"""schemathesis against openapi.yaml on a server with the demo: no 5xx, responses match the spec,
405 for unknown methods."""
import os
import subprocess
import sys

from conftest import DEMO_PASSWORD, token

SPEC = os.path.join(os.path.dirname(__file__), "..", "..", "openapi.yaml")


def test_the_api_conforms_to_its_spec_under_fuzzing(private_demo_server):
    demo_server = private_demo_server
    t = token(demo_server.url, "officer.gy", DEMO_PASSWORD)
    st = os.path.join(os.path.dirname(sys.executable), "st")
    result = subprocess.run(
        [st, "run", SPEC, "--url", demo_server.url, "-H", f"Authorization: Bearer {t}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
         "--max-examples", "15", "--phases", "examples,coverage,fuzzing", "--seed", "20261124", "--no-color"],
        capture_output=True, text=True, timeout=900)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
