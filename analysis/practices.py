"""Analytics with networkx over the graph: how widespread each practice is, which practices travel
together (co-occurrence communities), and which regions are alike in the practices they report."""

from __future__ import annotations

import io
from itertools import combinations

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities

from casegraph.analysis.views import practice_cooccurrence_graph, region_practice_graph
from casegraph.kg import queries
from casegraph.kg.graph.nodes import key_of
from casegraph.kg.store import GraphStore


def practices_index(store: GraphStore) -> list[dict]:
    return [
        {
            "id": key_of(r["p"]),
            "label": r["label"],
            "measures": r["measures"],
            "regions": r["regions"],
        }
        for r in queries.select(store, "practices_index")
    ]


def analysis(store: GraphStore, top_pairs: int = 15) -> dict:
    co = practice_cooccurrence_graph(store)
    communities = []
    if co.number_of_edges():
        for c in greedy_modularity_communities(co, weight="weight"):
            if len(c) > 1:
                communities.append(sorted(co.nodes[n]["label"] for n in c))
    rp = region_practice_graph(store)
    regions = [n for n, d in rp.nodes(data=True) if d["kind"] == "region"]
    sets = {r: set(rp.neighbors(r)) for r in regions}
    pairs = []
    for a, b in combinations(regions, 2):
        union = sets[a] | sets[b]
        if union:
            j = len(sets[a] & sets[b]) / len(union)
            if j > 0:
                pairs.append(
                    {
                        "a": rp.nodes[a]["label"],
                        "b": rp.nodes[b]["label"],
                        "jaccard": round(j, 3),
                        "shared": sorted(rp.nodes[p]["label"] for p in sets[a] & sets[b]),
                    }
                )
    pairs.sort(key=lambda p: -p["jaccard"])
    return {
        "widespread": [p for p in practices_index(store) if p["regions"]][:20],
        "communities": communities,
        "similar_regions": pairs[:top_pairs],
        "cooccurrence": {"nodes": co.number_of_nodes(), "edges": co.number_of_edges()},
    }


def graphml(store: GraphStore, view: str) -> tuple[nx.Graph, bytes]:
    """A networkx view of the graph and its GraphML."""
    from .views import VIEWS

    g = VIEWS[view](store)
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    return g, buf.getvalue()
