"""Practice units as facts: each unit of kg/extract/sections.py with its name, the region it is
about, its themes and practices, and the measures read inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from casegraph.kg.extract.gazetteer import Place
from casegraph.kg.extract.measures import measure_key
from casegraph.kg.extract.regions import Mention, chains_once, covering
from casegraph.kg.extract.sections import UnitSpan, split_units, unit_title
from casegraph.kg.extract.vocab import Concept, match_themes

if TYPE_CHECKING:
    from casegraph.kg.extract.facts import Facts


@dataclass
class UnitFact:
    """A practice unit: one practice of the article with its actions and results (a card)."""

    id: str
    title: str
    span: UnitSpan
    region: Place | None
    measures: list[str]
    themes: list[Concept]
    practices: list[Concept]

    @property
    def passages(self) -> list[str]:
        return list(dict.fromkeys(s.passage_id for s in self.span.sentences))


_SCOPE = re.compile(r"(?:^|[，、])(?:全市|全县|全旗|全区|全省|全州|全盟|市级|县级|市委|县委)")
_KIND_ORDER = {"quoted": 0, "programme": 1, "lead": 2}


def _heading_places(facts: Facts, heading: str | None, before: int) -> list[Mention]:
    """Place mentions in the heading line a unit stands under."""
    if not heading:
        return []
    h = facts.article.text.rfind(heading, 0, before)
    return [m for m in facts.mentions if h >= 0 and h <= m.start and m.end <= h + len(heading)]


def _multi_subject(facts: Facts) -> bool:
    """Sections headed (in the heading or their first words) by places in two or more
    provinces: a digest of stories (国内联播快讯), whose subject region belongs to one story."""
    first: dict[str, int] = {}  # heading -> where its first passage starts
    for p in facts.article.passages:
        if p.heading:
            first.setdefault(p.heading, p.start)
    provinces = set()
    for h, start in first.items():
        opening = [m for m in facts.mentions if start <= m.start < start + 16]
        named = _heading_places(facts, h, start) + opening  # in the heading or its first words
        provinces |= {id(m.place.province()) for m in named}
    return len(provinces) >= 2


# 像汉桥村这样的村: a place named as an example of many, not the unit's own
_EXAMPLE = re.compile(r"^.?像\|(?:这样|一样|那样)")


def _unit_region(facts: Facts, u: UnitSpan, title: str, digest: bool = False) -> Place | None:
    """The region a unit is about: a place named in its title or opening words, or in the heading
    it stands under; the subject region when it speaks for the whole (全市统一建立…); else the
    most specific region covering 60% of the places it names, when that is the subject region or
    below it, or when the unit names its own place in its opening (a report going from place to
    place); else the subject region, except in a digest of stories from several provinces
    (``digest``), where a story that names no place has none. A unit that names one place below
    the subject region (or, without naming it, the article's one village) is that place's."""
    primary = facts.primary
    above = {id(p) for p in primary.chain()[1:]} if primary else set()
    inside = chains_once(
        [
            m
            for m in facts.mentions
            if u.start <= m.start and m.end <= u.end and id(m.place) not in above
        ]
    )
    first = u.sentences[0]
    text = facts.article.text
    head = [
        m
        for m in inside
        if m.start < first.start + max(len(title), 8) + 2
        and not _EXAMPLE.match(text[max(0, m.start - 2) : m.start] + "|" + text[m.end : m.end + 3])
    ]
    named = chains_once(_heading_places(facts, u.section, u.start))
    if head:
        # a heading's village whose opening says where it lies (七、某村 / 位于某市某区…) is the
        # unit's place, not the district that locates it
        place = head[-1].place
        deeper = [m.place for m in named if place in m.place.chain()[1:]]
        return deeper[-1] if deeper else place
    if named:
        return named[-1].place  # 深圳加大高层厂房建设力度…: the story's heading names its place
    if primary is not None and _SCOPE.search(first.text[:12]) and not digest:
        return primary
    subject = [m for m in inside if m.start < first.start + 16]  # 湖北武汉持续完善…
    place = covering(inside) if len(inside) >= 2 or subject else None
    if place is not None and (primary is None or primary in place.chain() or subject):
        return place  # below the subject region, or a place of its own (a multi-place report)
    if digest:
        return None
    # the one place below the subject region that the unit names (张店镇整合…, 前往…乔达乡…村)
    below = {id(m.place): m.place for m in inside if primary and primary in m.place.chain()[1:]}
    if len(below) == 1:
        return next(iter(below.values()))
    return _the_village(facts, u) or primary


# the text speaking of "the village" without naming it (村里, 全村, 该村, 村集体, 村两委)
_THE_VILLAGE = re.compile(r"村里|全村|该村|这个村|村集体|村两委|村党支部|村党总支")


def _the_village(facts: Facts, u: UnitSpan) -> Place | None:
    """The one village the article names below its subject region, for a unit that speaks of
    "the village" without naming it (a county's article telling one village's story)."""
    primary = facts.primary
    if primary is None or primary.level == "village":
        return None
    text = "".join(s.text for s in u.sentences)
    if not _THE_VILLAGE.search(text):
        return None
    below = {
        id(m.place): m.place
        for m in facts.mentions
        if m.place.level == "village" and primary in m.place.chain()[1:]
    }
    return next(iter(below.values())) if len(below) == 1 else None


def _led_by(facts: Facts, s) -> Place | None:
    """The place a sentence opens with (龙口市建立…, 在大黄村，…), if any."""
    for m in facts.mentions:
        if s.start <= m.start <= s.start + 1 and m.end <= s.end:
            return m.place
    return None


def _named_in(facts: Facts, s) -> list[Place]:
    return [m.place for m in facts.mentions if s.start <= m.start and m.end <= s.end]


def by_place(facts: Facts, u: UnitSpan) -> list[UnitSpan]:
    """A unit of a report going from place to place, cut where a sentence opens with a place off
    the chains of the places the unit has named so far (烟台市芝罘区…。龙口市建立…。): each part
    is what one place did."""
    parts: list[UnitSpan] = []
    current, seen = [u.sentences[0]], _named_in(facts, u.sentences[0])
    for s in u.sentences[1:]:
        p = _led_by(facts, s)
        deepest = [q for q in seen if not any(q is not r and q in r.chain() for r in seen)]
        if (
            p is not None
            and deepest
            and all(p not in q.chain() and q not in p.chain() for q in deepest)
        ):
            parts.append(replace(u, sentences=current))
            current, seen = [], []
        current.append(s)
        seen += _named_in(facts, s)
    parts.append(replace(u, sentences=current))
    return parts


def practice_units(facts: Facts) -> list[UnitFact]:
    """The article's practice units with their names, regions, themes, practices and measures."""
    out = []
    digest = _multi_subject(facts)
    for u in [part for unit in split_units(facts.article) for part in by_place(facts, unit)]:
        ms = [m for m in facts.measures if u.start <= m.start < u.end]
        named = sorted(ms, key=lambda m: (_KIND_ORDER.get(m.kind, 9), m.start))
        title = unit_title(
            u, [measure_key(m.label) if m.kind == "quoted" else m.label for m in named]
        )
        themes: dict[str, Concept] = {}
        practices: dict[str, Concept] = {}
        for t in match_themes(title, "".join(s.text for s in u.sentences), share=0.5):
            themes.setdefault(t.slug, t)
        for m in ms:
            for c in m.practices:
                practices.setdefault(c.slug, c)
        out.append(
            UnitFact(
                f"{facts.article.id}-u{len(out):02d}",
                title,
                u,
                _unit_region(facts, u, title, digest),
                [m.id for m in ms],
                list(themes.values())[:3],
                list(practices.values()),
            )
        )
    return out
