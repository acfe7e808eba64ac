"""The shipped bge-small-zh-v1.5 (int8 ONNX, with its tokenizer, licence and checksums): the
search index's default encoder (search/encoders/onnx.py) and the base the fine-tuned clause and
sentence encoders update (kg/extract/clause_encoder.py, cases/role_encoder.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SHIPPED = "bge-small-zh-v1.5-int8"


def shipped_model() -> Path:
    return Path(str(resources.files("casegraph.core.models") / SHIPPED))
