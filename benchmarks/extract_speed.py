"""Extraction speed on 新闻联播 items of ../shared/data/xwlb.jsonl, with LAC's named entities
off and on, and the practice-clause encoder (which runs with them) off and on, in this run:
articles per CPU-second (process time, so other work on the machine counts less than in wall
time) and per wall second, median over --runs disjoint chunks (the caches of one chunk do not
help the next).

    .venv/bin/python benchmarks/extract_speed.py [--chunk 1000] [--runs 3] [--ner-chunk 200]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.ingest import Article, read_path  # noqa: E402
from casegraph.kg.extract import clause_encoder, ner  # noqa: E402
from casegraph.kg.extract.facts import extract  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "xwlb.jsonl"


def articles(n: int) -> list[Article]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.jsonl"
        with DATA.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(src, int(n * 1.2) + 10))
        return [a for a in read_path(path) if isinstance(a, Article)][:n]


def speed(chunks: list[list[Article]]) -> tuple[float, float]:
    cpu, wall = [], []
    for chunk in chunks:
        c, w = time.process_time(), time.perf_counter()
        for a in chunk:
            extract(a)
        cpu.append(len(chunk) / (time.process_time() - c))
        wall.append(len(chunk) / (time.perf_counter() - w))
    return statistics.median(cpu), statistics.median(wall)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunk", type=int, default=1000)
    ap.add_argument("--ner-chunk", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    arts = articles(a.chunk * a.runs + 2 * a.ner_chunk * a.runs + 1)
    extract(arts[-1])  # models and dictionaries loaded before timing
    ner.ENABLED = False
    off = speed([arts[k * a.chunk : (k + 1) * a.chunk] for k in range(a.runs)])
    ner.ENABLED = True
    base, n = a.chunk * a.runs, a.ner_chunk
    clause_encoder.ENABLED = False
    on = speed([arts[base + k * n : base + (k + 1) * n] for k in range(a.runs)])
    clause_encoder.ENABLED = True
    base += n * a.runs
    both = speed([arts[base + k * n : base + (k + 1) * n] for k in range(a.runs)])
    print(f"{'':36s} {'per CPU-second':>15s} {'per wall second':>16s}")
    print(f"{'named entities off':36s} {off[0]:15.0f} {off[1]:16.0f}")
    print(f"{'named entities on (LAC)':36s} {on[0]:15.0f} {on[1]:16.0f}")
    print(f"{'LAC and the clause encoder (default)':36s} {both[0]:15.0f} {both[1]:16.0f}")
    print(f"LAC costs {off[0] / on[0]:.1f}x (articles per CPU-second, off / on)")
    print(f"the clause encoder costs {on[0] / both[0]:.2f}x beside LAC (off / on)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
