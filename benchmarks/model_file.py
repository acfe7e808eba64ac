"""Writing a fitted binary model where the project reads it, or, with --check, refitting it into a
scratch file and comparing it byte for byte with the committed one (the training scripts'
reproducibility check)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casegraph.core.linear import save_model  # noqa: E402


def save_or_check(model: Path, check: bool, name: str, vec, clf, card: dict) -> int | None:
    """Saves a scikit-learn binary classifier ``clf`` over ``vec``'s features at ``model``; with
    ``check``, saves it to a scratch file instead and returns 0 when it is the committed file byte
    for byte, else 1 (saying which). Returns None after writing."""
    import numpy as np

    out = Path(tempfile.mkdtemp()) / "m.json" if check else model
    names = vec.get_feature_names_out()
    save_model(out, name, ["0", "1"], names, np.asarray(clf.coef_).T, clf.intercept_, card)
    if not check:
        return None
    same = out.read_bytes() == model.read_bytes()
    print("the committed model is reproduced byte for byte" if same else "MODEL DIFFERS")
    return 0 if same else 1
