"""The dispatch loop in headless Chromium: an approver approves in one browser and the depot
operator's open dispatch board shows the new order at once, without reloading (R5.4). Saves
screenshots of the inbox, the board and the phone-sized signing page in Chinese."""
import base64
import datetime
import os
import shutil
import uuid

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DEMO_PASSWORD, token
from test_browser import SHOTS, sign_in


def chrome(width=1400, height=1000, phone=False):
    options = webdriver.ChromeOptions()
    if phone:  # headless windows are at least 500 px wide; emulate the phone's viewport instead
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


@pytest.fixture
def two_browsers():
    a, b = chrome(), chrome()
    yield a, b
    a.quit()
    b.quit()


def api(server, user):
    t = token(server.url, user, DEMO_PASSWORD)
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {t}", "Accept-Language": "en"})
    return session


def test_an_approval_appears_on_the_operators_open_board_without_reloading(private_demo_server, two_browsers):
    server = private_demo_server
    os.makedirs(SHOTS, exist_ok=True)
    operator, requester = api(server, "operator.se01"), api(server, "requester.gzph")
    # Something the storage enterprise's depot holds, requested by the provincial hospital.
    depots = operator.get(server.url + "/api/v1/depots").json()["items"]
    assert depots, "the operator runs at least one depot"
    lot = None
    for depot in depots:
        lots = operator.get(server.url + "/api/v1/lots", params={"depotId": depot["id"], "status": "available", "per": 200}).json()["items"]
        lot = next((l for l in lots if l["available"] >= 10), None)
        if lot:
            break
    assert lot, "the enterprise depot has an issuable lot"
    hospital = requester.get(server.url + "/api/v1/me").json()["unitId"]
    needed = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=6)).isoformat(timespec="seconds").replace("+00:00", "Z")
    created = requester.post(server.url + "/api/v1/requests", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "unitId": hospital, "priority": 0, "neededBy": needed, "deliveryPlace": "贵州省人民医院急诊科",
        "lines": [{"itemId": lot["itemId"], "quantity": 8}]})
    assert created.status_code == 201, created.text
    request = created.json()
    submitted = requester.post(server.url + f"/api/v1/requests/{request['id']}/actions", headers={"Idempotency-Key": str(uuid.uuid4())},
                               json={"action": "submit"})
    assert submitted.json()["status"] == "submitted"

    approver, board = two_browsers
    sign_in(board, server.url, "operator.se01")
    board.get(server.url + "/dispatch")
    wait = WebDriverWait(board, 20)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#live-status[data-connected='true']")))
    before = {row.get_attribute("data-number") for row in board.find_elements(By.CSS_SELECTOR, "#order-board tr[data-number]")}

    sign_in(approver, server.url, "officer.gy")
    approver.get(server.url + "/requests?inbox=1")
    assert approver.find_element(By.CSS_SELECTOR, f"#request-list tr[data-number='{request['number']}']")
    approver.save_screenshot(os.path.join(SHOTS, "requests-inbox-zh.png"))
    approver.get(server.url + f"/requests/{request['id']}")
    field = approver.find_element(By.NAME, f"take_{lot['depotId'].upper()}_{lot['itemId'].upper()}") if approver.find_elements(
        By.NAME, f"take_{lot['depotId'].upper()}_{lot['itemId'].upper()}") else approver.find_element(By.NAME, f"take_{lot['depotId']}_{lot['itemId']}")
    approver.execute_script("arguments[0].scrollIntoView({behavior: 'instant', block: 'center'});", field)
    field.send_keys("5")
    button = approver.find_element(By.ID, "approve")
    approver.execute_script("arguments[0].scrollIntoView({behavior: 'instant', block: 'center'});", button)
    approver.save_screenshot(os.path.join(SHOTS, "request-approval-zh.png"))
    button.click()
    WebDriverWait(approver, 20).until(EC.text_to_be_present_in_element((By.ID, "request-status"), "已批准"))
    # 5 of the 8 requested: the page says the approval left the line short.
    assert approver.find_element(By.ID, "partly-approved").is_displayed()
    assert approver.find_elements(By.CSS_SELECTOR, "#request-lines tr.table-warning")
    approver.save_screenshot(os.path.join(SHOTS, "request-partly-approved-zh.png"))
    approver.get(server.url + f"/requests/{request['id']}?lang=en")
    assert "Partly covered" in approver.find_element(By.ID, "partly-approved").text
    approver.save_screenshot(os.path.join(SHOTS, "request-partly-approved-en.png"))

    # The board shows the new order without a reload: same page, new row, badge counted.
    board_marker = board.execute_script("window.__sameBoard = window.__sameBoard || 'yes'; return window.__sameBoard;")
    wait.until(lambda d: any(n not in before for n in (r.get_attribute("data-number") for r in d.find_elements(By.CSS_SELECTOR, "#order-board tr[data-number]"))))
    assert board.execute_script("return window.__sameBoard;") == board_marker == "yes", "the page was not reloaded"
    new = [r.get_attribute("data-number") for r in board.find_elements(By.CSS_SELECTOR, "#order-board tr[data-number]")
           if r.get_attribute("data-number") not in before]
    assert any(n.startswith("DP-") for n in new), new
    badge = board.find_element(By.ID, "new-orders-badge")
    assert badge.is_displayed() and int(badge.text) >= 1
    board.save_screenshot(os.path.join(SHOTS, "dispatch-board-zh.png"))


def test_the_receiver_signs_on_a_phone_sized_page(private_demo_server):
    server = private_demo_server
    os.makedirs(SHOTS, exist_ok=True)
    carrier, requester = api(server, "carrier.01"), api(server, "requester.gzph")
    on_road = next(o for o in carrier.get(server.url + "/api/v1/orders", params={"open": "true"}).json()["items"]
                   if o["kind"] == "delivery" and o["status"] == "departed")
    arrived = carrier.post(server.url + f"/api/v1/orders/{on_road['id']}/tracking", headers={"Idempotency-Key": str(uuid.uuid4())},
                           json={"action": "arrive"})
    assert arrived.json()["status"] == "arrived", arrived.text
    order = requester.get(server.url + f"/api/v1/orders/{on_road['parentId']}").json()
    assert order["status"] == "arrived"
    phone = chrome(390, 844, phone=True)
    try:
        sign_in(phone, server.url, "requester.gzph")
        phone.get(server.url + f"/orders/{order['id']}/sign")
        form = phone.find_element(By.ID, "sign-form")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        phone.save_screenshot(os.path.join(SHOTS, "sign-phone-zh.png"))
        assert width <= 390, f"no sideways scrolling on a phone ({width}px)"
        first = order["lines"][0]
        accepted = phone.find_element(By.ID, f"accepted_{first['id'].upper()}") if phone.find_elements(By.ID, f"accepted_{first['id'].upper()}") \
            else phone.find_element(By.ID, f"accepted_{first['id']}")
        accepted.clear()
        accepted.send_keys(str(first["quantity"] - 1))
        short = phone.find_element(By.ID, accepted.get_attribute("id").replace("accepted_", "short_"))
        short.clear()
        short.send_keys("1")
        png = os.path.realpath(os.path.join(SHOTS, "damage.png"))
        with open(png, "wb") as f:  # a 1 x 1 PNG stands in for the phone camera
            f.write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
        phone.find_element(By.ID, accepted.get_attribute("id").replace("accepted_", "photo_")).send_keys(png)
        button = form.find_element(By.ID, "sign-submit")
        phone.execute_script("arguments[0].scrollIntoView({behavior: 'instant', block: 'center'});", button)
        button.click()
        WebDriverWait(phone, 20).until(EC.text_to_be_present_in_element((By.ID, "order-status"), "已签收"))
    finally:
        phone.quit()
    signed = requester.get(server.url + f"/api/v1/orders/{order['id']}").json()
    assert signed["status"] == "delivered"
    assert signed["lines"][0]["short"] == 1
    assert signed["lines"][0]["hasPhoto"] is True
    photo = requester.get(server.url + f"/api/v1/orders/{order['id']}/lines/{first['id']}/photo")
    assert photo.status_code == 200 and photo.headers["Content-Type"].startswith("image/png")


def test_the_allocation_plan_page_explains_and_maps_the_plan(private_demo_server):
    server = private_demo_server
    os.makedirs(SHOTS, exist_ok=True)
    browser = chrome()
    try:
        sign_in(browser, server.url, "officer.gy")
        browser.get(server.url + "/allocation")
        browser.find_element(By.ID, "run-plan").click()
        WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "plan-summary")))
        assert "个申请" in browser.find_element(By.ID, "plan-summary").text
        rows = browser.find_elements(By.CSS_SELECTOR, "#plan-allocations tbody tr")
        assert rows and "先到期先出" in rows[0].text, "every allocated line says why"
        WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#flow-map[data-drawn='true']")))
        assert int(browser.find_element(By.ID, "flow-map").get_attribute("data-flows")) >= 1
        browser.save_screenshot(os.path.join(SHOTS, "allocation-plan-zh.png"))
        # Pin the first line with one unit fewer and solve again: the line stays, pinned.
        first = browser.find_element(By.CSS_SELECTOR, "#plan-allocations tbody tr")
        quantity = first.find_element(By.CSS_SELECTOR, "input[name^='pin_']")
        wanted = int(quantity.get_attribute("value")) - 1
        quantity.clear()
        quantity.send_keys(str(wanted))
        first.find_element(By.CSS_SELECTOR, "input[name^='fix_']").click()
        button = browser.find_element(By.ID, "resolve")
        browser.execute_script("arguments[0].scrollIntoView({behavior: 'instant', block: 'center'});", button)
        button.click()
        WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#plan-allocations tr.table-info")))
        pinned = browser.find_element(By.CSS_SELECTOR, "#plan-allocations tr.table-info")
        assert int(pinned.find_element(By.CSS_SELECTOR, "input[name^='pin_']").get_attribute("value")) == wanted
        assert "调度员固定" in pinned.text
    finally:
        browser.quit()


def test_the_tracking_map_draws_open_orders(demo_server):
    browser = chrome()
    try:
        sign_in(browser, demo_server.url, "officer.gy")
        browser.get(demo_server.url + "/tracking")
        WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#tracking-map[data-drawn='true']")))
        assert int(browser.find_element(By.ID, "tracking-map").get_attribute("data-orders")) >= 1, "the demo has an order on the road"
    finally:
        browser.quit()


def test_the_planner_creates_round_requests_and_plans_their_allocation(private_demo_server):
    """#12: plan → one request per area for rounds 1 and 2 (submitted) → the allocation engine's plan for
    exactly those requests, ranked by the site (R6.1), with the officer's override table."""
    from selenium.webdriver.support.ui import Select
    server = private_demo_server
    os.makedirs(SHOTS, exist_ok=True)
    browser = chrome()
    try:
        sign_in(browser, server.url, "officer.gy")
        browser.get(server.url + "/mass-testing?points=4&tables=8&staffPerPoint=8&rounds=3&lang=zh")
        WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "plan-requests")))
        browser.find_element(By.ID, "pr-place").send_keys("南明区全员核酸检测网点")
        browser.find_element(By.ID, "pr-lon").send_keys("106.71")
        browser.find_element(By.ID, "pr-lat").send_keys("26.57")
        Select(browser.find_element(By.ID, "siteArea")).select_by_value("key")
        Select(browser.find_element(By.ID, "siteDensity")).select_by_value("dense")
        Select(browser.find_element(By.ID, "siteKind")).select_by_value("key_government")
        browser.save_screenshot(os.path.join(SHOTS, "mass-testing-requests-zh.png"))
        button = browser.find_element(By.ID, "plan-allocation")
        browser.execute_script("arguments[0].scrollIntoView({behavior: 'instant', block: 'center'});", button)
        button.click()
        WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "plan-summary")))
        assert browser.find_element(By.ID, "plan-summary").text.startswith("2 个申请"), "rounds 1 and 2 of the one area"
        assert "requests=" in browser.current_url
        assert browser.find_element(By.ID, "priority-overrides")
        rules = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#plan-allocations tbody tr")]
        assert any("重点采样区域" in r for r in rules), rules[:3]
        browser.save_screenshot(os.path.join(SHOTS, "mass-testing-allocation-zh.png"))
        # The two requests, submitted, each for its round of the grid.
        session = api(server, "officer.gy")
        listed = session.get(server.url + "/api/v1/requests?status=submitted&per=100").json()["items"]
        rounds = sorted(r.get("round") for r in listed if r.get("grid") == "all")
        assert rounds == [1, 2], rounds
    finally:
        browser.quit()
