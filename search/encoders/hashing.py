"""``hash``: a tiny deterministic encoder (character bigrams hashed into 256 dimensions).

For tests of index mechanics and for machines where speed matters more than meaning; it has no
notion of synonyms, so it is never the default."""

from __future__ import annotations

import hashlib

import numpy as np

from .base import Encoder, normalize_rows


class HashEncoder(Encoder):
    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        chars = [c for c in text if not c.isspace()]
        for a, b in zip(chars, chars[1:] + [""], strict=True):
            h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0 if h & 1 << 31 else -1.0
        return v

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalize_rows(np.stack([self._one(t) for t in texts]))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encode_passages(texts)
