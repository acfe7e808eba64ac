"""Analytics with networkx over the graph: how widespread each practice is, which practices travel
together (co-occurrence communities), and which regions are alike in the practices they report."""

from __future__ import annotations

import csv
import io
from itertools import combinations

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities

from .pages import practice_cases
from .store import GraphStore
from .summaries import practices_index
from .views import practice_cooccurrence_graph, region_practice_graph


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


def graphml(store: GraphStore, view: str) -> bytes:
    from .views import VIEWS

    buf = io.BytesIO()
    nx.write_graphml(VIEWS[view](store), buf)
    return buf.getvalue()


COMPARE_COLUMNS = ["地区", "当地做法", "成效", "年份", "出处", "发布者", "链接", "段落"]


def comparison_csv(store: GraphStore, slug: str) -> str:
    """One practice across regions: region, local name, outcomes, year, source."""
    from .export import outcome_text

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COMPARE_COLUMNS)
    for c in practice_cases(store, slug):
        w.writerow(
            [
                c["region"]["label"] if c["region"] else "",
                c["measure"]["label"],
                "；".join(outcome_text(o) for o in c["outcomes"]),
                c["year"] or "",
                c["article"]["title"],
                c["source"] or "",
                c["url"] or "",
                c["passage_id"],
            ]
        )
    return buf.getvalue()
