"""Reads about one node that several pages share: its rows or NotFound, a region's path to its
province, a measure's outcomes."""

from __future__ import annotations

from casegraph.kg.extract.gazetteer import LEVELS
from casegraph.kg.graph.nodes import NotFound, local

from . import select

_LEVELS = {level: i for i, level in enumerate(LEVELS)}


def select_found(store, name: str, missing: str, **params) -> list[dict]:
    """The rows of the named query about one node; NotFound(``missing``) when there are none."""
    rows = select(store, name, **params)
    if not rows:
        raise NotFound(missing)
    return rows


def region_path(store, region_iri: str) -> list[dict]:
    """The region and those above it, province first: [{id, label, level}]."""
    rows = select(store, "region_path", x=region_iri)
    rows.sort(key=lambda r: _LEVELS[r["level"]])
    return [{"id": local(r["r"]), "label": r["label"], "level": r["level"]} for r in rows]


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


def measure_outcomes(store, m: str) -> list[dict]:
    """The outcomes of measure ``m`` (an IRI), with value, unit, hedge, indicator and sentence."""
    return [outcome_fields(r) for r in select(store, "measure_outcomes", m=m)]
