"""Nodes of the graph as the pages name them: IRIs from a kind and key (refusing malformed keys),
the page path of an IRI, "rows about one node or NotFound", and a region's path to its province."""

from __future__ import annotations

import re

from casegraph.core.errors import NotFoundError, quoted
from casegraph.core.text import HAN
from casegraph.kg.extract.gazetteer import LEVELS
from casegraph.kg.graph.namespace import ID
from casegraph.kg.store import GraphStore

BASE = str(ID)

_KEY = re.compile(rf"^[0-9A-Za-z{HAN}_-]{{1,80}}$")


class NotFound(NotFoundError, LookupError):
    pass


def check_key(key: str, what: str) -> str:
    """``key`` when it can be part of an IRI or a query value (letters, digits, Han, _ and -),
    else NotFound naming it."""
    if not _KEY.match(key or ""):
        raise NotFound(f"{what}不合格式：{quoted(key)}")
    return key


def iri(kind: str, key: str) -> str:
    if not _KEY.match(key or ""):
        raise NotFound(f"编号不合格式：{kind} {quoted(key)}")
    return f"{BASE}{kind}/{key}"


def select_found(store: GraphStore, query: str, bind: dict, missing: str) -> list[dict]:
    """The rows of a query about one node; NotFound(``missing``) when there are none."""
    rows = store.select(query, bind=bind)
    if not rows:
        raise NotFound(missing)
    return rows


def local(iri_: str | None) -> str | None:
    """'…/id/measure/abc-m001' -> 'measure/abc-m001' (the page path)."""
    return iri_[len(BASE) :] if iri_ and iri_.startswith(BASE) else None


def key_of(iri_: str) -> str:
    """The last segment of an IRI: its key."""
    return iri_.rsplit("/", 1)[-1]


_PATH = """
SELECT ?r ?label ?level WHERE { ?x cg:partOf* ?r . ?r rdfs:label ?label ; cg:adminLevel ?level }"""

_LEVELS = {level: i for i, level in enumerate(LEVELS)}


def region_path(store: GraphStore, region_iri: str) -> list[dict]:
    rows = store.select(_PATH, bind={"x": region_iri})
    rows.sort(key=lambda r: _LEVELS[r["level"]])
    return [{"id": local(r["r"]), "label": r["label"], "level": r["level"]} for r in rows]


_OUTCOMES = """
SELECT ?o ?value ?valueMax ?unit ?approx ?lower ?indicator ?surface ?sentence WHERE {
  ?m cg:outcome ?o . ?o cg:value ?value ; cg:unit ?unit ; cg:approximate ?approx ;
     cg:surfaceForm ?surface ; cg:sentence ?sentence .
  OPTIONAL { ?o cg:valueMax ?valueMax } OPTIONAL { ?o cg:indicator ?indicator }
  OPTIONAL { ?o cg:lowerBound ?lower }
} ORDER BY ?o"""


def outcome_fields(r: dict) -> dict:
    """A figure as pages and cards show it, from a row with ?value ?valueMax ?unit ?approx ?lower
    ?indicator ?surface ?sentence."""
    return {
        "value": r["value"],
        "value_max": r["valueMax"],
        "unit": r["unit"],
        "approximate": r["approx"],
        "lower_bound": bool(r["lower"]),
        "indicator": r["indicator"] or "",
        "surface": r["surface"],
        "sentence": r["sentence"],
    }


def measure_outcomes(store: GraphStore, m: str) -> list[dict]:
    """The outcomes of measure ``m`` (an IRI), with value, unit, hedge, indicator and sentence."""
    return [outcome_fields(r) for r in store.select(_OUTCOMES, bind={"m": m})]
