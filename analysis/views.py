"""networkx views of the graph for analysis: region x practice (bipartite) and practice
co-occurrence (practices reported together in one article)."""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from casegraph.kg import queries
from casegraph.kg.store import GraphStore


def region_practice_graph(store: GraphStore) -> nx.Graph:
    g = nx.Graph()
    for r in queries.select(store, "region_practice_counts"):
        g.add_node(r["region"], label=r["regionLabel"], kind="region", bipartite=0)
        g.add_node(r["practice"], label=r["practiceLabel"], kind="practice", bipartite=1)
        g.add_edge(r["region"], r["practice"], weight=r["n"])
    return g


def practice_cooccurrence_graph(store: GraphStore) -> nx.Graph:
    by_article: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for r in queries.select(store, "article_practices"):
        by_article.setdefault(r["article"], set()).add(r["practice"])
        labels[r["practice"]] = r["practiceLabel"]
    g = nx.Graph()
    for p, label in labels.items():
        g.add_node(p, label=label, kind="practice")
    for ps in by_article.values():
        for a, b in combinations(sorted(ps), 2):
            w = g.edges[a, b]["weight"] + 1 if g.has_edge(a, b) else 1
            g.add_edge(a, b, weight=w)
    return g


VIEWS = {
    "region-practice": region_practice_graph,
    "practice-cooccurrence": practice_cooccurrence_graph,
}
