"""Whose sentence it is: a 做法 or 成效 sentence that opens by speaking for a wider area than the
card's place (近年来全省累计培训…, 济宁市在全市开展…, 镇党委还成立… on a village's card) reports
what a province, a city or a town did, not the card's place, and is not quoted on its card.

Only the actor's place is read: the sentence's first words after a time or a source (近年来，
据悉，); a higher body named later, as a destination or a frame (跑县里市里, 在“县级谋划…”下), leaves
the sentence with the card's place, and so does a sentence that names the card's own place or a
team or secretary stationed in it (…驻村工作队坚持…). A result that opens on another place, one
neither on the card's path nor named in its 做法 (上饶市帮助… on a card of the province's other
cities), reports that place's work and is not quoted either."""

from __future__ import annotations

import functools
import re

from casegraph.kg.extract.gazetteer import LEVELS

RANK = {level: i + 1 for i, level in enumerate(LEVELS)}  # province 1 … village 5
# a time or a source before the actor (近年来，据悉，2019年以来，截至去年底，)
_LEAD = re.compile(
    r"^(?:(?:整个|据悉|据了解|据介绍|近年来|近几年|近两年|多年来|去年|今年(?:以来)?|同时|此外|另外|其中|"
    r"目前|如今|截[至止][^，,。]{1,12}(?=[，,])|(?:19|20)\d\d年(?:\d{1,2}月)?(?:以来|起|底)?|\d{1,2}月\d{1,2}日)[，,]?)+"
)
_STATIONED = re.compile(r"驻村|工作队|第一书记")
# the level a word of scope speaks for, by its level character (全省, 市委, 县里, 镇党委, 乡政府)
_SUFFIX_RANK = {"省": 1, "市": 2, "州": 2, "盟": 2, "县": 3, "区": 3, "旗": 3, "镇": 4, "乡": 4}
_SCOPE = re.compile(
    r"全国|全([省市州盟县区旗镇乡])|([省市州盟县区旗镇乡])(?:委|里|级|政府|党委)"
    r"|各([省市州盟县区旗])"
)


def _short(name: str) -> str:
    return re.sub(
        r"(?:自治州|自治县|自治区|地区|街道|社区|嘎查|苏木|[省市县区镇乡村旗])$", "", name
    )


def _forms(name: str) -> list[str]:
    """A place's name as articles write it: in full, without its level, and the gazetteer's short
    form (凉山 for 凉山彝族自治州, 和田 for 和田地区)."""
    from casegraph.kg.extract.gazetteer import load

    aliases = [p.alias for p in load().by_name.get(name, ()) if p.alias]
    return [n for n in dict.fromkeys([name, _short(name), *aliases]) if len(n) >= 2]


def speaks_wider(text: str, region: list[str], level: str | None) -> bool:
    """Whether the sentence's opening speaks for an area wider than the card's place (``region``,
    province first, and the level of its last place)."""
    if not region or level not in RANK:
        return False
    own = region[-1]
    if own in text or (len(_short(own)) >= 2 and _short(own) in text):
        return False
    opening = _LEAD.sub("", text)
    if _STATIONED.search(re.split(r"[，,；;。]", opening)[0]):
        return False
    m = _SCOPE.match(opening)
    if m:
        if m.group(0) == "全国":
            return True
        suffix = m.group(1) or m.group(2) or m.group(3)
        if m.group(3):  # 各县市 on a county's card: its peers, a wider view
            return _SUFFIX_RANK[suffix] - 1 < RANK[level]
        # 全市 on a county-level city's card: its own
        return not own.endswith(suffix) and _SUFFIX_RANK[suffix] < RANK[level]
    above = [n for p in region[:-1] for n in _forms(p)]
    return any(opening.startswith(n) for n in above)


def _opening_name(text: str) -> str | None:
    """The place the sentence opens on, after a time or a source: a gazetteer name in full
    (上饶市, 内乡县); a short form (新乡, 江阴) may open a common word (新乡贤), a full name may not."""
    from casegraph.kg.extract.gazetteer import load
    from casegraph.kg.extract.placenames import MAX_NAME, is_full

    opening = _LEAD.sub("", text)[: MAX_NAME + 1]
    names = load().by_name
    for end in range(len(opening), 2, -1):
        if opening[:end] in names and is_full(opening[:end]):
            return opening[:end]
    return None


def speaks_for_other(text: str, region: list[str], named: str) -> bool:
    """Whether the sentence opens on a place that is neither on the card's path (``region``) nor
    named in what the card did (``named``: its 做法): another place's deed or result (上饶市帮助…
    on a card of the province's towns, 如今南阳市…村 on a card of 新乡市)."""
    if not region:
        return False
    name = _opening_name(text)
    if name is None:
        return False
    own = {n for p in region for n in (p, _short(p)) if len(n) >= 2}
    return name not in own and _short(name) not in own and _short(name) not in named


# he or she opening a clause (他把公司搬到…; 如今她…), not they (他们)
_ONE_PERSON = re.compile(r"(?:^|[，,；;：:])(?:如今|现在|后来|从此)?[他她](?!们)")


# a person who tells the result (杨良明说，如今…): the account is theirs, the result may be the place's
_SPEAKS = re.compile(r"(?:说|介绍|表示|告诉记者|坦言)")


def _entities(text: str) -> tuple:
    """The tagger's entities of one sentence, read once for its persons and its places (none
    without the tagger)."""
    from casegraph.kg.extract import ner

    return _tagged(text) if ner.available() else ()


@functools.lru_cache(maxsize=256)
def _tagged(text: str) -> tuple:
    from casegraph.kg.extract import ner

    return tuple(ner.entities(text, every_line=True))


def about_a_person(text: str) -> bool:
    """Whether a sentence tells one person's story (徐海成的微型薯有了婆家, 他把公司搬到了…): a
    person's name the tagger reads in it (not as the one who tells it), or he or she opening a
    clause. Read after a unit, such a sentence is that person's lot, not what the unit's practice
    brought its place."""
    if _ONE_PERSON.search(text):
        return True
    return any(
        e.tag == "PER" and len(e.text) >= 2 and not _SPEAKS.match(text, e.end)
        for e in _entities(text)
    )


def _places_named(text: str) -> list[str]:
    """The places a sentence names: gazetteer names in full (石泉县, 铜仁市) and the tagger's
    places with a settlement suffix (里罗城村, 金叶新村)."""
    from casegraph.kg.extract.gazetteer import load
    from casegraph.kg.extract.ner_places import settlement
    from casegraph.kg.extract.placenames import GENERIC, is_common_word, is_full
    from casegraph.kg.extract.regions import names_in

    out = [  # not a name that is also a word (示范区, 开发区)
        n
        for n in names_in(text, load())
        if is_full(n) and len(n) >= 3 and n not in GENERIC and not is_common_word(n)
    ]
    # a settlement's suffix is a word the tagger's lines are chosen by: every line gives the same
    return out + [e.text for e in _entities(text) if e.tag == "LOC" and settlement(e.text)]


def names_other_place(text: str, region: list[str], named: str) -> bool:
    """Whether a sentence names a place that is neither on the card's path (``region``) nor
    named in what the card did (``named``): read after a unit, it reports that place (里罗城村
    变成旅游明星村 on a city's card, 在江苏省对口帮扶…下 on a district's)."""
    if not region:
        return False
    own = {n for p in region for n in _forms(p)}
    for name in _places_named(text):
        forms = _forms(name)
        if not any(f in own or f in named for f in forms) and not any(o in name for o in own):
            return True
    return False
