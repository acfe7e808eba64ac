"""The Encoder interface: L2-normalized float32 vectors, separate query and passage roles."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Encoder(ABC):
    name: str
    dim: int
    version: str = "1"  # what produced the vectors: a new version must not reuse cached vectors

    @property
    def cache_id(self) -> str:
        """The vector cache's key for this encoder: its name and version."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, rows L2-normalized."""

    @abstractmethod
    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, rows L2-normalized."""

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode_queries([text])[0]

    def sentence_encoder(self) -> Encoder:
        """What embeds a passage's sentences (search/sentences.py): the encoder itself, unless a
        cheaper one keeps the quality (an ONNX model's static token table, encoders/static.py)."""
        return self


def normalize_rows(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.maximum(norms, 1e-12)
