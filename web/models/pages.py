"""Data for the page of one node (article, measure, practice, region, theme), read from the store
with the named queries of casegraph.kg.queries. Views render these dicts as HTML or JSON; web/models/summaries.py has the index pages,
the overview and the neighbourhood graphs."""

from __future__ import annotations

from collections import defaultdict

from casegraph.cases.comparison import practice_cases
from casegraph.core.errors import quoted
from casegraph.kg import queries
from casegraph.kg.graph.nodes import BASE, iri, key_of, local
from casegraph.kg.queries.nodes import measure_outcomes, region_path, select_found
from casegraph.kg.store import GraphStore


def article_page(store: GraphStore, aid: str) -> dict:
    a = iri("article", aid)
    rows = select_found(store, "article", f"没有这篇文章：{quoted(aid)}", a=a)
    r = rows[0]
    spans = []
    for s in queries.select(store, "article_spans", a=a):
        spans.append(
            {
                "kind": s["kind"],
                "label": s["label"],
                "start": s["start"],
                "end": s["end"],
                "link": local(s["target"]) if s["target"] else None,
            }
        )
    measures = [s for s in spans if s["kind"] == "measure"]
    return {
        "id": aid,
        "title": r["title"],
        "date": r["date"],
        "source": r["publisher"],
        "url": r["url"],
        "title_derived": r["derived"],
        "region_path": region_path(store, r["primary"]) if r["primary"] else [],
        "spans": sorted(spans, key=lambda s: (s["start"], -s["end"])),
        "measures": sorted(measures, key=lambda s: s["start"]),
        "outcomes": sorted((s for s in spans if s["kind"] == "outcome"), key=lambda s: s["start"]),
    }


def measure_page(store: GraphStore, mid: str) -> dict:
    m = iri("measure", mid)
    rows = select_found(store, "measure", f"没有这项举措：{quoted(mid)}", m=m)
    r = rows[0]
    links = defaultdict(list)
    for x in queries.select(store, "measure_links", m=m):
        links[x["kind"]].append({"id": local(x["x"]), "label": x["label"]})
    same = []
    for p in links["practice"]:
        rows_ = practice_cases(store, key_of(p["id"]))
        same.append(
            {"practice": p, "cases": [c for c in rows_ if c["measure"]["id"] != f"measure/{mid}"]}
        )
    return {
        "id": mid,
        "label": r["label"],
        "sentence": r["sentence"],
        "start": r["start"],
        "end": r["end"],
        "passage_id": r["pid"],
        "article": {
            "id": local(r["article"]),
            "title": r["title"],
            "date": r["date"],
            "source": r["publisher"],
        },
        "regions": links["region"],
        "themes": links["theme"],
        "practices": links["practice"],
        "outcomes": measure_outcomes(store, m),
        "same_practice_elsewhere": same,
    }


def practice_page(store: GraphStore, slug: str) -> dict:
    rows = select_found(store, "practice", f"没有这个做法：{quoted(slug)}", p=iri("practice", slug))
    cases = practice_cases(store, slug)
    regions = sorted({c["region"]["label"] for c in cases if c["region"]})
    return {
        "id": slug,
        "label": rows[0]["label"],
        "alt_labels": sorted({r["alt"] for r in rows if r["alt"]}),
        "regions": regions,
        "cases": cases,
    }


def region_page(store: GraphStore, key: str) -> dict:
    r = iri("region", key)
    rows = select_found(store, "region", f"没有这个地区：{quoted(key)}", r=r)
    info = rows[0]
    children = [
        {"id": local(c["c"]), "label": c["label"], "level": c["level"]}
        for c in queries.select(store, "region_children", r=r)
    ]
    measures = [
        {
            "id": local(m["m"]),
            "label": m["label"],
            "where": m["whereLabel"],
            "article": {"id": local(m["article"]), "title": m["title"]},
        }
        for m in queries.select(store, "region_measures", r=r)
    ]
    labels: dict[str, str] = {}
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for x in queries.select(store, "region_practices", r=r):
        table[x["p"]][x["sib"]] = x["n"]
        labels[x["p"]] = x["label"]
    siblings = {s for row in table.values() for s in row} - {r}
    sib_labels = {s: queries.select(store, "region", r=s)[0]["label"] for s in siblings}
    columns = [{"id": local(r), "label": info["label"]}] + [
        {"id": local(s), "label": sib_labels[s]}
        for s in sorted(siblings, key=lambda s: sib_labels[s])
    ]
    comparison = [
        {
            "practice": {"id": local(p), "label": labels[p]},
            "counts": [table[p].get(BASE + c["id"], 0) for c in columns],
        }
        for p in sorted(table, key=lambda p: -table[p].get(r, 0))
    ]
    return {
        "id": key,
        "label": info["label"],
        "level": info["level"],
        "code": info["code"],
        "path": region_path(store, r),
        "children": children,
        "measures": measures,
        "outcome_count": sum(1 for _ in measures),
        "comparison": {"columns": columns, "rows": comparison},
    }


def theme_page(store: GraphStore, slug: str) -> dict:
    t = iri("theme", slug)
    rows = select_found(store, "theme", f"没有这个主题：{quoted(slug)}", t=t)
    measures = queries.select(store, "theme_measures", t=t)
    regions = defaultdict(int)
    for m in measures:
        if m["regionLabel"]:
            regions[(local(m["region"]), m["regionLabel"])] += 1
    return {
        "id": slug,
        "label": rows[0]["label"],
        "measures": [
            {
                "id": local(m["m"]),
                "label": m["label"],
                "region": m["regionLabel"],
                "article": {"id": local(m["article"]), "title": m["title"]},
            }
            for m in measures
        ],
        "regions": [
            {"id": k[0], "label": k[1], "measures": n}
            for k, n in sorted(regions.items(), key=lambda x: -x[1])
        ],
    }
