"""Dense side: a content-addressed vector cache per encoder, and the faiss index over passages."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from .encoders import Encoder

# one query against a flat index goes through BLAS instead of faiss's scalar loop (measured in
# benchmarks/search.py: the scalar path is slower than numpy for single queries)
faiss.cvar.distance_compute_blas_threshold = 1


def content_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorCache:
    """text hash -> vector for one encoder, in ``<dir>/keys.npy`` + ``vectors.npy``."""

    def __init__(self, root: Path, encoder_name: str) -> None:
        self.dir = Path(root) / re.sub(r"[^A-Za-z0-9_.-]+", "_", encoder_name)
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, 0), np.float32)
        if (self.dir / "keys.npy").exists():
            keys = np.load(self.dir / "keys.npy")
            self.vectors = np.load(self.dir / "vectors.npy")
            self.index = {k: i for i, k in enumerate(keys.tolist())}

    def missing(self, keys: list[str]) -> list[str]:
        return [k for k in dict.fromkeys(keys) if k not in self.index]

    def add(self, keys: list[str], vecs: np.ndarray) -> None:
        if not keys:
            return
        base = len(self.index)
        self.vectors = vecs if self.vectors.size == 0 else np.vstack([self.vectors, vecs])
        for i, k in enumerate(keys):
            self.index[k] = base + i

    def get(self, keys: list[str]) -> np.ndarray:
        return self.vectors[[self.index[k] for k in keys]]

    def save(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.index), dtype="U40")
        for name, arr in (("keys.npy", keys), ("vectors.npy", self.vectors)):
            tmp = self.dir / (name + ".tmp.npy")
            np.save(tmp, arr)
            os.replace(tmp, self.dir / name)


def embed_missing(
    cache: VectorCache,
    encoder: Encoder,
    texts: list[str],
    batch: int = 16,
    progress: Callable[[int], None] | None = None,
    save_every: int = 512,
) -> int:
    """Embed the texts the cache lacks, in batches; returns how many were embedded."""
    keys = [content_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in cache.index}
    items = list(todo.items())
    done_since_save = 0
    for i in range(0, len(items), batch):
        chunk = items[i : i + batch]
        vecs = encoder.encode_passages([t for _, t in chunk])
        cache.add([k for k, _ in chunk], vecs)
        done_since_save += len(chunk)
        if progress:
            progress(len(chunk))
        if done_since_save >= save_every:  # an interrupted build keeps what it embedded
            cache.save()
            done_since_save = 0
    if items:
        cache.save()
    return len(items)


def build_faiss(vectors: np.ndarray, kind: str = "flat") -> faiss.Index:
    dim = vectors.shape[1]
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    else:
        raise ValueError(f"unknown ann index '{kind}'; known: flat, hnsw")
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def dense_search(index: faiss.Index, q: np.ndarray, k: int, allowed: np.ndarray | None = None):
    """-> (ids, scores) of the k best passages, restricted to ``allowed`` ids when given."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        params = (
            faiss.SearchParametersHNSW(sel=sel)
            if isinstance(index, faiss.IndexHNSW)
            else faiss.SearchParameters(sel=sel)
        )
        k = min(k, len(allowed))
    scores, ids = index.search(np.ascontiguousarray(q[None, :], dtype=np.float32), k, params=params)
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]
