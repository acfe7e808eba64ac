"""Data for the pages about the graph as a whole: the theme and practice indexes, the overview by
province, and the neighbourhood graph of an article or a practice (for cytoscape)."""

from __future__ import annotations

from casegraph.analysis.practices import practices_index
from casegraph.core.errors import quoted
from casegraph.kg.graph.nodes import NotFound, iri, key_of, local, select_found
from casegraph.kg.store import GraphStore


def themes_index(store: GraphStore) -> list[dict]:
    q = """SELECT ?t ?label (COUNT(DISTINCT ?m) AS ?measures) WHERE {
      ?t a cg:Theme ; skos:prefLabel ?label . FILTER (lang(?label) = "zh") OPTIONAL { ?m cg:theme ?t }
    } GROUP BY ?t ?label ORDER BY DESC(?measures)"""
    return [
        {"id": key_of(r["t"]), "label": r["label"], "measures": r["measures"]}
        for r in store.select(q)
    ]


def overview(store: GraphStore) -> dict:
    by_province = store.select("""SELECT ?p ?label (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?m) AS ?measures) WHERE {
      ?a cg:primaryRegion/cg:partOf* ?p . ?p cg:adminLevel "province" ; rdfs:label ?label .
      OPTIONAL { ?a cg:measure ?m }
    } GROUP BY ?p ?label ORDER BY DESC(?articles)""")
    counts = store.select("""SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?m) AS ?measures)
      (COUNT(DISTINCT ?o) AS ?outcomes) WHERE { ?a a cg:Article . OPTIONAL { ?a cg:measure ?m } OPTIONAL { ?a cg:outcome ?o } }""")[
        0
    ]
    return {
        "counts": counts,
        "themes": themes_index(store),
        "practices": practices_index(store),
        "provinces": [
            {
                "id": local(r["p"]),
                "label": r["label"],
                "articles": r["articles"],
                "measures": r["measures"],
            }
            for r in by_province
        ],
    }


_NEIGHBOURS = {
    "article": """SELECT ?s ?sl ?skind ?t ?tl ?tkind WHERE {
      { ?c cg:region ?t . ?t rdfs:label ?tl . BIND ("region" AS ?tkind) }
      UNION { ?c cg:measure ?t . ?t rdfs:label ?tl . BIND ("measure" AS ?tkind) }
      UNION { ?c cg:organization ?t . ?t rdfs:label ?tl . BIND ("organization" AS ?tkind) }
      UNION { ?c cg:measure ?s . ?s rdfs:label ?sl . BIND ("measure" AS ?skind)
        { ?s cg:practice ?t . ?t skos:prefLabel ?tl . FILTER (lang(?tl) = "zh") BIND ("practice" AS ?tkind) }
        UNION { ?s cg:theme ?t . ?t skos:prefLabel ?tl . FILTER (lang(?tl) = "zh") BIND ("theme" AS ?tkind) } }
    }""",
    "practice": """SELECT ?s ?sl ?skind ?t ?tl ?tkind WHERE {
      { ?t cg:practice ?c ; rdfs:label ?tl . BIND ("measure" AS ?tkind) }
      UNION { ?s cg:practice ?c ; rdfs:label ?sl . BIND ("measure" AS ?skind)
              ?a cg:measure ?s ; cg:primaryRegion ?t . ?t rdfs:label ?tl . BIND ("region" AS ?tkind) }
    } LIMIT 400""",
}

_CENTER = """SELECT ?label WHERE { { ?c dcterms:title ?label } UNION { ?c skos:prefLabel ?label FILTER (lang(?label) = "zh") } }"""


def neighbourhood(store: GraphStore, kind: str, key: str) -> dict:
    """Nodes and edges around an article or a practice, for the graph view (cytoscape).
    Rows without a source start at the centre node."""
    if kind not in _NEIGHBOURS:
        raise NotFound(f"没有这类关系图：{quoted(kind)}（可用：article、practice）")
    center = iri(kind, key)
    rows = select_found(
        store, _CENTER, {"c": center}, f"没有这个节点：{quoted(kind)} {quoted(key)}"
    )
    nodes = {
        center: {
            "id": center,
            "label": rows[0]["label"],
            "kind": kind,
            "url": "/" + local(center),
            "center": True,
        }
    }
    edges = []
    for r in store.select(_NEIGHBOURS[kind], bind={"c": center}):
        src = r["s"] or center
        if r["s"]:
            nodes.setdefault(
                src,
                {
                    "id": src,
                    "label": r["sl"],
                    "kind": r["skind"],
                    "url": "/" + local(src),
                    "center": False,
                },
            )
        nodes.setdefault(
            r["t"],
            {
                "id": r["t"],
                "label": r["tl"],
                "kind": r["tkind"],
                "url": "/" + (local(r["t"]) or ""),
                "center": False,
            },
        )
        edges.append({"source": src, "target": r["t"]})
    return {"nodes": list(nodes.values()), "edges": edges}


def void_counts(store: GraphStore) -> dict:
    """Counts for a VoID description of the default graph: triples, distinct subjects and
    objects, and the entities of each class and triples of each property."""
    one = store.select(
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?o) AS ?o_) "
        "WHERE { ?s ?p ?o }"
    )[0]
    classes = store.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
    )
    props = store.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p"
    )
    return {
        "triples": one["t"],
        "distinctSubjects": one["s_"],
        "distinctObjects": one["o_"],
        "classes": len(classes),
        "properties": len(props),
        "class_partitions": [(r["c"], r["n"]) for r in classes],
        "property_partitions": [(r["p"], r["n"]) for r in props],
    }
