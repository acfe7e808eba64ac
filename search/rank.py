"""Ranking one query over an index (search/index.py loads it): the lexical lists (BM25 over words
and over character bigrams, phrase-aware: search/terms.py), the dense list (passage and best
sentence, search/sentences.py), reciprocal-rank fusion, and the relevance judgement of each hit
(search/relevance.py). docs/benchmarks.md has the measurements behind each choice."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lexical import Lexical, char_bigrams
from .query import expand
from .records import Hit
from .relevance import (
    Candidates,
    decide,
    dense_score,
    explain,
    gate_score,
    probabilities,
    relevance_model,
)
from .sentences import best_sentence, mixed_dense
from .terms import QueryTerms, analyse
from .vectors import top_k


@dataclass
class RankConfig:
    rrf_k: int = 30
    w_words: float = 1.0
    w_bigrams: float = 1.0
    w_dense: float = 1.0
    sentence_mix: float = 0.5
    candidates: int = 100
    w_expansion: float = 0.3
    w_phrase: float = 0.5  # a phrase found as written, as one more BM25 term
    w_phrase_list: float = 0.0  # the passages holding the query's phrases, as a list of their own
    part: float = 0.5  # weight of a word inside a unit (1: phrase-blind)


@dataclass
class Lists:
    """The ranked lists of one query and the scores behind them (rows of the index)."""

    terms: QueryTerms
    words: np.ndarray
    bigrams: np.ndarray
    lexical: list[tuple[float, list[int]]]
    dense: list[int]
    qv: np.ndarray | None
    qs: np.ndarray | None


def lexical_scores(index, lex: Lexical, q: str, terms: QueryTerms, extra: list[str]) -> np.ndarray:
    """BM25 of every passage: a word inside a phrase counts PART, the phrase itself once more
    (so a passage with 驻村第一书记 ranks above one with 书记), expansions at w_expansion."""
    part = index.rank.part
    if lex is index.bigrams:
        inside = {g for p in terms.phrases for g in char_bigrams(p)}

        def weight(g: str) -> float:
            return part if g in inside else 1.0
    else:

        def weight(t: str) -> float:
            return terms.weight(t, part)

    s = lex.scores(q, weight)
    for p in terms.phrases:
        if p not in lex.vocab:  # a phrase the index has as a word already counts as one
            s = s + index.rank.w_phrase * index.phrases.scores(p)
    if extra:  # expansions count, but less than the words the user typed
        s = s + index.rank.w_expansion * lex.scores(" ".join(extra))
    return s


def ranked_lists(index, query: str, mode: str, allowed, n: int) -> Lists | None:
    q, extra = expand(query)
    if not q.strip():
        return None
    terms = analyse(q, index.seg, index.phrases.df)
    cfg = index.rank
    words = bigrams = np.zeros(len(index), np.float32)
    lexical: list[tuple[float, list[int]]] = []
    if mode in ("hybrid", "bm25"):
        words = lexical_scores(index, index.words, q, terms, extra)
        bigrams = lexical_scores(index, index.bigrams, q, terms, extra)
        for weight, s in ((cfg.w_words, words), (cfg.w_bigrams, bigrams)):
            lexical.append((weight, _order(s, allowed, n)))
        if terms.phrases and cfg.w_phrase_list:
            held = sum(index.phrases.scores(p) for p in terms.phrases)
            lexical.append((cfg.w_phrase_list, _order(held, allowed, n)))
    qv = index.encoder.encode_query(q) if mode in ("hybrid", "dense") else None
    qs = index.sentence_query(q, qv)
    dense: list[int] = []
    if qv is not None:
        ids, _ = mixed_dense(
            qv,
            index.faiss,
            index.vectors,
            index.sentence_faiss,
            index.sentence_vectors,
            index.sentence_offsets,
            index.sentence_owner,
            n,
            allowed,
            cfg.sentence_mix,
            qs,
        )
        dense = [int(i) for i in ids]
    return Lists(terms, words, bigrams, lexical, dense, qv, qs)


def _order(s: np.ndarray, allowed, n: int) -> list[int]:
    if allowed is not None:
        mask = np.full(len(s), -np.inf, np.float32)
        mask[allowed] = 0
        s = s + mask
    return [int(i) for i in top_k(s, n) if s[i] > 0]


def fuse(index, lists: Lists) -> dict[int, float]:
    cfg = index.rank
    fused: dict[int, float] = {}
    for weight, ranking in [*lists.lexical, (cfg.w_dense, lists.dense)]:
        for rank, i in enumerate(ranking):
            fused[i] = fused.get(i, 0.0) + weight / (cfg.rrf_k + rank + 1)
    return fused


def candidates(index, lists: Lists, fused: dict[int, float]) -> Candidates:
    """The evidence the relevance judgement reads, for every fused candidate."""
    lex: dict[int, float] = {}
    for weight, ranking in lists.lexical:
        for rank, i in enumerate(ranking):
            lex[i] = lex.get(i, 0.0) + weight / (index.rank.rrf_k + rank + 1)
    lex_rank = {i: r for r, i in enumerate(sorted(lex, key=lambda i: -lex[i]))}
    dense: dict[int, float] = {}
    if lists.qv is not None:
        args = (index.vectors, index.sentence_vectors, index.sentence_offsets)
        mix = index.rank.sentence_mix
        dense = {i: dense_score(i, lists.qv, *args, mix, lists.qs) for i in fused}
    return Candidates(
        terms=lists.terms,
        n_docs=len(index),
        texts={i: index.records[i]["text"] for i in fused},
        words={i: float(lists.words[i]) for i in fused if lists.words[i] > 0},
        bigrams={i: float(lists.bigrams[i]) for i in fused if lists.bigrams[i] > 0},
        lex_rank=lex_rank,
        dense=dense,
        dense_rank={i: r for r, i in enumerate(lists.dense)},
        domain=None
        if lists.qv is None or index.centroid is None
        else float(index.centroid @ lists.qv),
    )


def search(
    index,
    query: str,
    top: int = 10,
    allowed=None,
    per_article: int | None = None,
    mode: str = "hybrid",
    explain_top: int | None = None,
    relevant_only: bool = False,
    why: bool = False,
) -> list[Hit]:
    """See SearchIndex.search. ``why``: each hit also says why it passed the cut-off or not."""
    lists = ranked_lists(index, query, mode, allowed, max(index.rank.candidates, top * 3))
    if lists is None:
        return []
    fused = fuse(index, lists)
    evidence = candidates(index, lists, fused).evidence()
    model = relevance_model(index.floor_key) if lists.qv is not None else None
    probs = probabilities(model, evidence)
    order = sorted(fused, key=lambda i: -fused[i])
    verdict = decide(model, probs, evidence, order)
    best = max(probs.values(), default=0.0)
    gate = gate_score(model, evidence) if model is not None and why else None
    hits: list[Hit] = []
    per: dict[str, int] = {}
    for i in order:
        score, r = fused[i], index.records[i]
        relevant = verdict[i]
        if relevant_only and not relevant:
            continue
        if per_article:
            if per.get(r["article_id"], 0) >= per_article:
                continue
            per[r["article_id"]] = per.get(r["article_id"], 0) + 1
        hit: Hit = {
            **r,
            "score": round(float(score), 6),
            "rank": len(hits) + 1,
            "relevant": relevant,
        }
        if lists.qs is not None and (explain_top is None or len(hits) < explain_top):
            hit["best_sentence"] = best_sentence(
                r["text"], lists.qs, index.sentence_vectors, index.sentence_offsets, i
            )
        if why:
            t = lists.terms
            why_ = explain(model, evidence[i], probs[i], best, relevant, gate)
            hit["why"] = why_ | {"key": t.key, "longest": t.longest, "phrases": list(t.phrases)}
        hits.append(hit)
        if len(hits) >= top:
            break
    return hits
