"""Region mentions in an article, resolved against the gazetteer with the article as context.

* full names (济南市, 土默特右旗) and short forms (内蒙古, 包头, 土右旗); a short form must fall on
  word boundaries of the segmented sentence (长治久安 is not 长治);
* a name shared by several places (青山区 in 包头 and 武汉) is resolved by the other places the
  article names; with no support it is left out rather than guessed;
* townships and villages are looked up only inside the counties the article names, a village
  directly after its township (怀朔镇香房村) is placed under it;
* the primary region is the most specific place of the first chain in the title, else the most
  specific region that covers at least 60% of the place mentions (none for a national text)."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import add

from casegraph.core.segment import Segmenter
from casegraph.kg.extract import ner
from casegraph.kg.extract.gazetteer import Gazetteer, Place, load, written_names
from casegraph.kg.extract.placenames import (
    GENERIC,
    MAX_NAME,
    SET_PHRASES,
    SETTLEMENT_SUFFIX,
    TOWN_SUFFIX,
    VILLAGE_SUFFIX,
    is_common_word,
    is_full,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    place: Place


@dataclass
class Resolved:
    mentions: list[Mention]  # in the article text
    title_mentions: list[Mention]  # offsets in the title
    primary: Place | None

    def places(self) -> list[Place]:
        seen: dict[int, Place] = {}
        for m in self.title_mentions + self.mentions:
            seen.setdefault(id(m.place), m.place)
        return list(seen.values())


@functools.cache
def _heads(g_id: int) -> frozenset[str]:
    return frozenset(n[:2] for n in load().by_name)


def _scan(
    text: str, names: dict[str, list[Place]], heads: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Longest dictionary matches, left to right, non-overlapping. Every name has two characters
    or more; ``heads`` are their first two: a name can start only where the two characters are
    one of them, and the positions where they are come from C-level iteration."""
    out = []
    n, end = len(text), 0
    starts = itertools.compress(
        itertools.count(), map(heads.__contains__, map(add, text, text[1:]))
    )
    for i in starts:
        if i < end:
            continue  # inside the name before
        for j in range(min(n, i + MAX_NAME), i + 1, -1):
            if text[i:j] in names:
                out.append((i, j, text[i:j]))
                end = j
                break
    return out


def names_in(text: str, g: Gazetteer) -> list[str]:
    """The gazetteer names written in ``text``, longest first where they overlap."""
    return [name for _, _, name in _scan(text, g.by_name, _heads(id(g)))]


def _candidates(
    text: str, g: Gazetteer, boundaries: Callable[[], set[int]], article: str = ""
) -> list[tuple[int, int, str, list[Place]]]:
    """Gazetteer names in ``text``; ``article`` is the whole article (title and text), where an
    ordinary-word short form may be vouched for by the same place's full name."""
    found = _scan(text, g.by_name, _heads(id(g)))
    if not found:
        return []
    out = []
    for s, e, name in found:
        places = g.by_name[name]
        if name in GENERIC:
            continue
        # a two-character name that is its places' short form (杭州 for 杭州市, 梅县 for 梅县区,
        # 曹县) is read as one: word boundaries, and a county needs its prefecture or province
        # named; not as a one-character stem that needs its parent right before it
        full = is_full(name) and not (len(name) == 2 and all(p.alias == name for p in places))
        if full and len(name) == 2 and not (s > 0 and _prev_is_parent(text[:s], places)):
            continue  # 和县, 城区: a one-character stem needs its parent written before it
        if not full:
            if text[e : e + 1] in SETTLEMENT_SUFFIX:
                continue  # 河南村, 长沙镇: a village or town named after a place, not the place
            if _in_phrase(text, s, e):
                continue  # 金山银山: a set phrase, not the place
            places = [p for p in places if p.level in ("province", "prefecture") or p.alias == name]
            if not places or not (s in boundaries() and e in boundaries()):
                continue
            if (
                is_common_word(name)
                and not _prev_is_parent(text[:s], places)
                and not _named_in_full(article or text, places)
            ):
                continue  # 乡村振兴 is not 振兴区: an ordinary word counts only after its parent,
                # or in an article that names the same place in full (信阳 beside 信阳市)
        out.append((s, e, name, places))
    return out


def _in_phrase(text: str, s: int, e: int) -> bool:
    """Whether the name at ``s:e`` lies inside a set phrase that names no place (金山银山)."""
    return any(
        text.startswith(p, k) and k + len(p) >= e
        for p in SET_PHRASES
        for k in range(max(s - len(p) + 1, 0), s + 1)
    )


def _named_in_full(article: str, places: list[Place]) -> bool:
    return any(p.name in article for p in places)


def _prev_is_parent(before: str, places: list[Place]) -> bool:
    return any(before.endswith((a.name, a.alias or a.name)) for p in places for a in p.chain()[1:])


def _support(place: Place, context: list[Place]) -> int:
    chain = {id(x) for x in place.chain()}
    score = 0
    for c in context:
        cchain = {id(x) for x in c.chain()}
        if id(c) in chain or id(place) in cchain:
            score += 3 if c.level != "province" else 2
        elif c.level != "province" and c.chain()[-1] is place.chain()[-1]:
            score += 1
    return score


def _is_short(name: str, place: Place) -> bool:
    return name == place.alias and not is_full(name) and place.level != "province"


def _resolve(cands) -> list[tuple[int, Mention]]:
    """Pick one place per candidate, or drop it when the article gives no support; returns
    (candidate index, mention) pairs."""
    context = [ps[0] for _, _, name, ps in cands if len(ps) == 1 and not _is_short(name, ps[0])]
    provinces = {id(c.province()) for c in context}
    out = []
    for i, (s, e, name, places) in enumerate(cands):
        if len(places) == 1:
            place = places[0]
            if _is_short(name, place):
                ancestors = {id(a) for a in place.chain()[1:]}
                if place.level == "county" and not any(id(c) in ancestors for c in context):
                    continue  # a county's short form needs its prefecture or province named
                if (
                    place.level == "prefecture"
                    and provinces
                    and id(place.province()) not in provinces
                ):
                    continue  # 七佛山 is not 佛山 in an article about 山西
        else:
            scored = sorted(((_support(p, context), i) for i, p in enumerate(places)), reverse=True)
            if scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
                place = _city_over_namesake(places)
                if place is None:
                    continue
            else:
                place = places[scored[0][1]]
        out.append((i, Mention(s, e, name, place)))
    return out


def _city_over_namesake(places: list[Place]) -> Place | None:
    """南昌 with nothing to tell 南昌市 from 南昌县 under it: the city (the county is written in
    full to be told apart)."""
    cities = [p for p in places if p.level == "prefecture"]
    if len(cities) == 1 and all(p is cities[0] or cities[0] in p.chain() for p in places):
        return cities[0]
    return None


@functools.lru_cache(maxsize=64)
def _local_names(
    counties: tuple[Place, ...],
) -> tuple[dict[str, list[Place]], dict[str, list[Place]], frozenset[str]]:
    """Townships and villages of the given counties by full name, townships by stem (西斗铺 for
    西斗铺镇), which count only right after their county (固阳县西斗铺), and the first two
    characters of both (for the scan). Read only: shared by every article naming them; few kept
    (their lists are many objects for the garbage collector to walk)."""
    names: dict[str, list[Place]] = {}
    stems: dict[str, list[Place]] = {}
    for c in counties:
        for town in c.children:
            for name in written_names(town):
                if name.endswith(TOWN_SUFFIX) and len(name) >= 3 and name not in GENERIC:
                    names.setdefault(name, []).append(town)
                    stem = next(name[: -len(x)] for x in TOWN_SUFFIX if name.endswith(x))
                    if len(stem) >= 2 and town not in stems.get(stem, []):
                        stems.setdefault(stem, []).append(town)
            for v in town.children:
                if v.name.endswith(VILLAGE_SUFFIX) and len(v.name) >= 3 and v.name not in GENERIC:
                    names.setdefault(v.name, []).append(v)
    return names, stems, frozenset(n[:2] for n in (*stems, *names))


def _local_mentions(
    text: str, mentions: list[Mention], boundaries: Callable[[], set[int]]
) -> list[Mention]:
    counties = tuple({id(m.place): m.place for m in mentions if m.place.level == "county"}.values())
    if not counties:
        return []
    names, stems, heads = _local_names(counties)
    county_at = {m.end: m.place for m in mentions if m.place.level == "county"}
    lookup = {**stems, **names}
    out: list[Mention] = []
    last_town: Place | None = None
    last_end = -1
    for s, e, name in _scan(text, lookup, heads):
        if name not in names:  # a stem: only directly after its own county
            county = county_at.get(s)
            places = [p for p in stems[name] if county is not None and p.parent is county]
            if len(places) != 1:
                continue
            out.append(Mention(s, e, name, places[0]))
            last_town, last_end = places[0], e
            continue
        places = names[name]
        chained = last_end == s or s in county_at
        if not chained and (s not in boundaries() or e not in boundaries()):
            continue
        if len(places) > 1 and last_town is not None and last_end == s:
            places = [p for p in places if p.parent is last_town] or places
        if len(places) > 1 and s in county_at:
            places = [p for p in places if county_at[s] in p.chain()] or places
        if len(places) > 1:
            continue
        p = places[0]
        out.append(Mention(s, e, name, p))
        last_town, last_end = (p, e) if p.level == "township" else (None, -1)
    return out


# the benchmarks switch this off to measure the rules alone against the subject model
SUBJECT_MODEL = True
SUBJECT_SHARE = 0.6  # the subject region covers at least this share of the places named


def _primary(title_mentions: list[Mention], mentions: list[Mention], text: str) -> Place | None:
    """The region the whole article is about. A place chain in the title decides; otherwise the
    most specific region under which at least 60% of the article's place mentions fall (a
    city-wide report that opens with one village's story is about the city; a national report
    naming many provinces has none)."""

    def first_chain(ms: list[Mention]) -> Place | None:
        if not ms:
            return None
        best = ms[0]
        for m in ms[1:]:
            if m.start > best.end + 1 or best.place not in m.place.chain():
                break
            best = m
        return best.place

    if p := first_chain(title_mentions):
        return p
    if not mentions:
        return None
    mentions = chains_once(mentions)
    lead_end = text.find("\n") if "\n" in text else len(text)
    if len(mentions) == 1 and mentions[0].start > lead_end:
        return None  # one place named in passing, past the opening, is not what the text is about
    return covering(mentions)


def chains_once(mentions: list[Mention]) -> list[Mention]:
    """A chain written out (江苏淮安盱眙县, 青海西宁) as one mention of its most specific place."""
    if not mentions:
        return []
    return [
        m
        for m, nxt in zip(mentions, [*mentions[1:], None], strict=True)
        if nxt is None or nxt.start > m.end + 1 or m.place not in nxt.place.chain()
    ]


def covering(mentions: list[Mention], share: float = SUBJECT_SHARE) -> Place | None:
    """The most specific region under which at least ``share`` of the mentions fall."""
    covered: Counter = Counter()
    places: dict[int, Place] = {}
    for m in mentions:
        for p in m.place.chain():
            covered[id(p)] += 1
            places[id(p)] = p
    level = {
        name: i
        for i, name in enumerate(("province", "prefecture", "county", "township", "village"))
    }
    qualified = [
        (level[places[k].level], n, places[k])
        for k, n in covered.items()
        if n >= share * len(mentions)
    ]
    if not qualified:
        return None
    return max(qualified, key=lambda t: (t[0], t[1]))[2]


def resolve_regions(
    title: str, text: str, seg: Segmenter | None = None, captions: list[tuple[int, int]] = ()
) -> Resolved:
    """Places of the title and the text; the subject region is decided without the places of
    photo captions (``captions``: spans of the text), which say where a photo was taken."""
    g = load()
    seg = seg or Segmenter()
    # word boundaries of the text and the title, segmented once and only when a name needs them
    text_cuts, title_cuts = seg.lazy_boundaries(text), seg.lazy_boundaries(title)
    article = title + "\n" + text
    body = _candidates(text, g, text_cuts, article)
    head = _candidates(title, g, title_cuts, article)
    # title and body support each other; title offsets are in the title
    resolved = _resolve(body + head)
    body_m = [m for i, m in resolved if i < len(body)]
    head_m = [m for i, m in resolved if i >= len(body)]
    ents = ner.entities(text) if ner.available() else None
    if ents:  # 玉山 in the person's name 徐玉山 is no county
        from casegraph.kg.extract.ner_places import outside_persons

        body_m = outside_persons(body_m, text, ents)
    body_m.extend(_local_mentions(text, body_m, text_cuts))
    head_m.extend(_local_mentions(title, head_m + body_m, title_cuts))
    if ents is not None:
        from casegraph.kg.extract.ner_places import ner_mentions

        found = ner_mentions(body_m, text, ents, head_m)
        head_m.extend(
            ner_mentions(
                body_m, text, ner.entities(title), [*head_m, *found], where=title, here=head_m
            )
        )
        body_m.extend(found)
        head_m.sort(key=lambda m: m.start)
    body_m.sort(key=lambda m: m.start)
    told = [m for m in body_m if not any(a <= m.start < b for a, b in captions)]
    rule = _primary(head_m, told, text)
    if not SUBJECT_MODEL:
        return Resolved(body_m, head_m, rule)
    from casegraph.kg.extract.subject import choose

    primary, _ = choose(head_m, told, chains_once(told), text, rule, title)
    return Resolved(body_m, head_m, primary)
