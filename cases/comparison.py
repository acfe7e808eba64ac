"""One practice compared across regions: each measure of the practice with its region, local
name, outcomes, year and source (the practice page, `casegraph compare`, its CSV)."""

from __future__ import annotations

import csv
import io

from casegraph.cases.export import outcome_text
from casegraph.core.errors import quoted
from casegraph.kg import queries
from casegraph.kg.graph.nodes import NotFound, iri, local
from casegraph.kg.queries.nodes import measure_outcomes
from casegraph.kg.store import GraphStore


def practice_cases(store: GraphStore, slug: str) -> list[dict]:
    """One row per measure of this practice: region, local name, outcomes, year, source."""
    p = iri("practice", slug)
    out = []
    for r in queries.select(store, "practice_cases", p=p):
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
    if not queries.ask(store, "practice_exists", p=iri("practice", slug)):
        raise NotFound(f"没有这个做法：{quoted(slug)}")
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
