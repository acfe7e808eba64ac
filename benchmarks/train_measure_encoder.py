"""Fits the practice-clause encoder (kg/extract/clause_encoder.py): the shipped bge-small-zh with
low-rank updates (benchmarks/role_finetune.py) and a linear layer over its vectors of a clause's
text and the clause's own features (those of kg/extract/clauses.py without its characters and
character pairs). It reads only the clauses the character model (train_measures.py) gives at
least GATE, and its thresholds decide which of them are measures.

The dev figures are held out (five folds by article, the character model's gate held out too);
the thresholds are chosen as train_measures.py chooses its own (``choose_thresholds``). Writes
kg/data/measure_encoder.json (the linear layer, the gate, the thresholds) and
kg/data/measure_lora.npz (the updates). About 30 minutes on two cores; needs torch. Test is scored
through the extraction: benchmarks/field_score.py --split test (--no-encoder for the ablation).

    .venv/bin/python benchmarks/train_measure_encoder.py"""

from __future__ import annotations

import argparse
import sys

import train_measures as tm
from field_text import ROOT
from train_roles import dense, tokens

sys.path.insert(0, str(ROOT))

from casegraph.core.linear import save_model  # noqa: E402
from casegraph.kg.extract import clause_encoder as ce  # noqa: E402


def _features(rows) -> list[dict]:
    return [ce.own_features(f) for r in rows for _, f in r["cands"]]


def _tokens(rows) -> list[list[int]]:
    return tokens([c.text for r in rows for c, _ in r["cands"]], ce.MAX_TOKENS)


def _split(rows, flat):
    out, i = {}, 0
    for r in rows:
        out[r["id"]] = flat[i : i + len(r["cands"])]
        i += len(r["cands"])
    return out


def _gated(enc: dict, chars: dict, gate: float) -> dict:
    import numpy as np

    return {k: np.where(chars[k] >= gate, enc[k], 0.0) for k in enc}


def main() -> int:
    import numpy as np
    import role_finetune as ft

    from casegraph.core.models import shipped_model

    argparse.ArgumentParser(description=__doc__).parse_args()
    dev, seeds = tm.field_rows("dev"), tm.seed_rows()
    names = sorted({k for f in _features(dev + seeds) for k in f})
    weights = ft.base_weights(shipped_model() / "onnx" / "model_quantized.onnx")
    rp, _ = tm.pr(dev, lambda r: [(s, e) for s, e, _ in r["rules"]])
    chars = tm.held_out(dev, seeds)
    ids = sorted(r["id"] for r in dev)
    enc: dict = {}
    for k in range(5):
        held = set(ids[k::5])
        train = [r for r in dev if r["id"] not in held] + seeds
        te = [r for r in dev if r["id"] in held]
        y = np.array([v for r in train for v in r["y"]], dtype=np.int64)
        m = ft.fit(weights, _tokens(train), dense(_features(train), names)[1], y, 2)
        enc |= _split(te, ft.predict(m, _tokens(te), dense(_features(te), names)[1])[:, 1])
        print(f"fold {k + 1} of 5 done", flush=True)
    curve = tm.curve_of(dev, _gated(enc, chars, ce.GATE))
    vec, clf = tm.fit(dev + seeds)
    y = np.array([v for r in dev + seeds for v in r["y"]], dtype=np.int64)
    m = ft.fit(weights, _tokens(dev + seeds), dense(_features(dev + seeds), names)[1], y, 2)
    seed_enc = _split(seeds, ft.predict(m, _tokens(seeds), dense(_features(seeds), names)[1])[:, 1])
    seed_p = _gated(seed_enc, tm.probabilities(vec, clf, seeds), ce.GATE)
    (chosen, keep_t, cp, cr), on_seeds, floor = tm.choose_thresholds(curve, seeds, seed_p, rp)
    print(
        f"chosen: rules kept at p>={keep_t}, clauses at p>={chosen} (dev, held out: precision "
        f"{cp:.3f} >= {floor:.3f}, recall {cr:.3f}; seeds' precision {on_seeds[(chosen, keep_t)]:.3f})"
    )
    card = {
        "predicts": "whether a clause names a practice the article reports as done",
        "trained_on": f"{len(dev)} dev articles of tests/data/field and the 5 seeds",
        "model": (
            f"linear layer over the fine-tuned encoder's first-token and mean vectors of the "
            f"clause (h:) and its features; encoder updates of rank {ft.RANK} in "
            f"{ce.LORA.name}; {ft.EPOCHS} epochs, AdamW, lr {ft.LR}"
        ),
        "gate": ce.GATE,
        "threshold": chosen,
        "keep_threshold": keep_t,
        "script": "benchmarks/train_measure_encoder.py",
    }
    head = m.head.weight.detach().numpy().astype(np.float64)
    save_model(
        ce.MODEL,
        "measure-encoder",
        ["0", "1"],
        [f"h:{i}" for i in range(1024)] + names,
        head.T,
        m.head.bias.detach().numpy(),
        card,
    )
    np.savez(ce.LORA, **{k: v.astype(np.float16) for k, v in ft.updates(m).items()})
    print(f"wrote {ce.MODEL.relative_to(ROOT)} and {ce.LORA.relative_to(ROOT)}")
    print("test: scored through the extraction, benchmarks/field_score.py --split test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
