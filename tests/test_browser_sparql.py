"""The SPARQL editor and the linked-data pages in a real browser (Debian's chromium): YASGUI's
own words in Chinese in the gallery, table and chart views (checked on the text a screenshot
shows), charts that pick their axes or say why they cannot, permalinks that leave nothing in the
console, the server's prefixes known to the editor, and /void and /id/ as pages."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.conftest import shot, wait

pytestmark = pytest.mark.slow

# text the screenshot shows: text nodes with a box on screen, outside the user's own content
# (the query in the editor, the result cells and their column names) and outside SVG
VISIBLE_TEXT = """
const skip = ".CodeMirror-code, .CodeMirror-linenumber, .dataTable td, .dataTable th, svg, script, style, code, pre";
const out = [];
for (const root of document.querySelectorAll(arguments[0])) {
  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const el = w.currentNode.parentElement;
    const t = w.currentNode.nodeValue.trim();
    if (!t || !el || el.closest(skip)) continue;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === "hidden" || (el.offsetParent === null && cs.position !== "fixed")) continue;
    out.push(t);
  }
}
return out;
"""
# words that are names, not English: query variables (?value), prefixed names (cg:province),
# SPARQL keywords in capitals, formats
ALLOWED = {"SPARQL", "CSV", "JSON", "VALUES", "COUNT", "IRI"}
WORD = re.compile(r"(?<![?\w:])[A-Za-z]{2,}(?![\w:])")


def english_words(browser, selector: str) -> list[str]:
    texts = browser.execute_script(VISIBLE_TEXT, selector)
    return sorted({w for t in texts for w in WORD.findall(t) if w not in ALLOWED})


def console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


HEADS = "return [...document.querySelectorAll('.yasr thead th')].map((th) => th.textContent)"
ROWS = "return document.querySelectorAll('.yasr tbody tr').length"


def _example(browser, name: str, column: str) -> int:
    """Run a gallery query; -> how many rows its table shows, once the table with ``column`` is
    drawn (the previous query's table is gone)."""
    from selenium.webdriver.common.by import By

    browser.execute_script("window.scrollTo(0, 0)")
    browser.find_element(By.CSS_SELECTOR, f'button.example[data-name="{name}"]').click()
    wait(browser, lambda d: column in d.execute_script(HEADS) and d.execute_script(ROWS))
    return browser.execute_script(ROWS)


def _chart_view(browser):
    from selenium.webdriver.common.by import By

    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .select_chart"))[0].click()
    note = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .chart-why"))[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", note)
    return note.text


CHART_DATA = """
const c = document.querySelector('.yasr canvas.yasr-chart');
const chart = c && Chart.getChart(c);
if (!chart) return null;
return {labels: chart.data.labels, series: chart.data.datasets.map((d) => d.label),
        bars: chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0),
        x: chart.options.scales.x.title.text, y: chart.options.scales.y.title.text};
"""


def test_the_editor_speaks_chinese_in_the_gallery_table_and_chart_views(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/sparql")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    assert english_words(browser, ".gallery, .toolbar, #yasgui") == []
    shot(browser, "sparql-gallery")

    assert _example(browser, "1_article_regions", "provinceLabel") == 5
    summary = browser.find_element(By.CSS_SELECTOR, ".yasr .yasr_response_chip")
    assert re.fullmatch(r"5 条结果，用时 [\d.]+ 秒", summary.text), summary.text
    assert english_words(browser, ".gallery, .toolbar, #yasgui") == []
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'start'})",
        browser.find_element(By.CSS_SELECTOR, ".yasr"),
    )
    shot(browser, "sparql-table")

    _example(browser, "5_measures_per_theme_per_province", "measures")
    note = _chart_view(browser)
    assert (
        "数值：?measures" in note and "标签：?provinceLabel" in note and "分组：?themeLabel" in note
    )
    data = browser.execute_script(CHART_DATA)
    assert data["x"] == "?provinceLabel" and data["y"] == "?measures"
    assert {"组织振兴", "人才振兴"} <= set(data["series"]) and data["bars"] >= 10
    assert english_words(browser, ".gallery, .toolbar, #yasgui") == []
    shot(browser, "sparql-chart-series")


def test_charts_pick_their_axes_or_say_why_not(browser, base_url):
    """Gallery query 3 (money outcomes): one bar per outcome with its value, labelled by region
    and not by every column at once; a query without numbers says why; a new query opens on
    its table even when the chart was the last view."""
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/sparql")
    rows = _example(browser, "3_money_outcomes_over_100m", "lowerBound")
    note = _chart_view(browser)
    assert "数值：?value" in note and "?regionLabel" in note
    data = browser.execute_script(CHART_DATA)
    assert data["bars"] == rows  # every outcome drawn
    assert all(" · " not in label or label.count(" · ") == 1 for label in data["labels"])
    assert not any(re.search(r"https?://|false|true", label) for label in data["labels"])

    _example(browser, "2_talent_measures_inner_mongolia", "sentence")
    assert browser.find_elements(By.CSS_SELECTOR, ".yasr .select_table.selected")
    assert "无法作图：结果中没有数值列" in _chart_view(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, ".yasr canvas.yasr-chart")


def test_permalinks_run_without_console_errors_and_know_the_preset_prefixes(browser, base_url):
    from selenium.webdriver.common.by import By

    from casegraph.kg.sparql.named import named_queries

    browser.get(f"{base_url}/sparql")
    console_errors(browser)  # start from an empty log
    links = [f"/sparql?name={q.name}" for q in named_queries()]
    plain = [
        "SELECT ?a ?title WHERE { ?a a cg:Article ; dcterms:title ?title } LIMIT 3",
        "SELECT ?r ?label WHERE { ?r a cg:Region ; rdfs:label ?label . FILTER(CONTAINS(?label, '市')) }",
        "SELECT ?t (COUNT(?m) AS ?n) WHERE { ?m cg:theme ?t } GROUP BY ?t",
    ]
    links += ["/sparql?" + urllib.parse.urlencode({"query": q}) for q in plain]
    for link in links:
        browser.get(base_url + link)
        wait(
            browser,
            lambda d: (
                d.find_elements(By.CSS_SELECTOR, ".yasr tbody tr")
                or d.find_elements(By.CSS_SELECTOR, ".yasr .error")
            ),
        )
        errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".yasr .error")]
        assert errors == [], link
        assert console_errors(browser) == [], link
        if "query=" in link:  # no PREFIX lines: cg:, dcterms:, rdfs: are the server's
            assert not browser.find_elements(By.CSS_SELECTOR, ".parseErrorIcon"), link

    # a refused query: one Chinese line in place of the results
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    browser.get(f"{base_url}/sparql?" + urllib.parse.urlencode({"query": service}))
    error = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .error"))[0]
    assert error.text == "查询失败：不允许 SERVICE（联邦查询）：本端点不向外发出请求"


def test_void_and_entity_pages_are_pages_in_a_browser(browser, base_url, graph_store):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/void")
    assert browser.execute_script("return document.contentType") == "text/html"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "数据集描述" in main and "cg:Article" in main
    shot(browser, "void")

    [row] = graph_store.select(
        "SELECT ?o WHERE { ?o a cg:Outcome ; cg:approximate false } ORDER BY ?o LIMIT 1"
    )
    key = row["o"].split("/id/", 1)[1]
    browser.get(f"{base_url}/id/{key}")
    assert browser.execute_script("return document.contentType") == "text/html"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "cg:approximate" in main and "False" not in main and "否" in main
    shot(browser, "entity")

    browser.get(f"{base_url}/ontology.ttl")
    assert browser.execute_script("return document.contentType") == "text/plain"
    assert "cg:Article" in browser.find_element(By.TAG_NAME, "body").text
