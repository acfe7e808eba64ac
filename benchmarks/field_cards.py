"""Case cards of the field gold's articles, drawn at random for a person to read: an instance of
all labelled articles is built (as benchmarks/train_cases.py builds it) or reused, every practice
unit of the chosen split becomes a card as a theme book would show it (a local rural case that
names a deed, no sentence quoted twice), and ``--n`` of them are written as JSON with their gold
id, for reading beside `benchmarks/field_text.py ID`. Verdicts (good / borderline / bad, with the
kind of each fault) are counted by `--count FILE`, a JSON list with a "verdict" per card.

    .venv/bin/python benchmarks/field_cards.py --split dev|test [--n 20] [--seed 13]
        [--instance DIR] [-o cards.json]
    .venv/bin/python benchmarks/field_cards.py --count judged.json"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from field_text import ROOT, index
from train_cases import field_instance

sys.path.insert(0, str(ROOT))

from casegraph.cases.cards import build_card, distinct_cards  # noqa: E402
from casegraph.cases.is_case import shown  # noqa: E402
from casegraph.kg.graph.nodes import local  # noqa: E402
from casegraph.kg.store import GraphStore  # noqa: E402


def cards_of(inst: Path, ids: dict[str, str], split: str) -> list[tuple[str, object]]:
    want = {x["id"] for x in index() if x["split"] == split}
    store = GraphStore(inst)
    out = []
    for r in store.select("SELECT ?a ?u WHERE { ?a cg:practiceUnit ?u } ORDER BY ?a ?u"):
        gid = ids.get(local(r["a"]).split("/", 1)[1])
        if gid in want:
            c = build_card(store, local(r["u"]).split("/", 1)[1])
            if shown(c):
                out.append((gid, c))
    kept = {c.id for c in distinct_cards([c for _, c in out])}
    return [(g, c) for g, c in out if c.id in kept]


def count(path: Path) -> None:
    judged = json.loads(path.read_text(encoding="utf-8"))
    verdicts = Counter(x["verdict"] for x in judged)
    print(", ".join(f"{k} {verdicts[k]}" for k in ("good", "borderline", "bad")))
    faults = Counter(f["kind"] for x in judged for f in x.get("faults", []))
    for kind, n in faults.most_common():
        print(f"  {kind}: {n}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--instance", help="reuse a built instance (its id map beside it)")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--count", help="count the verdicts of a judged JSON file")
    a = ap.parse_args()
    if a.count:
        count(Path(a.count))
        return 0
    inst, ids = field_instance(a.instance)
    cards = cards_of(inst, ids, a.split)
    random.Random(a.seed).shuffle(cards)
    drawn = [c.to_json() | {"gold_id": g} for g, c in cards[: a.n]]
    text = json.dumps(drawn, ensure_ascii=False, indent=1)
    if a.out == "-":
        print(text)
    else:
        Path(a.out).write_text(text, encoding="utf-8")
    print(f"{len(cards)} cards of the {a.split} split; {len(drawn)} drawn", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
