"""Precision and recall of extraction against the hand gold of the five seeds
(tests/data/seed_gold.json; how it was written is in its _comment).

.venv/bin/python benchmarks/extraction.py [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.evaluate import averaged, evaluate  # noqa: E402

KINDS = ("regions", "measures", "outcomes", "labels", "organizations")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args()
    res = evaluate(ROOT / "tests" / "data" / "seed_gold.json", ROOT / "corpus")
    print(f"{'article':28s} primary " + " ".join(f"{k:>13s}" for k in KINDS) + "  conditions")
    for name, r in res.items():
        cells = " ".join(f"{r[k][0]:6.2f}/{r[k][1]:<6.2f}" for k in KINDS)
        print(
            f"{name:28s} {'ok' if r['primary_ok'] else 'WRONG':7s} {cells}  {r['conditions']:.2f}"
        )
        if args.verbose:
            for k in (
                "regions_missing",
                "regions_extra",
                "measures_missing",
                "measures_wrong",
                "outcomes_missing",
                "labels_wrong",
                "conditions_wrong",
                "organizations_wrong",
                "gold_not_in_text",
            ):
                if r[k]:
                    print(f"    {k}: {r[k]}")
    cells = " ".join(f"{p:6.2f}/{rc:<6.2f}" for p, rc in (averaged(res, k) for k in KINDS))
    print(
        f"{'mean of the five':28s} {sum(r['primary_ok'] for r in res.values())}/{len(res):5d} {cells}"
    )
    print("(precision/recall; for labels: precision/coverage of the matched outcomes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
