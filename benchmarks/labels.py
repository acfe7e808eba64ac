"""Indicator labels on held-out news: extracts the rural-news items [A, B) of
../shared/data/xwlb.jsonl (those mentioning 乡村 or 党建) and prints 50 non-empty labels drawn at
random, with the figure and its context, for a person to judge; plus how many labels are empty.

    .venv/bin/python benchmarks/labels.py 800 1000"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import json  # noqa: E402
import pathlib  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402

from casegraph.ingest import read_path  # noqa: E402
from casegraph.kg.extract.facts import extract  # noqa: E402

recs = []
for line in open(
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "xwlb.jsonl",
    encoding="utf-8",
):
    r = json.loads(line)
    if "乡村" in r["content"] or "党建" in r["content"]:
        recs.append(line)
a, b = map(int, sys.argv[1:3])
recs = recs[a:b]
with tempfile.TemporaryDirectory() as tmp:
    p = pathlib.Path(tmp) / "x.jsonl"
    p.write_text("".join(recs), encoding="utf-8")
    arts = [a for a in read_path(p) if hasattr(a, "passages")]
rows = []
for a in arts:
    for o in extract(a).outcomes:
        rows.append((o.quantity.indicator, o.quantity.surface, o.sentence.text))
random.seed(7)
ne = [r for r in rows if r[0]]
print(len(rows), "labels;", len(ne), "non-empty")
for i, (lab, surf, sent) in enumerate(random.sample(ne, 50)):
    k = sent.find(surf)
    print(i, lab, "|", surf, "|", sent[max(0, k - 30) : k + len(surf) + 12])
