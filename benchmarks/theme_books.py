"""Theme books as a training designer gets them from an instance (for the issue's figures, a hash
build of ../shared/data/rmrb-rural.jsonl): for each theme, the cards, the groups, the share under
"其他做法", the sentences quoted on two cards and the shortest card's longest 做法; with --draw N,
N distinct cards drawn at random from all the books (a card in two books once), written as JSON
for reading by hand (cards of the field gold's test articles are never drawn: those are read only
at the end of a change, by benchmarks/field_cards.py).

    .venv/bin/casegraph build ../shared/data/rmrb-rural.jsonl --instance DIR --encoder hash
    .venv/bin/python benchmarks/theme_books.py --instance DIR [--draw 10 --seed 777 -o cards.json]"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from casegraph.ingest.normalize import normalize_line

THEMES = ("组织振兴", "产业振兴", "人才振兴", "乡村治理")
BIN = Path(sys.executable).parent / "casegraph"


def book(instance: str, theme: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "book.json"
        cmd = [str(BIN), "export", "--theme", theme, "--format", "json", "-o", str(out)]
        subprocess.run([*cmd, "--instance", instance], check=True, capture_output=True)
        return json.loads(out.read_text(encoding="utf-8"))


def test_articles() -> set[tuple[str, str]]:
    """(title, date) of the People's Daily articles in the field gold's test split."""
    from field_text import index, rmrb_records

    test = {a["id"] for a in index() if a["split"] == "test"}
    # a card's title is the normalized one (full-width brackets: 探脱贫(人民眼…) -> 探脱贫（人民眼…）)
    return {
        (normalize_line(r["title"]), r["date"]) for aid, r in rmrb_records().items() if aid in test
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", required=True)
    ap.add_argument("--draw", type=int, default=0)
    ap.add_argument("--seed", type=int, default=777)
    ap.add_argument("-o", "--out", default="theme_cards.json")
    a = ap.parse_args()
    drawn = []
    for theme in THEMES:
        groups = book(a.instance, theme)["groups"]
        cards = [c | {"book": theme, "group": g["heading"]} for g in groups for c in g["cards"]]
        other = sum(len(g["cards"]) for g in groups if g["heading"] == "其他做法")
        quoted = Counter(
            q["text"]
            for c in cards
            for q in c["practice"] + c["results"] + ([c["background"]] if c["background"] else [])
        )
        shortest = min((max(len(q["text"]) for q in c["practice"]) for c in cards), default=0)
        print(
            f"{theme}: {len(cards)} cards, {len(groups)} groups, 其他做法 "
            f"{other / max(len(cards), 1):.2f}, sentences on two cards "
            f"{sum(n > 1 for n in quoted.values())}, shortest 做法 {shortest} characters"
        )
        drawn += cards
    if a.draw:
        sealed = test_articles()
        kept = [
            c
            for c in drawn
            if (normalize_line(c["source"]["title"]), c["source"]["date"]) not in sealed
        ]
        print(f"{len(drawn) - len(kept)} cards of test articles left out of the draw")
        # a card in two books is drawn once (the first book's)
        seen: set[str] = set()
        drawn = [c for c in kept if not (c["id"] in seen or seen.add(c["id"]))]
        random.Random(a.seed).shuffle(drawn)
        Path(a.out).write_text(json.dumps(drawn[: a.draw], ensure_ascii=False, indent=1), "utf-8")
        print(f"{a.draw} cards drawn -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
