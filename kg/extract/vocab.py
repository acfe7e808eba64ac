"""Controlled vocabularies: the theme scheme and the practice scheme (SKOS), from data files.

A theme is assigned by keywords, a practice by a regular expression; both are explainable:
``match_themes`` and ``match_practices`` say which keyword or pattern fired."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Concept:
    slug: str
    label: str
    alt: tuple[str, ...]  # themes: English label first; practices: alternative labels
    cue: str  # keywords joined by spaces (themes) or a regular expression (practices)


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("casegraph.kg") / "data" / name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@functools.cache
def themes() -> tuple[Concept, ...]:
    return tuple(Concept(slug, zh, (en,), kw) for slug, zh, en, kw in _rows("themes.tsv"))


@functools.cache
def practices() -> tuple[Concept, ...]:
    return tuple(
        Concept(slug, label, tuple(a for a in alt.split("|") if a), pat)
        for slug, label, alt, pat in _rows("practices.tsv")
    )


@functools.cache
def _practice_res() -> tuple[tuple[Concept, re.Pattern], ...]:
    return tuple((c, re.compile(c.cue)) for c in practices())


@functools.cache
def _theme_keywords() -> tuple[tuple[Concept, tuple[str, ...]], ...]:
    return tuple((t, tuple(t.cue.split())) for t in themes())


def theme_by_label(label: str) -> Concept | None:
    return next((t for t in themes() if label in (t.label, t.slug, *t.alt)), None)


def match_themes(label: str, sentence: str, limit: int = 3, share: float = 0) -> list[Concept]:
    """Themes whose keywords occur in the measure's label (weight 2) or its sentence (weight 1);
    with ``share``, only those scoring at least that share of the best."""
    scored = []
    for t, kws in _theme_keywords():
        score = 2 * sum(map(label.__contains__, kws)) + sum(map(sentence.__contains__, kws))
        if score:
            scored.append((score, t))
    scored.sort(key=lambda x: -x[0])
    return [t for n, t in scored[:limit] if n >= share * scored[0][0]]


def match_practices(label: str, sentence: str = "") -> list[Concept]:
    """Practices whose pattern matches the label; else the clause of the sentence the label is in."""
    hits = [c for c, rx in _practice_res() if rx.search(label)]
    if hits or not sentence:
        return hits
    return [c for c, rx in _practice_res() if rx.search(sentence)][:1]
