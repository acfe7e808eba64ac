"""Lexical side: BM25 (bm25s) over the shared Segmenter's terms (stop words removed)."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from ingest.segment import Segmenter


class Lexical:
    def __init__(self, retriever: bm25s.BM25, seg: Segmenter) -> None:
        self.retriever = retriever
        self.seg = seg
        self.vocab = retriever.vocab_dict

    @classmethod
    def build(cls, texts: list[str], seg: Segmenter) -> Lexical:
        r = bm25s.BM25(k1=1.2, b=0.75)
        r.index([seg.terms(t, fine=True) or ["\u2205"] for t in texts], show_progress=False)
        return cls(r, seg)

    def save(self, path: Path) -> None:
        self.retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path, seg: Segmenter) -> Lexical:
        return cls(bm25s.BM25.load(str(path), show_progress=False, verbosity=0), seg)

    def scores(self, terms: list[str]) -> np.ndarray:
        known = [t for t in terms if t in self.vocab]
        n = self.retriever.scores["num_docs"]
        if not known:
            return np.zeros(n, np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
