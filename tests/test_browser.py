"""The pages in a real browser (Debian's chromium driven by chromedriver through selenium):
search, a facet, an article at its passage, a measure and its comparison, the SPARQL page, the
overview charts and a graph view. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest

from tests.conftest import shot as _shot
from tests.conftest import wait as _wait

pytestmark = pytest.mark.slow


def test_search_facet_and_article_at_its_passage(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/?q=村党组织领办合作社")
    hits = browser.find_elements(By.CSS_SELECTOR, "article.hit")
    assert 3 <= len(hits) <= 10
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


def test_sparql_editor_runs_an_example_charts_it_and_completes_terms(browser, base_url):
    """YASGUI on this endpoint: a gallery query with entity links that stay on this server and a
    short permalink, a chart of a count query, and completion of cg: terms from ontology.ttl."""
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/sparql")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="1_article_regions"]').click()
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr tbody tr")) == 5)
    cells = browser.find_element(By.CSS_SELECTOR, ".yasr tbody").text
    assert "山东省" in cells and "济南市" in cells
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".yasr a.iri")]
    assert any(h.startswith(f"{base_url}/id/article/") for h in hrefs)
    link = browser.find_element(By.ID, "permalink").get_attribute("href")
    assert link.endswith("/sparql?name=1_article_regions")
    _shot(browser, "sparql")

    browser.find_element(
        By.CSS_SELECTOR, 'button.example[data-name="5_measures_per_theme_per_province"]'
    ).click()
    button = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .select_chart"))
    button[0].click()
    canvas = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr canvas.yasr-chart"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas[0])
    assert browser.execute_script("return arguments[0].width", canvas[0]) > 300
    _shot(browser, "sparql-chart")

    browser.execute_script(
        "const y = window.casegraphEditor.yasgui.getTab().getYasqe();"
        "y.setValue('SELECT * WHERE {\\n  ?a a cg:Ar'); y.focus();"
        "y.setCursor({line: 1, ch: 13}); y.autocomplete();"
        "window.scrollTo(0, y.getWrapperElement().getBoundingClientRect().top + window.scrollY - 80);"
    )
    hints = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    assert "cg:Article" in [h.text for h in hints]
    _shot(browser, "sparql-completion")

    browser.get(f"{base_url}/sparql?name=1_article_regions")  # the permalink runs its query
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr tbody tr")) == 5)


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


def test_traditional_query_404_page_and_narrow_screen(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/?q=村集體經濟")
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit mark")]
    assert "村集体经济" in marks or "集体经济" in marks, marks[:5]
    _shot(browser, "search-traditional")
    browser.get(f"{base_url}/article/nope")
    assert "没有这篇文章" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "not-found")
    browser.set_window_size(420, 900)
    try:
        browser.get(f"{base_url}/?q=村集体经济")
        facets = browser.find_element(By.CSS_SELECTOR, ".facets")
        assert not facets.is_displayed()  # folded on a phone
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.find_element(By.CSS_SELECTOR, ".hits").size["width"] > 0.8 * width
        _shot(browser, "search-narrow")
        browser.find_element(By.CSS_SELECTOR, ".facets-label").click()
        assert facets.is_displayed()
    finally:
        browser.set_window_size(1280, 1000)


def test_case_book_reorders_without_reloading(browser, base_url):
    """↑ and 移除 on the case-book page change the list in place: the page is not reloaded and
    the reader keeps their scroll position."""
    from selenium.webdriver.common.by import By

    added, i = 0, 0
    while added < 3:  # several measures of one article can share a practice unit
        browser.get(f"{base_url}/practice/party-led-cooperatives")
        browser.execute_script("window.casegraphOld = 1")
        buttons = browser.find_elements(By.CSS_SELECTOR, "form[action='/casebook/add'] button")
        assert i < len(buttons), "the practice page offers too few distinct cases"
        buttons[i].click()
        i += 1
        _wait(browser, lambda d: d.execute_script("return window.casegraphOld === undefined"))
        notice = browser.find_elements(By.CSS_SELECTOR, "p.notice")  # the add says what it did
        assert notice and ("已加入" in notice[0].text or "没有变化" in notice[0].text)
        added += "已加入" in notice[0].text
    browser.get(f"{base_url}/casebook")
    _shot(browser, "casebook")
    browser.execute_script("window.casegraphMarker = 1; window.scrollTo(0, 300)")
    items = lambda d: [  # noqa: E731
        i.get_attribute("value")
        for i in d.find_elements(By.CSS_SELECTOR, ".casebook-item input[name='case']")
    ]
    before = items(browser)
    assert len(before) >= 2
    browser.find_elements(By.CSS_SELECTOR, ".casebook-item button[value='up']")[1].click()
    _wait(browser, lambda d: d.execute_script("return window.casegraphCasebookUpdated") == 1)
    after = items(browser)
    assert after[:2] == [before[1], before[0]]
    assert browser.execute_script("return window.casegraphMarker") == 1  # not reloaded
    assert browser.execute_script("return window.scrollY") >= 250
