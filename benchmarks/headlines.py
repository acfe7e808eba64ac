"""Headline -> story retrieval over the 新闻联播 items that mention 乡村 or 党建: each item's title is
the query, its own story the answer. Prints recall@10 (and MRR) for BM25, dense and hybrid.

    .venv/bin/python benchmarks/headlines.py [--limit N] [--instance DIR] [--variants] [--no-build]
        [--encoder NAME]

The instance is built with `casegraph build` on a JSON Lines file of the selected items; the
title is not part of the indexed passage text, so the check is not a title lookup."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import rural_items  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N matching items")
    ap.add_argument("--instance", default="/tmp/casegraph-headlines")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--variants", action="store_true", help="also hybrid with other RankConfigs")
    ap.add_argument("--no-build", action="store_true", help="use the instance as it is")
    ap.add_argument("--encoder", default=None, help="encoder for the build (default: the setting)")
    a = ap.parse_args()
    inst = Path(a.instance)
    inst.mkdir(parents=True, exist_ok=True)
    src = inst / "items.jsonl"
    n = rural_items(src, a.limit)
    if not a.no_build:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "casegraph.cli", "build", str(src), "--instance", str(inst)]
            + (["--encoder", a.encoder] if a.encoder else []),
            check=True,
        )
        print(f"built {n} items in {time.perf_counter() - t:.0f} s")

    from casegraph.ingest.corpus import Corpus
    from casegraph.search.index import RankConfig, SearchIndex

    idx = SearchIndex(inst)
    arts = list(Corpus(inst).articles.values())
    runs = [(mode, mode, RankConfig()) for mode in ("bm25", "dense", "hybrid")]
    if a.variants:
        runs += [
            ("hybrid, lexical weights halved", "hybrid", RankConfig(w_words=0.5, w_bigrams=0.5)),
            ("hybrid without bigrams", "hybrid", RankConfig(w_bigrams=0.0)),
            ("hybrid without sentence vectors", "hybrid", RankConfig(sentence_mix=0.0)),
        ]
    for name, mode, rank in runs:
        idx.rank = rank
        hits_at = rr = 0.0
        t = time.perf_counter()
        for art in arts:
            hits = idx.search(art.title, top=a.k, mode=mode, per_article=1)
            ids = [h["article_id"] for h in hits]
            if art.id in ids:
                hits_at += 1
                rr += 1 / (ids.index(art.id) + 1)
        dt = (time.perf_counter() - t) / max(1, len(arts)) * 1000
        print(
            f"{name:7s} recall@{a.k}={hits_at / len(arts):.3f} MRR={rr / len(arts):.3f} "
            f"queries={len(arts)} ({dt:.0f} ms/query)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
