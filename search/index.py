"""The search index of an instance (``<instance>/search``): passage records, faiss vectors and
BM25, with ``meta.json`` recording the encoder that built it.

Ranking: reciprocal-rank fusion of BM25 and dense candidates, BM25 weighted higher (measured on
the development queries, see docs/benchmarks.md), with practice-name query expansion."""

from __future__ import annotations

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
from .lexical import Lexical
from .query import Filters, allowed_ids, expand
from .vectors import VectorCache, build_faiss, dense_search, embed_missing

FORMAT = 1


class IndexError_(Exception):
    """The index is missing or was built differently; the message says which command fixes it."""


def search_dir(instance: str | Path) -> Path:
    return Path(instance) / "search"


def encode_text(r: dict) -> str:
    """What the encoder sees for a passage: its section heading, then its text."""
    return f"{r['heading']}：{r['text']}" if r.get("heading") else r["text"]


@dataclass
class RankConfig:
    rrf_k: int = 60
    w_bm25: float = 1.5
    w_dense: float = 1.0
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
    """Embed passages the cache lacks, then write records, vectors, faiss and BM25 atomically."""
    root = search_dir(instance)
    cache = VectorCache(root / "cache", encoder.name)
    texts = [encode_text(r) for r in records]
    embedded = embed_missing(cache, encoder, texts, progress=progress)
    from .vectors import content_key

    vecs = (
        cache.get([content_key(t) for t in texts])
        if texts
        else np.zeros((0, encoder.dim), np.float32)
    )
    tmp = root / "index.new"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with (tmp / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", vecs.astype(np.float32))
    faiss.write_index(build_faiss(vecs, ann), str(tmp / "faiss.index"))
    Lexical.build([r["text"] for r in records], seg).save(tmp / "bm25")
    corpus_hash = hashlib.sha1("".join(sorted(content_key(t) for t in texts)).encode()).hexdigest()
    meta = {
        "format": FORMAT,
        "encoder": encoder.name,
        "dim": int(encoder.dim),
        "count": len(records),
        "ann": ann,
        "corpus_hash": corpus_hash,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    final = root / "index"
    old = root / "index.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return {"passages": len(records), "embedded": embedded, "cached": len(records) - embedded}


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
        self.faiss = faiss.read_index(str(d / "faiss.index"))
        self.vectors = np.load(d / "vectors.npy", mmap_mode="r")
        self.lexical = Lexical.load(d / "bm25", segmenter or Segmenter())
        self.rank = rank or RankConfig()

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
        """Hits (records with score and rank fields), best first."""
        allowed = allowed_ids(self.records, filters or Filters())
        seg = self.lexical.seg
        q, extra = expand(query)
        if not q.strip():
            return []
        cfg = self.rank
        n = max(cfg.candidates, top * 3)
        ranked: dict[int, float] = {}
        if mode in ("hybrid", "bm25"):
            s = self.lexical.scores(seg.terms(q, fine=True))
            if extra:  # expansions count, but less than the words the user typed
                s = s + cfg.w_expansion * self.lexical.scores(
                    [t for e in extra for t in seg.terms(e, fine=True)]
                )
            if allowed is not None:
                mask = np.full(len(s), -np.inf, np.float32)
                mask[allowed] = 0
                s = s + mask
            order = np.argsort(-s)[:n]
            order = [i for i in order if s[i] > 0]
            for rank, i in enumerate(order):
                ranked[int(i)] = ranked.get(int(i), 0.0) + cfg.w_bm25 / (cfg.rrf_k + rank + 1)
        if mode in ("hybrid", "dense"):
            ids, _ = dense_search(self.faiss, self.encoder.encode_query(q), n, allowed)
            for rank, i in enumerate(ids):
                ranked[int(i)] = ranked.get(int(i), 0.0) + cfg.w_dense / (cfg.rrf_k + rank + 1)
        hits: list[dict] = []
        per: dict[str, int] = {}
        for i, score in sorted(ranked.items(), key=lambda x: -x[1]):
            r = self.records[i]
            if per_article:
                if per.get(r["article_id"], 0) >= per_article:
                    continue
                per[r["article_id"]] = per.get(r["article_id"], 0) + 1
            hits.append({**r, "score": round(float(score), 6), "rank": len(hits) + 1})
            if len(hits) >= top:
                break
        return hits

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
