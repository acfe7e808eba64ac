"""Checks the field gold's label files against docs/labelling.md: the split as in the index, every
non-empty line labelled once, markers and spans found in their lines, values that parse, roles and
kinds from the guide's lists; and the articles labelled in part (tests/data/partial) the same way
for what they carry. Prints one line per problem; exit 1 when there is one.

    .venv/bin/python benchmarks/field_check.py [ID ...]
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal, InvalidOperation

from field_text import (
    ROOT,
    gold_sentences,
    index,
    labels,
    normalized_lines,
    partial_paths,
    raw_lines,
)

sys.path.insert(0, str(ROOT))

LINE_LABELS = {"title", "subtitle", "byline", "nav", "spam", "caption", "heading", "body"}
ROLES = {"背景", "做法", "成效", "做法+成效", "其他"}
KINDS = {"result", "action", "threshold", "target", "background"}
BOUNDS = {"exact", "approximate", "lower_bound", "upper_bound"}
PLACE_ROLES = {"practice", "helper"}


def _value_ok(v: str) -> bool:
    try:
        for part in v.split(".."):
            Decimal(part)
    except InvalidOperation:
        return False
    return bool(re.fullmatch(r"-?\d+(\.\d+)?(\.\.-?\d+(\.\d+)?)?", v))


def lines_and_sentences(aid: str, g: dict, raw, norm, say, cases: bool) -> dict[int, str]:
    """Every non-empty line labelled once (with ``cases``, body and heading lines say whether they
    report a case), every sentence of a body or heading line given a role and its marker; -> the
    label of each line."""
    nonempty = {n for n, r in enumerate(raw, 1) if r.strip()}
    seen: dict[int, str] = {}
    for ln in g["lines"]:
        n = ln.get("n")
        if n in seen:
            say(f"{aid}: line {n} labelled twice")
        seen[n] = ln.get("label")
        if n not in nonempty:
            say(f"{aid}: line {n} is empty or out of range")
        if ln.get("label") not in LINE_LABELS:
            say(f"{aid}: line {n} label {ln.get('label')!r}")
        if (
            cases
            and ln.get("label") in ("body", "heading")
            and not isinstance(ln.get("case"), bool)
        ):
            say(f"{aid}: line {n} ({ln.get('label')}) has no case true/false")
        for w in ln.get("spam_inside", []):
            if n in nonempty and w not in norm[n - 1]:
                say(f"{aid}: line {n} spam_inside {w!r} not in the line")
    for n in sorted(nonempty - set(seen)):
        say(f"{aid}: line {n} not labelled")
    content = {n for n, lab in seen.items() if lab in ("body", "heading")}
    labelled = set()
    for s in g["sentences"]:
        n, i = s.get("n"), s.get("i")
        if n not in content:
            say(f"{aid}: sentence on line {n}, which is not body or heading")
            continue
        sents = gold_sentences(norm[n - 1])
        if not isinstance(i, int) or not 0 <= i < len(sents):
            say(f"{aid}: sentence {n}.{i} out of range ({len(sents)} sentences)")
            continue
        if not sents[i].startswith(s.get("m", "")) or not s.get("m"):
            say(
                f"{aid}: sentence {n}.{i} marker {s.get('m')!r}, the sentence opens {sents[i][:6]!r}"
            )
        if s.get("role") not in ROLES:
            say(f"{aid}: sentence {n}.{i} role {s.get('role')!r}")
        labelled.add((n, i))
    for n in sorted(content):
        for i in range(len(gold_sentences(norm[n - 1]))):
            if (n, i) not in labelled:
                say(f"{aid}: sentence {n}.{i} has no role")
    return seen


def check(aid: str, split: str) -> list[str]:
    g = labels(aid)
    if g is None:
        return [f"{aid}: no label file"]
    out: list[str] = []
    say = out.append
    if g.get("id") != aid:
        say(f"{aid}: id is {g.get('id')!r}")
    if g.get("split") != split:
        say(f"{aid}: split {g.get('split')!r}, the index says {split!r}")
    if not isinstance(g.get("case"), bool):
        say(f"{aid}: case must be true or false")
    for key in (
        "title_accept",
        "primary_accept",
        "places",
        "lines",
        "sentences",
        "figures",
        "measures",
        "organisations",
    ):
        if not isinstance(g.get(key), list):
            say(f"{aid}: {key} must be a list")
            return out
    if g.get("title") is not None and not isinstance(g["title"], str):
        say(f"{aid}: title must be a string or null")
    for path in [g.get("primary"), *g["primary_accept"], *(p.get("path") for p in g["places"])]:
        if path is not None and not (
            isinstance(path, list) and all(isinstance(x, str) for x in path)
        ):
            say(f"{aid}: a path is not a list of names: {path!r}")
    for p in g["places"]:
        if p.get("role") not in PLACE_ROLES:
            say(f"{aid}: place role {p.get('role')!r}")
    raw, norm = raw_lines(aid), normalized_lines(aid)
    seen = lines_and_sentences(aid, g, raw, norm, say, cases=True)
    for f in g["figures"]:
        n = f.get("n")
        if n not in seen or f.get("m", "\0") not in norm[n - 1]:
            say(f"{aid}: figure {f.get('m')!r} not found on line {n}")
        if not _value_ok(str(f.get("value", ""))):
            say(f"{aid}: figure {f.get('m')!r} value {f.get('value')!r}")
        if not f.get("unit"):
            say(f"{aid}: figure {f.get('m')!r} has no unit")
        if f.get("kind") not in KINDS:
            say(f"{aid}: figure {f.get('m')!r} kind {f.get('kind')!r}")
        if f.get("bound") not in BOUNDS:
            say(f"{aid}: figure {f.get('m')!r} bound {f.get('bound')!r}")
    for m in g["measures"]:
        n = m.get("n")
        if n not in seen or not m.get("text") or m["text"] not in norm[n - 1]:
            say(f"{aid}: measure {m.get('text')!r} not found on line {n}")
        elif len(m["text"]) > 30:
            say(f"{aid}: measure {m['text']!r} longer than 30 characters")
        if not isinstance(m.get("required"), bool):
            say(f"{aid}: measure {m.get('text')!r} required must be true or false")
    for o in g["organisations"]:
        if not (isinstance(o, list) and o and all(isinstance(x, str) for x in o)):
            say(f"{aid}: organisation entry {o!r} is not a list of names")
    return out


def check_partial(path) -> list[str]:
    """An article labelled in part (tests/data/partial): dev, not in the field gold, its case, its
    region a path or null, its lines (with their case) and sentence roles as the gold's."""
    g = json.loads(path.read_text(encoding="utf-8"))
    aid = g.get("id", "")
    out: list[str] = []
    say = out.append
    if path.stem != aid:
        say(f"{path.name}: id is {aid!r}")
        return out
    if aid in {a["id"] for a in index()}:
        say(f"{aid}: labelled in part and in the field gold")
    if g.get("split") != "dev":
        say(f"{aid}: split {g.get('split')!r}, articles labelled in part are dev")
    for key in ("primary_accept", "lines", "sentences"):
        if not isinstance(g.get(key), list):
            say(f"{aid}: {key} must be a list")
            return out
    for p in [g.get("primary"), *g["primary_accept"]]:
        if p is not None and not (isinstance(p, list) and all(isinstance(x, str) for x in p)):
            say(f"{aid}: a path is not a list of names: {p!r}")
    if not isinstance(g.get("case"), bool):
        say(f"{aid}: case must be true or false")
    lines_and_sentences(aid, g, raw_lines(aid), normalized_lines(aid), say, cases=True)
    return out


def main(ids: list[str]) -> int:
    problems = []
    for a in index():
        if ids and a["id"] not in ids:
            continue
        problems += check(a["id"], a["split"])
    for path in partial_paths():
        if not ids or path.stem in ids:
            problems += check_partial(path)
    for p in problems:
        print(p)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
