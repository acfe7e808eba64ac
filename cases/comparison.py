"""One practice compared across regions: each measure of the practice with its region, local
name, outcomes, year and source (the practice page, `casegraph compare`, its CSV)."""

from __future__ import annotations

import csv
import io

from casegraph.cases.export import outcome_text
from casegraph.core.errors import quoted
from casegraph.kg.graph.nodes import iri, local, measure_outcomes, select_found
from casegraph.kg.store import GraphStore

_PRACTICE_CASES = """
SELECT ?m ?mlabel ?sentence ?article ?title ?date ?publisher ?url ?region ?regionLabel ?pid WHERE {
  ?m cg:practice ?p ; rdfs:label ?mlabel ; cg:sentence ?sentence ; prov:wasDerivedFrom/dcterms:identifier ?pid .
  ?article cg:measure ?m ; dcterms:title ?title .
  OPTIONAL { ?article dcterms:issued ?date } OPTIONAL { ?article dcterms:publisher ?publisher }
  OPTIONAL { ?article cg:url ?url }
  OPTIONAL { ?article cg:primaryRegion ?region . ?region rdfs:label ?regionLabel }
} ORDER BY ?regionLabel ?date ?m"""


def practice_cases(store: GraphStore, slug: str) -> list[dict]:
    """One row per measure of this practice: region, local name, outcomes, year, source."""
    p = iri("practice", slug)
    out = []
    for r in store.select(_PRACTICE_CASES, bind={"p": p}):
        out.append(
            {
                "measure": {"id": local(r["m"]), "label": r["mlabel"]},
                "sentence": r["sentence"],
                "passage_id": r["pid"],
                "region": {"id": local(r["region"]), "label": r["regionLabel"]}
                if r["region"]
                else None,
                "article": {"id": local(r["article"]), "title": r["title"]},
                "year": int(r["date"][:4]) if r["date"] else None,
                "date": r["date"],
                "source": r["publisher"],
                "url": r["url"],
                "outcomes": measure_outcomes(store, r["m"]),
            }
        )
    return out


COMPARE_COLUMNS = ["地区", "当地做法", "成效", "年份", "出处", "发布者", "链接", "段落"]


def comparison_csv(store: GraphStore, slug: str) -> str:
    """One practice across regions: region, local name, outcomes, year, source; NotFound for a
    practice the graph does not hold (as its page)."""
    select_found(
        store,
        "SELECT ?p WHERE { ?p a cg:Practice }",
        {"p": iri("practice", slug)},
        f"没有这个做法：{quoted(slug)}",
    )
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
