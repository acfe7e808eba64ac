"""Lexical side: two BM25 (bm25s) indexes over the same passages, one over the shared Segmenter's
words (search mode, stop words removed) and one over overlapping character bigrams.

Words carry the meaning jieba sees; bigrams catch what segmentation splits differently in the
query and the passage (高素质农民 / 农牧民, 挂职锻炼 / 挂职). Both are fused with the dense side
(search/index.py); docs/benchmarks.md has the measurements behind ``B`` and the bigram side."""

from __future__ import annotations

import re
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

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every passage for a query text (zeros when no term is known)."""
        known = [t for t in self.tokenize(text) if t in self.vocab]
        n = self.retriever.scores["num_docs"]
        if not known:
            return np.zeros(n, np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
