"""Every operation of openapi.yaml that moves an existing object from one state to another
(`x-state-transition: true`) fired 10 times at once, with 10 different idempotency keys, across
two `lifeline serve` instances on one PostgreSQL loaded with the demo: exactly one call succeeds,
the nine others answer 409, and the effect exists once. `lifeline verify` passes afterwards.

The test fails when the spec marks an operation this file has no scenario for, and when a
mutating operation carries no `x-state-transition` marker at all (ADR 0022)."""
import concurrent.futures
import datetime
import os
import uuid

import pytest
import requests
import yaml

from conftest import DEMO_PASSWORD, Server, lifeline

SPEC = os.path.join(os.path.dirname(__file__), "..", "..", "openapi.yaml")
CONFLICTS = {"state.invalid_transition", "allocation.nothing_to_approve", "dispatch.recovery_exceeds_accepted",
             "plans.revision_open"}


def spec_operations():
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    marked, unmarked = set(), []
    for path, item in spec["paths"].items():
        for method in ("post", "put", "patch", "delete"):
            operation = item.get(method)
            if not operation:
                continue
            if "x-state-transition" not in operation:
                unmarked.append(operation["operationId"])
            elif operation["x-state-transition"] is True:
                marked.add(operation["operationId"])
    return marked, unmarked


class Api:
    """Calls alternate between the two servers."""

    def __init__(self, servers):
        self.servers = servers

    def token(self, username):
        r = requests.post(self.servers[0].url + "/api/v1/auth/tokens", json={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 201, r.text
        return r.json()["token"]

    def call(self, method, path, token, body=None, n=0, key=True):
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        if key:
            headers["Idempotency-Key"] = f"k-{uuid.uuid4()}"
        server = self.servers[n % len(self.servers)]
        return requests.request(method, server.url + path, headers=headers, json=body, timeout=120)

    def ok(self, method, path, token, body=None, key=True):
        r = self.call(method, path, token, body, key=key)
        assert r.status_code in (200, 201), f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def race(self, method, path, token, body=None, key=True):
        """Ten concurrent calls; returns (statuses, codes of the refusals)."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            responses = list(pool.map(lambda n: self.call(method, path, token, body, n=n, key=key), range(10)))
        statuses = sorted(r.status_code for r in responses)
        codes = [r.json().get("code") for r in responses if r.status_code >= 400]
        return statuses, codes


def assert_one_wins(outcome, what):
    statuses, codes = outcome
    assert statuses == [200] + [409] * 9, f"{what}: {statuses} {codes}"
    assert all(code in CONFLICTS for code in codes), f"{what}: {codes}"


@pytest.fixture(scope="module")
def demo_on_postgres():
    import subprocess
    from conftest import PG_URL
    name = "lifeline_sys_tr_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", "-q", PG_URL, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = PG_URL.rpartition("/")[0] + "/" + name
    lifeline("demo", "--password", DEMO_PASSWORD, database_url=url)
    first, second = Server(url, migrate=False), Server(url, migrate=False)
    yield url, Api([first, second])
    first.stop()
    second.stop()
    subprocess.run(["psql", "-q", PG_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


def test_every_mutating_operation_says_whether_it_is_a_state_transition():
    marked, unmarked = spec_operations()
    assert not unmarked, f"mark these operations with x-state-transition: true or false: {unmarked}"
    assert marked == set(SCENARIOS), f"spec marks {sorted(marked)}, this test covers {sorted(SCENARIOS)}"


class World:
    """The demo's accounts and a fresh stock of masks and transport boxes in a Nanming depot."""

    def __init__(self, api):
        self.api = api
        self.admin = api.token("admin")
        self.city = api.token("officer.gy")
        self.requester = api.token("requester.gzph")
        me = api.ok("GET", "/api/v1/me", self.requester, key=False)
        self.hospital = me["unitId"]
        depots = api.ok("GET", "/api/v1/depots?jurisdiction=520102&per=100", self.admin, key=False)["items"]
        self.depot = next(d for d in depots if d["operatorKind"] == "government")["id"]
        items = api.ok("GET", "/api/v1/items?per=500", self.admin, key=False)["items"]
        self.mask = next(i for i in items if i["code"] == "PPE-0003")["id"]
        self.box = next(i for i in items if i["code"] == "SMP-0004")["id"]
        self.mask_lot = self.receive(self.mask, 1000, "TR-MASK")
        self.box_lot = self.receive(self.box, 20, "TR-BOX")

    def receive(self, item, quantity, batch):
        body = {"depotId": self.depot, "itemId": item, "quantity": quantity, "batchNo": batch, "manufacturer": "稳健医疗",
                "productionDate": "2026-01-01", "expiryDate": "2029-01-01"}
        return self.api.ok("POST", "/api/v1/movements/receipts", self.admin, body)["movements"][0]["lotId"]

    def draft(self, item=None, quantity=10, post="general"):
        needed = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"unitId": self.hospital, "priority": 1, "neededBy": needed, "deliveryPlace": "省人民医院发热门诊",
                "longitude": 106.71, "latitude": 26.58, "lines": [{"itemId": item or self.mask, "quantity": quantity, "post": post}]}
        return self.api.ok("POST", "/api/v1/requests", self.requester, body)

    def submitted(self, **kwargs):
        request = self.draft(**kwargs)
        return self.api.ok("POST", f"/api/v1/requests/{request['id']}/actions", self.requester, {"action": "submit"})

    def approved(self, item=None, quantity=10, lot=None, **kwargs):
        request = self.submitted(item=item, quantity=quantity, **kwargs)
        line = {"itemId": item or self.mask, "depotId": self.depot, "quantity": quantity}
        return self.api.ok("POST", f"/api/v1/requests/{request['id']}/approval", self.city, {"lines": [line]})

    def arrived(self, **kwargs):
        request = self.approved(**kwargs)
        order = next(o for o in request["orders"] if o["kind"] != "delivery")
        for action in ("acknowledge", "pick", "load", "depart", "arrive"):
            self.api.ok("POST", f"/api/v1/orders/{order['id']}/tracking", self.city, {"action": action})
        return self.api.ok("GET", f"/api/v1/orders/{order['id']}", self.requester, key=False)

    def reserved(self, item):
        """Units of `item` reserved in the depot, over all its lots (approval picks FEFO among them)."""
        lots = self.api.ok("GET", f"/api/v1/lots?depotId={self.depot}&itemId={item}&per=500", self.admin, key=False)["items"]
        return sum(lot["reserved"] for lot in lots)


def scenario_act_on_request(w):
    request = w.draft()
    assert_one_wins(w.api.race("POST", f"/api/v1/requests/{request['id']}/actions", w.requester, {"action": "submit"}), "submit")
    assert_one_wins(w.api.race("POST", f"/api/v1/requests/{request['id']}/actions", w.requester, {"action": "withdraw"}), "withdraw")
    other = w.submitted()
    assert_one_wins(w.api.race("POST", f"/api/v1/requests/{other['id']}/actions", w.city, {"action": "reject", "note": "另行安排"}),
                    "reject")


def scenario_approve_request(w):
    request = w.submitted(quantity=10)
    before = w.reserved(w.mask)
    line = {"itemId": w.mask, "depotId": w.depot, "quantity": 10}
    assert_one_wins(w.api.race("POST", f"/api/v1/requests/{request['id']}/approval", w.city, {"lines": [line]}), "approval")
    after = w.api.ok("GET", f"/api/v1/requests/{request['id']}", w.city, key=False)
    assert len([o for o in after["orders"] if o["kind"] != "delivery"]) == 1
    assert w.reserved(w.mask) - before == 10


def scenario_track_order(w):
    request = w.approved(quantity=5)
    order = next(o for o in request["orders"] if o["kind"] != "delivery")
    for action in ("acknowledge", "pick", "load", "depart", "arrive"):
        assert_one_wins(w.api.race("POST", f"/api/v1/orders/{order['id']}/tracking", w.city, {"action": action}), action)
    movements = w.api.ok("GET", f"/api/v1/movements?documentNo={order['number']}&per=500", w.admin, key=False)["items"]
    assert len([m for m in movements if m["documentNo"] == order["number"] and m["kind"] == "issue"]) == 1
    cancelled = w.approved(quantity=5)
    other = next(o for o in cancelled["orders"] if o["kind"] != "delivery")
    assert_one_wins(w.api.race("POST", f"/api/v1/orders/{other['id']}/tracking", w.city, {"action": "cancel", "note": "改派"}), "cancel")
    audit = w.api.ok("GET", f"/api/v1/audit?entity=request&entityId={cancelled['id']}&per=100", w.admin, key=False)["items"]
    assert len([a for a in audit if a["action"] == "request.reopened"]) == 1


def scenario_sign_order(w):
    order = w.arrived(quantity=10)
    line = order["lines"][0]
    body = {"lines": [{"lineId": line["id"], "accepted": line["quantity"]}]}
    assert_one_wins(w.api.race("POST", f"/api/v1/orders/{order['id']}/signature", w.requester, body), "signature")
    charges = w.api.ok("GET", "/api/v1/charges?per=500", w.admin, key=False)["items"]
    assert len([c for c in charges if c["orderId"] == order["id"] and c["kind"] == "charge"]) == 1


def scenario_recover_order(w):
    order = w.arrived(item=w.box, quantity=2, post="sample_transport")
    line = order["lines"][0]
    w.api.ok("POST", f"/api/v1/orders/{order['id']}/signature", w.requester, {"lines": [{"lineId": line["id"], "accepted": 2}]})
    on_hand = w.api.ok("GET", f"/api/v1/lots/{line['lotId']}", w.admin, key=False)["onHand"]
    body = {"lines": [{"lineId": line["id"], "quantity": 2, "disinfected": True, "grid": "G-01", "round": 1}]}
    assert_one_wins(w.api.race("POST", f"/api/v1/orders/{order['id']}/recovery", w.city, body), "recovery")
    assert w.api.ok("GET", f"/api/v1/lots/{line['lotId']}", w.admin, key=False)["onHand"] == on_hand + 2


def scenario_change_lot_status(w):
    lot = w.receive(w.mask, 10, "TR-HOLD")
    body = {"status": "held", "reason": "盘点差异"}
    assert_one_wins(w.api.race("POST", f"/api/v1/lots/{lot}/status", w.city, body, key=False), "lot status")


def scenario_change_incident(w):
    incident = w.api.ok("POST", "/api/v1/incidents", w.city, {"title": "并发演练", "level": "III", "jurisdictions": ["520103"]})
    assert_one_wins(w.api.race("POST", f"/api/v1/incidents/{incident['id']}/changes", w.city, {"level": "II"}), "raise")
    assert_one_wins(w.api.race("POST", f"/api/v1/incidents/{incident['id']}/changes", w.city, {"note": "解除"}), "end")
    timeline = w.api.ok("GET", f"/api/v1/incidents/{incident['id']}", w.city, key=False)["timeline"]
    assert [e["kind"] for e in timeline] == ["declare", "raise", "end"]


def scenario_approve_allocation_plan(w):
    first = w.submitted(quantity=7)
    second = w.submitted(quantity=9)
    plan = {"requestIds": [first["id"], second["id"]]}
    assert_one_wins(w.api.race("POST", "/api/v1/allocation/plans/approval", w.city, plan), "plan approval")
    for request in (first, second):
        view = w.api.ok("GET", f"/api/v1/requests/{request['id']}", w.city, key=False)
        assert view["status"] == "approved"
        assert len([o for o in view["orders"] if o["kind"] != "delivery"]) == 1


def scenario_decide_write_off(w):
    lot = w.receive(w.mask, 10, "TR-WO")
    request = w.api.ok("POST", "/api/v1/movements/write-offs", w.admin, {"lotId": lot, "quantity": 4, "reason": "外包装破损"})
    assert request["status"] == "pending"
    held = w.api.ok("GET", f"/api/v1/lots/{lot}", w.admin, key=False)
    assert (held["onHand"], held["held"]) == (10, 4)
    assert_one_wins(w.api.race("POST", f"/api/v1/write-offs/{request['id']}/decision", w.city, {"approve": True, "note": "核实"}),
                    "write-off decision")
    after = w.api.ok("GET", f"/api/v1/lots/{lot}", w.admin, key=False)
    assert (after["onHand"], after["held"]) == (6, 0)
    movements = w.api.ok("GET", f"/api/v1/movements?documentNo={request['number']}&per=500", w.admin, key=False)["items"]
    assert sorted(m["kind"] for m in movements) == ["hold", "write_off"]


def scenario_act_on_reserve_plan(w):
    county = w.api.token("officer.nanming")
    plan = w.api.ok("POST", "/api/v1/reserve-plans", county,
                    {"jurisdictionCode": "520102", "reserveClass": "special_disease", "title": "并发演练储备计划"}, key=False)
    norm = {"formula": {"basis": "peak_day", "peakDailyUse": 3, "days": 30}}
    w.api.ok("PUT", f"/api/v1/reserve-plans/{plan['id']}/norms/{w.mask}", county, norm, key=False)
    path = f"/api/v1/reserve-plans/{plan['id']}/actions"
    assert_one_wins(w.api.race("POST", path, county, {"action": "submit"}, key=False), "plan submit")
    assert_one_wins(w.api.race("POST", path, w.city, {"action": "approve"}, key=False), "plan approval")
    revisions = w.api.race("POST", path, county, {"action": "revise"}, key=False)
    assert_one_wins(revisions, "plan revision")
    plans = w.api.ok("GET", "/api/v1/reserve-plans?jurisdiction=520102&reserveClass=special_disease", w.city, key=False)
    assert sorted((p["version"], p["status"]) for p in plans["items"]) == [(1, "approved"), (2, "draft")]


def scenario_acknowledge_alert(w):
    w.api.ok("POST", "/api/v1/alerts/refresh", w.city, key=False)
    alerts = w.api.ok("GET", "/api/v1/alerts?status=open&per=500", w.city, key=False)["items"]
    assert alerts, "the demo leaves open alerts (Nanming's plan is below 80 %)"
    alert = alerts[0]
    assert_one_wins(w.api.race("POST", f"/api/v1/alerts/{alert['id']}/acknowledgement", w.city, {"comment": "已安排补库"}, key=False),
                    "alert acknowledgement")
    after = w.api.ok("GET", "/api/v1/alerts?status=acknowledged&per=500", w.city, key=False)["items"]
    assert [a["comment"] for a in after if a["id"] == alert["id"]] == ["已安排补库"]


def scenario_act_on_stocktake(w):
    depots = w.api.ok("GET", "/api/v1/depots?jurisdiction=520103&per=100", w.admin, key=False)["items"]
    depot = next(d for d in depots if d["operatorKind"] == "government")["id"]
    take = w.api.ok("POST", "/api/v1/stocktakes", w.admin, {"depotId": depot, "limitFen": 0}, key=False)
    first = take["lines"][0]
    counts = [{"lotId": line["lotId"], "counted": line["frozen"]} for line in take["lines"]]
    counts[0] = {"lotId": first["lotId"], "counted": first["frozen"] + 1, "reason": "多盘 1"}
    w.api.ok("PUT", f"/api/v1/stocktakes/{take['id']}/counts", w.admin, {"counts": counts}, key=False)
    path = f"/api/v1/stocktakes/{take['id']}/actions"
    assert_one_wins(w.api.race("POST", path, w.admin, {"action": "submit"}, key=False), "stocktake submit")
    assert_one_wins(w.api.race("POST", path, w.city, {"action": "approve"}, key=False), "stocktake approval")
    lot = w.api.ok("GET", f"/api/v1/lots/{first['lotId']}", w.admin, key=False)
    assert lot["onHand"] == first["frozen"] + 1, lot
    movements = w.api.ok("GET", f"/api/v1/movements?documentNo={take['number']}&per=500", w.admin, key=False)["items"]
    assert [m["kind"] for m in movements] == ["adjustment"]


def scenario_exchange(w):
    """Nanming offers masks to Yunyan; ten answers race, then ten approvals per side."""
    nanming, yunyan = w.api.token("officer.nanming"), w.api.token("officer.yunyan")
    def depot(code, token):
        depots = w.api.ok("GET", f"/api/v1/depots?jurisdiction={code}&per=100", token, key=False)["items"]
        return next(d for d in depots if d["operatorKind"] == "government")["id"]
    yunyan_depot = depot("520103", w.admin)
    yunyan_lot = w.api.ok("POST", "/api/v1/movements/receipts", w.admin, {
        "depotId": yunyan_depot, "itemId": w.mask, "quantity": 50, "batchNo": "TR-EX-B", "manufacturer": "稳健医疗",
        "productionDate": "2026-01-01", "expiryDate": "2029-01-01"})["movements"][0]["lotId"]
    offer = w.api.ok("POST", "/api/v1/exchanges", nanming, {
        "jurisdictionCode": "520102", "counterpartCode": "520103", "receivingDepotId": w.depot,
        "lines": [{"lotId": w.mask_lot, "quantity": 20}]}, key=False)
    answer = {"receivingDepotId": yunyan_depot, "lines": [{"lotId": yunyan_lot, "quantity": 20}]}
    assert_one_wins(w.api.race("PUT", f"/api/v1/exchanges/{offer['id']}/answer", yunyan, answer, key=False), "exchange answer")
    path = f"/api/v1/exchanges/{offer['id']}/actions"
    assert_one_wins(w.api.race("POST", path, nanming, {"action": "approve"}, key=False), "exchange approval (offering side)")
    assert_one_wins(w.api.race("POST", path, yunyan, {"action": "approve"}, key=False), "exchange approval (other side)")
    moved = w.api.ok("GET", f"/api/v1/movements?documentNo={offer['number']}&per=500", w.admin, key=False)["items"]
    assert sorted(m["kind"] for m in moved) == ["transfer_in", "transfer_in", "transfer_out", "transfer_out"], moved


def scenario_agreements_and_oversight(w):
    """An agreement revoked, a subsidy period closed, an excursion decided, a weekly report confirmed and an
    inspection completed — each raced ten times over two servers."""
    depots = w.api.ok("GET", "/api/v1/depots?per=500", w.admin, key=False)["items"]
    held = next(d for d in depots if d["operatorKind"] == "enterprise")
    enterprise, code = held["operatorUnitId"], held["jurisdictionCode"]
    def agreement():
        return w.api.ok("POST", "/api/v1/agreements", w.admin, {
            "kind": "storage", "jurisdictionCode": code, "enterpriseId": enterprise, "startDay": "2026-01-01",
            "endDay": "2027-12-31", "lines": [{"itemCode": "PPE-0003", "quantity": 10}]}, key=False)
    first = agreement()
    assert_one_wins(w.api.race("POST", f"/api/v1/agreements/{first['id']}/revoke", w.admin, {"reason": "并发演练"},
                               key=False), "agreement revocation")
    agreement()  # counting, for the weekly report
    period = w.api.ok("POST", "/api/v1/subsidy-periods", w.admin,
                      {"jurisdictionCode": code, "startDay": "2024-01-01", "endDay": "2024-03-31"}, key=False)
    assert_one_wins(w.api.race("POST", f"/api/v1/subsidy-periods/{period['id']}/close", w.admin, key=False),
                    "subsidy period close")
    batch = {"depotId": w.depot, "zone": "ambient", "readings": [{"at": "2026-11-01T02:00:00Z", "tenths": 355}]}
    excursion = w.api.ok("POST", "/api/v1/temperature-readings", w.admin, batch, key=False)["excursion"]
    assert w.mask_lot in excursion["heldLotIds"], excursion
    assert_one_wins(w.api.race("POST", f"/api/v1/excursions/{excursion['id']}/decision", w.admin,
                               {"action": "release", "note": "探头故障"}, key=False), "excursion decision")
    assert w.api.ok("GET", f"/api/v1/lots/{w.mask_lot}", w.admin, key=False)["status"] == "available"
    w.api.ok("POST", "/api/v1/weekly-reports", w.admin, {}, key=False)
    reports = w.api.ok("GET", "/api/v1/weekly-reports?per=500", w.admin, key=False)["items"]
    report = next(r for r in reports if r["enterpriseId"] == enterprise and r["status"] == "pending")
    assert_one_wins(w.api.race("POST", f"/api/v1/weekly-reports/{report['id']}/confirm", w.admin, key=False),
                    "weekly report confirmation")
    inspection = w.api.ok("POST", "/api/v1/inspections", w.admin, {
        "jurisdictionCode": code, "enterpriseId": enterprise, "title": "并发抽检", "plannedDay": "2026-12-01"}, key=False)
    assert_one_wins(w.api.race("POST", f"/api/v1/inspections/{inspection['id']}/complete", w.admin,
                               {"result": "pass", "finding": "notice", "notes": "标签不清"}, key=False),
                    "inspection completion")


def scenario_rotation(w):
    """A rotation plan with one near-expiry lot issued to the hospital within its quota, executed ten times at once."""
    near = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    lot = w.api.ok("POST", "/api/v1/movements/receipts", w.admin, {
        "depotId": w.depot, "itemId": w.mask, "quantity": 12, "batchNo": "TR-ROT", "manufacturer": "稳健医疗",
        "productionDate": "2025-01-01", "expiryDate": near})["movements"][0]["lotId"]
    year = datetime.date.today().year
    w.api.ok("PUT", "/api/v1/purchase-quotas", w.admin,
             {"unitId": w.hospital, "itemCode": "PPE-0003", "year": year, "quota": 1000000}, key=False)
    plan = w.api.ok("POST", "/api/v1/rotation-plans", w.admin, {"jurisdictionCode": "520102", "allowSale": False}, key=False)
    assert any(s["lotId"] == lot and s["kind"] == "issue" for s in plan["steps"]), plan["steps"]
    assert_one_wins(w.api.race("POST", f"/api/v1/rotation-plans/{plan['id']}/actions", w.admin, {"action": "execute"},
                               key=False), "rotation execution")
    assert w.api.ok("GET", f"/api/v1/lots/{lot}", w.admin, key=False)["onHand"] == 0


def scenario_plan_proposal(w):
    """A new catalogue version proposes revising every approved plan; ten acceptances of one race."""
    items = w.api.ok("GET", "/api/v1/items?per=500", w.admin, key=False)["items"]
    w.api.ok("POST", "/api/v1/catalogue/versions", w.admin,
             {"title": "并发演练目录", "itemCodes": [i["code"] for i in items][:50]}, key=False)
    w.api.ok("POST", "/api/v1/alerts/refresh", w.admin, key=False)
    proposals = w.api.ok("GET", "/api/v1/plan-proposals?status=open&per=500", w.admin, key=False)["items"]
    proposal = next(p for p in proposals if p["kind"] == "catalogue_revision")
    assert_one_wins(w.api.race("POST", f"/api/v1/plan-proposals/{proposal['id']}/decision", w.admin, {"accept": True},
                               key=False), "plan proposal decision")
    decided = w.api.ok("GET", "/api/v1/plan-proposals?status=accepted&per=500", w.admin, key=False)["items"]
    assert [p["revisionId"] is not None for p in decided if p["id"] == proposal["id"]] == [True]


def scenario_mass_testing_standard(w):
    """A standard imported by the city's officer, approved ten times at once by the administrator."""
    standard = w.api.ok("GET", "/api/v1/mass-testing/plan?example=guiyang", w.admin, key=False)
    assert len(standard["items"]) == 27
    rows = ["item_class,name_zh,name_en,unit_zh,unit_en,catalogue_code,basis,quantity,pool_size,kits,reusable,"
            "district_only,version,effective_from,approved_by",
            "swab,采样拭子,Swab,支,swab,SMP-0001,per_person_tested,1,,,0,0,RACE-1,,"]
    draft = w.api.ok("POST", "/api/v1/mass-testing/standards", w.city, {"csv": "\n".join(rows) + "\n"}, key=False)
    assert_one_wins(w.api.race("POST", f"/api/v1/mass-testing/standards/{draft['id']}/approval", w.admin, key=False),
                    "standard approval")


SCENARIOS = {
    "actOnRequest": scenario_act_on_request,
    "approveRequest": scenario_approve_request,
    "trackOrder": scenario_track_order,
    "signOrder": scenario_sign_order,
    "recoverOrder": scenario_recover_order,
    "changeLotStatus": scenario_change_lot_status,
    "changeIncident": scenario_change_incident,
    "approveAllocationPlan": scenario_approve_allocation_plan,
    "decideWriteOff": scenario_decide_write_off,
    "actOnReservePlan": scenario_act_on_reserve_plan,
    "acknowledgeAlert": scenario_acknowledge_alert,
    "actOnStocktake": scenario_act_on_stocktake,
    "answerExchange": scenario_exchange,
    "actOnExchange": scenario_exchange,
    "revokeAgreement": scenario_agreements_and_oversight,
    "closeSubsidyPeriod": scenario_agreements_and_oversight,
    "decideExcursion": scenario_agreements_and_oversight,
    "confirmWeeklyReport": scenario_agreements_and_oversight,
    "completeInspection": scenario_agreements_and_oversight,
    "actOnRotationPlan": scenario_rotation,
    "decidePlanProposal": scenario_plan_proposal,
    "approveMassTestingStandard": scenario_mass_testing_standard,
}


def test_each_state_transition_wins_once_across_two_servers(demo_on_postgres):
    url, api = demo_on_postgres
    world = World(api)
    for scenario in dict.fromkeys(SCENARIOS.values()):  # a scenario covering two operations runs once
        scenario(world)
    verify = lifeline("verify", database_url=url, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_saves_of_one_new_code_and_one_key_answer_every_call_across_two_servers(demo_on_postgres):
    """#12's keyed saves (a distribution point by code, a vehicle by plate) fired 10 times at once
    across both servers all answer 200 with one row; a plan's requests under one Idempotency-Key,
    10 times at once, are drafted once and every call gets them."""
    url, api = demo_on_postgres
    city = api.token("officer.gy")
    point = {"code": "DP-RACE-2S", "name": "并发网点", "countyCode": "520102", "longitude": 106.72, "latitude": 26.58,
             "servedPoints": 12, "prePackedPoints": 5}
    statuses, codes = api.race("PUT", "/api/v1/distribution-points", city, point, key=False)
    assert statuses == [200] * 10, (statuses, codes)
    points = api.ok("GET", "/api/v1/distribution-points", city, key=False)
    assert sum(1 for p in points if p["code"] == "DP-RACE-2S") == 1
    vehicle = {"plate": "贵A·R2S01", "countyCode": "520102", "payloadKg": 1500, "volumeM3": 8, "driver": "并发", "phone": "13500000000"}
    statuses, codes = api.race("PUT", "/api/v1/transport/vehicles", city, vehicle, key=False)
    assert statuses == [200] * 10, (statuses, codes)

    requester = api.token("requester.gzph")
    unit = api.ok("GET", "/api/v1/me", requester, key=False)["unitId"]
    body = {"plan": {"areas": [{"code": "G-RACE", "name": "并发网格", "points": 2, "tables": 4}], "staffPerPointPerShift": 8,
                     "rounds": 2}, "unitId": unit, "deliveryPlace": "采样点", "longitude": 106.71, "latitude": 26.58}
    key = f"mt-race-{uuid.uuid4()}"

    def post(n):
        server = api.servers[n % 2]
        return requests.post(server.url + "/api/v1/mass-testing/requests", json=body, timeout=120,
                             headers={"Authorization": f"Bearer {requester}", "Idempotency-Key": key})

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(post, range(10)))
    assert [r.status_code for r in responses] == [201] * 10, [r.text[:200] for r in responses if r.status_code != 201]
    drafted = {tuple(sorted(q["id"] for q in r.json()["requests"])) for r in responses}
    assert len(drafted) == 1 and len(next(iter(drafted))) == 2, drafted
    listed = api.ok("GET", "/api/v1/requests?per=100", requester, key=False)["items"]
    assert sum(1 for q in listed if q.get("grid") == "G-RACE") == 2
