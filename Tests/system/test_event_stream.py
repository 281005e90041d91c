"""The live stream survives clients that go away: a closed stream, then a notice for it, must not
bring the server down (regression: Vapor asserted when a stream ended without `.end`/`.error`)."""
import time
import uuid

import requests

from conftest import DEMO_PASSWORD, token


def test_a_closed_stream_does_not_take_the_server_down(private_demo_server):
    server = private_demo_server
    t = token(server.url, "officer.gy", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {t}"}
    for _ in range(3):
        stream = requests.get(server.url + "/api/v1/events", headers=headers, stream=True, timeout=10)
        assert stream.status_code == 200
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        first = next(stream.iter_content(chunk_size=None))
        assert b"connected" in first
        stream.close()  # the client goes away
    time.sleep(0.5)
    # A notice for those streams: an event declared in the officer's city.
    declared = requests.post(server.url + "/api/v1/incidents", headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                             json={"title": "断连测试", "level": "IV", "jurisdictions": ["5201"]}, timeout=10)
    assert declared.status_code == 201, declared.text
    time.sleep(1)
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
    # And a live stream still receives notices.
    stream = requests.get(server.url + "/api/v1/events", headers=headers, stream=True, timeout=10)
    chunks = stream.iter_content(chunk_size=None)
    next(chunks)
    requests.post(server.url + "/api/v1/incidents", headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                  json={"title": "推送测试", "level": "IV", "jurisdictions": ["5201"]}, timeout=10)
    received = b""
    deadline = time.time() + 10
    while b"incident.declared" not in received and time.time() < deadline:
        received += next(chunks)
    stream.close()
    assert b"event: notice" in received and b"incident.declared" in received
