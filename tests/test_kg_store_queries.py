"""The store and the competency questions, as a SPARQL user runs them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casegraph.cli import main
from casegraph.kg.sparql.named import get_query, named_queries
from casegraph.kg.store import GraphStore, rebuild


def _run(store, name):
    return store.select(get_query(name).sparql)


def test_seven_named_queries_ship_with_descriptions():
    qs = named_queries()
    assert len(qs) == 7
    assert all(q.title and q.description and "SELECT" in q.sparql for q in qs)


def test_q1_each_article_with_primary_region_and_province(graph_store):
    rows = {r["regionLabel"]: r["provinceLabel"] for r in _run(graph_store, "1_article_regions")}
    assert rows == {
        "齐齐哈尔市": "黑龙江省",
        "包头市": "内蒙古自治区",
        "高平市": "山西省",
        "赤峰市": "内蒙古自治区",
        "济南市": "山东省",
    }


def test_q7_cases_with_their_province_practice_and_results(graph_store):
    rows = _run(graph_store, "7_cases_by_practice_and_province")
    assert {r["provinceLabel"] for r in rows} == {"黑龙江省", "内蒙古自治区", "山西省", "山东省"}
    coop = next(r for r in rows if r["unitLabel"] == "发展村党组织领办合作社")
    assert coop["regionLabel"] == "济南市" and "村党组织领办合作社" in coop["practices"]
    assert int(coop["outcomes"]) >= 3  # 2100多家, 2600多万元, 7万 …


def test_q2_talent_measures_below_inner_mongolia(graph_store):
    rows = _run(graph_store, "2_talent_measures_inner_mongolia")
    regions = {r["regionLabel"] for r in rows}
    assert {"包头市", "赤峰市"} <= regions  # regions below 内蒙古, never named together with it
    assert not regions & {"济南市", "高平市", "齐齐哈尔市"}
    assert any("乡招村用" in r["label"] for r in rows)


def test_q3_money_outcomes_over_100m(graph_store):
    rows = _run(graph_store, "3_money_outcomes_over_100m")
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True) and min(values) >= 1e8
    assert 480000000 in values and 300000000 in values and 145000000 in values
    top = rows[0]
    assert "4.8亿元" in top["sentence"] and top["regionLabel"] == "济南市"
    assert len({r["outcome"] for r in rows}) == len(rows)


def test_q4_practices_found_in_more_than_one_region(graph_store):
    rows = {
        r["practiceLabel"]: r["regions"] for r in _run(graph_store, "4_practices_across_regions")
    }
    assert "村党组织领办合作社" in rows
    assert {"济南市", "齐齐哈尔市"} <= set(rows["村党组织领办合作社"].split("、"))
    assert all(len(v.split("、")) > 1 for v in rows.values())


def test_q5_measures_per_theme_per_province(graph_store):
    rows = _run(graph_store, "5_measures_per_theme_per_province")
    provinces = {r["provinceLabel"] for r in rows}
    assert provinces == {"黑龙江省", "内蒙古自治区", "山西省", "山东省"}
    assert all(r["measures"] > 0 for r in rows)


def test_q6_outcomes_of_one_measure_with_evidence(graph_store):
    rows = _run(graph_store, "6_measure_outcomes_evidence")
    values = {(r["value"], r["unit"]) for r in rows}
    assert (175, "个") in values and (2100, "家") in values
    assert all(
        r["sentence"] and r["passage"].startswith("https://w3id.org/casegraph/id/passage/")
        for r in rows
    )


def test_cli_sparql_formats(built_instance, runner):
    q = "SELECT ?t WHERE { ?a a cg:Article ; dcterms:title ?t } ORDER BY ?t"
    res = runner.invoke(main, ["sparql", q, "--instance", str(built_instance)])
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)["results"]["bindings"]) == 5
    res = runner.invoke(main, ["sparql", q, "--format", "csv", "--instance", str(built_instance)])
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["t"] and len(rows) == 6
    res = runner.invoke(
        main,
        [
            "sparql",
            "--name",
            "1_article_regions",
            "--format",
            "tsv",
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 0 and "齐齐哈尔市" in res.stdout
    res = runner.invoke(
        main,
        [
            "sparql",
            'CONSTRUCT { ?r ?p ?o } WHERE { ?r cg:adminCode "370100" ; ?p ?o }',
            "--format",
            "turtle",
            "--instance",
            str(built_instance),
        ],
    )
    assert res.exit_code == 0 and "济南市" in res.stdout


def test_cli_sparql_syntax_error_is_one_line(built_instance, runner):
    res = runner.invoke(main, ["sparql", "SELEC ?x WHERE {}", "--instance", str(built_instance)])
    assert res.exit_code == 1
    assert "SPARQL syntax error" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_failed_rebuild_keeps_the_previous_graph(tmp_path):
    good = b'<http://x/a> <http://x/p> "1" .\n'
    assert rebuild(tmp_path, [good]) == 1

    def broken():
        yield good
        yield b"<http://x/b> <http://x/p> this is not N-Triples .\n"

    with pytest.raises(SyntaxError):
        rebuild(tmp_path, broken())
    assert len(GraphStore(tmp_path)) == 1


def test_dump_and_graphml_export(built_instance, runner, tmp_path):
    import networkx as nx

    res = runner.invoke(
        main, ["dump", "-o", str(tmp_path / "g.nq"), "--instance", str(built_instance)]
    )
    assert res.exit_code == 0, (res.output, res.exception)
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(tmp_path / "g.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(GraphStore(built_instance))
    res = runner.invoke(
        main,
        [
            "dump",
            "--format",
            "turtle",
            "-o",
            str(tmp_path / "g.ttl"),
            "--instance",
            str(built_instance),
        ],
    )
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "@prefix cg: <https://w3id.org/casegraph/ontology#> ." in text
    triples = list(ox.parse(path=str(tmp_path / "g.ttl"), format=ox.RdfFormat.TURTLE))
    assert f"{len(triples)} statements" in res.output
    res = runner.invoke(
        main, ["graph", "-o", str(tmp_path / "g.graphml"), "--instance", str(built_instance)]
    )
    assert res.exit_code == 0
    g = nx.read_graphml(tmp_path / "g.graphml")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"region", "practice"}
    coop = next(n for n, d in g.nodes(data=True) if d["label"] == "村党组织领办合作社")
    assert {g.nodes[r]["label"] for r in g.neighbors(coop)} >= {"济南市", "齐齐哈尔市"}


def test_second_build_extracts_nothing(built_instance, runner):
    from tests.conftest import CORPUS

    res = runner.invoke(main, ["build", str(CORPUS), "--instance", str(built_instance)])
    assert res.exit_code == 0
    assert "0 articles extracted, 5 cached" in res.stderr and "graph unchanged" in res.stderr


def test_named_queries_carry_their_prefixes_and_run_on_another_engine(graph_store):
    """Each .rq file runs unchanged on another store: rdflib's own engine, with no prefixes
    given, over the graph dumped from ours, gives the same number of rows."""
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    buf = io.BytesIO()
    graph_store.dump(buf, "ntriples")
    g = Graph().parse(data=buf.getvalue().decode("utf-8"), format="nt")
    for q in named_queries():
        assert q.description and not q.description.isascii()  # Chinese, for the gallery
        prepared = prepareQuery(q.sparql)  # fails on an undeclared prefix
        assert len(list(g.query(prepared))) == len(graph_store.select(q.sparql)), q.name


def test_cli_version_table_and_one_line_errors(built_instance, runner, tmp_path):
    res = runner.invoke(main, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("casegraph ")
    res = runner.invoke(
        main,
        [
            "sparql",
            "--name",
            "1_article_regions",
            "--format",
            "table",
            "--instance",
            str(built_instance),
        ],
    )
    lines = res.output.splitlines()
    assert lines[0].split()[:3] == ["article", "title", "region"]
    assert any("包头市" in line and "cgid:region/150200" in line for line in lines)
    assert lines[-1] == "(5 行)"
    res = runner.invoke(main, ["search", "干部", "--instance", str(tmp_path / "none")])
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_facts_made_by_another_extractor_are_extracted_again_and_dropped(
    tmp_path, seed_articles, monkeypatch
):
    """The facts cache is keyed by a digest of the extraction code and models: a build after any
    change to them extracts again, and the facts of the old version are removed."""
    from casegraph.kg.graph import build

    arts = [seed_articles["000"]]
    assert build.build_graph(tmp_path, arts)["extracted"] == 1
    assert build.build_graph(tmp_path, arts)["extracted"] == 0
    old = build.facts_dir(tmp_path)
    monkeypatch.setattr(build, "extractor_version", lambda: "changed")
    again = build.build_graph(tmp_path, arts)
    assert again["extracted"] == 1 and again["triples"]
    assert not old.exists()
    assert [d.name for d in (tmp_path / "kg").glob("facts-v*")] == ["facts-vchanged"]
