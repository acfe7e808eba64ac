"""Furniture left in passages and headings on dev, held out: the line model (ingest/lines.py) is
fitted again without each fifth of the dev articles (folds by article, as
benchmarks/train_lines.py cross-validates), and the whole reader and extractor then score that
fifth with field_score.py's count. The dev figure of field_score.py itself is in sample (the
shipped model has seen those lines); this is the one to read beside test's.

    .venv/bin/python benchmarks/furniture_heldout.py [-v]"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import field_score
import train_lines as tl
from field_text import ROOT

sys.path.insert(0, str(ROOT))

from casegraph.core import linear  # noqa: E402
from casegraph.ingest import lines  # noqa: E402

KINDS = ("byline", "caption", "nav", "spam", "subtitle")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true", help="print each furniture line left")
    a = ap.parse_args()
    X, y, groups = tl.examples("dev")
    total: Counter = Counter()
    shipped = lines.MODEL
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for k, (held, vec, clf) in enumerate(tl.fold_models(X, y, groups)):
                lines.MODEL = Path(tmp) / f"fold{k}.json"
                tl.write(vec, clf, len(y), len(set(groups)) - len(held), lines.MODEL)
                linear.load_model.cache_clear()
                for aid in sorted(held):
                    r = field_score.score(aid)
                    total.update({key: r[key] for key in ("furn_left", "furn_total")})
                    total.update({kind: r.get("left_" + kind, 0) for kind in KINDS})
                    if a.v:
                        for p in r["problems"]:
                            if " left" in p:
                                print(f"{aid}: {p}")
        finally:
            lines.MODEL = shipped
            linear.load_model.cache_clear()
    kinds = ", ".join(f"{kind} {total[kind]}" for kind in KINDS)
    print(
        f"dev, line model held out (5 folds by article): furniture lines left in passages or "
        f"headings {total['furn_left']}/{total['furn_total']} ({kinds})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
