"""The app's named queries with bound parameters on the embedded store, as a card reads them: for
each query a card runs, the median time with the terms written into the text (what GraphStore
does) against pyoxigraph's ``substitutions`` (the baseline, in the same run), over the first
--units practice units of an instance.

    .venv/bin/python benchmarks/bound_queries.py --instance DIR [--units 40] [--runs 3]

An instance of many articles shows the difference (benchmarks/train_cases.py builds one of all
labelled articles); on the five seeds both take well under a millisecond."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.kg.queries import rows, text  # noqa: E402
from casegraph.kg.store import PREFIXES, GraphStore  # noqa: E402
from casegraph.kg.store.bind import substitutions  # noqa: E402

QUERIES = ("unit", "unit_outcomes", "unit_measure_sentences", "article_passages", "region_path")


def params(store: GraphStore, u: str) -> dict[str, dict]:
    """Each query's bound variable for the unit ``u`` (an IRI), its article and its region."""
    [row] = store.select(
        "SELECT ?a ?r WHERE { ?a cg:practiceUnit ?u . OPTIONAL { ?a cg:region ?r } } LIMIT 1",
        substitutions=substitutions({"u": u}),
    )
    out = {"unit": {"u": u}, "unit_outcomes": {"u": u}, "unit_measure_sentences": {"u": u}}
    out["article_passages"] = {"article": row["a"]}
    if row["r"]:
        out["region_path"] = {"x": row["r"]}
    return out


def timed(run, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", required=True)
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    store = GraphStore(a.instance)
    found = store.select("SELECT ?u WHERE { ?a cg:practiceUnit ?u } ORDER BY ?a ?u")
    units = [r["u"] for r in found][: a.units]
    total = {q: [0.0, 0.0, 0] for q in QUERIES}
    for unit in units:
        for name, bound in params(store, unit).items():
            subs = substitutions(bound)
            q = text(name)
            written = timed(lambda q=q, s=subs: rows(store.query(q, substitutions=s)), a.runs)
            base = timed(
                lambda q=q, s=subs: rows(store.store.query(q, prefixes=PREFIXES, substitutions=s)),
                a.runs,
            )
            total[name][0] += written
            total[name][1] += base
            total[name][2] += 1
    print(f"{len(store)} statements; {len(units)} units, median of {a.runs} runs per query")
    print(f"{'query':24s} {'written ms':>11s} {'substitutions ms':>17s} {'ratio':>7s}")
    for name, (w, b, n) in total.items():
        if n:
            print(f"{name:24s} {1000 * w / n:11.2f} {1000 * b / n:17.2f} {b / max(w, 1e-9):6.0f}x")
    w, b = sum(t[0] for t in total.values()), sum(t[1] for t in total.values())
    print(f"{'all, per unit':24s} {1000 * w / len(units):11.2f} {1000 * b / len(units):17.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
