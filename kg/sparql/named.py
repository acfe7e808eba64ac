"""The competency questions, shipped as named SPARQL files in kg/queries/ with a title and a
description in their header comments."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    sparql: str


def named_queries() -> list[NamedQuery]:
    out = []
    for f in sorted(resources.files("kg.queries").iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".rq"):
            continue
        text = f.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if line.startswith("# ") and ":" in line:
                k, v = line[2:].split(":", 1)
                meta[k.strip()] = v.strip()
        name = f.name.removesuffix(".rq")
        out.append(NamedQuery(name, meta.get("title", name), meta.get("description", ""), text))
    return out


def get_query(name: str) -> NamedQuery:
    for q in named_queries():
        if q.name == name or q.name.split("_", 1)[-1] == name:
            return q
    known = ", ".join(q.name for q in named_queries())
    raise KeyError(f"unknown query '{name}'; known: {known}")
