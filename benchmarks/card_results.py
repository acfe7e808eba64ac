"""Fits the threshold of cases/related.py, whether a result read after a unit is about its practice,
on the dev results read by hand (tests/data/card_results.json) and writes cases/data/related.json.

Labels: results that cards of dev articles quoted from after their unit (the card's unit reports
none of its own), each read beside the card's title and 做法 and marked `about` (a result of this
practice in this place) or `other` (another practice's, another place's, one person's lot, not a
result). A result is stored by its article, the first six characters and the length of the card's
first 做法 sentence and of the result, never their text.

The dev cards are built with every such result let through; each labelled result a card reads is
given its closeness to the card's deeds. Printed: how many labels are read, the area under the ROC
curve, and for each threshold the results kept; chosen: the highest threshold that keeps 95% of
the results labelled `about`. There are no test labels: the test cards are read by hand.

    .venv/bin/python benchmarks/card_results.py [--instance DIR] [--check]"""

from __future__ import annotations

import argparse
import json
import sys

from field_cards import cards_of
from field_text import ROOT
from train_cases import field_instance

sys.path.insert(0, str(ROOT))

import casegraph.cases.related as related  # noqa: E402

LABELS = ROOT / "tests" / "data" / "card_results.json"
KEEP_ABOUT = 0.95


def scored(inst, ids) -> list[tuple[float, bool]]:
    """(closeness, labelled about) of each labelled result the dev cards read."""
    seen: dict[str, list[tuple[str, float]]] = {}
    real = related.Related.__call__

    def record(self, text):
        seen.setdefault(self.deeds, []).append((text, self.closeness(text)))
        return real(self, text)

    related.Related.__call__ = record
    related.threshold = lambda: -2.0  # every result through
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["results"]
    want = {(r["id"], r["practice_m"], r["practice_len"], r["m"], r["len"]): r for r in rows}
    out, found = [], set()
    for gid, c in cards_of(inst, ids, "dev"):
        if not c.practice:
            continue
        first = c.practice[0].text
        mine = next(
            (v for d, v in seen.items() if d.endswith("".join(q.text for q in c.practice))), []
        )
        for text, score in mine:
            k = (gid, first[:6], len(first), text[:6], len(text))
            if k in want and k not in found:
                found.add(k)
                out.append((score, want[k]["label"] == "about"))
    print(f"{len(out)} of {len(rows)} labelled results read by the dev cards")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", help="reuse a built instance (its id map beside it)")
    ap.add_argument("--check", action="store_true", help="refit and compare, write nothing")
    a = ap.parse_args()
    from sklearn.metrics import roc_auc_score

    inst, ids = field_instance(a.instance)
    pairs = scored(inst, ids)
    y = [about for _, about in pairs]
    print(
        f"about {sum(y)}, other {len(y) - sum(y)}; ROC AUC {roc_auc_score(y, [s for s, _ in pairs]):.3f}"
    )
    chosen = None
    for t in [x / 100 for x in range(40, 66)]:
        kept = [about for s, about in pairs if s >= t]
        share = sum(kept) / max(sum(y), 1)
        print(
            f"  >= {t:.2f}: kept {len(kept)}, about {sum(kept)} ({share:.2f} of them), other {len(kept) - sum(kept)}"
        )
        if share >= KEEP_ABOUT:
            chosen = t
    print(f"chosen threshold {chosen}")
    card = {"threshold": chosen, "labels": len(pairs), "script": "benchmarks/card_results.py"}
    old = json.loads(related.SETTINGS.read_text(encoding="utf-8"))
    if a.check:
        same = old.get("threshold") == chosen
        print("same as shipped" if same else f"shipped {old.get('threshold')}, refit {chosen}")
        return 0 if same else 1
    related.SETTINGS.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {related.SETTINGS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
