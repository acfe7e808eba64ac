"""Draws a new batch of the field gold: ``--n`` People's Daily articles of
../shared/data/rmrb-rural.jsonl not yet in tests/data/field/index.json and at most 4,000
characters long, drawn at random whatever their kind; the first two thirds of the draw are dev, the
rest test. The split is appended to the index before any label is written (docs/labelling.md).

    .venv/bin/python benchmarks/field_draw.py --seed 1207 --n 60 [--dry-run]"""

from __future__ import annotations

import argparse
import json
import random
import sys

from field_text import FIELD, index, rmrb_records

LONGEST = 4000  # characters: longer articles take a labeller more than an hour


def draw(seed: int, n: int) -> list[dict]:
    have = {a["id"] for a in index()}
    recs = rmrb_records().values()
    pool = sorted(r["id"] for r in recs if r["id"] not in have and len(r["content"]) <= LONGEST)
    chosen = random.Random(seed).sample(pool, n)
    dev = round(n * 2 / 3)
    return [
        {"id": a, "source": "rmrb-rural", "group": "random", "split": "dev" if i < dev else "test"}
        for i, a in enumerate(chosen)
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()
    batch = draw(a.seed, a.n)
    if a.dry_run:
        print(json.dumps(batch, ensure_ascii=False, indent=1))
        return 0
    path = FIELD / "index.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["articles"].extend(batch)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    dev = sum(b["split"] == "dev" for b in batch)
    print(f"{len(batch)} articles appended to {path}: {dev} dev, {len(batch) - dev} test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
