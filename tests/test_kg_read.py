"""The read side: every SPARQL text the app runs is a named query in kg/queries/app, bound as
terms; a server (which takes no substitutions) gets the same rows from the query with each
variable written as its term."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from casegraph.kg import queries
from casegraph.kg.store import PREFIXES, rows
from casegraph.kg.store.bind import substituted, substitutions

# one node of each kind that has what the queries ask about
SAMPLES = {
    "article": "SELECT ?x WHERE { ?x a cg:Article ; cg:measure/cg:outcome ?o } ORDER BY ?x LIMIT 1",
    "measure": "SELECT ?x WHERE { ?x a cg:Measure ; cg:outcome ?o ; cg:practice ?p ; cg:inUnit ?u } "
    "ORDER BY ?x LIMIT 1",
    "practice": "SELECT ?x WHERE { ?x a cg:Practice . ?m cg:practice ?x } ORDER BY ?x LIMIT 1",
    "region": "SELECT ?x WHERE { ?x a cg:Region ; cg:partOf ?up . ?c cg:partOf ?x . "
    "?m a cg:Measure ; cg:region/cg:partOf* ?x } ORDER BY ?x LIMIT 1",
    "theme": "SELECT ?x WHERE { ?x a cg:Theme . ?m cg:theme ?x } ORDER BY ?x LIMIT 1",
    "unit": "SELECT ?x WHERE { ?x a cg:PracticeUnit ; cg:region ?r . ?o cg:inUnit ?x ; a cg:Outcome "
    "} ORDER BY ?x LIMIT 1",
    "passage": "SELECT ?x WHERE { ?u a cg:PracticeUnit ; cg:region ?r ; prov:wasDerivedFrom ?x } "
    "ORDER BY ?x LIMIT 1",
}
PARAMS = {  # query -> {variable: kind of node}
    "article": {"a": "article"},
    "article_spans": {"a": "article"},
    "article_passages": {"article": "article"},
    "article_provinces": {"article": "article"},
    "describe": {"s": "measure"},
    "measure": {"m": "measure"},
    "measure_exists": {"m": "measure"},
    "measure_links": {"m": "measure"},
    "measure_outcomes": {"m": "measure"},
    "measure_passage": {"m": "measure"},
    "measure_unit": {"m": "measure"},
    "neighbours_article": {"c": "article"},
    "neighbours_practice": {"c": "practice"},
    "node_label": {"x": "region"},
    "node_title": {"c": "practice"},
    "passage_article_units": {"p": "passage"},
    "passage_start": {"p": "passage"},
    "passage_units": {"p": "passage"},
    "passage_units_any": {"p": "passage"},
    "practice": {"p": "practice"},
    "practice_cases": {"p": "practice"},
    "practice_exists": {"p": "practice"},
    "region": {"r": "region"},
    "region_children": {"r": "region"},
    "region_measures": {"r": "region"},
    "region_path": {"x": "region"},
    "region_practices": {"r": "region"},
    "statements_in": {"o": "region"},
    "statements_out": {"s": "measure"},
    "theme": {"t": "theme"},
    "theme_measures": {"t": "theme"},
    "unit": {"u": "unit"},
    "unit_labels": {"u": "unit"},
    "unit_measure_sentences": {"u": "unit"},
    "unit_outcomes": {"u": "unit"},
    "units_of_practice": {"practice": "practice"},
    "units_within": {"within": "region"},
}
VALUES = {  # parameters that are literals
    "units_of_theme": {"label": ox.Literal("产业振兴", language="zh")},
    "units_of_year": {"year": 2024},
}


@pytest.fixture(scope="module")
def params(graph_store):
    nodes = {kind: graph_store.select(q)[0]["x"] for kind, q in SAMPLES.items()}
    out = {name: {v: nodes[kind] for v, kind in p.items()} for name, p in PARAMS.items()}
    return {**out, **VALUES}


def _answer(result):
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(map(str, result))
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows(result))


@pytest.mark.parametrize("name", queries.names())
def test_each_query_answers_and_a_server_gets_the_same(graph_store, params, name):
    bound = params.get(name, {})
    local = _answer(queries.run(graph_store, name, **bound))
    assert local, f"{name} answers nothing for {bound}"
    text = substituted(queries.text(name), substitutions(bound)) if bound else queries.text(name)
    assert _answer(graph_store.query(text)) == local
    # the embedded store writes the terms into the text too: the same as pyoxigraph's own binding
    subs = substitutions(bound) if bound else None
    assert (
        _answer(graph_store.store.query(queries.text(name), prefixes=PREFIXES, substitutions=subs))
        == local
    )


def test_the_app_queries_are_apart_from_the_gallery():
    from casegraph.kg.sparql.named import named_queries

    assert [q.name for q in named_queries()][:1] == ["1_article_regions"]
    assert len(named_queries()) == 7 and len(queries.names()) > 40
    with pytest.raises(KeyError, match="known"):
        queries.text("no_such_query")


def test_a_term_stands_only_where_its_variable_stood():
    q = """SELECT ?x ?n (COUNT(?y) AS ?c) WHERE {
      ?x <http://e/p> ?y ; rdfs:comment "?x stays" . # ?x in a comment
      FILTER (?y != <http://e/?x>) } GROUP BY ?x ?n ORDER BY DESC(?x)"""
    out = substituted(q, substitutions({"x": "http://e/a", "n": 3}))
    int3 = '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert out.startswith(f"SELECT (<http://e/a> AS ?x) ({int3} AS ?n) (COUNT(?y) AS ?c)")
    assert '<http://e/a> <http://e/p> ?y ; rdfs:comment "?x stays" . # ?x in a comment' in out
    assert "<http://e/?x>" in out
    assert out.endswith(f"GROUP BY (<http://e/a>) ({int3}) ORDER BY DESC(<http://e/a>)")
    lit = substituted(
        "ASK { ?s ?p ?o }", substitutions({"o": ox.Literal('引"号\n', language="zh")})
    )
    assert lit == 'ASK { ?s ?p "引\\"号\\n"@zh }'


def test_bad_values_are_refused():
    for bad in ("http://e/a b", "http://e/a>b", 'http://e/"'):
        with pytest.raises(ValueError):
            substitutions({"x": bad})
    with pytest.raises(ValueError):
        substitutions({"x y": "http://e/a"})
    with pytest.raises(ValueError, match="subquery"):
        substituted(
            "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }",
            {ox.Variable("x"): ox.NamedNode("http://e/a")},
        )
