"""Case cards and books for training designers; comparison and analytics for researchers."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess

import pytest

from casegraph.cases.books import select_units
from casegraph.cases.cards import build_card
from casegraph.cli import main


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_sentence_on_a_card_is_quoted_from_its_passage(graph_store, built_instance):
    from casegraph.ingest.corpus import Corpus

    passages = {p.id: p.text for a in Corpus(built_instance).articles.values() for p in a.passages}
    mids = select_units(graph_store, theme="人才振兴")
    assert len(mids) >= 20
    for mid in mids:
        c = build_card(graph_store, mid)
        quotes = ([c.background] if c.background else []) + c.practice + c.results
        for q in quotes:
            assert q.text in passages[q.passage_id], (mid, q.text)
        for o in c.outcomes:
            assert o["surface"] in o["sentence"] and o["sentence"] in passages[o["passage_id"]]
        assert c.region and c.source["title"] and set(c.passages) <= set(passages)


def test_card_fields_for_a_known_case(graph_store):
    d = select_units(graph_store, practice="party-led-cooperatives")
    cards = [build_card(graph_store, m) for m in d]
    jinan = next(c for c in cards if c.region[-1] == "济南市")
    assert jinan.region == ["山东省", "济南市"]
    assert jinan.source["publisher"] == "灯塔-党建在线" and jinan.source["date"] == "2021-12-23"
    values = {(o["value"], o["unit"]) for o in jinan.outcomes}
    assert (2100, "家") in values and (26000000, "元") in values
    # what the 2,100 count: the cooperatives the Party branches lead, named in full
    assert any("合作社" in o["indicator"] for o in jinan.outcomes if o["value"] == 2100)


def test_a_round_up_of_several_provinces_reads_less_as_a_case(graph_store):
    """Each seed reports one place, and its cards count one province; the same card in an
    article spread over four provinces (a round-up) is less surely a local case."""
    from dataclasses import replace

    from casegraph.cases.is_case import case_probability

    cards = [build_card(graph_store, m) for m in select_units(graph_store)]
    assert cards and {c.article_provinces for c in cards} == {1}
    card = cards[0]
    spread = replace(card, article_provinces=4)
    assert case_probability(spread, card.practice_share) < case_probability(
        card, card.practice_share
    )


def test_a_commentary_an_interview_or_a_policy_reading_is_no_case(graph_store):
    """The same card is no local case when its article is an opinion column, an interview or a
    reading of policy (its places are examples in an argument, not a report of their work)."""
    from dataclasses import replace

    from casegraph.cases.is_case import is_case

    card = next(
        c
        for c in (build_card(graph_store, m) for m in select_units(graph_store))
        if is_case(c, c.practice_share)
    )
    for title in (
        "某某村的路子值得学（某某时评）",
        "谈基层治理（权威访谈）",
        "某某政策怎么落实（政策解读）",
    ):
        other = replace(card, source={**card.source, "title": title})
        assert not is_case(other, card.practice_share), title
    news = replace(card, source={**card.source, "title": "某某村：党支部领办合作社（一线见闻）"})
    assert is_case(news, card.practice_share)


def test_selection_by_region_and_year_and_units_do_not_overlap(graph_store):
    im = select_units(graph_store, theme="人才振兴", region_keys={"150000"})
    regions = {tuple(build_card(graph_store, m).region[:1]) for m in im}
    assert regions == {("内蒙古自治区",)}
    y = select_units(graph_store, year=2024)
    assert y and all(build_card(graph_store, m).source["date"].startswith("2024") for m in y)
    # practice units are disjoint: no sentence belongs to two cases
    sents = [q.text for m in select_units(graph_store) for q in build_card(graph_store, m).practice]
    assert len(sents) == len(set(sents))


def test_export_docx_structure(built_instance, runner, tmp_path):
    from docx import Document

    out = tmp_path / "book.docx"
    res = runner.invoke(
        main,
        [
            "export",
            "--theme",
            "人才振兴",
            "--region",
            "内蒙古",
            "--format",
            "docx",
            "-o",
            str(out),
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title" and "案例选编" in doc.paragraphs[0].text
    assert "TOC \\o" in doc.element.xml  # a table-of-contents field
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1[0] == "目录" and h1[-1] == "出处" and len(h1) >= 3  # grouped by kind of practice
    cards = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert cards and all("：" in c for c in cards) and any(c.startswith("包头市：") for c in cards)
    sources = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert sources and all(s.startswith("《") for s in sources)
    labels = {p.runs[0].text for p in doc.paragraphs if p.runs and p.runs[0].bold}
    assert {"地区：", "做法：", "成效：", "出处："} <= labels


def test_export_markdown_and_errors(built_instance, runner, tmp_path):
    out = tmp_path / "book.md"
    res = runner.invoke(
        main,
        [
            "export",
            "--query",
            "村党组织领办合作社",
            "--format",
            "md",
            "-o",
            str(out),
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 案例选编：村党组织领办合作社") and "## 出处" in md and "**做法**" in md
    res = runner.invoke(
        main,
        [
            "export",
            "--theme",
            "人才",
            "--format",
            "md",
            "-o",
            str(out),
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 1 and "不认识的主题 '人才'；可用：组织振兴" in res.stderr
    res = runner.invoke(
        main, ["export", "--format", "md", "-o", str(out), "--instance", str(built_instance)]
    )
    assert res.exit_code == 2


def test_web_casebook_add_reorder_remove_download(app):
    c = app.test_client()
    coop = c.get("/api/practice/party-led-cooperatives").get_json()["cases"]
    ids = [x["measure"]["id"].split("/", 1)[1] for x in coop[:3]]
    for m in ids:
        assert (
            c.post(
                "/casebook/add", data={"measure": m, "next": "/practice/party-led-cooperatives"}
            ).status_code
            == 303
        )
    for q in ("网格化管理", "选调生到村任职"):
        hit = c.get("/api/search", query_string={"q": q, "top": 1}).get_json()["hits"][0]
        c.post("/casebook/add", data={"passage": hit["passage_id"]})
    cards = c.get("/api/casebook").get_json()["groups"][0]["cards"]
    # a measure adds the practice unit it was read in, which quotes the measure's sentence
    sentence = c.get(f"/api/measure/{ids[0]}").get_json()["sentence"]
    assert any(sentence in q["text"] for q in cards[0]["practice"] + cards[0]["results"])
    order = [x["id"] for x in cards]
    assert len(order) >= 3 and len(order) == len(set(order))
    c.post("/casebook/edit", data={"action": "up", "case": order[1]})
    c.post("/casebook/edit", data={"action": "remove", "case": order[2]})
    after = [x["id"] for x in c.get("/api/casebook").get_json()["groups"][0]["cards"]]
    assert after[:2] == [order[1], order[0]] and order[2] not in after
    page = c.get("/casebook", headers={"Accept": "text/html"}).get_data(as_text=True)
    # a hedge the figure shows (2100多家) is not marked again; the DOCX marks the same way
    assert not re.search(r"(?:余|多|左右)[^<]{0,3}</b><small>（约数）", page)
    r = c.get("/casebook/download.docx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    assert "## 出处" in c.get("/casebook/download.md").get_data(as_text=True)
    r = c.post("/casebook/add", data={"measure": "nope", "next": "https://evil.example/"})
    assert r.status_code == 404


def test_comparison_csv_and_analysis(client, built_instance, runner, tmp_path):
    r = client.get("/practice/party-led-cooperatives/compare.csv")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["地区", "当地做法", "成效", "年份", "出处", "发布者", "链接", "段落"]
    assert {"济南市", "齐齐哈尔市"} <= {row[0] for row in rows[1:]}
    a = client.get("/api/analysis").get_json()
    assert a["widespread"][0]["regions"] >= a["widespread"][-1]["regions"]
    assert a["communities"] and all(len(x) > 1 for x in a["communities"])
    assert a["similar_regions"] and 0 < a["similar_regions"][0]["jaccard"] <= 1
    g = client.get("/analysis/practice-cooccurrence.graphml")
    assert g.status_code == 200 and b"<graphml" in g.data


@pytest.mark.slow
def test_docx_renders_through_libreoffice_with_every_card(built_instance, runner, tmp_path):
    """The DOCX opened by another office suite: every card's title and its fields are on the
    rendered pages, after a title page."""
    lo = shutil.which("libreoffice") or shutil.which("soffice")
    if not (lo and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("libreoffice and poppler-utils must be installed in CI (see .ci/run)")
        pytest.skip(
            "libreoffice and pdftotext are not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
        )
    out = tmp_path / "book.docx"
    args = ["export", "--theme", "人才振兴", "--instance", str(built_instance)]
    res = runner.invoke(main, [*args, "--format", "docx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, [*args, "--format", "json", "-o", str(tmp_path / "book.json")])
    assert res.exit_code == 0, res.output
    book = json.loads((tmp_path / "book.json").read_text(encoding="utf-8"))
    subprocess.run(
        [lo, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "book.pdf"
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    assert "人才振兴" in pages[0]  # the title page names the book
    text = "".join(pages).replace(" ", "")
    cards = [c for g in book["groups"] for c in g["cards"]]
    assert cards
    # the table of contents is written out (any viewer shows it) and pages are numbered
    toc = "".join(pages[1:3]).replace(" ", "")
    assert "目录" in toc and all(c["title"].replace(" ", "")[:10] in toc for c in cards[:5])
    assert "第2页" in text and "段" in text and "`" not in text
    for card in cards:
        assert card["title"].replace(" ", "")[:12] in text, card["title"]
    assert text.count("做法") >= len(cards) and text.count("出处") >= len(cards)


def test_download_titles_with_control_characters_or_too_long_are_cleaned(client):
    for title in ("选编\x00\x07标题\x1b", "长" * 400):
        r = client.get("/casebook/download.docx", query_string={"title": title})
        assert r.status_code == 200, r.data[:200]
        r = client.get("/api/casebook", query_string={"title": title})
        got = r.get_json()["title"]
        assert got.isprintable() and len(got) <= 100


def test_any_search_hit_can_be_added_and_the_page_says_what_happened(app, graph_store):
    """A passage without a measure of its own adds the practice unit it belongs to (the measure
    read closest before it); adding it again says nothing changed; the results page offers a
    book built from the search."""
    rows = graph_store.select(
        """SELECT ?pid WHERE { ?a cg:passage ?p . ?p dcterms:identifier ?pid ; cg:passageKind "body"
           FILTER NOT EXISTS { ?m prov:wasDerivedFrom ?p ; a cg:Measure } } ORDER BY ?pid"""
    )
    assert rows
    c = app.test_client()
    html = {"Accept": "text/html"}
    r = c.post(
        "/casebook/add",
        data={"passage": rows[-1]["pid"], "next": "/casebook"},
        headers=html,
        follow_redirects=True,
    )
    assert "已加入 1 个案例" in r.get_data(True)
    r = c.post(
        "/casebook/add",
        data={"passage": rows[-1]["pid"], "next": "/casebook"},
        headers=html,
        follow_redirects=True,
    )
    assert "没有变化" in r.get_data(True)
    page = c.get("/", query_string={"q": "村党组织领办合作社"}, headers=html).get_data(True)
    assert "用这次检索编一本案例选编" in page and "/casebook/new?query=" in page


def test_the_talent_book_quotes_each_sentence_once(built_instance, runner, tmp_path):
    """The 人才振兴 book of the seed corpus: no two cards share a 做法 or 背景 sentence, every card
    has an action sentence of at least 15 characters, every figure is in the card's quoted text,
    and a percentage is shown once, as written."""
    out = tmp_path / "b.json"
    res = runner.invoke(
        main,
        [
            "export",
            "--theme",
            "人才振兴",
            "--format",
            "json",
            "-o",
            str(out),
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 0, res.output
    book = json.loads(out.read_text(encoding="utf-8"))
    cards = [c for g in book["groups"] for c in g["cards"]]
    quoted = [q["text"] for c in cards for q in c["practice"] + c["results"]]
    quoted += [c["background"]["text"] for c in cards if c.get("background")]
    assert len(quoted) == len(set(quoted))
    for c in cards:
        assert any(len(q["text"]) >= 15 for q in c["practice"]), c["title"]
        own = [q["text"] for q in c["practice"] + c["results"]]
        for o in c["outcomes"]:
            assert o["surface"].replace(" ", "") in o["sentence"].replace(" ", ""), o
            assert o["sentence"] in own, (c["title"], o["sentence"])  # cited on the card
    md = out.with_suffix(".md")
    runner.invoke(
        main,
        [
            "export",
            "--theme",
            "人才振兴",
            "--format",
            "md",
            "-o",
            str(md),
            "--instance",
            str(built_instance),
        ],
    )
    text = md.read_text(encoding="utf-8")
    assert "%（0." not in text and "比例" not in text  # 79% once, not 79%（0.79 %）


def test_a_query_book_stops_where_relevance_ends(built_instance, runner, tmp_path):
    """A book built from a search holds the cases about the query, not the rest of the region's
    articles: every card quotes the query's subject."""
    out = tmp_path / "q.json"
    args = ["export", "--query", "村集体经济 增收", "--region", "内蒙古", "--format", "json"]
    res = runner.invoke(main, [*args, "-o", str(out), "--instance", str(built_instance)])
    assert res.exit_code == 0, res.output
    cards = [c for g in json.loads(out.read_text(encoding="utf-8"))["groups"] for c in g["cards"]]
    assert 1 <= len(cards) <= 8
    for c in cards:
        text = "".join(q["text"] for q in c["practice"] + c["results"])
        assert "集体经济" in text or "增收" in text, c["title"]


def test_a_query_book_names_its_query_and_one_with_no_case_offers_nothing_to_add(app):
    c = app.test_client()
    html = {"Accept": "text/html"}
    page = c.get("/casebook/new", query_string={"query": "村党组织领办合作社"}, headers=html)
    text = page.get_data(as_text=True)
    assert "村党组织领办合作社" in text.split("</h1>")[0] and "全部加入案例选编" in text
    empty = c.get(
        "/casebook/new", query_string={"query": "英超联赛积分榜 曼城 阿森纳"}, headers=html
    ).get_data(as_text=True)
    assert "全部加入案例选编" not in empty and "没有找到" in empty
