"""One record per passage: text plus the facts and facets the graph holds for it (regions with
their ancestors, themes, measures, outcomes). Joined on the passage id."""

from __future__ import annotations

from collections import defaultdict
from typing import TypedDict

from casegraph.ingest import Article
from casegraph.kg import queries
from casegraph.kg.extract.gazetteer import LEVELS
from casegraph.kg.graph.namespace import region_iri
from casegraph.kg.store import GraphStore

REGION_IRI = str(region_iri(""))  # the IRIs of regions are this and their code

_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


class PassageRecord(TypedDict):
    """One passage of the index with the graph's facts about it (records.jsonl, one a line)."""

    passage_id: str
    article_id: str
    title: str
    text: str
    heading: str | None
    kind: str
    start: int
    end: int
    date: str | None
    year: int | None
    source: str | None
    url: str | None
    region_path: list[str]  # primary region, province first
    regions: list[str]  # regions named in the passage (else the primary one)
    region_keys: list[str]  # codes of those regions and all above them (the region filter)
    themes: list[str]
    measures: list[str]
    outcomes: list[str]


class Hit(PassageRecord, total=False):
    """A search hit: the record, its fused score and rank, and (for the hits a caller shows)
    ``best_sentence``, [start, end] in ``text`` of the sentence nearest the query."""

    score: float
    rank: int
    relevant: bool  # about the query at all (casegraph.search.relevance)
    best_sentence: list[int] | None


def _key(iri: str) -> str:
    """A region's code: what follows the regions' namespace in its IRI."""
    return iri.removeprefix(REGION_IRI)


def passage_records(articles: list[Article], store: GraphStore) -> list[PassageRecord]:
    ancestors: dict[str, set[str]] = defaultdict(set)
    for r in queries.select(store, "index_ancestors"):
        ancestors[_key(r["r"])].add(_key(r["a"]))
    mentioned: dict[str, dict[str, str]] = defaultdict(dict)
    for r in queries.select(store, "index_passage_regions"):
        mentioned[r["pid"]][_key(r["r"])] = r["label"]
    primary: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for r in queries.select(store, "index_primary"):
        primary[r["aid"]].append((_LEVEL_ORDER[r["level"]], _key(r["r"]), r["label"]))
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in queries.select(store, "index_facts"):
        bucket = facts[r["pid"]]
        if r["label"] not in bucket[r["kind"]]:
            bucket[r["kind"]].append(r["label"])
        if r["theme"] and r["theme"] not in bucket["themes"]:
            bucket["themes"].append(r["theme"])
    out = []
    for a in articles:
        path = sorted(primary.get(a.id, []))
        year = int(a.date[:4]) if a.date else None
        for p in a.passages:
            keys = {k for _, k, _ in path}
            for k in mentioned.get(p.id, {}):
                keys |= ancestors.get(k, {k})
            f = facts.get(p.id, {})
            out.append(
                {
                    "passage_id": p.id,
                    "article_id": a.id,
                    "title": a.title,
                    "text": p.text,
                    "heading": p.heading,
                    "kind": p.kind,
                    "start": p.start,
                    "end": p.end,
                    "date": a.date,
                    "year": year,
                    "source": a.source,
                    "url": a.url,
                    "region_path": [label for _, _, label in path],
                    "regions": list(mentioned.get(p.id, {}).values())
                    or [label for *_, label in path[-1:]],
                    "region_keys": sorted(keys),
                    "themes": list(f.get("themes", [])),
                    "measures": list(f.get("measure", [])),
                    "outcomes": list(f.get("outcome", [])),
                }
            )
    return out
