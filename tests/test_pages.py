"""Extraction on messy pages it was not built from (tests/data/pages/: page-like texts written
for the set, one failure kind each, and real items read from ../shared/data when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.pages_eval import evaluate_pages, is_junk_label, totals
from tests.conftest import ROOT, SHARED

GOLD = ROOT / "tests" / "data" / "pages" / "gold.json"


@pytest.fixture(scope="module")
def results():
    return evaluate_pages(GOLD, SHARED / "data")


def test_targets_on_the_messy_pages(results):
    t = totals(results)
    assert t["pages"] >= 12
    assert t["primary"] >= t["pages"] - max(1, t["pages"] // 20), results  # ≥ 19/20
    assert t["titles"] == t["pages"] and t["dates"] == t["pages"]
    assert t["quantity_recall"] >= 0.97
    assert t["kinds_right"] >= 0.95
    assert t["junk_labels"] == 0 and t["wrong_regions"] == 0
    assert t["furniture_pages"] == 0


@pytest.mark.parametrize(
    "page,why",
    [
        ("s01_dateline.txt", "a dateline (中新网南宁…电) is not the subject"),
        ("s02_city_opens_with_village.txt", "a city report that opens with one village"),
        ("s03_short_form_prefecture.txt", "大理州 is 大理白族自治州"),
        ("s05_ordinary_words.txt", "河南村 is not 河南省, 突破…大关 is not 大关县"),
        ("s11_province_opens_with_village.txt", "a province report that opens with a village"),
    ],
)
def test_subject_region_of_the_whole_article(results, page, why):
    assert results[page]["primary_ok"], (why, results[page]["primary"])


def test_a_national_report_has_no_subject_region(results):
    r = results["2025年中华人民共和国国务院政府工作报告"]
    if r is None:
        pytest.skip("../shared/data not present")
    assert r["primary"] is None


def test_junk_labels_are_recognised():
    for junk in (
        "了数",
        "在数",
        "向数",
        "管数",
        "网格也数",
        "倍倍数",
        "35周岁以下占比占比",
        "个数",
    ):
        assert is_junk_label(junk), junk
    for fine in ("村党组织领办合作社数", "从业人员数", "集体经济收入", ""):
        assert not is_junk_label(fine), fine


def test_html_pages_keep_the_story_and_drop_the_furniture():
    """Portal, county-government, WeChat-style and GBK pages with comments: the title, every
    sentence of the story, and no navigation, share rows, related lists, counters or comments."""
    import json
    import re

    from casegraph.ingest import Article, read_path

    d = Path(__file__).parent / "data" / "html"
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))["pages"]
    for name, g in gold.items():
        a = next(x for x in read_path((d / name).resolve()) if isinstance(x, Article))
        body = "".join(p.text for p in a.passages if p.kind == "body")
        flat = re.sub(r"\s+", "", body)
        assert a.title == g["title"], name
        for s in g["body"]:
            assert s in flat, (name, s)
            flat = flat.replace(s, "")
        assert not re.search(r"[\u4e00-\u9fff]", flat), (name, flat)  # nothing else
        assert all("阅读" not in au["name"] for au in a.authors), a.authors
