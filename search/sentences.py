"""Sentence vectors: a passage of several sentences is also embedded sentence by sentence, so a
question that one sentence of a long, many-topic passage answers still finds the passage
(e.g. 挂职 in a paragraph about 村企联建). A passage's dense score is the mean of its own
similarity and its best sentence's; docs/benchmarks.md has the measurements.

Sentences of passage ``i`` are rows ``offsets[i]:offsets[i+1]``. A one-sentence passage keeps its
sentence row too: the passage vector carries its heading, the sentence vector does not (measured:
reusing the passage vector there lowered MRR from 0.933 to 0.924); a passage without a heading
costs nothing extra, since the vector cache is keyed by content."""

from __future__ import annotations

import faiss
import numpy as np

from casegraph.core.text import sentence_texts as _sentences

from .vectors import dense_search

MIN_CHARS = 4


def split_sentences(text: str) -> list[str]:
    """The passage splitter's sentences (ending in 。！？；… and any closing quote), stripped;
    fragments under 4 characters dropped."""
    return _sentences(text, MIN_CHARS)


def sentence_texts(text: str) -> list[str]:
    """The sentences embedded on their own (a passage too short to split keeps its whole text)."""
    return split_sentences(text) or ([text.strip()] if text.strip() else [])


def offsets_for(counts: list[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)


def sentence_rows(offsets: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """Sentence row numbers of the given passages, in order."""
    counts = np.diff(offsets)
    mask = np.zeros(len(counts), bool)
    mask[passages] = True
    return np.nonzero(np.repeat(mask, counts))[0]


def mixed_dense(
    q: np.ndarray,
    passage_index: faiss.Index,
    passage_vecs: np.ndarray,
    sentence_index: faiss.Index,
    sentence_vecs: np.ndarray,
    offsets: np.ndarray,
    owner: np.ndarray,
    n: int,
    allowed: np.ndarray | None = None,
    mix: float = 0.5,
    qs: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """-> (passage ids, scores) of the ``n`` best passages by
    ``(1 - mix) * sim(passage) + mix * max sim(sentence)``.

    Candidates are the ``n`` nearest passages and the passages of the ``3n`` nearest sentences;
    each candidate is then scored exactly from the stored vectors. ``owner`` maps sentence rows to
    passages (``np.repeat(arange, diff(offsets))``, kept by the caller). ``qs``: the query in the
    sentence vectors' space when another encoder made them (default ``q``)."""
    qs = q if qs is None else qs
    pids, _ = dense_search(passage_index, q, n, allowed)
    if sentence_index.ntotal:
        s_allowed = None if allowed is None else sentence_rows(offsets, allowed)
        sids, _ = dense_search(sentence_index, qs, 3 * n, s_allowed)
        cand = np.unique(np.concatenate([pids, owner[sids]]))
    else:
        cand = np.unique(pids)
    if not len(cand):
        return cand.astype(np.int64), np.zeros(0, np.float32)
    own = np.asarray(passage_vecs[cand]) @ q
    best = own.copy()
    counts = np.diff(offsets)[cand]
    has = np.nonzero(counts)[0]
    if len(has):
        rows = sentence_rows(offsets, cand[has])
        sims = np.asarray(sentence_vecs[rows]) @ qs
        starts = np.concatenate([[0], np.cumsum(counts[has])[:-1]])
        best[has] = np.maximum.reduceat(sims, starts)
    score = (1 - mix) * own + mix * best
    order = np.argsort(-score, kind="stable")[:n]
    return cand[order].astype(np.int64), score[order].astype(np.float32)


def best_sentence(
    text: str, q: np.ndarray, sentence_vecs: np.ndarray, offsets: np.ndarray, i: int
) -> list[int] | None:
    """``[start, end]`` in passage ``i``'s text of its sentence nearest the query, or None when the
    passage is a single sentence (nothing to point at)."""
    a, b = int(offsets[i]), int(offsets[i + 1])
    sents = sentence_texts(text)
    if b - a < 2 or len(sents) != b - a:
        return None
    best = sents[int(np.argmax(np.asarray(sentence_vecs[a:b]) @ q))]
    start = text.find(best)
    return None if start < 0 else [start, start + len(best)]
