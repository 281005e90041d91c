"""Request bodies larger than one network chunk reach the handler (regression: the body-limit
middleware drained the stream and such requests hung until the client gave up)."""
import requests

from conftest import DEMO_PASSWORD, token


def test_a_large_body_gets_an_answer_not_a_hang(demo_server):
    t = token(demo_server.url, "officer.gy", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {t}", "Idempotency-Key": "large-body-1", "Accept-Language": "en"}
    body = {"depotId": "00000000-0000-0000-0000-000000000000", "lotId": "00000000-0000-0000-0000-000000000000",
            "quantity": 1, "note": "x" * 200_000}
    r = requests.post(demo_server.url + "/api/v1/movements/issues", json=body, headers=headers, timeout=10)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json") or r.headers["Content-Type"].startswith("application/json")
    assert r.json()["code"]


def test_a_body_over_the_limit_is_refused_with_413(demo_server):
    t = token(demo_server.url, "officer.gy", DEMO_PASSWORD)
    r = requests.post(demo_server.url + "/api/v1/movements/issues", data=b"{" + b" " * (17 << 20) + b"}",
                      headers={"Authorization": f"Bearer {t}", "Content-Type": "application/json", "Idempotency-Key": "k2"}, timeout=20)
    assert r.status_code == 413
    assert r.json()["field"] == "body"
