"""No oversell across processes: two `lifeline serve` instances on one PostgreSQL, 200 concurrent
HTTP issue calls of 1 unit at a lot of 100."""
import concurrent.futures
import subprocess
import uuid

import requests

from conftest import BIN, PG_URL, Server, lifeline, token

ADMIN_PASSWORD = "admin-password-2026"


def test_two_servers_never_oversell(postgres_database):
    lifeline("migrate", database_url=postgres_database)
    lifeline("users", "add", "--username", "admin", "--role", "administrator", "--jurisdiction", "CN",
             stdin=ADMIN_PASSWORD + "\n", database_url=postgres_database)
    first, second = Server(postgres_database), Server(postgres_database, migrate=False)
    try:
        t = token(first.url, "admin", ADMIN_PASSWORD)
        auth = {"Authorization": f"Bearer {t}"}
        depot = requests.post(first.url + "/api/v1/depots", headers=auth, json={
            "code": "SYS-1", "name": "系统测试库", "jurisdictionCode": "520102", "operatorKind": "government",
            "longitude": 106.71, "latitude": 26.57, "areaM2": 100, "volumeM3": 500, "temperatureZones": ["ambient"]})
        assert depot.status_code == 201, depot.text
        items = requests.get(first.url + "/api/v1/items?category=masks", headers=auth).json()["items"]
        receipt = requests.post(first.url + "/api/v1/movements/receipts", headers={**auth, "Idempotency-Key": "seed"}, json={
            "depotId": depot.json()["id"], "itemId": items[0]["id"], "quantity": 100, "batchNo": "SYS-100",
            "manufacturer": "稳健医疗", "productionDate": "2026-01-01", "expiryDate": "2029-01-01"})
        assert receipt.status_code == 201, receipt.text
        lot = receipt.json()["movements"][0]["lotId"]

        def issue(n):
            server = first if n % 2 == 0 else second
            r = requests.post(server.url + "/api/v1/movements/issues",
                              headers={**auth, "Idempotency-Key": f"issue-{n}-{uuid.uuid4()}", "Accept-Language": "en"},
                              json={"lotId": lot, "quantity": 1}, timeout=60)
            return r.status_code, r.json().get("code")

        with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
            outcomes = list(pool.map(issue, range(200)))
        created = [o for o in outcomes if o[0] == 201]
        refused = [o for o in outcomes if o[0] == 409 and o[1] == "stock.insufficient"]
        assert len(created) == 100, outcomes
        assert len(refused) == 100, outcomes
        for server in (first, second):
            balance = requests.get(server.url + f"/api/v1/lots/{lot}", headers=auth).json()
            assert balance["onHand"] == 0 and balance["available"] == 0
    finally:
        first.stop()
        second.stop()
    verify = lifeline("verify", database_url=postgres_database)
    assert "OK" in verify.stdout


def test_dispatch_notices_cross_instances_through_postgres():
    """`lifeline bench push` on a small scale: approvals on one instance, the stream on the other."""
    result = subprocess.run([BIN, "bench", "push", "--postgres", PG_URL, "--orders", "20"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "events missing after 30 s: 0" in result.stdout
    assert "target p99 < 1000 ms: met" in result.stdout


def console_session(server, username, password):
    """A signed-in console session (the login form with its CSRF token)."""
    import re
    session = requests.Session()
    page = session.get(server.url + "/login")
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    r = session.post(server.url + "/login", data={"username": username, "password": password, "next": "/", "_csrf": csrf},
                     allow_redirects=False)
    assert r.status_code == 303, r.text
    return session


def test_a_limit_changed_on_one_instance_is_in_force_on_the_other(postgres_database):
    """Settings stored through one server reach the other through the notice channel (issue #6)."""
    import re
    import time
    lifeline("migrate", database_url=postgres_database)
    lifeline("users", "add", "--username", "admin", "--role", "administrator", "--jurisdiction", "CN",
             stdin=ADMIN_PASSWORD + "\n", database_url=postgres_database)
    first, second = Server(postgres_database), Server(postgres_database, migrate=False)
    try:
        one = console_session(first, "admin", ADMIN_PASSWORD)
        two = console_session(second, "admin", ADMIN_PASSWORD)
        page = one.get(first.url + "/settings")
        values = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        assert values["ackI"] == "10"
        values["ackI"] = "7"
        r = one.post(first.url + "/settings", data=values, allow_redirects=False)
        assert r.status_code == 303, r.text
        deadline = time.time() + 10
        while time.time() < deadline:
            seen = dict(re.findall(r'name="(\w+)" value="([^"]*)"', two.get(second.url + "/settings").text))
            if seen.get("ackI") == "7":
                break
            time.sleep(0.2)
        assert seen.get("ackI") == "7", "the second instance did not apply the change"
    finally:
        first.stop()
        second.stop()
