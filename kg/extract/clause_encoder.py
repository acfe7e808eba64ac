"""The practice-clause encoder: the shipped bge-small-zh with low-rank updates fitted on the field
gold's dev clauses (core/lora.py; kg/data/measure_lora.npz) and a linear layer over its vectors of
a clause's text and the clause's features (kg/extract/clauses.py without its characters and
character pairs), fitted by benchmarks/train_measure_encoder.py.

It reads a clause the way a reader does, by its words in order, where the character model reads
a bag of characters; it is run only on the clauses the character model gives at least the gate
(about a fifth of them), because it costs about 1 ms a clause. It runs with the named-entity
model (kg/extract/ner.py ``ENABLED``), and is off in a build without it."""

from __future__ import annotations

import functools
from pathlib import Path

from casegraph.core.linear import LinearModel, model_at

MODEL = Path(__file__).parent.parent / "data" / "measure_encoder.json"
LORA = Path(__file__).parent.parent / "data" / "measure_lora.npz"
GATE = 0.2  # the character model's probability from which a clause is read by the encoder
MAX_TOKENS = 48  # clauses are short; what the model was fitted on
ENABLED = True


@functools.cache
def _model() -> LinearModel | None:
    return model_at(MODEL) if LORA.exists() else None


def model() -> LinearModel | None:
    """The fitted layer (its card holds the gate and the thresholds), or None when it is off."""
    from casegraph.kg.extract import ner

    return _model() if ENABLED and ner.ENABLED else None


def own_features(features: dict[str, float]) -> dict[str, float]:
    """The clause's features the encoder's layer reads: all but its characters and pairs, which
    the encoder reads from the text."""
    from casegraph.kg.extract.clauses import CHARACTERS

    return {k: v for k, v in features.items() if not k.startswith(CHARACTERS)}


@functools.cache
def _vector_weights() -> tuple:
    """The layer's weights of the encoder's 1,024 numbers, as one matrix (1,024 x classes), and
    the column of class "1"."""
    m = _model()
    rows = [m.features[f"h:{i}"] for i in range(1024)]
    return m.coef[rows], m.classes.index("1")


def probabilities(texts: list[str], features: list[dict[str, float]]) -> list[float]:
    """Each clause's probability of naming a practice reported as done."""
    import numpy as np

    from casegraph.core.lora import pooled

    m = model()
    if m is None or not texts:
        return [0.0] * len(texts)
    weights, col = _vector_weights()
    out = []
    for h, f in zip(pooled(LORA, MAX_TOKENS, texts) @ weights, features, strict=True):
        z = m.scores(own_features(f)) + h
        e = np.exp(z - z.max())
        out.append(float(e[col] / e.sum()))
    return out
