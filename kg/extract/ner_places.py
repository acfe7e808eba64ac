"""Towns and villages below the gazetteer's reach, from the named-entity model's LOC tags: a tagged
name with a settlement suffix (镇, 乡, 街道, 村, 社区, 嘎查 …) that no gazetteer mention covers is
looked up among the towns and villages of the regions the article names: its counties (else its
prefectures, else its provinces), and, where they list no such name and no one county or town
can hold it, its prefectures; one match is that place. A name the gazetteer does not list is
kept as a place of its own under the region that holds the article's other places, when that
region is a county (so the name cannot be another county's village)."""

from __future__ import annotations

import functools
import re

from casegraph.kg.extract.gazetteer import Place, written_names
from casegraph.kg.extract.ner import Entity
from casegraph.kg.extract.placenames import (
    GENERIC,
    TOWN_SUFFIX,
    VILLAGE_SUFFIX,
    is_common_word,
    is_full,
    is_function_word,
)
from casegraph.kg.extract.regions import Mention
from casegraph.kg.extract.subject import FIRM

# a tagged word opening with a pronoun, a conjunction or a level word is a cut, not a name
# (和新村 in 马路村和新村, 镇扶村 in 驻镇帮镇扶村工作队, 该村). Not 那: it opens hundreds of
# Zhuang and Dai names (那坡, 那洛村: "paddy field"); 那个村 and 那些村 fail as a function word
_NOT_FIRST = set("该本全各每此这其另我你他她们某和与及或跟同并镇乡村县市区省")
# a kind of village or town, not a name (振兴先行村, 乡村振兴示范镇, 省级文明村)
_KIND = re.compile(
    r"(?:先行|示范|重点|试点|样板|标杆|先进|后进|薄弱|贫困|脱贫|美丽|文明|特色|中心|明星|星级|"
    r"红色|旅游|生态|和美|宜居|富裕|振兴|帮扶|结对|联建|边境|民族|传统|普通|网红|空心|落后|"
    r"软弱涣散|经济强|专业|淘宝|电商)(?:村|镇|乡|社区)$|乡村$|城乡$"
)
_MAX_SCOPE_PLACES = 40000
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")  # towns and villages scanned per article at most


def _level(name: str) -> str | None:
    if name.endswith(VILLAGE_SUFFIX):
        return "village"
    if name.endswith(TOWN_SUFFIX):
        return "township"
    return None


# settlement suffixes, longest first (民族乡 before 乡)
_SUFFIXES = sorted((*VILLAGE_SUFFIX, *TOWN_SUFFIX), key=len, reverse=True)


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _plausible(name: str) -> bool:
    stem = _stem(name)
    return (
        len(stem) >= 2
        and all(_HAN_CHAR.match(ch) for ch in name)
        and name not in GENERIC
        and not _KIND.search(name)
        and name[0] not in _NOT_FIRST
        and not any(ch.isdigit() for ch in name)
        and not is_common_word(name)
        and not is_function_word(stem)
    )


def settlement(name: str) -> bool:
    """A tagged word that reads as a town's or a village's name (里罗城村; not 该村, 示范村)."""
    return _level(name) is not None and _plausible(name)


def _scopes(mentions: list[Mention]) -> list[list[Place]]:
    """The regions the article names, level by level, most specific first: its counties, its
    prefectures, its provinces (the levels it names)."""
    out = []
    for level in ("county", "prefecture", "province"):
        found = {id(m.place): m.place for m in mentions if m.place.level == level}
        if found:
            out.append(list(found.values()))
    return out


@functools.lru_cache(maxsize=512)
def _below_one(place: Place) -> dict[str, tuple[Place, ...]]:
    """Towns and villages under ``place`` by name (a bounded scan, kept per place)."""
    out: dict[str, list[Place]] = {}
    todo = [place]
    seen = 0
    while todo and seen < _MAX_SCOPE_PLACES:
        p = todo.pop()
        for c in p.children:
            seen += 1
            if c.level in ("township", "village"):
                for name in written_names(c):
                    out.setdefault(name, []).append(c)
            todo.append(c)
    return {k: tuple(v) for k, v in out.items()}


def _below(places: list[Place]) -> dict[str, list[Place]]:
    return _below_many(tuple(sorted(places, key=id)))


@functools.lru_cache(maxsize=256)
def _below_many(places: tuple[Place, ...]) -> dict[str, list[Place]]:
    if len(places) == 1:
        return {k: list(v) for k, v in _below_one(places[0]).items()}
    out: dict[str, list[Place]] = {}
    for p in places:
        for name, found in _below_one(p).items():
            out.setdefault(name, []).extend(found)
    return out


def _trim(e: Entity, mentions: list[Mention]) -> tuple[int, str] | None:
    """The part of a tagged word after the gazetteer places it starts with (承德围场小洼村 ->
    小洼村); None when a mention covers its end."""
    start, name = e.start, e.text
    for m in mentions:
        if m.start < e.end and e.start < m.end:
            if m.end >= e.end:
                return None
            cut = m.end - start
            if cut > 0:
                start, name = m.end, e.text[cut:]
    return start, name


_ORG_TAIL = re.compile(
    r"(?:党委|党总支|党支部|党组织|党工委|人民政府|政府|村委会|居委会|村民委员会)$"
)


def _as_place(e: Entity) -> Entity | None:
    """A LOC entity, or the place an organisation of a town or village is named after
    (统一镇党委 -> 统一镇)."""
    if e.tag == "LOC":
        return e
    if e.tag == "ORG" and (m := _ORG_TAIL.search(e.text)) and m.start() >= 3:
        return Entity(e.start, e.start + m.start(), e.text[: m.start()], "LOC")
    return None


def _with_suffix(e: Entity, where: str) -> Entity:
    """A place name the tagger cut before its settlement suffix (罗家营|社区, 百步亭|社区): the
    suffix written right after it is part of the name; not after an ordinary word the tagger
    took for a place (保障|村“两委”)."""
    if _level(e.text) or is_common_word(e.text):
        return e
    for suffix in _SUFFIXES:
        if where.startswith(suffix, e.end):
            return Entity(e.start, e.end + len(suffix), e.text + suffix, e.tag)
    return e


def _in_firm(m: Mention, text: str) -> bool:
    return bool(FIRM.match(text[m.end : m.end + 16]))


def outside_persons(mentions: list[Mention], text: str, entities: list[Entity]) -> list[Mention]:
    """The mentions that are not a short form inside a person's name (玉山 in 第一书记徐玉山):
    wherever the text writes a name the model tags as a person."""
    names = {e.text for e in entities if e.tag == "PER" and len(e.text) >= 2}
    spans = [(x.start(), x.end()) for n in names for x in re.finditer(re.escape(n), text)]
    return [
        m
        for m in mentions
        if is_full(m.surface)
        or not any(a <= m.start and m.end <= b and b - a > m.end - m.start for a, b in spans)
    ]


def ner_mentions(
    body: list[Mention],
    text: str,
    entities: list[Entity],
    also: list[Mention] = (),
    where: str | None = None,
    here: list[Mention] | None = None,
) -> list[Mention]:
    """Mentions of towns and villages among ``entities``, looked up under the regions that the
    mentions ``body`` of ``text`` name (``also``: mentions elsewhere, the title's). The entities
    are of ``where`` (the text unless given), whose own mentions are ``here`` (else ``body``).
    A name written right after a county or a town (乐平镇塘约村) is looked for under it first."""
    # a county named only at the head of a company's name (台安县某某有限公司) holds no village
    # of the article
    if not entities:
        return []
    where = text if where is None else where
    here = body if here is None else here
    scopes = _scopes([m for m in body if not _in_firm(m, text)])
    if not scopes:
        return []
    scope = scopes[0]
    mentions = [*body, *also]
    names = _below(scope)
    county = scope[0] if len(scope) == 1 and scope[0].level == "county" else None
    towns = list({id(m.place): m.place for m in mentions if m.place.level == "township"}.values())
    parent_at = {
        m.end: m.place for m in here if m.place.level in ("prefecture", "county", "township")
    }
    known = {m.surface: m.place for m in mentions if m.place.level in ("township", "village")}
    made: dict[tuple[str, int], Place] = {}
    out: list[Mention] = []
    named = []
    for e in (_with_suffix(x, where) for x in filter(None, map(_as_place, entities))):
        if where[e.start - 1 : e.start] == "“" and where[e.end : e.end + 1] == "”":
            continue  # a nickname (“网红村”, “淘宝镇”), not a place
        trimmed = _trim(e, here)
        if trimmed is not None and (level := _level(trimmed[1])) and _plausible(trimmed[1]):
            named.append((*trimmed, level))
    # towns first: a village is then looked for under the towns the article names
    for start, name, level in sorted(named, key=lambda t: (t[2] != "township", t[0])):
        place = _under_parent(parent_at.get(start), name, level, made)
        if place is None:
            found = names.get(name, [])
            if len(found) > 1 and towns:  # the one under a town the article names
                found = [p for p in found if any(t in p.chain() for t in towns)] or found
            town = towns[0] if len(towns) == 1 and level == "village" else None
            if not found and name in known:  # the place its other mention of it names
                found = [known[name]]
            elif not found and town is None and county is None:  # of a county not named
                found = _wider(scopes[1:], name, level)
            if len(found) == 1 and (town is None or town in found[0].chain()):
                place = found[0]
            elif len(found) <= 1 and town is not None:  # under the one town the article names
                place = made.setdefault((name, id(town)), Place(name, level, None, None, town))
            elif not found and county is not None:  # not added to the gazetteer
                place = made.setdefault((name, id(county)), Place(name, level, None, None, county))
            else:
                continue
        if level == "township":
            if place not in towns:
                towns.append(place)
            parent_at.setdefault(start + len(name), place)
        out.append(Mention(start, start + len(name), name, place))
    return sorted(out, key=lambda m: m.start)


def _wider(scopes: list[list[Place]], name: str, level: str) -> list[Place]:
    """The towns or villages called ``name`` under the prefectures the article names (not its
    provinces: a province holds a namesake of almost any village, and 小山村 is also a word)."""
    for scope in scopes:
        if scope[0].level == "prefecture":
            return [p for p in _below(scope).get(name, ()) if p.level == level]
    return []


def _under_parent(
    parent: Place | None, name: str, level: str, made: dict[tuple[str, int], Place]
) -> Place | None:
    """The town or village ``name`` under the region written right before it: the gazetteer's
    when it lists one, else, under a county or a town, a place of its own (a village right after
    its town, a town or village right after its county; 泉州市罗溪镇 needs the gazetteer's)."""
    if parent is None or (parent.level == "township" and level != "village"):
        return None
    found = [p for p in _below_one(parent).get(name, ()) if p.level == level]
    if len(found) == 1:
        return found[0]
    if found or parent.level == "prefecture":
        return None
    return made.setdefault((name, id(parent)), Place(name, level, None, None, parent))
