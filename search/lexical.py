"""Lexical side: two BM25 (bm25s) indexes over the same passages, one over the shared Segmenter's
words (search mode, stop words removed) and one over overlapping character bigrams.

Words carry the meaning jieba sees; bigrams catch what segmentation splits differently in the
query and the passage (高素质农民 / 农牧民, 挂职锻炼 / 挂职). Both are fused with the dense side
(search/index.py); docs/benchmarks.md has the measurements behind ``B`` and the bigram side."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

from casegraph.core.segment import Segmenter
from casegraph.core.text import HAN

# k1 as usual; a low length normalisation b, since a long passage about many measures is not less
# about each of them (b=0.3 beat 0.5 and 0.75 on all four query sets, docs/benchmarks.md)
K1, B = 1.2, 0.3
EMPTY = "\u2205"  # stands in for a passage with no terms, so bm25s keeps row numbers aligned

_CJK_RUN = re.compile(rf"[{HAN}]+|[a-z0-9]+(?:\.[0-9]+)?")


def char_bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each run of Chinese characters (a lone character stays a
    unigram), plus Latin words and numbers whole."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text.lower()):
        if run[0].isascii() or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def word_terms(seg: Segmenter) -> Callable[[str], list[str]]:
    return lambda text: seg.terms(text, fine=True)


class Lexical:
    """One BM25 index and the tokenizer that built it (queries must be tokenized the same way)."""

    def __init__(self, retriever: bm25s.BM25, tokenize: Callable[[str], list[str]]) -> None:
        self.retriever = retriever
        self.tokenize = tokenize
        self.vocab = retriever.vocab_dict

    @classmethod
    def build(cls, texts: list[str], tokenize: Callable[[str], list[str]], b: float = B) -> Lexical:
        r = bm25s.BM25(k1=K1, b=b)
        r.index([tokenize(t) or [EMPTY] for t in texts], show_progress=False)
        return cls(r, tokenize)

    def save(self, path: Path) -> None:
        self.retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path, tokenize: Callable[[str], list[str]]) -> Lexical:
        return cls(bm25s.BM25.load(str(path), show_progress=False, verbosity=0), tokenize)

    def __len__(self) -> int:
        return int(self.retriever.scores["num_docs"])

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(passage rows, BM25 scores) of the passages holding ``term``."""
        i = self.vocab.get(term)
        if i is None:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        s = self.retriever.scores
        a, b = int(s["indptr"][i]), int(s["indptr"][i + 1])
        return s["indices"][a:b], s["data"][a:b]

    def scores(self, text: str, weight: Callable[[str], float] | None = None) -> np.ndarray:
        """BM25 score of every passage for a query text (zeros when no term is known); each
        query term's share multiplied by ``weight(term)`` when given."""
        out = np.zeros(len(self), np.float32)
        for term, n in Counter(self.tokenize(text)).items():
            rows, vals = self.postings(term)
            if len(rows):
                out[rows] += (n * (weight(term) if weight else 1.0)) * vals
        return out


class Phrases:
    """Where a phrase occurs as written: candidates from the bigram index's postings (a passage
    holding the phrase holds each of its bigrams), then the text itself; and a BM25 score for it,
    with the phrase as one term and length counted in characters."""

    def __init__(self, texts: list[str], bigrams: Lexical) -> None:
        self.texts = [t.lower() for t in texts]
        self.bigrams = bigrams
        self.lengths = np.array([len(t) for t in self.texts], np.float32)
        self.avg = float(self.lengths.mean()) if len(self.texts) else 1.0
        self.rows = functools.lru_cache(maxsize=512)(self._rows)

    def _rows(self, phrase: str) -> np.ndarray:
        phrase = phrase.lower()
        grams = char_bigrams(phrase)
        if not grams:
            return np.zeros(0, np.int64)
        cand = None
        for g in sorted(set(grams), key=lambda g: len(self.bigrams.postings(g)[0])):
            rows = self.bigrams.postings(g)[0]
            cand = rows if cand is None else np.intersect1d(cand, rows, assume_unique=True)
            if not len(cand):
                break
        return np.array([i for i in cand if phrase in self.texts[i]], np.int64)

    def df(self, phrase: str) -> int:
        return len(self.rows(phrase))

    def scores(self, phrase: str) -> np.ndarray:
        out = np.zeros(len(self.texts), np.float32)
        rows = self.rows(phrase)
        if not len(rows):
            return out
        n, df = len(self.texts), len(rows)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        tf = np.array([self.texts[i].count(phrase.lower()) for i in rows], np.float32)
        norm = K1 * (1 - B + B * self.lengths[rows] / self.avg)
        out[rows] = idf * tf * (K1 + 1) / (tf + norm)
        return out
