"""What the extraction reads from field-gold articles, beside the gold: title, subject region and
every figure (value, unit, label, kind), for the closing note of a change (a test article is
shown, never debugged from).

    .venv/bin/python benchmarks/field_show.py ID [ID ...]
"""

from __future__ import annotations

import sys

from field_score import read_article
from field_text import labels

from casegraph.kg.extract.facts import extract


def show(aid: str) -> None:
    g = labels(aid) or {}
    article = read_article(aid)
    if article is None:
        print(f"{aid}: nothing read")
        return
    facts = extract(article)
    region = " > ".join(p.name for p in reversed(facts.primary.chain())) if facts.primary else "-"
    print(f"== {aid} ({g.get('split', '?')})")
    print(f"title   {article.title}{' (derived)' if article.title_derived else ''}")
    print(f"  gold  {g.get('title')}")
    print(f"region  {region}")
    print(f"  gold  {' > '.join(g.get('primary') or []) or '-'}")
    print(f"figures ({len(facts.outcomes)}; gold {len(g.get('figures', []))})")
    for o in facts.outcomes:
        q = o.quantity
        where = o.region.name if o.region else "-"
        label = q.indicator or "(no label)"
        print(f"  {q.surface:14s} {str(q.value):>10} {q.unit:4s} {label:20s} {q.kind:11s} {where}")

    for x in g.get("figures", []):
        print(f"  gold {x['m']:12s} {x['label'].split('|')[0]:20s} {x['kind']} {x['bound']}")


if __name__ == "__main__":
    for aid in sys.argv[1:]:
        show(aid)
