"""Figures of a built instance, for the whole-corpus run: statements in the graph, index and cache
size on disk, search latency (the timing queries, in process) and the named SPARQL queries'
latency (median and maximum of N runs each).

    casegraph build ../shared/data/xwlb.jsonl --encoder bge-zh --instance DIR   (timed apart)
    .venv/bin/python benchmarks/instance.py --instance DIR [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import QUERIES  # noqa: E402

from casegraph.kg.sparql.named import named_queries  # noqa: E402
from casegraph.kg.store import GraphStore  # noqa: E402
from casegraph.search.index import SearchIndex  # noqa: E402


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    inst = Path(a.instance)
    store = GraphStore(inst)
    print(f"statements {len(store):,}; graph {size_mb(inst / 'graph'):.0f} MB on disk")
    print(
        f"search index {size_mb(inst / 'search' / 'index'):.0f} MB, "
        f"vector cache {size_mb(inst / 'search' / 'cache'):.0f} MB"
    )
    t = time.perf_counter()
    idx = SearchIndex(inst)
    print(
        f"index loaded in {time.perf_counter() - t:.1f} s: {len(idx):,} passages, "
        f"{idx.meta['sentences']:,} sentences ({idx.meta['encoder']}, "
        f"sentences {idx.meta.get('sentence_encoder', idx.meta['encoder'])})"
    )
    idx.search(QUERIES[0])  # the encoders' first call
    times = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            idx.search(q, top=10)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"search ({len(QUERIES)} queries x 3): median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms"
    )
    for q in named_queries():
        runs = []
        for _ in range(a.runs):
            t = time.perf_counter()
            rows = sum(1 for _ in store.query(q.sparql))
            runs.append((time.perf_counter() - t) * 1000)
        print(
            f"{q.name:42s} rows {rows:6d}  median {statistics.median(runs):7.1f} ms  "
            f"max {max(runs):7.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
