"""Score extraction against a hand-checked expected-facts file (tests/data/expected_facts.json)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from ingest import read_path
from kg.extract.facts import extract


def _pr(found: int, extracted: int, expected_found: int, expected: int) -> tuple[float, float]:
    return (found / extracted if extracted else 1.0, expected_found / expected if expected else 1.0)


def score_article(facts, exp: dict) -> dict:
    got_regions = {
        p.key
        for p in facts.places()
        if p is not facts.primary
        or p in [m.place for m in facts.mentions]
        or p in facts.title_places
    }
    want_regions = set(exp["regions"])
    rp, rr = _pr(
        len(got_regions & want_regions),
        len(got_regions),
        len(got_regions & want_regions),
        len(want_regions),
    )
    labels = [m.label for m in facts.measures]

    def measure_hit(key: str) -> bool:
        return any(
            key in lab or (len(lab.strip("“”")) >= 3 and lab.strip("“”") in key) for lab in labels
        )

    matched_keys = [k for k in exp["measures"] if measure_hit(k)]
    useful = [
        lab for lab in labels if any(k in lab or lab.strip("“”") in k for k in exp["measures"])
    ]
    mp, mr = _pr(len(useful), len(labels), len(matched_keys), len(exp["measures"]))
    got_q = {(q.value, q.unit, q.value_max) for q in (o.quantity for o in facts.outcomes)}
    want_q = [(Decimal(v[0]), v[1], Decimal(v[2]) if len(v) > 2 else None) for v in exp["outcomes"]]
    missing_q = [w for w in want_q if w not in got_q]
    want_set = set(want_q)
    op, orr = _pr(
        sum(1 for g in got_q if g in want_set),
        len(got_q),
        len(want_q) - len(missing_q),
        len(want_q),
    )
    return {
        "primary_ok": facts.primary is not None and facts.primary.key == exp["primary_region"],
        "regions": (rp, rr),
        "regions_missing": sorted(want_regions - got_regions),
        "regions_extra": sorted(got_regions - want_regions),
        "measures": (mp, mr),
        "measures_missing": [k for k in exp["measures"] if k not in matched_keys],
        "outcomes": (op, orr),
        "outcomes_missing": [(str(v), u, str(m) if m else None) for v, u, m in missing_q],
    }


def evaluate(expected_file: str | Path, corpus: str | Path) -> dict[str, dict]:
    expected = json.loads(Path(expected_file).read_text(encoding="utf-8"))
    out = {}
    for name, exp in expected.items():
        if name.startswith("_"):
            continue
        article = next(a for a in read_path(Path(corpus) / name) if hasattr(a, "passages"))
        out[name] = score_article(extract(article), exp)
    return out
