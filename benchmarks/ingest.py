"""Ingestion throughput over ../shared/data/xwlb.jsonl against raw jieba in the same run.

    .venv/bin/python benchmarks/ingest.py [--runs 3] [--limit N]

Measures (median of --runs):
  * ingest: read + decode + HTML -> lines + normalize + boilerplate/structure + passages
            + segmentation of every passage with the project's Segmenter (rjieba engine),
  * ingest-jieba: the same with the reference jieba engine,
  * raw jieba: jieba.lcut (default settings) over the same normalized article texts,
and prints MB/s of input, articles/s and the ratio of each ingest to raw jieba (target >= 0.7x).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.core.segment import Segmenter  # noqa: E402
from casegraph.ingest import Article, read_path  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "xwlb.jsonl"


def ingest_once(path: Path, seg: Segmenter) -> tuple[float, list[Article], int]:
    t = time.perf_counter()
    arts, problems, tokens = [], 0, 0
    for item in read_path(path):
        if isinstance(item, Article):
            arts.append(item)
            for p in item.passages:
                tokens += len(seg.cut(p.text))
        else:
            problems += 1
    return time.perf_counter() - t, arts, problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    ap.add_argument("--data", default=str(DATA))
    a = ap.parse_args()
    src = Path(a.data)
    if a.limit:
        tmp = Path("/tmp/casegraph-bench-ingest.jsonl")
        with src.open(encoding="utf-8") as fh, tmp.open("w", encoding="utf-8") as out:
            for i, line in enumerate(fh):
                if i >= a.limit:
                    break
                out.write(line)
        src = tmp
    mb = src.stat().st_size / 1e6
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    fast, ref = Segmenter(engine="rjieba"), Segmenter(engine="jieba")
    fast.cut("预热"), ref.cut("预热")

    t_fast, t_ref, t_raw = [], [], []
    arts: list[Article] = []
    for _ in range(a.runs):
        dt, arts, problems = ingest_once(src, fast)
        t_fast.append(dt)
    texts = [x.text for x in arts]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for _ in range(a.runs):
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        t_raw.append(time.perf_counter() - t)
    for _ in range(a.runs):
        t_ref.append(ingest_once(src, ref)[0])

    same = total = 0
    for art in arts[:2000]:
        for p in art.passages:
            total += 1
            same += fast.cut(p.text) == ref.cut(p.text)

    raw = statistics.median(t_raw)
    print(
        f"input: {src} ({mb:.1f} MB, {len(arts)} articles, {problems} records skipped, "
        f"{text_mb:.1f} MB of normalized text); median of {a.runs} runs"
    )
    for name, ts in (("ingest (rjieba)", t_fast), ("ingest (jieba)", t_ref)):
        m = statistics.median(ts)
        print(
            f"{name:17s} {m:7.2f} s  {mb / m:6.2f} MB/s  {len(arts) / m:8.0f} articles/s  "
            f"{raw / m:5.2f}x raw jieba"
        )
    print(
        f"{'raw jieba.lcut':17s} {raw:7.2f} s  {mb / raw:6.2f} MB/s of input "
        f"({text_mb / raw:.2f} MB/s of text)  1.00x"
    )
    print(f"rjieba tokens identical to jieba on {same}/{total} passages of the first 2000 articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
