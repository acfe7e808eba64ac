"""Writing the search index of an instance (``<instance>/search/index``), atomically: passage
records, passage and sentence vectors in their faiss indexes (the only copy: search/index.py reads
them and uses the vectors in faiss's storage), two BM25 indexes (words, character
bigrams) and ``meta.json`` recording the format and the encoder that built it. Reading and ranking
are in search/index.py."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from casegraph.core.faults import reached
from casegraph.core.files import swap_dir
from casegraph.core.segment import Segmenter, dictionary_digest

from .encoders import Encoder
from .lexical import Lexical, char_bigrams, word_terms
from .sentences import offsets_for, sentence_texts
from .vectors import VectorCache, build_faiss, content_key, embed_missing

# 2: sentence vectors and bigram BM25; 3: vectors only inside the faiss files (no .npy copies)
FORMAT = 3


def search_dir(instance: str | Path) -> Path:
    return Path(instance) / "search"


def encode_text(r: dict) -> str:
    """What the encoder sees for a passage: its section heading, then its text."""
    return f"{r['heading']}：{r['text']}" if r.get("heading") else r["text"]


def dense_texts(records: list[dict], sentences: bool = True) -> list[str]:
    """Everything the encoder embeds for these passages: each passage, then its sentences (unless
    another encoder embeds those: ``encoder.sentence_encoder()``)."""
    return [encode_text(r) for r in records] + (
        [s for r in records for s in sentence_texts(r["text"])] if sentences else []
    )


def build_index(
    instance: str | Path,
    records: list[dict],
    encoder: Encoder,
    seg: Segmenter,
    ann: str = "flat",
    progress: Callable[[int], None] | None = None,
    digest: str | None = None,
    encode_many: Callable[[list[str]], np.ndarray] | None = None,
) -> dict:
    """Embed passages and sentences the cache lacks (``encode_many``: elsewhere), then write the
    index atomically; ``digest`` (the corpus's) is recorded in meta.json, so a later build knows
    what it holds."""
    root = search_dir(instance)
    cache = VectorCache(root / "cache", encoder.cache_id)
    by_sentence = encoder.sentence_encoder()
    own = by_sentence is encoder
    texts = dense_texts(records, sentences=own)
    embedded = embed_missing(cache, encoder, texts, progress=progress, encode_many=encode_many)
    vecs = cache.get([content_key(t) for t in texts]) if texts else np.zeros((0, encoder.dim))
    per_record = [sentence_texts(r["text"]) for r in records]
    counts = [len(s) for s in per_record]
    sentence_vecs = (
        vecs[len(records) :]
        if own
        else by_sentence.encode_passages([s for ss in per_record for s in ss])
    )
    tmp = root / "index.new"
    write_index(
        tmp,
        records,
        vecs[: len(records)],
        sentence_vecs,
        counts,
        seg,
        encoder.name,
        ann,
        digest,
        sentence_encoder=by_sentence.name,
    )
    reached("index-written")
    swap_dir(tmp, root / "index")
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
    digest: str | None = None,
    sentence_encoder: str | None = None,
) -> None:
    """Write an index directory from records and their vectors (``casegraph build`` and the
    benchmarks' synthetic indexes both come through here). ``sentence_encoder``: what embedded
    the sentences, when not the passages' encoder."""
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    dim = passage_vecs.shape[1]
    sdim = sentence_vecs.shape[1] if np.ndim(sentence_vecs) == 2 and len(sentence_vecs) else dim
    with (d / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for name, vecs, n in (("vectors", passage_vecs, dim), ("sentences", sentence_vecs, sdim)):
        vecs = np.asarray(vecs, np.float32).reshape(-1, n)
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
        "sentence_encoder": sentence_encoder or encoder_name,
        "sentence_dim": int(sdim),
        "count": len(records),
        "sentences": int(sum(sentence_counts)),
        "ann": ann,
        "corpus_hash": corpus_hash.hexdigest(),
        "articles_digest": digest,
        "dictionary": dictionary_digest(),
    }
    (d / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def index_problem(instance: str | Path) -> str | None:
    """Why the index cannot be trusted without reading it all (a file missing or shorter than
    its meta.json says, a half-written index.new beside it), or None."""
    d = search_dir(instance) / "index"
    meta = read_meta(instance)
    if meta is None:
        return f"{d / 'meta.json'} is missing or unreadable"
    if (d.parent / "index.new").exists():
        return f"{d.parent / 'index.new'} is left from an interrupted build"
    need = {
        "passages.jsonl": 1,
        "vectors.faiss": 4 * meta.get("dim", 0) * meta.get("count", 0),
        "sentences.faiss": 4
        * meta.get("sentence_dim", meta.get("dim", 0))
        * meta.get("sentences", 0),
        "sentence_offsets.npy": 8 * (meta.get("count", 0) + 1),
    }
    for name, size in need.items():
        p = d / name
        if not p.exists() or p.stat().st_size < size:
            return f"{p} is missing or cut short"
    if _lines(d / "passages.jsonl") != meta.get("count"):
        return f"{d / 'passages.jsonl'} is cut short or damaged"
    return None


def _lines(path: Path) -> int | None:
    """Complete JSON lines in the file (a cut last line does not count); None if unreadable."""
    n = 0
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
            fh.seek(max(0, fh.tell() - 4096))
            tail = fh.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
        json.loads(tail)
    except (OSError, ValueError):
        return None
    return n


def read_meta(instance: str | Path) -> dict | None:
    """The index's meta.json; None when missing or unreadable (a build then rewrites the index)."""
    p = search_dir(instance) / "index" / "meta.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
