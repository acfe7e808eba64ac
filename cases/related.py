"""Whether a result read after a unit is about the unit's practice: the closeness of the result to
what the card did (its title and 做法), read by the shipped bge-small-zh (search's ``bge-zh``
encoder). An article that tells several practices reports each one's results; read after a unit
that reports none, a result of the article's other practices (the solar station's income on a card
of the potato company, the volunteers' deliveries on a card of cadre appraisal) is as close to the
unit's place as its own but further from its deeds.

The threshold is fitted on dev results read by hand (tests/data/card_results.json,
benchmarks/card_results.py): the most it can be while keeping 95% of the results labelled as
about the practice."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

SETTINGS = Path(__file__).parent / "data" / "related.json"


@functools.cache
def threshold() -> float:
    return float(json.loads(SETTINGS.read_text(encoding="utf-8"))["threshold"])


@functools.cache
def _encoder():
    from casegraph.search.encoders.factory import get_encoder

    return get_encoder("bge-zh")


class Related:
    """A card's test of the results read after its unit: ``deeds`` (its name and its 做法) are
    encoded once, when the first result is read."""

    def __init__(self, deeds: str) -> None:
        self.deeds = deeds
        self._vec = None

    def closeness(self, text: str) -> float:
        """The cosine of the text with the deeds (both read as passages)."""
        if self._vec is None:
            self._vec = np.asarray(_encoder().encode_passages([self.deeds])[0])
        return float(np.asarray(_encoder().encode_passages([text])[0]) @ self._vec)

    def __call__(self, text: str) -> bool:
        return self.closeness(text) >= threshold()
