"""Whether a hit is about the query at all, judged per query from evidence, so that search can
say when nothing fits and counts, facets and case books are not padded.

The evidence for one hit (``features``): how much of the query it holds (its units weighted by
rarity; the key unit, the rarest, and the longest, each whole or only in part: 第一书记 or 书记
for 驻村第一书记), its BM25 scores
against the query's best, its dense score as it is and against the query's own candidates (the
best, the mean and spread), where the lexical and dense sides rank it and whether they agree,
how close the query is to the corpus as a whole (its similarity to the mean passage vector: an
off-topic query is far from everything), and how much of the query the corpus knows at all (an off-topic query's words are mostly
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
# a query every unit of which the corpus holds, the rarest in at least this share of the passages,
# is about the corpus whatever the gate says (合作社 alone is far from any passage to the dense
# side); every off-topic query of the dev split and of the seeds' calibration list has a unit
# found in no passage
KNOWN_SHARE = 0.01
FEATURES = (
    "coverage",
    "coverage_rel",
    "coverage_best",
    "words_share",
    "key_whole",
    "key_part",
    "key_missing",
    "long_whole",
    "long_part",
    "long_missing",
    "words_rel",
    "bigrams_rel",
    "dense",
    "dense_gap",
    "dense_z",
    "dense_best",
    "best_z",
    "domain",
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
    texts: dict[int, str]  # row -> passage text, for every candidate
    words: dict[int, float]  # row -> BM25 over words (phrase-aware)
    bigrams: dict[int, float]
    lex_rank: dict[int, int]  # row -> rank in the fused lexical lists (0 = first)
    dense: dict[int, float]  # row -> mixed dense score (empty without a dense side)
    dense_rank: dict[int, int]
    domain: float | None = None  # the query's similarity to the mean passage vector

    def evidence(self) -> dict[int, dict[str, float]]:
        """The features of every candidate, each against the query's own candidates."""
        t = self.terms
        weights = {u: idf(self.n_docs, t.df.get(u, 0)) for u in t.units}
        total = sum(weights.values()) or 1.0
        known = sum(w for u, w in weights.items() if t.df.get(u)) / total
        rarest = min((t.df.get(u, 0) for u in t.units), default=0) / max(self.n_docs, 1)
        texts = {i: x.lower() for i, x in self.texts.items()}
        cover = {i: sum(w for u, w in weights.items() if u in x) / total for i, x in texts.items()}
        best_cover = max(cover.values(), default=0.0) or 1.0
        vals = np.array(list(self.dense.values()), np.float64)
        best = float(vals.max()) if len(vals) else 0.0
        mean, std = (float(vals.mean()), float(vals.std()) + 1e-6) if len(vals) else (0.0, 1.0)
        wmax = max(self.words.values(), default=0.0) or 1.0
        bmax = max(self.bigrams.values(), default=0.0) or 1.0
        n = max(len(self.lex_rank), len(self.dense_rank), 1)
        key_share = weights.get(t.key, 0.0) / total if t.key else 0.0
        long_share = weights.get(t.longest, 0.0) / total if t.longest else 0.0
        out = {}
        for i, x in texts.items():
            whole = float(t.key is not None and t.key in x)
            long_whole = float(t.longest is not None and t.longest in x)
            lr, dr = self.lex_rank.get(i), self.dense_rank.get(i)
            f = {
                "coverage": cover[i],
                "coverage_rel": cover[i] / best_cover,
                "coverage_best": best_cover,
                "words_share": sum(w in x for w in t.terms) / len(t.terms) if t.terms else 0.0,
                "key_whole": whole,
                "key_part": longest_part(t.key, x) / len(t.key) if t.key and not whole else 0.0,
                "key_missing": key_share * (1 - whole),
                "long_whole": long_whole,
                "long_missing": long_share * (1 - long_whole),
                "long_part": (
                    longest_part(t.longest, x) / len(t.longest)
                    if t.longest and not long_whole
                    else 0.0
                ),
                "words_rel": self.words.get(i, 0.0) / wmax,
                "bigrams_rel": self.bigrams.get(i, 0.0) / bmax,
                "lex_rank": math.log1p(n if lr is None else lr),
                "dense_rank": math.log1p(n if dr is None else dr),
                "agree": float(lr is not None and dr is not None and lr < 10 and dr < 10),
                "known": known,
                "rarest_share": rarest,
            }
            if self.dense:
                d = self.dense.get(i, mean)
                f |= {
                    "dense": d,
                    "dense_gap": d - best,
                    "dense_z": (d - mean) / std,
                    "dense_best": best,
                    "best_z": (best - mean) / std,
                    "domain": self.domain or 0.0,
                }
            out[i] = f
        return out


def probabilities(model: LinearModel | None, ev: dict[int, dict]) -> dict[int, float]:
    """The model's probability per candidate; without a model, the share of the query's words."""
    if model is None:
        return {i: f["words_share"] for i, f in ev.items()}
    return {i: model.predict_proba(f)["relevant"] for i, f in ev.items()}


GATE_FEATURES = ("domain", "dense_best", "coverage_best")


def gate_score(model: LinearModel, evidence: dict[int, dict]) -> float | None:
    """The query's score for being about anything the corpus holds at all, from its closeness to
    the corpus, its best dense match and its best lexical cover (the same for every candidate)."""
    if not evidence:
        return None
    g = model.spec["card"]["gate"]
    f = next(iter(evidence.values()))
    terms = zip(g["features"], g["coef"], strict=True)
    return float(sum(c * f.get(n, 0.0) for n, c in terms) + g["intercept"])


def decide(
    model: LinearModel | None, probs: dict[int, float], evidence=None, order=()
) -> dict[int, bool]:
    """No hit of a query that fails the gate (an off-topic query) is relevant, unless the corpus
    holds every unit of the query, the rarest in KNOWN_SHARE of the passages. Of the others, a
    hit is relevant when its probability reaches the floor and either it is among the first
    ``head`` of the ranking (``order``: rows best first) holding at least ``head_cover`` of what
    the best-covering candidate holds of the query or ranked among the first ``head_dense`` by
    the dense side alone (a paraphrase shares no word with the query), or its probability is
    within ``ratio`` of the query's best. Without a model: more than half of the query's words."""
    if model is None:
        return {i: p > MIN_COVERAGE for i, p in probs.items()}
    c = model.spec["card"]
    g = gate_score(model, evidence or {})
    held = evidence and next(iter(evidence.values())).get("rarest_share", 0.0) >= KNOWN_SHARE
    if g is None or (g < c["gate"]["threshold"] and not held):
        return dict.fromkeys(probs, False)
    best = max(probs.values(), default=0.0)
    head = {
        i
        for i in list(order)[: c["head"]]
        if evidence[i]["coverage_rel"] >= c.get("head_cover", 0.0)
        or evidence[i].get("dense_rank", math.inf) < math.log1p(c.get("head_dense", 0))
    }
    return {i: p >= c["floor"] and (i in head or p >= c["ratio"] * best) for i, p in probs.items()}


def floor_rule(floor: float, band: float):
    """The cut-off the model replaced, as a ``decide``: a dense score at the encoder's floor and
    within ``band`` of the query's best, or more than half of the query's words (for the
    ablation in benchmarks/train_relevance.py)."""

    def rule(model, probs, evidence, order=()):
        return {
            i: (f.get("dense", -1.0) >= floor and f.get("dense", -1.0) >= f["dense_best"] - band)
            or f["words_share"] > MIN_COVERAGE
            for i, f in evidence.items()
        }

    return rule


def explain(
    model: LinearModel | None, feats: dict, p: float, best: float, relevant: bool, gate=None
) -> dict:
    """Why a hit passed (or not): its probability against the thresholds, the evidence and
    what weighed most."""
    out = {"relevant": relevant, "probability": round(p, 4), "query_best": round(best, 4)}
    out["evidence"] = {k: round(v, 4) for k, v in feats.items()}
    if model is None:
        out["rule"] = "查询词过半（这个编码器没有拟合的相关性模型）"
    else:
        c = model.spec["card"]
        keys = ("floor", "ratio", "head", "head_cover", "head_dense")
        out["thresholds"] = {k: c.get(k, 0.0) for k in keys}
        out["thresholds"]["gate"] = c["gate"]["threshold"]
        out["gate"] = None if gate is None else round(gate, 4)
        out["weighed"] = [(k, round(v, 3)) for k, v in model.explain(feats, "relevant", k=4)]
    return out


def describe(why: dict) -> str:
    """One line a reader can check: the decision, and the evidence behind it."""
    e = why["evidence"]
    verdict = "相关" if why.get("relevant") else "不相关"
    if "thresholds" in why:
        t = why["thresholds"]
        held = e.get("rarest_share", 0.0) >= KNOWN_SHARE
        if why["gate"] is not None and why["gate"] < t["gate"] and not held:
            head = f"{verdict}：整个查询离语料太远（得分 {why['gate']:.2f}，须达 {t['gate']:.2f}）"
        else:
            head = (
                f"{verdict}：概率 {why['probability']:.2f}（本次最高 {why['query_best']:.2f}；"
                f"至少 {t['floor']:.2f}，且在前 {t['head']} 名或不低于最高的 {t['ratio']:.0%}）"
            )
    else:
        head = f"{verdict}：{why.get('rule', '规则判断')}"
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
