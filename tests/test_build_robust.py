"""One bad article never stops a build: every literal the project writes is valid N-Triples, an
article whose extraction fails is named in one line and kept without facts, and whole field corpora
(People's Daily, the messy web pages, news) build with no failure."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

from casegraph.ingest import Article, Passage
from casegraph.kg.graph import build as graph_build
from casegraph.kg.graph.build import facts_text
from tests.conftest import SHARED, run_cli


def _article(title: str, text: str) -> Article:
    return Article(
        id="t1",
        title=title,
        title_derived=False,
        date="2024-05-01",
        source="来源\n“站”",
        text=text,
        passages=[Passage("t1-000", text, 0, len(text))],
        origin="made-up.txt",
    )


def test_literals_with_line_breaks_quotes_and_control_characters_are_valid_ntriples():
    title = '初审编辑：某\n责任编辑："某"\t\x00\x1f\\ \u2028'
    text = "村里建成光伏电站，年收益50万元。"
    nt = facts_text(_article(title, text))
    quads = list(ox.parse(nt.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    titles = [q.object.value for q in quads if q.predicate.value.endswith("/title")]
    assert titles == [title]
    assert any(q.object.value == "来源\n“站”" for q in quads)


def test_an_article_whose_extraction_fails_is_named_and_kept_without_facts(monkeypatch, capsys):
    def broken(article, seg=None):
        raise KeyError("a bug")

    monkeypatch.setattr(graph_build, "extract", broken)
    nt = facts_text(_article("标题", "正文一句。"))
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "made-up.txt" in err[0] and "extraction failed" in err[0]
    quads = list(ox.parse(nt.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    assert any(q.object.value == "正文一句。" for q in quads)  # the passage is in the graph


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "data" / "rmrb-rural.jsonl").exists(), reason="../shared absent")
def test_field_corpora_build_with_no_failure(tmp_path):
    """All People's Daily rural articles, every messy web page and 2,000 news items."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHARED / "data" / "rmrb-rural.jsonl", src / "rmrb.jsonl")
    shutil.copytree(SHARED / "data" / "pages-dev" / "texts", src / "pages")
    with (
        (SHARED / "data" / "xwlb.jsonl").open(encoding="utf-8") as fh,
        (src / "xwlb.jsonl").open("w", encoding="utf-8") as out,
    ):
        for n, line in enumerate(fh):
            if n >= 2000:
                break
            out.write(line)
    inst = tmp_path / "inst"
    res = run_cli("build", src, "--instance", inst, "--encoder", "hash", timeout=1800)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    assert "extraction failed" not in res.stderr, res.stderr[-2000:]
    out = run_cli(
        "sparql",
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/casegraph/ontology#Article> }",
        "--format",
        "json",
        "--instance",
        inst,
    )
    n = int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])
    assert n >= 686 + 40 + 1900  # a few news items are empty or duplicates
