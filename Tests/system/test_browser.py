"""The console in headless Chromium: sign in, the dashboard in Chinese with its chart and map
drawn, then the English switch."""
import os
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DEMO_PASSWORD

SHOTS = os.environ.get("LIFELINE_SCREENSHOTS", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "screenshots"))


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def sign_in(browser, base, username):
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.ID, "sign-in").click()
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "totals")))


def test_dashboard_in_chinese_with_chart_and_map_then_english(demo_server, browser):
    os.makedirs(SHOTS, exist_ok=True)
    sign_in(browser, demo_server.url, "officer.gz")
    assert browser.title.startswith("仪表盘")
    wait = WebDriverWait(browser, 20)
    canvas = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#category-chart[data-drawn='true']")))
    assert canvas.size["height"] > 100
    drawn = browser.execute_script(
        "const c = document.getElementById('category-chart'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;")
    assert drawn > 1000, "the chart canvas has pixels"
    depot_map = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#depot-map[data-drawn='true']")))
    assert int(depot_map.get_attribute("data-markers")) == 20
    # The demo's approved plans (Guizhou, Nanming) are rings on the same map, one path each.
    rings = int(depot_map.get_attribute("data-coverage"))
    assert rings == 2
    assert len(browser.find_elements(By.CSS_SELECTOR, "#depot-map path.leaflet-interactive")) == 20 + rings
    assert "近效期批次" in browser.find_element(By.ID, "totals").text
    browser.save_screenshot(os.path.join(SHOTS, "dashboard-zh.png"))

    browser.find_element(By.ID, "lang-switch").click()
    wait.until(EC.title_contains("Dashboard"))
    assert "Near-expiry lots" in browser.find_element(By.ID, "totals").text
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#category-chart[data-drawn='true']")))
    browser.save_screenshot(os.path.join(SHOTS, "dashboard-en.png"))
    browser.get(demo_server.url + "/stock")
    assert "Stock by lot" in browser.title, "the switch is remembered"


def test_the_mass_testing_planner_draws_its_coverage_and_lists_27_classes(demo_server, browser):
    """#12: the Guiyang example on the planner page — 27 item classes, three rounds, the chart drawn."""
    sign_in(browser, demo_server.url, "officer.gy")
    browser.get(demo_server.url + "/mass-testing?example=guiyang&lang=zh")
    wait = WebDriverWait(browser, 20)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#mass-testing-chart[data-drawn='true']")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#mass-testing-lines tbody tr")
    assert len(rows) == 27
    assert "122,700" in browser.find_element(By.ID, "mass-testing-posts").text
    header = browser.find_element(By.CSS_SELECTOR, "#mass-testing-lines thead").text
    assert header.count("第") >= 3
    browser.save_screenshot(os.path.join(SHOTS, "mass-testing-zh.png"))


def test_kits_page_lists_the_demo_kits_and_prints_a_packing_list(demo_server, browser):
    """#12: the demo's three protection kits and their work; the level-1 packing list with its label."""
    sign_in(browser, demo_server.url, "officer.gy")
    browser.get(demo_server.url + "/kits?lang=zh")
    levels = [row.get_attribute("data-level") for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-level]")]
    assert {"level_1", "level_2_sample", "level_2_waste"} <= set(levels), levels
    browser.find_element(By.CSS_SELECTOR, "tr[data-level='level_1'] a").click()
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "packing-lines")))
    assert "一级防护" in browser.find_element(By.ID, "kit-label").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#packing-lines tbody tr")) >= 4
    browser.save_screenshot(os.path.join(SHOTS, "kit-packing-zh.png"))


def test_stock_page_colours_expiry_and_a_form_shows_errors(demo_server, browser):
    sign_in(browser, demo_server.url, "officer.nanming")
    browser.get(demo_server.url + "/stock?lang=zh&expiringWithinDays=90")
    rows = browser.find_elements(By.CSS_SELECTOR, "#lot-list tbody tr[data-band]")
    assert rows, "near-expiry lots are listed"
    assert {r.get_attribute("data-band") for r in rows} <= {"expired", "near"}
    browser.save_screenshot(os.path.join(SHOTS, "stock-zh.png"))
    browser.get(demo_server.url + "/movements/issue")
    browser.find_element(By.ID, "quantity").send_keys("0")
    browser.find_element(By.ID, "submit").click()
    error = WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".invalid-feedback, #form-error")))
    assert "储备库" in browser.page_source or "数量" in browser.page_source
    browser.save_screenshot(os.path.join(SHOTS, "issue-form-error-zh.png"))
