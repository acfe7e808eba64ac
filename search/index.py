"""The search index of an instance (``<instance>/search``): passage records, passage and sentence
vectors with their faiss indexes, and two BM25 indexes (words, character bigrams), with
``meta.json`` recording the encoder that built it.

Ranking: reciprocal-rank fusion, with equal weights and the usual k=60, of three ranked lists:
BM25 over words, BM25 over bigrams and the dense side (passage and best-sentence similarity, see
search/sentences.py), with practice-name query expansion. docs/benchmarks.md has the
measurements on four query sets behind each choice."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from ingest.segment import Segmenter

from .encoders import Encoder, get_encoder
from .lexical import Lexical, char_bigrams, word_terms
from .query import Filters, allowed_ids, expand
from .sentences import best_sentence, mixed_dense, offsets_for, sentence_texts
from .vectors import (
    VectorCache,
    build_faiss,
    content_key,
    dense_search,
    embed_missing,
    limit_blas_threads,
    top_k,
)

FORMAT = 2


class IndexError_(Exception):
    """The index is missing or was built differently; the message says which command fixes it."""


def search_dir(instance: str | Path) -> Path:
    return Path(instance) / "search"


def encode_text(r: dict) -> str:
    """What the encoder sees for a passage: its section heading, then its text."""
    return f"{r['heading']}：{r['text']}" if r.get("heading") else r["text"]


def dense_texts(records: list[dict]) -> list[str]:
    """Everything the encoder embeds for these passages: each passage, then its sentences."""
    return [encode_text(r) for r in records] + [
        s for r in records for s in sentence_texts(r["text"])
    ]


@dataclass
class RankConfig:
    rrf_k: int = 60
    w_words: float = 1.0
    w_bigrams: float = 1.0
    w_dense: float = 1.0
    sentence_mix: float = 0.5
    candidates: int = 100
    w_expansion: float = 0.3


def build_index(
    instance: str | Path,
    records: list[dict],
    encoder: Encoder,
    seg: Segmenter,
    ann: str = "flat",
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Embed passages and sentences the cache lacks, then write the index atomically."""
    root = search_dir(instance)
    cache = VectorCache(root / "cache", encoder.name)
    texts = dense_texts(records)
    embedded = embed_missing(cache, encoder, texts, progress=progress)
    vecs = cache.get([content_key(t) for t in texts]) if texts else np.zeros((0, encoder.dim))
    counts = [len(sentence_texts(r["text"])) for r in records]
    tmp = root / "index.new"
    write_index(
        tmp, records, vecs[: len(records)], vecs[len(records) :], counts, seg, encoder.name, ann
    )
    final = root / "index"
    old = root / "index.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return {
        "passages": len(records),
        "sentences": sum(counts),
        "embedded": embedded,
        "cached": len(set(texts)) - embedded,
    }


def write_index(
    d: Path,
    records: list[dict],
    passage_vecs: np.ndarray,
    sentence_vecs: np.ndarray,
    sentence_counts: list[int],
    seg: Segmenter,
    encoder_name: str,
    ann: str = "flat",
) -> None:
    """Write an index directory from records and their vectors (``casegraph build`` and the
    benchmarks' synthetic indexes both come through here)."""
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    dim = passage_vecs.shape[1]
    with (d / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for name, vecs in (("vectors", passage_vecs), ("sentences", sentence_vecs)):
        vecs = np.asarray(vecs, np.float32).reshape(-1, dim)
        np.save(d / f"{name}.npy", vecs)
        faiss.write_index(build_faiss(vecs, ann), str(d / f"{name}.faiss"))
    np.save(d / "sentence_offsets.npy", offsets_for(sentence_counts))
    texts = [r["text"] for r in records]
    Lexical.build(texts, word_terms(seg)).save(d / "bm25-words")
    Lexical.build(texts, char_bigrams).save(d / "bm25-bigrams")
    corpus_hash = hashlib.sha1("".join(sorted(content_key(t) for t in texts)).encode())
    meta = {
        "format": FORMAT,
        "encoder": encoder_name,
        "dim": int(dim),
        "count": len(records),
        "sentences": int(sum(sentence_counts)),
        "ann": ann,
        "corpus_hash": corpus_hash.hexdigest(),
    }
    (d / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def read_meta(instance: str | Path) -> dict | None:
    p = search_dir(instance) / "index" / "meta.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


class SearchIndex:
    def __init__(
        self,
        instance: str | Path,
        encoder: str | Encoder | None = None,
        segmenter: Segmenter | None = None,
        rank: RankConfig | None = None,
    ) -> None:
        d = search_dir(instance) / "index"
        meta = read_meta(instance)
        if meta is None:
            raise IndexError_(f"no search index in {instance}; run `casegraph build`")
        if meta.get("format") != FORMAT:
            raise IndexError_(
                f"the index in {instance} was written by another version of casegraph "
                f"(format {meta.get('format')}, this one reads {FORMAT}); rebuild it with "
                f"`casegraph build --instance {instance}`"
            )
        name = encoder.name if isinstance(encoder, Encoder) else encoder
        if name and name != meta["encoder"]:
            raise IndexError_(
                f"the index in {instance} was built with encoder '{meta['encoder']}', "
                f"not '{name}'; rebuild it with `casegraph build --encoder {name}`"
            )
        self.meta = meta
        self.encoder = encoder if isinstance(encoder, Encoder) else get_encoder(meta["encoder"])
        if self.encoder.dim != meta["dim"]:
            raise IndexError_(
                f"encoder dimension {self.encoder.dim} != index dimension {meta['dim']}; "
                f"rebuild with `casegraph build --encoder {meta['encoder']}`"
            )
        with (d / "passages.jsonl").open(encoding="utf-8") as fh:
            self.records = [json.loads(line) for line in fh]
        self.by_pid = {r["passage_id"]: i for i, r in enumerate(self.records)}
        self.faiss = faiss.read_index(str(d / "vectors.faiss"))
        self.vectors = np.load(d / "vectors.npy", mmap_mode="r")
        self.sentence_faiss = faiss.read_index(str(d / "sentences.faiss"))
        self.sentence_vectors = np.load(d / "sentences.npy", mmap_mode="r")
        self.sentence_offsets = np.load(d / "sentence_offsets.npy")
        self.sentence_owner = np.repeat(
            np.arange(len(self.records)), np.diff(self.sentence_offsets)
        )
        self.seg = segmenter or Segmenter()
        self.words = Lexical.load(d / "bm25-words", word_terms(self.seg))
        self.bigrams = Lexical.load(d / "bm25-bigrams", char_bigrams)
        self.rank = rank or RankConfig()
        self._allowed_by = functools.lru_cache(maxsize=64)(self._scan_allowed)
        limit_blas_threads(1)

    def __len__(self) -> int:
        return len(self.records)

    def search(
        self,
        query: str,
        top: int = 10,
        filters: Filters | None = None,
        per_article: int | None = None,
        mode: str = "hybrid",
    ) -> list[dict]:
        """Hits (records with score and rank fields), best first. ``mode``: hybrid, bm25 (both
        lexical lists fused), dense. With the dense side on, each hit also has ``best_sentence``:
        ``[start, end]`` in its text of the sentence nearest the query (None for one sentence)."""
        allowed = self._allowed(filters or Filters())
        q, extra = expand(query)
        if not q.strip():
            return []
        cfg = self.rank
        n = max(cfg.candidates, top * 3)
        lists: list[tuple[float, list[int]]] = []
        qv = self.encoder.encode_query(q) if mode in ("hybrid", "dense") else None
        if mode in ("hybrid", "bm25"):
            for weight, lex in ((cfg.w_words, self.words), (cfg.w_bigrams, self.bigrams)):
                lists.append((weight, self._lexical_ranking(lex, q, extra, allowed, n)))
        if qv is not None:
            ids, _ = mixed_dense(
                qv,
                self.faiss,
                self.vectors,
                self.sentence_faiss,
                self.sentence_vectors,
                self.sentence_offsets,
                self.sentence_owner,
                n,
                allowed,
                cfg.sentence_mix,
            )
            lists.append((cfg.w_dense, [int(i) for i in ids]))
        fused: dict[int, float] = {}
        for weight, ranking in lists:
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + weight / (cfg.rrf_k + rank + 1)
        hits: list[dict] = []
        per: dict[str, int] = {}
        for i, score in sorted(fused.items(), key=lambda x: -x[1]):
            r = self.records[i]
            if per_article:
                if per.get(r["article_id"], 0) >= per_article:
                    continue
                per[r["article_id"]] = per.get(r["article_id"], 0) + 1
            hit = {**r, "score": round(float(score), 6), "rank": len(hits) + 1}
            if qv is not None:
                hit["best_sentence"] = best_sentence(
                    r["text"], qv, self.sentence_vectors, self.sentence_offsets, i
                )
            hits.append(hit)
            if len(hits) >= top:
                break
        return hits

    def count_matching(self, query: str, filters: Filters | None = None) -> int:
        """How many passages (within the filters) contain at least one of the query's words: a
        count a reader can check, unlike the length of a ranked list the dense side always fills."""
        q, _ = expand(query)
        s = self.words.scores(q)
        allowed = self._allowed(filters or Filters())
        if allowed is not None:
            s = s[allowed]
        return int(np.count_nonzero(s > 0))

    def _allowed(self, f: Filters) -> np.ndarray | None:
        """Passage rows that pass the filters, remembered per filter combination: the scan is a
        Python loop over every record, and a results page asks twice (ranking and count) and
        again for each page of the same filters."""
        return self._allowed_by((f.region, f.theme, f.year, f.source))

    def _scan_allowed(self, key: tuple) -> np.ndarray | None:
        ids = allowed_ids(self.records, Filters(*key))
        if ids is not None:
            ids.setflags(write=False)  # shared by every later search with these filters
        return ids

    def _lexical_ranking(
        self, lex: Lexical, q: str, extra: list[str], allowed: np.ndarray | None, n: int
    ) -> list[int]:
        s = lex.scores(q)
        if extra:  # expansions count, but less than the words the user typed
            s = s + self.rank.w_expansion * lex.scores(" ".join(extra))
        if allowed is not None:
            mask = np.full(len(s), -np.inf, np.float32)
            mask[allowed] = 0
            s = s + mask
        order = top_k(s, n)
        return [int(i) for i in order if s[i] > 0]

    def similar(self, passage_id: str, top: int = 10, other_regions: bool = True) -> list[dict]:
        """Passages most similar to one passage, from other articles (and other regions)."""
        if passage_id not in self.by_pid:
            raise KeyError(f"unknown passage '{passage_id}'")
        i = self.by_pid[passage_id]
        src = self.records[i]
        own = set(src["region_path"][-1:]) if other_regions else set()
        ids, scores = dense_search(
            self.faiss, np.asarray(self.vectors[i]), min(len(self), top * 10 + 10)
        )
        out = []
        for j, s in zip(ids, scores, strict=True):
            r = self.records[int(j)]
            if r["article_id"] == src["article_id"] or (own and own & set(r["region_path"][-1:])):
                continue
            out.append({**r, "score": round(float(s), 6), "rank": len(out) + 1})
            if len(out) >= top:
                break
        return out
