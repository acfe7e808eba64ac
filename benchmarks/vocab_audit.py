"""Where each vocabulary entry stands: for every label of kg/data/practices.tsv and every term of
core/data/domain_dict.txt, in how many documents of the field corpora (../shared/data: the
news items and the government work reports) and of the seed articles it occurs, and whether it
matches a development query or marker (no entry may come from those).

    .venv/bin/python benchmarks/vocab_audit.py"""

from __future__ import annotations

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
docs = []
for line in open(SHARED / "xwlb.jsonl", encoding="utf-8"):
    docs.append(re.sub(r"<[^>]+>", "", json.loads(line)["content"]))
for line in open(SHARED / "gov-reports" / "government_work_reports.jsonl", encoding="utf-8"):
    docs.append(json.loads(line).get("content") or "")
seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
dev = json.loads((ROOT.parent / "shared" / "eval" / "dev_queries.json").read_text(encoding="utf-8"))
dev_strings = [q["q"] for q in dev] + [m for q in dev for m in q["markers"]]


def df(term, corpus):
    return sum(1 for d in corpus if term in d)


def devhit(term):
    return [s for s in dev_strings if term in s or (len(s) >= 4 and s in term)]


print("== practices.tsv")
for line in open(ROOT / "kg" / "data" / "practices.tsv", encoding="utf-8"):
    if line.startswith("#"):
        continue
    slug, label, alts, pattern = line.rstrip("\n").split("\t")
    pieces = [label] + alts.split("|")
    for p in pieces:
        print(f"{slug:28s} {p:14s} field {df(p, docs):5d} seeds {df(p, seeds)} dev {devhit(p)}")
print("== domain_dict.txt")
for line in open(ROOT / "core" / "data" / "domain_dict.txt", encoding="utf-8"):
    t = line.split()[0] if line.strip() and not line.startswith("#") else None
    if not t:
        continue
    d = df(t, docs)
    h = devhit(t)
    if d == 0 or h:
        print(f"{t:14s} field {d:5d} seeds {df(t, seeds)} dev {h}")
