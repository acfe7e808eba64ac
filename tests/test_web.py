"""The web app as its users click through it; every page has a JSON twin with the same data."""

from __future__ import annotations

import re

import pytest

HTML = {"Accept": "text/html"}


def _first_measure(client, aid):
    return client.get(f"/api/article/{aid}").get_json()["measures"][0]["link"]


@pytest.fixture(scope="module")
def jinan(client_module):
    hits = client_module.get("/api/search?q=评星定级&region=济南市&top=1").get_json()["hits"]
    return hits[0]


@pytest.fixture(scope="module")
def client_module(app):
    return app.test_client()


def test_search_page_keeps_the_query_in_the_url_and_marks_terms(client):
    r = client.get("/?q=村党组织领办合作社", headers=HTML)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'value="村党组织领办合作社"' in html
    # the query's terms are marked: the domain term whole where a hit holds it, else its words
    assert any(f"<mark>{t}</mark>" in html for t in ("村党组织领办合作社", "领办", "合作社"))
    assert "/api/search?q=" in html  # the JSON twin is linked


def test_search_page_sets_apart_the_sentence_nearest_the_query(client):
    html = client.get("/?q=乡镇综合执法队伍", headers=HTML).get_data(as_text=True)
    first = html.index('class="best"')
    sentence = re.sub(
        r"<[^>]+>", "", html[html.index(">", first) + 1 : html.index("</span>", first)]
    )
    assert "综合执法大队" in sentence
    assert "职责任务清单" not in sentence  # only that sentence, not the whole passage


def test_search_json_twin_facets_and_paging(client):
    d = client.get("/api/search?q=乡村振兴&top=5").get_json()
    assert len(d["hits"]) == 5 and d["total"] > 5
    assert {"region", "theme", "year", "source"} <= set(d["facets"])
    provinces = {f["value"]: f["count"] for f in d["facets"]["region"]}
    assert "内蒙古自治区" in provinces
    page2 = client.get("/api/search?q=乡村振兴&top=5&page=2").get_json()
    assert not {h["passage_id"] for h in d["hits"]} & {h["passage_id"] for h in page2["hits"]}
    narrowed = client.get("/api/search?q=乡村振兴&region=内蒙古自治区").get_json()
    assert narrowed["total"] == provinces["内蒙古自治区"]  # the facet counts what it narrows to
    assert all(h["region_path"][0] == "内蒙古自治区" for h in narrowed["hits"])


@pytest.mark.parametrize(
    "query,message",
    [
        ("top=0", "'top' 应在 1 到 100 之间，不是 0"),
        ("top=abc", "'top' 应为 1 到 100 之间的整数，不是 'abc'"),
        ("top=101", "'top' 应在 1 到 100 之间，不是 101"),
        ("theme=人才", "不认识的主题 '人才'；可用：组织振兴、人才振兴"),
        ("year=1800", "'year' 应在 1900 到 2100 之间，不是 1800"),
    ],
)
def test_api_search_validates_parameters_with_one_error_shape(client, query, message):
    r = client.get(f"/api/search?q=干部&{query}")
    assert r.status_code == 400
    body = r.get_json()
    assert set(body) == {"error", "status"} and body["status"] == 400
    assert body["error"].startswith(message)


def test_unknown_pages_are_404_in_both_shapes(client):
    assert client.get("/no/such/page", headers=HTML).status_code == 404
    r = client.get("/api/article/ffffffffffffffff")
    assert r.status_code == 404 and r.get_json() == {
        "error": "没有这篇文章：'ffffffffffffffff'",
        "status": 404,
    }


def test_article_page_highlights_facts_and_marks_the_passage(client, jinan):
    aid, pid = jinan["article_id"], jinan["passage_id"]
    r = client.get(f"/article/{aid}?passage={pid}", headers=HTML)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert f'id="{pid}" class="passage body target"' in html
    for kind in ("region", "measure", "outcome", "organization", "policy"):
        assert f'class="fact fact-{kind}"' in html, kind
    twin = client.get(f"/api/article/{aid}").get_json()
    assert twin["title"] in html and twin["region_path"][-1]["label"] == "济南市"


def test_measure_page_shows_outcomes_and_the_same_practice_elsewhere(client):
    d = client.get("/api/practice/party-led-cooperatives").get_json()
    jinan_case = next(c for c in d["cases"] if c["region"] and c["region"]["label"] == "济南市")
    mid = jinan_case["measure"]["id"].split("/", 1)[1]
    m = client.get(f"/api/measure/{mid}").get_json()
    elsewhere = {
        c["region"]["label"]
        for s in m["same_practice_elsewhere"]
        for c in s["cases"]
        if c["region"]
    }
    assert "齐齐哈尔市" in elsewhere
    html = client.get(f"/measure/{mid}", headers=HTML).get_data(as_text=True)
    assert "同类做法在其他地区" in html and "齐齐哈尔市" in html


def test_region_theme_overview_and_graph_pages(client):
    r = client.get("/api/region/150000").get_json()
    assert [c["label"] for c in r["children"]] == ["包头市", "赤峰市"]
    assert r["comparison"]["columns"][0]["label"] == "内蒙古自治区"
    assert client.get("/region/150000", headers=HTML).status_code == 200
    t = client.get("/api/theme/talent").get_json()
    assert t["label"] == "人才振兴" and t["measures"]
    o = client.get("/api/overview").get_json()
    assert o["counts"]["articles"] == 5 and {p["label"] for p in o["provinces"]} == {
        "黑龙江省",
        "内蒙古自治区",
        "山西省",
        "山东省",
    }
    g = client.get("/api/graph/practice/party-led-cooperatives").get_json()
    assert all(n["url"].startswith("/") for n in g["nodes"])
    assert {n["kind"] for n in g["nodes"]} == {"practice", "measure", "region"}
    for url in ("/overview", "/themes", "/theme/talent", "/graph/practice/party-led-cooperatives"):
        assert client.get(url, headers=HTML).status_code == 200, url


def test_security_headers_and_no_debug(client):
    r = client.get("/", headers=HTML)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert not client.application.debug


def test_hostile_article_text_is_escaped(tmp_path, runner):
    from click.testing import CliRunner

    from casegraph.cli import main
    from casegraph.core.settings import load_settings
    from casegraph.web import create_app

    src = tmp_path / "c"
    src.mkdir()
    (src / "x.html").write_text(
        "<html><head><title>恶意&lt;script&gt;标题</title></head><body><article>"
        "<p>村里&lt;script&gt;alert('xss')&lt;/script&gt;开展了“积分制”管理，"
        '共有&lt;img src=x onerror=alert(1)&gt;120户参加。" onmouseover="alert(2)</p>'
        "<script>alert('real script')</script></article></body></html>",
        encoding="utf-8",
    )
    inst = tmp_path / "inst"
    res = CliRunner().invoke(
        main, ["build", str(src), "--instance", str(inst), "--encoder", "hash"]
    )
    assert res.exit_code == 0, res.output
    c = create_app({"SETTINGS": load_settings(inst), "TESTING": True}).test_client()
    aid = c.get("/api/search?q=积分制").get_json()["hits"][0]["article_id"]
    for url in (f"/article/{aid}", "/?q=积分制", "/?q=<script>alert(1)</script>"):
        html = c.get(url, headers=HTML).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert not re.search(r"<[^>]+onmouseover=", html), url
    html = c.get(f"/article/{aid}", headers=HTML).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "real script" not in html


def test_search_says_how_many_passages_contain_a_query_word(client):
    from casegraph.search.index import SearchIndex

    d = client.get("/api/search?q=网格党支部&top=5").get_json()
    texts = [
        r["text"] for r in SearchIndex(client.application.config["SETTINGS"]["instance"]).records
    ]
    assert d["matched"] == sum(("网格" in t or "支部" in t) for t in texts)
    assert 0 < d["total"] < len(texts)  # the relevant passages, not the whole corpus
    html = client.get("/?q=网格党支部", headers=HTML).get_data(as_text=True)
    assert f"{d['matched']} 条含检索词" in html and f"{d['total']} 条相关段落" in html


def test_off_topic_queries_find_nothing_and_say_so(client):
    for q in ("量子计算机", "足球联赛", "股票行情"):
        d = client.get("/api/search", query_string={"q": q}).get_json()
        assert d["total"] == 0 and d["hits"] == [] and all(not v for v in d["facets"].values())
        assert 0 < len(d["weak"]) <= 3 and not any(h["relevant"] for h in d["weak"])
        html = client.get("/", query_string={"q": q}, headers=HTML).get_data(as_text=True)
        assert "没有找到相近的段落" in html and "相关度低" in html


def test_traditional_and_full_width_queries_are_highlighted(client):
    """A query typed in Traditional characters or full width marks the same words as its
    Simplified form."""
    marks = {
        q: client.get("/", query_string={"q": q}).get_data(True).count("<mark>")
        for q in ("村集体经济", "村集體經濟", "村集体经济\u3000")
    }
    assert marks["村集体经济"] > 0
    assert len(set(marks.values())) == 1, marks


def test_a_running_server_sees_a_new_build(tmp_path, runner):
    """The app keeps serving while a build replaces the index, graph and corpus, and answers
    from the new ones at the next request, without a restart."""
    import shutil

    from casegraph.cli import main
    from casegraph.core.settings import load_settings
    from casegraph.web import create_app
    from tests.conftest import CORPUS

    src = tmp_path / "src"
    shutil.copytree(CORPUS, src)
    (src / "003_3c9bb8d218548b00.txt").unlink()
    inst = tmp_path / "inst"
    args = ["--instance", str(inst), "--encoder", "hash"]
    assert runner.invoke(main, ["build", str(src), *args]).exit_code == 0
    app = create_app({"SETTINGS": load_settings(inst), "TESTING": True})
    c = app.test_client()
    before = c.get("/api/search?q=乡村振兴&top=100").get_json()["total"]
    shutil.copy(CORPUS / "003_3c9bb8d218548b00.txt", src)
    assert runner.invoke(main, ["build", *args]).exit_code == 0
    after = c.get("/api/search?q=乡村振兴&top=100").get_json()["total"]
    assert after > before
    r = c.get(
        "/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a a cg:Article }"}
    )
    assert r.get_json()["results"]["bindings"][0]["n"]["value"] == "5"
    pool = app.extensions.get("casegraph.querypool")
    if pool is not None:
        pool.close()
