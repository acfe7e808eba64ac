"""Phrases matched whole, and the relevance judgement explained: what a researcher checks when a
search for a role (驻村第一书记) comes back, and why a hit counts as relevant."""

from __future__ import annotations

import json

import pytest

from casegraph.cli import main

HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def index(built_instance):
    from casegraph.search.index import SearchIndex

    return SearchIndex(built_instance)


def test_a_domain_term_is_one_phrase_and_the_rarest_unit_is_the_key(index):
    t = index.query_terms("驻村第一书记 做了什么")
    assert t.phrases == ("驻村第一书记",) and t.key == "驻村第一书记"
    assert "做了" not in t.terms and t.weight("书记") < t.weight("驻村第一书记")
    assert index.query_terms("强村公司").phrases == ("强村公司",)  # 强 + 村 + 公司 in the text
    t = index.query_terms("乡贤在乡村治理中的作用")
    assert t.key == "乡贤" and "作用" not in t.units


def test_whole_phrase_ranks_above_its_parts_in_bm25(index):
    hits = index.search("驻村第一书记", top=30, mode="bm25")
    whole = [i for i, h in enumerate(hits) if "驻村第一书记" in h["text"]]
    parts = [i for i, h in enumerate(hits) if "驻村第一书记" not in h["text"]]
    assert whole and parts and max(whole) < min(parts)
    assert "第一书记" in hits[len(whole)]["text"]  # the nearest part comes next


def test_a_phrase_the_words_split_is_found_as_written(index):
    """强村公司 (强 + 村 + 公司 to the segmentation) comes first by BM25; the fused ranking, where
    the dense side also counts, still has it among the first five."""
    assert "强村公司" in index.search("强村公司", top=5, mode="bm25")[0]["text"]
    assert any("强村公司" in h["text"] for h in index.search("强村公司", top=5))


def test_search_page_marks_a_phrase_as_one(client):
    html = client.get("/?q=驻村第一书记", headers=HTML).get_data(as_text=True)
    assert "<mark>驻村第一书记</mark>" in html
    assert "<mark>第一</mark><mark>书记</mark>" not in html


def test_explain_says_why_a_hit_passed(built_instance, runner):
    args = ["search", "驻村第一书记", "--top", "3", "--instance", str(built_instance)]
    res = runner.invoke(main, [*args, "--explain", "--json"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)
    assert hits and all(h["relevant"] for h in hits)
    why = hits[0]["why"]
    assert why["key"] == "驻村第一书记" and why["evidence"]["key_whole"] == 1.0
    assert why["probability"] >= why.get("threshold", 0)
    text = runner.invoke(main, [*args, "--explain"]).stdout
    assert "关键词「驻村第一书记」完整出现" in text and "相关：" in text


def test_json_twin_explains_on_request(client):
    plain = client.get("/api/search?q=驻村第一书记&top=2").get_json()["hits"]
    assert plain and "why" not in plain[0]
    hits = client.get("/api/search?q=驻村第一书记&top=2&explain=1").get_json()["hits"]
    assert hits[0]["why"]["evidence"]["key_whole"] == 1.0


def test_a_role_query_keeps_hits_about_the_role(index):
    kept = index.search("驻村第一书记", top=10, relevant_only=True)
    assert kept and all("第一书记" in h["text"] for h in kept)


def test_a_one_word_query_the_corpus_holds_finds_relevant_hits(index):
    """A single domain word is far from any passage to the dense side, yet the seeds are full of
    it: the search finds relevant passages holding it."""
    kept = index.search("合作社", top=5, relevant_only=True)
    assert kept and all("合作社" in h["text"] for h in kept[:3])
