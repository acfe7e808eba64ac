"""A fitted linear classifier (multinomial logistic regression) read from a small JSON file: named
features in, class probabilities out, and the features that pushed a decision (for --explain).

Models are fitted by scikit-learn in the training scripts (benchmarks/train_*.py) and saved as
plain weights, so running them needs numpy only and no pickle of a library's objects."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np


class LinearModel:
    def __init__(self, spec: dict) -> None:
        self.name: str = spec["name"]
        self.classes: list[str] = spec["classes"]
        self.features: dict[str, int] = {f: i for i, f in enumerate(spec["features"])}
        self.names: list[str] = spec["features"]
        self.coef = np.asarray(spec["coef"], dtype=np.float64)  # features x classes
        self.intercept = np.asarray(spec["intercept"], dtype=np.float64)
        self.spec = spec
        # a binary model's weights by feature name: scoring a few dozen features in plain Python
        # is several times faster than a numpy round trip
        self._binary = (
            {f: float(w[0]) for f, w in zip(self.names, spec["coef"], strict=True)}
            if self.coef.shape[1] == 1
            else None
        )

    def _row(self, feats: dict[str, float]) -> tuple[list[int], list[float]]:
        idx, val = [], []
        for k, v in feats.items():
            i = self.features.get(k)
            if i is not None and v:
                idx.append(i)
                val.append(float(v))
        return idx, val

    def scores(self, feats: dict[str, float]) -> np.ndarray:
        idx, val = self._row(feats)
        z = self.intercept.copy()
        if idx:
            z += np.asarray(val) @ self.coef[idx]
        return z

    def predict_proba(self, feats: dict[str, float]) -> dict[str, float]:
        if self._binary is not None:
            w = self._binary
            z0 = float(self.intercept[0]) + sum(v * w[k] for k, v in feats.items() if k in w)
            p = 1.0 / (1.0 + math.exp(-max(min(z0, 60.0), -60.0)))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        z = self.scores(feats)
        if len(self.classes) == 2 and z.shape[0] == 1:  # binary: one column for classes[1]
            p = 1.0 / (1.0 + math.exp(-float(z[0])))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        e = np.exp(z - z.max())
        e /= e.sum()
        return dict(zip(self.classes, e.tolist(), strict=True))

    def predict(self, feats: dict[str, float]) -> str:
        p = self.predict_proba(feats)
        return max(p, key=p.get)

    def explain(self, feats: dict[str, float], cls: str, k: int = 5) -> list[tuple[str, float]]:
        """The k features that added most to ``cls``'s score."""
        col = 0 if self.coef.shape[1] == 1 else self.classes.index(cls)
        sign = -1.0 if self.coef.shape[1] == 1 and cls == self.classes[0] else 1.0
        idx, val = self._row(feats)
        parts = [
            (self.names[i], sign * v * float(self.coef[i, col]))
            for i, v in zip(idx, val, strict=False)
        ]
        return sorted(parts, key=lambda t: -t[1])[:k]


def save_model(path: Path, name: str, classes, features, coef, intercept, card: dict) -> None:
    """Weights rounded to 6 decimals, keys in a fixed order: the same fit gives the same bytes."""
    spec = {
        "name": name,
        "card": card,
        "classes": list(classes),
        "features": list(features),
        "intercept": [round(float(x), 6) for x in np.ravel(intercept)],
        "coef": [[round(float(x), 6) for x in row] for row in np.asarray(coef)],
    }
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


@functools.cache
def load_model(path: str) -> LinearModel:
    return LinearModel(json.loads(Path(path).read_text(encoding="utf-8")))


_FOUND: set[str] = set()


def model_at(path: Path) -> LinearModel | None:
    """The model in ``path``, or None while there is no such file; once found, the model is
    ``load_model``'s for the process and the disk is not asked again (extraction asks for
    every article)."""
    if str(path) in _FOUND or path.exists():
        _FOUND.add(str(path))
        return load_model(str(path))
    return None
