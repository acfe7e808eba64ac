"""The ontology, the cg: namespace in code, and the built graph against the SHACL shapes."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from casegraph.kg.graph.namespace import CG
from tests.conftest import ROOT

REQUIRED = [
    "Article",
    "Passage",
    "Measure",
    "Outcome",
    "Region",
    "Organization",
    "PolicyDocument",
    "ThemeScheme",
    "passage",
    "text",
    "startOffset",
    "endOffset",
    "primaryRegion",
    "region",
    "adminLevel",
    "adminCode",
    "partOf",
    "measure",
    "outcome",
    "value",
    "unit",
    "approximate",
    "theme",
]


@pytest.fixture(scope="module")
def ontology():
    g = Graph()
    g.parse(ROOT / "ontology.ttl", format="turtle")
    return g


def test_namespace_declares_exactly_the_ontology_terms(ontology):
    ns = str(CG._NS)
    declared = {
        str(s)[len(ns) :]
        for s in ontology.subjects()
        if isinstance(s, URIRef) and str(s).startswith(ns)
    }
    in_code = set(CG.__annotations__)
    assert declared == in_code
    assert set(REQUIRED) <= declared
    with pytest.raises(AttributeError):
        CG.primaryRegoin  # noqa: B018 — a typo is an error, not a new IRI


def test_every_class_and_property_has_labels_in_both_languages_and_a_comment(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k)}
    assert len(terms) > 30
    for t in terms:
        langs = {lit.language for lit in ontology.objects(t, RDFS.label)}
        assert {"zh", "en"} <= langs, t
        assert next(ontology.objects(t, RDFS.comment), None) is not None, t


def test_built_graph_conforms_to_the_shacl_shapes(graph_store, ontology):
    import io

    import pyshacl

    buf = io.BytesIO()
    graph_store.dump(buf, "ntriples")
    data = Graph()
    data.parse(data=buf.getvalue().decode("utf-8"), format="nt")
    conforms, _, text = pyshacl.validate(data, shacl_graph=ontology, advanced=True)
    assert conforms, text[:3000]


def test_iris_are_stable_across_builds(built_instance, tmp_path, runner):
    from casegraph.cli import main
    from casegraph.kg.store import GraphStore
    from tests.conftest import CORPUS

    res = runner.invoke(
        main, ["build", str(CORPUS), "--instance", str(tmp_path / "again"), "--encoder", "hash"]
    )
    assert res.exit_code == 0
    q = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
    first = {r["s"] for r in GraphStore(built_instance).select(q)}
    second = {r["s"] for r in GraphStore(tmp_path / "again").select(q)}
    assert first == second and len(first) > 500
