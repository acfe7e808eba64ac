"""The pages in a real browser (Debian's chromium driven by chromedriver through selenium):
search, a facet, an article at its passage, a measure and its comparison, the SPARQL page, the
overview charts and a graph view. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT

SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI (see .ci/run)")
        pytest.skip(
            "chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=zh-CN",
    ):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def base_url(app):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def _wait(drv, cond, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(drv, timeout).until(cond)


def _shot(drv, name: str) -> Path:
    p = SHOTS / f"{name}.png"
    drv.save_screenshot(str(p))
    assert p.stat().st_size > 10_000
    return p


def test_search_facet_and_article_at_its_passage(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/?q=村党组织领办合作社")
    hits = browser.find_elements(By.CSS_SELECTOR, "article.hit")
    assert len(hits) == 10
    assert browser.find_elements(By.CSS_SELECTOR, "article.hit mark")
    _shot(browser, "search")
    facet = browser.find_element(By.CSS_SELECTOR, 'section.facet[data-facet="region"] a')
    province = facet.text
    facet.click()
    _wait(browser, lambda d: "region=" in d.current_url)
    metas = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "article.hit .meta")]
    assert metas and all(m.startswith(province) for m in metas)
    assert province in browser.find_element(By.CSS_SELECTOR, ".filters").text
    first = browser.find_element(By.CSS_SELECTOR, "article.hit h2 a")
    first.click()
    _wait(browser, lambda d: "/article/" in d.current_url)
    target = browser.find_element(By.CSS_SELECTOR, "p.passage.target")
    assert target.get_attribute("id") in browser.current_url
    visible = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
        target,
    )
    assert visible, "the linked passage is scrolled into view"
    assert browser.find_elements(By.CSS_SELECTOR, ".fact-measure a")
    _shot(browser, "article")


def test_measure_and_its_comparison(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/practice/party-led-cooperatives")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.comparison tbody tr")
    assert len(rows) >= 3
    regions = {r.find_element(By.CSS_SELECTOR, "td").text for r in rows}
    assert {"济南市", "齐齐哈尔市"} <= regions
    _shot(browser, "practice")
    rows[0].find_element(By.CSS_SELECTOR, "td:nth-child(2) a").click()
    _wait(browser, lambda d: "/measure/" in d.current_url)
    cards = browser.find_elements(By.CSS_SELECTOR, ".compare .card")
    assert cards
    _shot(browser, "measure")


def test_sparql_page_runs_an_example(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/sparql")
    assert browser.find_elements(
        By.CSS_SELECTOR, ".CodeMirror"
    )  # the editor with highlighting loaded
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="1_article_regions"]').click()
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sparql-results tbody tr")) == 5)
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#sparql-results tbody td")]
    assert "山东省" in cells and "济南市" in cells
    assert browser.find_elements(By.CSS_SELECTOR, '#sparql-results a[href^="/id/article/"]')
    assert "/sparql?query=" in browser.find_element(By.ID, "permalink").get_attribute("href")
    _shot(browser, "sparql")


def test_overview_charts_and_graph_view(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/overview")
    _wait(
        browser,
        lambda d: d.execute_script(
            "return document.getElementById('chart-provinces').width > 0 && window.Chart !== undefined"
        ),
    )
    _shot(browser, "overview")
    browser.get(f"{base_url}/graph/practice/party-led-cooperatives")
    n = _wait(
        browser,
        lambda d: d.execute_script(
            "return window.casegraphCy && window.casegraphCy.nodes().length"
        ),
    )
    assert n >= 5
    _shot(browser, "graph")
    browser.get(f"{base_url}/region/150000")
    assert "包头市" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "region")
