"""Query side: normalization (Traditional, full width, spaces), expansion with a practice's other
names from the practice scheme, and filters resolved to passage ids."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from casegraph.core.errors import CasegraphError, quoted
from casegraph.ingest.normalize import normalize_query
from casegraph.kg.extract.vocab import practices, theme_by_label, themes


class FilterError(CasegraphError, ValueError):
    """A filter value that names nothing; the message lists the valid choices."""


@dataclass
class Filters:
    region: str | None = None
    theme: str | None = None
    year: int | None = None
    source: str | None = None


def expand(query: str) -> tuple[str, list[str]]:
    """-> (normalized query, extra terms): a practice named in the query brings its other names
    (星级化管理 -> 评星定级, 星级管理) from the practice scheme."""
    q = normalize_query(query)
    extra: list[str] = []
    for c in practices():
        names = (c.label, *c.alt)
        if any(n in q for n in names if len(n) >= 3):
            extra.extend(n for n in names if n not in q)
    return q, extra


def region_keys(name: str) -> set[str]:
    from casegraph.kg.extract.gazetteer import load

    g = load()
    name = normalize_query(name)
    if re.fullmatch(r"\d{6}", name) and name in g.by_code:
        return {name}
    places = g.by_name.get(name) or g.by_name.get(name + "市") or g.by_name.get(name + "省")
    if not places:
        raise FilterError(
            f"不认识的地区 {quoted(name)}；请给省、市或县的名称（内蒙古、包头市、土右旗）或六位区划代码"
        )
    return {p.key for p in places}


def theme_label(name: str) -> str:
    name = normalize_query(name)
    found = theme_by_label(name)
    if found is not None:
        return found.label
    known = "、".join(t.label for t in themes())
    raise FilterError(f"不认识的主题 {quoted(name)}；可用：{known}")


def allowed_ids(records: list[dict], f: Filters) -> np.ndarray | None:
    """Passage row numbers that pass the filters, or None when there are no filters."""
    if not any((f.region, f.theme, f.year, f.source)):
        return None
    keys = region_keys(f.region) if f.region else None
    theme = theme_label(f.theme) if f.theme else None
    source = normalize_query(f.source) if f.source else None
    ids = [
        i
        for i, r in enumerate(records)
        if (keys is None or keys & set(r["region_keys"]))
        and (theme is None or theme in r["themes"])
        and (f.year is None or r["year"] == f.year)
        and (source is None or (r["source"] and source in r["source"]))
    ]
    return np.asarray(ids, dtype=np.int64)
