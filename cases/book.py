"""A case book: cards grouped under headings (theme, kind of practice, region, or the order of a
search), no sentence quoted on two cards."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casegraph.cases.cards import Card


@dataclass
class Book:
    title: str
    groups: list[tuple[str, list[Card]]]
    selection: dict

    def sources(self) -> list[dict]:
        """Numbered sources, in the order cards cite them."""
        seen: dict[str, dict] = {}
        for _, cards in self.groups:
            for c in cards:
                seen.setdefault(c.source["article_id"], c.source)
        return list(seen.values())

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "selection": self.selection,
            "groups": [{"heading": h, "cards": [c.to_json() for c in cs]} for h, cs in self.groups],
            "sources": self.sources(),
        }


MIN_ACTION = 15  # characters of the shortest 做法 sentence that can carry a card


def distinct_cards(cards: list[Card]) -> list[Card]:
    """No sentence quoted twice in a book: a card whose 做法 sentences are another card's, or
    without an action sentence of its own of at least 15 characters, is left out; a result two
    cards read (an article's tally after several of its units) goes to one of them, the cards
    with the fewest results choosing first, so that a card does not lose its only result to a
    card that has others; a card whose 背景 another card quotes takes its next context
    sentence, or none."""
    used: set[str] = set()
    out = []
    for c in cards:
        fresh = [q for q in c.practice if q.text not in used]
        if not any(len(q.text) >= MIN_ACTION for q in fresh):
            continue  # no action of its own: another card's sentences, or a fragment
        c.practice = fresh
        used.update(q.text for q in fresh)
        out.append(c)
    for c in sorted(out, key=lambda c: sum(q.text not in used for q in c.results)):
        c.results = [q for q in c.results if q.text not in used]
        used.update(q.text for q in c.results)
    for c in out:
        own = {q.text for q in c.practice + c.results}  # a figure is cited from a sentence shown
        c.outcomes = [o for o in c.outcomes if o["sentence"] in own]
    for c in out:
        options = [q for q in (c.contexts or ([c.background] if c.background else []))]
        c.background = next((q for q in options if q.text not in used), None)
        if c.background is not None:
            used.add(c.background.text)
    return out


def assemble_book(
    cards: list[Card],
    title: str,
    order: str = "theme",
    selection: dict | None = None,
    distinct: bool = True,
) -> Book:
    """Group cards under headings: by theme (``order='theme'``), by kind of practice (the same
    practice from several articles under one heading), by region, or keep the given
    (relevance) order under one heading; within a heading, by region and date. No two cards quote the same sentence: a card
    whose 做法 is already another card's is left out, and a 背景 already quoted elsewhere is
    dropped from the later card (``distinct``; a book a person put together card by card is kept
    as chosen)."""
    if distinct:
        cards = distinct_cards(cards)
    if order == "relevance":
        return Book(title, [("检索结果", cards)], selection or {})
    groups: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        if order == "region":
            key = " > ".join(c.region[:2]) or "地区未识别"
        elif order == "practice":  # the kind of practice, else the card's other theme
            others = [t for t in c.themes if t != (selection or {}).get("theme")]
            key = c.practices[0] if c.practices else others[0] if others else "其他做法"
        else:
            key = c.themes[0] if c.themes else "其他"
        groups[key].append(c)
    for key in groups:
        groups[key].sort(key=lambda c: (c.region, c.source["date"] or ""))
    rest = ("其他", "其他做法", "地区未识别")  # the catch-all heading last
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] in rest, -len(kv[1]), kv[0]))
    return Book(title, ordered, selection or {})
