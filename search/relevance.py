"""Whether a hit is about the query at all, judged per query from evidence, so that search can
say when nothing fits and counts, facets and case books are not padded.

The evidence for one hit (``features``): how much of the query it holds (its units weighted by
rarity; the key unit whole, or only in part: 第一书记 or 书记 for 驻村第一书记), its BM25 scores
against the query's best, its dense score as it is and against the query's own candidates (the
best, the mean and spread), where the lexical and dense sides rank it and whether they agree,
and how much of the query the corpus knows at all (an off-topic query's words are mostly
unknown or common). A logistic model per encoder (``models/relevance/<encoder>.json``, fitted by
benchmarks/train_relevance.py from the labelled queries' dev split, its card beside it) turns the
evidence into a probability; a hit is relevant at or above the model's threshold. An encoder with
no fitted model (hash, st:, onnx:) is judged by the words alone: more than half of the query's
content words."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from casegraph.core.linear import LinearModel, load_model

from .terms import QueryTerms

MIN_COVERAGE = 0.5  # the rule without a model: more than half of the query's content words
FEATURES = (
    "coverage",
    "words_share",
    "key_whole",
    "key_part",
    "words_rel",
    "bigrams_rel",
    "dense",
    "dense_gap",
    "dense_z",
    "dense_best",
    "lex_rank",
    "dense_rank",
    "agree",
    "known",
)


def model_path(floor_key: str) -> Path:
    name = floor_key.replace(":", "_").replace("+", "__")
    return Path(str(resources.files("casegraph.search.models") / "relevance" / f"{name}.json"))


def relevance_model(floor_key: str) -> LinearModel | None:
    p = model_path(floor_key)
    return load_model(str(p)) if p.exists() else None


def dense_score(
    i: int, qv: np.ndarray, vectors, sentence_vectors, offsets, mix: float, qs=None
) -> float:
    """Passage ``i``'s mixed dense score (``qs``: the query in the sentence vectors' space)."""
    qs = qv if qs is None else qs
    own = float(np.asarray(vectors[i]) @ qv)
    a, b = int(offsets[i]), int(offsets[i + 1])
    best = max(own, float(np.max(np.asarray(sentence_vectors[a:b]) @ qs))) if b > a else own
    return (1 - mix) * own + mix * best


def idf(n_docs: int, df: int) -> float:
    return math.log(1 + n_docs / (1 + df))


def longest_part(unit: str, text: str) -> int:
    """Characters of the longest piece of ``unit`` (two or more) that ``text`` holds."""
    for size in range(len(unit), 1, -1):
        if any(unit[i : i + size] in text for i in range(len(unit) - size + 1)):
            return size
    return 0


@dataclass
class Candidates:
    """What the ranking knows about the query's candidate passages (rows of the index)."""

    terms: QueryTerms
    n_docs: int
    words: dict[int, float]  # row -> BM25 over words (phrase-aware)
    bigrams: dict[int, float]
    lex_rank: dict[int, int]  # row -> rank in the fused lexical lists (0 = first)
    dense: dict[int, float]  # row -> mixed dense score (empty without a dense side)
    dense_rank: dict[int, int]

    def query_level(self) -> dict[str, float]:
        t = self.terms
        weights = {u: idf(self.n_docs, t.df.get(u, 0)) for u in t.units}
        total = sum(weights.values())
        known = sum(w for u, w in weights.items() if t.df.get(u)) / total if total else 0.0
        vals = np.array(list(self.dense.values()), np.float64)
        best = float(vals.max()) if len(vals) else 0.0
        return {
            "known": known,
            "dense_best": best,
            "_mean": float(vals.mean()) if len(vals) else 0.0,
            "_std": float(vals.std()) + 1e-6 if len(vals) else 1.0,
            "_weights": weights,
            "_total": total,
            "_words_max": max(self.words.values(), default=0.0) or 1.0,
            "_bigrams_max": max(self.bigrams.values(), default=0.0) or 1.0,
        }


def features(i: int, text: str, c: Candidates, q: dict) -> dict[str, float]:
    """The evidence for passage row ``i`` (``q``: ``c.query_level()``, computed once)."""
    t = c.terms
    text = text.lower()
    held = sum(w for u, w in q["_weights"].items() if u in text)
    key_whole = float(t.key is not None and t.key in text)
    key_part = longest_part(t.key, text) / len(t.key) if t.key and not key_whole else 0.0
    n = max(len(c.lex_rank), len(c.dense_rank), 1)
    lr, dr = c.lex_rank.get(i), c.dense_rank.get(i)
    f = {
        "coverage": held / q["_total"] if q["_total"] else 0.0,
        "words_share": sum(w in text for w in t.terms) / len(t.terms) if t.terms else 0.0,
        "key_whole": key_whole,
        "key_part": key_part,
        "words_rel": c.words.get(i, 0.0) / q["_words_max"],
        "bigrams_rel": c.bigrams.get(i, 0.0) / q["_bigrams_max"],
        "lex_rank": math.log1p(n if lr is None else lr),
        "dense_rank": math.log1p(n if dr is None else dr),
        "agree": float(lr is not None and dr is not None and lr < 10 and dr < 10),
        "known": q["known"],
    }
    if c.dense:
        d = c.dense.get(i, q["_mean"])
        f |= {
            "dense": d,
            "dense_gap": d - q["dense_best"],
            "dense_z": (d - q["_mean"]) / q["_std"],
            "dense_best": q["dense_best"],
        }
    return f


def judge(model: LinearModel | None, feats: dict[str, float]) -> tuple[bool, float]:
    """-> (relevant, probability); without a model the words decide (probability = coverage)."""
    if model is None:
        return feats["words_share"] > MIN_COVERAGE, feats["words_share"]
    p = model.predict_proba(feats)["relevant"]
    return p >= model.spec["card"]["threshold"], p


def explain(model: LinearModel | None, feats: dict[str, float], p: float) -> dict:
    """Why a hit passed (or not): its probability, the evidence and what weighed most."""
    out = {"probability": round(p, 4), "evidence": {k: round(v, 4) for k, v in feats.items()}}
    out["relevant"] = judge(model, feats)[0]
    if model is None:
        out["rule"] = "查询词过半（这个编码器没有拟合的相关性模型）"
    else:
        out["threshold"] = model.spec["card"]["threshold"]
        out["weighed"] = [(k, round(v, 3)) for k, v in model.explain(feats, "relevant", k=4)]
    return out


def describe(why: dict) -> str:
    """One line a reader can check: the decision, and the evidence behind it."""
    e = why["evidence"]
    verdict = "相关" if why.get("relevant") else "不相关"
    if "threshold" in why:
        head = f"{verdict}：概率 {why['probability']:.2f}（阈值 {why['threshold']:.2f}）"
    else:
        head = f"{verdict}：{why['rule']}（{e['words_share']:.0%}）"
    parts = [head]
    if why.get("key"):
        whole = "完整出现" if e["key_whole"] else f"只出现一部分（{e['key_part']:.0%}）"
        parts.append(f"关键词「{why['key']}」{whole}")
    parts.append(f"查询词覆盖 {e['coverage']:.0%}")
    if "dense" in e:
        parts.append(f"语义相似 {e['dense']:.3f}（本次最高 {e['dense_best']:.3f}）")
    if why.get("weighed"):
        parts.append("主要依据 " + ", ".join(f"{k} {v:+.2f}" for k, v in why["weighed"]))
    return "；".join(parts)
