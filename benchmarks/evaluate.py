"""Score extraction against the hand gold of the seed articles (tests/data/seed_gold.json; its
``_comment`` says how it was written and what each field holds).

Measures are matched by span: an extracted measure is right when its span in the article text
overlaps a gold span (any occurrence of a gold name) by at least half of the shorter of the two.
Outcomes are matched by value and unit; a matched outcome's indicator label is right when it is,
or is part of, or contains one of the gold label's alternatives (quotes ignored)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from casegraph.ingest import read_path
from casegraph.kg.extract.facts import Facts, extract
from casegraph.kg.extract.text import unquote

KINDS = ("threshold", "target", "lower_bound", "approximate")


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def _spans(text: str, names: list[str]) -> tuple[list[tuple[int, int]], list[str]]:
    """Every occurrence of every name, and the names that do not occur (a faulty gold)."""
    spans, absent = [], []
    for name in names:
        found = [(m.start(), m.start() + len(name)) for m in re.finditer(re.escape(name), text)]
        spans.extend(found)
        if not found:
            absent.append(name)
    return spans, absent


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def parse_outcome(entry: str) -> dict:
    """'3..5 件 实事项目 approximate' -> value, value_max, unit, labels, kind."""
    parts = entry.split()
    kind = parts.pop() if parts[-1] in KINDS else "value"
    low, _, high = parts[0].partition("..")
    return {
        "value": Decimal(low),
        "value_max": Decimal(high) if high else None,
        "unit": parts[1],
        "labels": [x.strip("“”") for x in parts[2].split("|")] if len(parts) > 2 else [],
        "kind": kind,
    }


_LABEL_SUFFIX = re.compile(r"(?:占比|金额|面积|人次|场次|户次|次数|人数|倍数|数)$")


def label_ok(label: str, gold: list[str]) -> bool:
    """The label's noun (its suffix stripped: 驻村第一书记数 -> 驻村第一书记) is, or is part of,
    or contains a gold alternative."""
    label = unquote(label)
    label = _LABEL_SUFFIX.sub("", label) if len(_LABEL_SUFFIX.sub("", label)) >= 2 else label
    gold = [unquote(g) for g in gold]
    return any(label == g or (len(label) >= 2 and (label in g or g in label)) for g in gold)


def _score_measures(facts: Facts, exp: dict) -> dict:
    text = facts.article.text
    required, absent = _spans(text, exp["measures"])
    optional, absent_opt = _spans(text, exp.get("measures_optional", []))
    got = [(m.start, m.end, m.label) for m in facts.measures]
    right = [g for g in got if any(_overlaps(g[:2], s) for s in required + optional)]
    found = [
        n
        for n in exp["measures"]
        if any(_overlaps(s, g[:2]) for s in _spans(text, [n])[0] for g in got)
    ]
    return {
        "measures": (_ratio(len(right), len(got)), _ratio(len(found), len(exp["measures"]))),
        "measures_missing": [n for n in exp["measures"] if n not in found],
        "measures_wrong": [g[2] for g in got if g not in right],
        "gold_not_in_text": absent + absent_opt,
    }


def _score_outcomes(facts: Facts, exp: dict) -> dict:
    gold = [parse_outcome(e) for e in exp["outcomes"]]
    by_key = {(g["value"], g["unit"], g["value_max"]): g for g in gold}
    got = [o.quantity for o in facts.outcomes]
    matched = [(q, by_key.get((q.value, q.unit, q.value_max))) for q in got]
    keys_found = {(q.value, q.unit, q.value_max) for q, g in matched if g is not None}
    labelled = [(q, g) for q, g in matched if g is not None and q.indicator and g["labels"]]
    bad_labels = [
        (q.indicator, g["labels"][0]) for q, g in labelled if not label_ok(q.indicator, g["labels"])
    ]
    conditional = [
        (q, g) for q, g in matched if g is not None and g["kind"] in ("threshold", "target")
    ]
    return {
        "outcomes": (
            _ratio(sum(1 for _, g in matched if g is not None), len(got)),
            _ratio(len(keys_found), len(by_key)),
        ),
        "outcomes_missing": [
            f"{v} {u}" + (f"..{m}" if m else "")
            for v, u, m in by_key
            if (v, u, m) not in keys_found
        ],
        "labels": (
            _ratio(len(labelled) - len(bad_labels), len(labelled)),
            _ratio(len(labelled), sum(1 for _, g in matched if g is not None)),
        ),
        "labels_wrong": bad_labels,
        "conditions": _ratio(
            sum(1 for q, g in conditional if q.kind == g["kind"]), len(conditional)
        ),
        "conditions_wrong": [
            f"{q.surface}: {q.kind}" for q, g in conditional if q.kind != g["kind"]
        ],
    }


def _score_organizations(facts: Facts, exp: dict) -> dict:
    got = {e.label for e in facts.entities if e.kind == "organization"}
    gold = exp.get("organizations", [])
    right = {lab for lab in got if any(lab in names for names in gold)}
    found = [names for names in gold if got & set(names)]
    return {
        "organizations": (_ratio(len(right), len(got)), _ratio(len(found), len(gold))),
        "organizations_wrong": sorted(got - right),
    }


def _region_names(keys: set[str]) -> set[str]:
    """A county-level or higher place by its code; a smaller one (150222-怀朔镇) by its name."""
    return {k if "-" not in k else k.rsplit("-", 1)[1] for k in keys}


def score_article(facts: Facts, exp: dict) -> dict:
    got_regions = _region_names(
        {
            p.key
            for p in facts.places()
            if p is not facts.primary
            or p in [m.place for m in facts.mentions]
            or p in facts.title_places
        }
    )
    want = set(exp["regions"]) | set(exp.get("places_below_county", []))
    hit = len(got_regions & want)
    return {
        "primary_ok": facts.primary is not None and facts.primary.key == exp["primary_region"],
        "regions": (_ratio(hit, len(got_regions)), _ratio(hit, len(want))),
        "regions_missing": sorted(want - got_regions),
        "regions_extra": sorted(got_regions - want),
        **_score_measures(facts, exp),
        **_score_outcomes(facts, exp),
        **_score_organizations(facts, exp),
    }


def evaluate(gold_file: str | Path, corpus: str | Path) -> dict[str, dict]:
    gold = json.loads(Path(gold_file).read_text(encoding="utf-8"))
    out = {}
    for name, exp in gold.items():
        if name.startswith("_"):
            continue
        article = next(a for a in read_path(Path(corpus) / name) if hasattr(a, "passages"))
        out[name] = score_article(extract(article), exp)
    return out


def averaged(results: dict[str, dict], kind: str) -> tuple[float, float]:
    """Mean over articles of (precision, recall) for one kind (regions, measures, outcomes …)."""
    vals = [r[kind] for r in results.values()]
    return (sum(v[0] for v in vals) / len(vals), sum(v[1] for v in vals) / len(vals))
