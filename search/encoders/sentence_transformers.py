"""``st:<model id or path>``: any sentence-transformers model, on the CPU (optional extra `st`).

e5 models get their ``query: `` / ``passage: `` prefixes; BGE Chinese models their query
instruction. Nothing is downloaded when the model is a local path or already cached."""

from __future__ import annotations

import numpy as np

from .base import Encoder, normalize_rows

_BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："


class SentenceTransformerEncoder(Encoder):
    def __init__(self, model: str, threads: int | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - depends on the optional extra
            raise RuntimeError(
                "st: encoders need the optional extra: pip install -e '.[st]'"
            ) from e
        if threads:
            import torch

            torch.set_num_threads(threads)
        self.model_id = model
        self.name = f"st:{model}"
        from importlib.metadata import version

        self.version = version("sentence-transformers")
        self._model = SentenceTransformer(model, device="cpu")
        dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dim())
        low = model.lower()
        self._qp, self._pp = ("query: ", "passage: ") if "e5" in low else ("", "")
        if "bge" in low and "zh" in low:
            self._qp = _BGE_ZH_QUERY

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalize_rows(
            self._model.encode(
                texts,
                batch_size=32,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        )

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._pp + t for t in texts])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._qp + t for t in texts])
