"""The competency questions, shipped as named SPARQL files in kg/queries/ with a title and a
description in their header comments."""

from __future__ import annotations

import functools
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
    for f in sorted(resources.files("casegraph.kg.queries").iterdir(), key=lambda p: p.name):
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
    from casegraph.core.errors import quoted

    known = "、".join(q.name for q in named_queries())
    raise KeyError(f"没有名为 {quoted(name)} 的示例查询（name=）；可用：{known}")


@functools.lru_cache(maxsize=1)
def ontology_terms() -> dict[str, list[dict]]:
    """The cg: classes and properties of ontology.ttl with their Chinese labels, for the
    editor's completion: {"classes": [{"name": "cg:Article", "label": "文章"}], "properties": …}."""
    from rdflib import OWL, RDF, RDFS, Graph, Literal

    from ..graph.namespace import ONTOLOGY
    from ..store import PREFIXES

    g = Graph().parse(ONTOLOGY, format="turtle")
    ns = PREFIXES["cg"]

    def label(term) -> str:
        labels = [o for o in g.objects(term, RDFS.label) if isinstance(o, Literal)]
        zh = [str(o) for o in labels if o.language == "zh"]
        return zh[0] if zh else (str(labels[0]) if labels else "")

    def terms(*types) -> list[dict]:
        found = {s for t in types for s in g.subjects(RDF.type, t) if str(s).startswith(ns)}
        return sorted(
            ({"name": "cg:" + str(s)[len(ns) :], "label": label(s)} for s in found),
            key=lambda d: d["name"],
        )

    return {
        "classes": terms(OWL.Class, RDFS.Class),
        "properties": terms(
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            RDF.Property,
            OWL.AnnotationProperty,
            OWL.TransitiveProperty,
        ),
    }
