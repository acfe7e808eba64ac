"""Search as a researcher uses it: plain Chinese, Traditional input, filters, similar cases."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from casegraph.cli import main
from casegraph.search.query import FilterError, Filters
from tests.conftest import ROOT

FIELDS = {"article_id", "passage_id", "title", "text", "score", "regions", "date", "source"}


@pytest.fixture(scope="module")
def index(built_instance):
    from casegraph.search.index import SearchIndex

    return SearchIndex(built_instance)


def _search(runner, inst, *args):
    res = runner.invoke(main, ["search", *args, "--json", "--instance", str(inst)])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_json_hits_follow_the_contract(built_instance, runner):
    hits = _search(runner, built_instance, "村党组织领办合作社带动集体增收", "--top", "5", "--all")
    assert len(hits) == 5
    for h in hits:
        assert FIELDS <= set(h)
        assert isinstance(h["regions"], list) and h["text"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert any("领办合作社" in h["text"] for h in hits[:3])


def test_traditional_and_full_width_queries_match_simplified(index):
    simp = [h["passage_id"] for h in index.search("集体经济薄弱村增收", top=5)]
    trad = [h["passage_id"] for h in index.search("集體經濟薄弱村增收", top=5)]
    wide = [h["passage_id"] for h in index.search("　集体经济薄弱村 增收　", top=5)]
    assert simp == trad == wide


def test_region_filter_includes_everything_below(index):
    hits = index.search("培训村党组织书记", top=30, filters=Filters(region="内蒙古"))
    assert hits
    assert all("内蒙古自治区" in h["region_path"] for h in hits)
    cities = {h["region_path"][1] for h in hits if len(h["region_path"]) > 1}
    assert {"包头市", "赤峰市"} <= cities
    jinan = index.search("培训村党组织书记", top=10, filters=Filters(region="370100"))
    assert jinan and all(h["region_path"][:2] == ["山东省", "济南市"] for h in jinan)


def test_theme_year_and_source_filters(index):
    hits = index.search("选拔干部", top=20, filters=Filters(theme="人才振兴"))
    assert hits and all("人才振兴" in h["themes"] for h in hits)
    hits = index.search("乡村振兴", top=20, filters=Filters(year=2022))
    assert hits and {h["date"][:4] for h in hits} == {"2022"}
    hits = index.search("乡村振兴", top=20, filters=Filters(source="乡村干部报"))
    assert hits and all("乡村干部报" in h["source"] for h in hits)


def test_bad_filters_name_the_valid_choices(index, built_instance, runner):
    with pytest.raises(FilterError, match="可用：组织振兴、人才振兴"):
        index.search("干部", filters=Filters(theme="人才"))
    res = runner.invoke(
        main, ["search", "干部", "--region", "火星", "--instance", str(built_instance)]
    )
    assert res.exit_code == 1 and "不认识的地区 '火星'" in res.stderr


def test_one_passage_per_article(index):
    hits = index.search("乡村振兴", top=5, per_article=1)
    assert len({h["article_id"] for h in hits}) == len(hits) == 5


def test_similar_cases_come_from_other_regions(index):
    src = index.search("村党组织领办合作社", top=1, filters=Filters(region="济南市"))[0]
    sims = index.similar(src["passage_id"], top=5)
    assert sims and all(s["article_id"] != src["article_id"] for s in sims)
    assert all("济南市" not in s["region_path"] for s in sims)


def test_index_refuses_another_encoder(built_instance):
    from casegraph.search.index import IndexError_, SearchIndex

    with pytest.raises(IndexError_, match="casegraph build --encoder hash"):
        SearchIndex(built_instance, encoder="hash")


def test_recall_on_a_project_query_set(index):
    """A query set of our own (tests/data/extra_queries.json), kept apart from ../shared/eval."""
    queries = json.loads(
        (ROOT / "tests" / "data" / "extra_queries.json").read_text(encoding="utf-8")
    )
    recalls = []
    for q in queries:
        texts = [h["text"] for h in index.search(q["q"], top=5)]
        recalls.append(sum(any(m in t for t in texts) for m in q["markers"]) / len(q["markers"]))
    assert sum(recalls) / len(recalls) >= 0.9


def test_hybrid_finds_more_than_either_side_on_paraphrased_questions(index):
    """Questions worded unlike the text (tests/data/queries_paraphrased.json): fusing the lexical
    and dense sides must find more of the answers than either alone."""
    queries = json.loads(
        (ROOT / "tests" / "data" / "queries_paraphrased.json").read_text(encoding="utf-8")
    )

    def recall(mode):
        found = 0.0
        for q in queries:
            texts = [h["text"] for h in index.search(q["q"], top=5, mode=mode)]
            found += sum(any(m in t for t in texts) for m in q["markers"]) / len(q["markers"])
        return found / len(queries)

    hybrid, bm25, dense = recall("hybrid"), recall("bm25"), recall("dense")
    assert hybrid > max(bm25, dense), (hybrid, bm25, dense)


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_dense_search_matches_a_numpy_oracle(kind):
    from casegraph.search.vectors import build_faiss, dense_search

    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(2000, 64)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index = build_faiss(vecs, kind)
    agree = []
    for _ in range(20):
        q = rng.normal(size=64).astype(np.float32)
        q /= np.linalg.norm(q)
        oracle = np.argsort(-(vecs @ q))[:10]
        ids, scores = dense_search(index, q, 10)
        agree.append(len(set(ids) & set(oracle)) / 10)
        if kind == "flat":
            assert list(ids) == list(oracle)
            assert np.allclose(scores, (vecs @ q)[oracle], atol=1e-5)
        allowed = np.arange(0, 2000, 7)
        ids, _ = dense_search(index, q, 5, allowed)
        sub = allowed[np.argsort(-(vecs[allowed] @ q))[:5]]
        assert set(ids) <= set(allowed)
        if kind == "flat":
            assert list(ids) == list(sub)
    assert np.mean(agree) >= (1.0 if kind == "flat" else 0.9)


def test_incremental_build_embeds_only_changed_passages(tmp_path, runner):
    import shutil

    from tests.conftest import CORPUS

    src = tmp_path / "c"
    src.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, src / f.name)
    inst = tmp_path / "inst"
    args = ["build", str(src), "--instance", str(inst), "--encoder", "hash"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    m = re.search(
        r"index: 90 passages, \d+ sentences \((\d+) embedded, 0 from cache\)", first.stderr
    )
    assert m, first.stderr
    changed = src / "003_3c9bb8d218548b00.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n新增一段：赤峰市又选派了一批干部到村任职。\n",
        encoding="utf-8",
    )
    second = runner.invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "1 articles extracted, 4 cached" in second.stderr
    # the new paragraph is one sentence with no heading: one text to embed, the rest cached
    assert f"(1 embedded, {m.group(1)} from cache)" in second.stderr
    hits = _search(runner, inst, "赤峰市又选派了一批干部", "--top", "1")
    assert "又选派了一批干部" in hits[0]["text"]


def test_one_sentence_of_a_long_passage_is_found_by_its_meaning(index):
    """The passage on the 强乡赋能 reform says, in one of its four sentences, that towns set up
    综合执法大队; asking about that in other words must find it through its sentence vector."""
    from casegraph.search.sentences import split_sentences

    target = next(r for r in index.records if "组建综合执法大队" in r["text"])
    assert len(split_sentences(target["text"])) >= 3
    # passage vectors alone rank it third; its sentence lifts it to the top
    hits = index.search("乡镇综合执法队伍", top=1, mode="dense")
    assert hits[0]["passage_id"] == target["passage_id"]


def test_each_hit_points_at_its_sentence_nearest_the_query(index):
    from casegraph.search.sentences import split_sentences

    hits = index.search("乡镇综合执法队伍", top=10)
    a, b = hits[0]["best_sentence"]
    assert "组建综合执法大队" in hits[0]["text"][a:b]
    for h in hits:
        if h["best_sentence"]:
            a, b = h["best_sentence"]
            assert h["text"][a:b] in split_sentences(h["text"])
        else:
            assert len(split_sentences(h["text"])) <= 1
    assert all("best_sentence" not in h for h in index.search("挂职", top=3, mode="bm25"))
    page = index.search("乡镇综合执法队伍", top=10, explain=3)
    assert [("best_sentence" in h) for h in page] == [True] * 3 + [False] * 7


def test_char_bigrams_bridge_segmentation_differences():
    from casegraph.search.lexical import char_bigrams

    assert char_bigrams("高素质农民") == ["高素", "素质", "质农", "农民"]
    assert char_bigrams("农牧民APP 16.5万元") == ["农牧", "牧民", "app", "16.5", "万元"]
    assert char_bigrams("村") == ["村"] and char_bigrams("，。") == []


def test_an_index_from_another_version_is_refused_with_the_command(built_instance, tmp_path):
    import shutil

    from casegraph.search.index import IndexError_, SearchIndex

    inst = tmp_path / "old"
    shutil.copytree(built_instance / "search", inst / "search")
    meta_path = inst / "search" / "index" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "format": 1}), encoding="utf-8")
    with pytest.raises(IndexError_, match="casegraph build --instance"):
        SearchIndex(inst)


@pytest.mark.parametrize("name", ["extra_queries", "queries_close", "queries_paraphrased"])
def test_the_relevance_cut_off_loses_no_relevant_hit(index, name):
    """recall@5 over the project's query sets is (within 0.01) the same with and without the
    cut-off."""
    import json

    from tests.conftest import ROOT

    queries = json.loads((ROOT / "tests" / "data" / f"{name}.json").read_text(encoding="utf-8"))
    full = cut = 0.0
    for q in queries:
        hits = index.search(q["q"], top=5)
        kept = [h for h in hits if h["relevant"]]
        full += sum(any(m in h["text"] for h in hits) for m in q["markers"]) / len(q["markers"])
        cut += sum(any(m in h["text"] for h in kept) for m in q["markers"]) / len(q["markers"])
    assert cut >= full - 0.01 * len(queries), (name, full / len(queries), cut / len(queries))


def test_off_topic_queries_have_no_relevant_hit(index):
    for q in ("量子计算机", "足球联赛", "股票行情", "火星探测器", "演唱会门票", "天气预报"):
        assert not index.search(q, top=20, relevant_only=True), q
