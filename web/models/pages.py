"""Data for the page of one node (article, measure, practice, region, theme), read from the store
with SPARQL. Views render these dicts as HTML or JSON; web/models/summaries.py has the index pages,
the overview and the neighbourhood graphs."""

from __future__ import annotations

from collections import defaultdict

from casegraph.cases.comparison import practice_cases
from casegraph.core.errors import quoted
from casegraph.kg.graph.nodes import (
    BASE,
    iri,
    key_of,
    local,
    measure_outcomes,
    region_path,
    select_found,
)
from casegraph.kg.store import GraphStore

_ARTICLE = """
SELECT ?title ?date ?publisher ?url ?derived ?primary ?primaryLabel WHERE {
  ?a a cg:Article ; dcterms:title ?title ; cg:titleDerived ?derived .
  OPTIONAL { ?a dcterms:issued ?date } OPTIONAL { ?a dcterms:publisher ?publisher }
  OPTIONAL { ?a cg:url ?url }
  OPTIONAL { ?a cg:primaryRegion ?primary . ?primary rdfs:label ?primaryLabel }
}"""

_SPANS = """
SELECT ?f ?kind ?label ?start ?end ?target WHERE {
  { ?a cg:measure ?f . ?f rdfs:label ?label . BIND ("measure" AS ?kind) BIND (?f AS ?target) }
  UNION { ?a cg:outcome ?f . FILTER NOT EXISTS { ?m cg:outcome ?f . ?m a cg:Measure }
          ?f cg:surfaceForm ?label . BIND ("outcome" AS ?kind) }
  UNION { ?m cg:outcome ?f . ?a cg:measure ?m . ?f cg:surfaceForm ?label . BIND ("outcome" AS ?kind) BIND (?m AS ?target) }
  UNION { ?a cg:organization ?f . ?f rdfs:label ?label . BIND ("organization" AS ?kind) }
  UNION { ?a cg:policyDocument ?f . ?f rdfs:label ?label . BIND ("policy" AS ?kind) }
  UNION { ?a cg:mention ?f . ?f cg:surfaceForm ?label ; cg:region ?target . BIND ("region" AS ?kind) }
  ?f cg:startOffset ?start ; cg:endOffset ?end .
}"""


def article_page(store: GraphStore, aid: str) -> dict:
    a = iri("article", aid)
    rows = select_found(store, _ARTICLE, {"a": a}, f"没有这篇文章：{quoted(aid)}")
    r = rows[0]
    spans = []
    for s in store.select(_SPANS, bind={"a": a}):
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


_MEASURE = """
SELECT ?label ?sentence ?start ?end ?passage ?pid ?article ?title ?date ?publisher WHERE {
  ?m a cg:Measure ; rdfs:label ?label ; cg:sentence ?sentence ; cg:startOffset ?start ;
     cg:endOffset ?end ; prov:wasDerivedFrom ?passage .
  ?passage dcterms:identifier ?pid .
  ?article cg:measure ?m ; dcterms:title ?title .
  OPTIONAL { ?article dcterms:issued ?date } OPTIONAL { ?article dcterms:publisher ?publisher }
}"""

_MEASURE_LINKS = """
SELECT ?kind ?x ?label WHERE {
  { ?m cg:region ?x . ?x rdfs:label ?label . BIND ("region" AS ?kind) }
  UNION { ?m cg:theme ?x . ?x skos:prefLabel ?label . FILTER (lang(?label) = "zh") BIND ("theme" AS ?kind) }
  UNION { ?m cg:practice ?x . ?x skos:prefLabel ?label . FILTER (lang(?label) = "zh") BIND ("practice" AS ?kind) }
}"""


def measure_page(store: GraphStore, mid: str) -> dict:
    m = iri("measure", mid)
    rows = select_found(store, _MEASURE, {"m": m}, f"没有这项举措：{quoted(mid)}")
    r = rows[0]
    links = defaultdict(list)
    for x in store.select(_MEASURE_LINKS, bind={"m": m}):
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


_PRACTICE = """
SELECT ?label ?alt WHERE { ?p a cg:Practice ; skos:prefLabel ?label . FILTER (lang(?label) = "zh")
  OPTIONAL { ?p skos:altLabel ?alt } }"""


def practice_page(store: GraphStore, slug: str) -> dict:
    rows = select_found(
        store, _PRACTICE, {"p": iri("practice", slug)}, f"没有这个做法：{quoted(slug)}"
    )
    cases = practice_cases(store, slug)
    regions = sorted({c["region"]["label"] for c in cases if c["region"]})
    return {
        "id": slug,
        "label": rows[0]["label"],
        "alt_labels": sorted({r["alt"] for r in rows if r["alt"]}),
        "regions": regions,
        "cases": cases,
    }


_REGION = """SELECT ?label ?level ?code WHERE { ?r a cg:Region ; rdfs:label ?label ; cg:adminLevel ?level .
  OPTIONAL { ?r cg:adminCode ?code } }"""

_CHILDREN = """SELECT ?c ?label ?level WHERE { ?c cg:partOf ?r ; rdfs:label ?label ; cg:adminLevel ?level }
  ORDER BY ?label"""

_REGION_MEASURES = """
SELECT DISTINCT ?m ?label ?where ?whereLabel ?article ?title WHERE {
  ?m a cg:Measure ; rdfs:label ?label ; cg:region ?where . ?where cg:partOf* ?r ; rdfs:label ?whereLabel .
  ?article cg:measure ?m ; dcterms:title ?title .
} ORDER BY ?article ?m LIMIT 300"""

_REGION_PRACTICES = """
SELECT ?sib ?p ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?r cg:adminLevel ?level .
  ?sib a cg:Region ; cg:adminLevel ?level .
  OPTIONAL { ?r cg:partOf ?parent }
  FILTER (!BOUND(?parent) || EXISTS { ?sib cg:partOf ?parent })
  ?m cg:practice ?p ; cg:region ?where . ?where cg:partOf* ?sib .
  ?p skos:prefLabel ?label . FILTER (lang(?label) = "zh")
} GROUP BY ?sib ?p ?label"""


def region_page(store: GraphStore, key: str) -> dict:
    r = iri("region", key)
    rows = select_found(store, _REGION, {"r": r}, f"没有这个地区：{quoted(key)}")
    info = rows[0]
    children = [
        {"id": local(c["c"]), "label": c["label"], "level": c["level"]}
        for c in store.select(_CHILDREN, bind={"r": r})
    ]
    measures = [
        {
            "id": local(m["m"]),
            "label": m["label"],
            "where": m["whereLabel"],
            "article": {"id": local(m["article"]), "title": m["title"]},
        }
        for m in store.select(_REGION_MEASURES, bind={"r": r})
    ]
    labels: dict[str, str] = {}
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for x in store.select(_REGION_PRACTICES, bind={"r": r}):
        table[x["p"]][x["sib"]] = x["n"]
        labels[x["p"]] = x["label"]
    siblings = {s for row in table.values() for s in row} - {r}
    sib_labels = {s: store.select(_REGION, bind={"r": s})[0]["label"] for s in siblings}
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
    rows = select_found(
        store,
        """SELECT ?label WHERE { ?t a cg:Theme ; skos:prefLabel ?label FILTER (lang(?label) = "zh") }""",
        {"t": t},
        f"没有这个主题：{quoted(slug)}",
    )
    q = """SELECT ?m ?label ?region ?regionLabel ?article ?title WHERE {
      ?m cg:theme ?t ; rdfs:label ?label . ?article cg:measure ?m ; dcterms:title ?title .
      OPTIONAL { ?article cg:primaryRegion ?region . ?region rdfs:label ?regionLabel }
    } ORDER BY ?regionLabel ?m LIMIT 500"""
    measures = store.select(q, bind={"t": t})
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
