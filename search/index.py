"""The search index of an instance, read and ranked (search/build.py writes it).

Ranking and the relevance judgement are in search/rank.py."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from casegraph.core.errors import UnavailableError, one_line
from casegraph.core.segment import Segmenter

from . import rank
from .build import FORMAT, read_meta, search_dir
from .encoders import Encoder, get_encoder
from .lexical import Lexical, Phrases, char_bigrams, word_terms
from .query import Filters, allowed_ids, expand
from .rank import RankConfig
from .records import Hit
from .terms import QueryTerms, analyse
from .vectors import dense_search, limit_blas_threads, read_dense


def _what(e: Exception) -> str:
    return one_line(e, 200)


class IndexError_(UnavailableError):
    """The index is missing or was built differently; the message says which command fixes it."""


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
        # the sentences' own encoder (a static table: search/encoders/static.py), when the index
        # was built with one; an index written before that has the passages' encoder there too
        by_sentence = meta.get("sentence_encoder", meta["encoder"])
        self.sentence_encoder = (
            self.encoder if by_sentence == meta["encoder"] else self.encoder.sentence_encoder()
        )
        if self.sentence_encoder.name != by_sentence:
            raise IndexError_(
                f"the sentences of the index in {instance} were embedded with '{by_sentence}', "
                f"which '{meta['encoder']}' does not provide; rebuild it with `casegraph build`"
            )
        if self.encoder.dim != meta["dim"]:
            raise IndexError_(
                f"encoder dimension {self.encoder.dim} != index dimension {meta['dim']}; "
                f"rebuild with `casegraph build --encoder {meta['encoder']}`"
            )
        try:
            self._read_files(d)
        except (OSError, ValueError, RuntimeError, KeyError) as e:
            raise IndexError_(
                f"the search index in {d} is damaged ({_what(e)}); "
                f"`casegraph build --instance {instance}` rewrites it"
            ) from None
        self.seg = segmenter or Segmenter()
        self.words = Lexical.load(d / "bm25-words", word_terms(self.seg))
        self.bigrams = Lexical.load(d / "bm25-bigrams", char_bigrams)
        self.phrases = Phrases([r["text"] for r in self.records], self.bigrams)
        # the mean passage vector: how close a query is to the corpus as a whole
        self.centroid = np.asarray(self.vectors, np.float32).mean(0) if len(self) else None
        self.rank = rank or RankConfig()
        self._allowed_by = functools.lru_cache(maxsize=64)(self._scan_allowed)
        limit_blas_threads(1)

    def _read_files(self, d: Path) -> None:
        """Each file of the index, named in the error when it cannot be read."""
        current = d / "passages.jsonl"
        try:
            with current.open(encoding="utf-8") as fh:
                self.records = [json.loads(line) for line in fh]
            self.by_pid = {r["passage_id"]: i for i, r in enumerate(self.records)}
            current = d / "vectors.faiss"
            self.faiss, self.vectors = read_dense(current)
            current = d / "sentences.faiss"
            self.sentence_faiss, self.sentence_vectors = read_dense(current)
            current = d / "sentence_offsets.npy"
            self.sentence_offsets = np.load(current)
            self.sentence_owner = np.repeat(
                np.arange(len(self.records)), np.diff(self.sentence_offsets)
            )
            if len(self.vectors) != len(self.records) or len(self.sentence_owner) != len(
                self.sentence_vectors
            ):
                raise ValueError("vector and passage counts differ")
        except (OSError, ValueError, RuntimeError, KeyError) as e:
            raise ValueError(f"{current.name}: {_what(e)}") from None

    def __len__(self) -> int:
        return len(self.records)

    @property
    def floor_key(self) -> str:
        """The relevance floor's key: the encoder, with the sentences' own encoder if another."""
        if self.sentence_encoder is self.encoder:
            return self.encoder.name
        return f"{self.encoder.name}+{self.sentence_encoder.name}"

    def sentence_query(self, q: str, qv: np.ndarray | None) -> np.ndarray | None:
        """The query in the sentence vectors' space: ``qv`` itself, or the sentence encoder's."""
        if qv is None or self.sentence_encoder is self.encoder:
            return qv
        return self.sentence_encoder.encode_query(q)

    def search(
        self,
        query: str,
        top: int = 10,
        filters: Filters | None = None,
        per_article: int | None = None,
        mode: str = "hybrid",
        explain: int | None = None,
        relevant_only: bool = False,
        why: bool = False,
    ) -> list[Hit]:
        """Hits (records with score, rank and ``relevant`` fields), best first. ``mode``: hybrid,
        bm25 (both lexical lists fused), dense. With the dense side on, the first ``explain`` hits
        (all when None) also have ``best_sentence``: ``[start, end]`` in its text of the sentence
        nearest the query (None for one sentence). A caller that ranks a long list to show a page
        of it asks only for that page's. ``relevant_only`` drops the hits that are not about the
        query (casegraph.search.relevance); ``why`` adds to each hit the evidence of that judgement."""
        return rank.search(
            self,
            query,
            top,
            self._allowed(filters or Filters()),
            per_article,
            mode,
            explain,
            relevant_only,
            why,
        )

    def query_terms(self, query: str) -> QueryTerms:
        """The query's content terms, phrases and key (casegraph.search.terms)."""
        return analyse(expand(query)[0], self.seg, self.phrases.df)

    def marks(self, query: str) -> list[str]:
        """What to mark in a hit's text: the query's phrases whole, then its other words."""
        qt = self.query_terms(query)
        return [*qt.phrases, *(t for t in self.seg.terms(query, fine=True) if t not in qt.phrases)]

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
