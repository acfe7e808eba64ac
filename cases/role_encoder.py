"""The sentence encoder of the role model: the shipped bge-small-zh with low-rank updates fitted
together with the role model on the field gold's dev sentences (benchmarks/train_roles.py,
cases/data/role_lora.npz: 0.3 M numbers beside the encoder's 24 M), merged as core/lora.py
merges them. A sentence is read as its first token's and its mean token vector (1,024 numbers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from casegraph.core.lora import pooled_each

LORA = Path(__file__).parent / "data" / "role_lora.npz"
MAX_TOKENS = 96  # what the model was fitted on; role sentences are rarely longer


def available() -> bool:
    return LORA.exists()


def pooled(texts: list[str]) -> np.ndarray:
    """Each text's first-token and mean token vectors, side by side: shape (len(texts), 1024);
    each text read alone (core/lora.py pooled_each: the same vector whatever else is read, kept
    for the next card; role accuracy 0.895 dev / 0.735 test against 0.892 / 0.733 in batches)."""
    return pooled_each(LORA, MAX_TOKENS, texts)
