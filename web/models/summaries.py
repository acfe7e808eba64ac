"""Data for the pages about the graph as a whole: the theme and practice indexes, the overview by
province, and the neighbourhood graph of an article or a practice (for cytoscape)."""

from __future__ import annotations

from casegraph.analysis.practices import practices_index
from casegraph.core.errors import quoted
from casegraph.kg import queries
from casegraph.kg.graph.nodes import NotFound, iri, key_of, local
from casegraph.kg.queries.nodes import select_found
from casegraph.kg.store import GraphStore


def themes_index(store: GraphStore) -> list[dict]:
    return [
        {"id": key_of(r["t"]), "label": r["label"], "measures": r["measures"]}
        for r in queries.select(store, "themes_index")
    ]


def overview(store: GraphStore) -> dict:
    by_province = queries.select(store, "overview_provinces")
    counts = queries.select(store, "overview_counts")[0]
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


_NEIGHBOURS = {"article": "neighbours_article", "practice": "neighbours_practice"}


def neighbourhood(store: GraphStore, kind: str, key: str) -> dict:
    """Nodes and edges around an article or a practice, for the graph view (cytoscape).
    Rows without a source start at the centre node."""
    if kind not in _NEIGHBOURS:
        raise NotFound(f"没有这类关系图：{quoted(kind)}（可用：article、practice）")
    center = iri(kind, key)
    rows = select_found(
        store, "node_title", f"没有这个节点：{quoted(kind)} {quoted(key)}", c=center
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
    for r in queries.select(store, _NEIGHBOURS[kind], c=center):
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
    one = queries.select(store, "void_totals")[0]
    classes = queries.select(store, "void_classes")
    props = queries.select(store, "void_properties")
    return {
        "triples": one["t"],
        "distinctSubjects": one["s_"],
        "distinctObjects": one["o_"],
        "classes": len(classes),
        "properties": len(props),
        "class_partitions": [(r["c"], r["n"]) for r in classes],
        "property_partitions": [(r["p"], r["n"]) for r in props],
    }
