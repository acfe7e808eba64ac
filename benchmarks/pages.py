"""Ingestion and extraction on the messy pages of tests/data/pages/ (page-like texts written for
the set, and real items read from ../shared/data): titles, dates, subject regions, quantities,
junk labels, furniture left in the text. Prints one line per page that is wrong somewhere, then
the totals.

    .venv/bin/python benchmarks/pages.py [--all]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages_eval import evaluate_pages, totals  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true", help="print every page, not only wrong ones")
    a = ap.parse_args()
    res = evaluate_pages(
        ROOT / "tests" / "data" / "pages" / "gold.json", ROOT.parent / "shared" / "data"
    )
    for name, r in res.items():
        if r is None:
            print(f"{name}: skipped (../shared/data not present)")
            continue
        problems = []
        if not r["title_ok"]:
            problems.append(f"title {r['title']!r}")
        if not r["date_ok"]:
            problems.append(f"date {r['date']}")
        if not r["primary_ok"]:
            problems.append(f"primary {r['primary']}")
        if r["wrong_regions"]:
            problems.append(f"wrong regions {r['wrong_regions']}")
        if r["quantities_missing"]:
            problems.append(f"missing {r['quantities_missing']}")
        if r["kinds_wrong"]:
            problems.append(f"kinds {r['kinds_wrong']}")
        if r["junk_labels"]:
            problems.append(f"junk labels {r['junk_labels']}")
        if r["furniture_left"]:
            problems.append(f"furniture {r['furniture_left']}")
        if problems or a.all:
            print(f"{name}:\n  " + "\n  ".join(problems or ["ok"]))
    t = totals(res)
    print(
        f"\n{t['pages']} pages ({t['skipped']} skipped): titles {t['titles']}/{t['pages']}, "
        f"dates {t['dates']}/{t['pages']}, primary region {t['primary']}/{t['pages']}, "
        f"wrong regions {t['wrong_regions']}, quantity recall {t['quantity_recall']:.3f}, "
        f"kinds right {t['kinds_right']:.3f}, junk labels {t['junk_labels']}/{t['labels']}, "
        f"pages with furniture {t['furniture_pages']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
