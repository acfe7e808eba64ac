"""A card's title, chosen by a model fitted on labelled candidates: every short span that could
name what a unit did (its own name, the heading it stands under, each clause of its 做法
sentences with the time, the actor and the manner taken off) is scored on what a rule cannot
weigh together (the practice-clause model's reading, where the clause stands in its sentence, its
length, its opening and closing words, figures, quotes, the encoder's vector of the span), and
the best one names the card when the model accepts it (benchmarks/train_card_titles.py).

The card then reads "place：title"; with no span accepted, the card's own rules decide
(cases/sentence_roles.py), and a card whose 做法 name nothing is not shown."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path

from casegraph.core.linear import LinearModel, model_at

MODEL = Path(__file__).parent / "data" / "title_model.json"
_SHORTEST, _LONGEST = 4, 30


@dataclass(frozen=True)
class Span:
    text: str
    source: str  # "name" (topic sentence), "heading", "clause" or "tidy" (a clause tidied)
    sentence: int = 0  # which 做法 sentence (clauses)
    clause: int = 0  # which clause of it
    clauses: int = 1  # how many clauses it has
    rules: bool = False  # the name the rules would give the card


def _fits(text: str) -> bool:
    """Short enough for a title, no quotation cut open (助力乡村振兴”文明实践活动) and no list cut
    off (建了民俗馆和接待中心……)."""
    return (
        _SHORTEST <= len(text) <= _LONGEST
        and text.count("“") == text.count("”")
        and "…" not in text
    )


_HAN = "\u4e00-\u9fff"
# a clause cut from its sentence opens on a linking adverb (还成立了合作社, 并利用…, 进而精准施策)
_LINKS = frozenset(
    "还 并 又 也 再 便 就 都 均 而是 进而 继而 随即 从而 并且 然后 相继 同时 还要".split()
)
# a count between the verb and what was made or done (组建2438个“尖刀班”, 引进两家专业公司)
_COUNT = re.compile(
    rf"(?<=[{_HAN}])(?:\d+(?:\.\d+)?|[一两二三四五六七八九十几数][十百千万]{{0,2}})[余多]?"
    rf"(?:个|名|家|处|座|支|项|条|批|所|间|套|位|场|次|期|种|块|片)(?=[{_HAN}“])"
)


_EMPTY_ADVERBS = frozenset(
    "共 共计 一共 先后 陆续 已 已经 率先 积极 大力 不断 逐步 首先 主动 专门 正在 分别 迅速 及时 立即 "
    "当即 随即 还先后 又先后 先".split()
)
# a count closing the clause, after what was made (建成高位蓄水池2处)
_LAST_COUNT = re.compile(
    rf"(?<=[{_HAN}”])(?:\d+(?:\.\d+)?|[一两二三四五六七八九十几][十百千万]{{0,2}})[余多]?"
    r"(?:个|家|处|座|支|项|条|批|所|间|套|场|次|期|种|块|片)$"
)


def _actor_or_adverb(word: str, tag: str, following: str) -> bool:
    """A first word to drop before a verb: a linking adverb, an adverb of time or manner that
    names nothing (共成立了…, 率先推行…; 就近务工 keeps 就近), a place (赣州组建了…) or a person's
    name of two characters or more (某某筹资翻盖了…)."""
    before_verb = following.startswith("v") and (
        word in _EMPTY_ADVERBS or tag == "ns" or (tag == "nr" and len(word) >= 2)
    )
    return word in _LINKS or before_verb


def tidied(clause: str, place: str = "") -> str:
    """A clause as a name: without the adverb, the place or the person it opens on before its
    verb, the card's place as its actor and the count of what was made (还成立了合作社 -> 成立合作社,
    蒲汪镇打造… -> 打造…, 建起两个村级光伏电站 -> 建起村级光伏电站, 建成蓄水池2处 -> 建成蓄水池).
    Words are cut only at the segmenter's word boundaries (就近 and 湘潭市委 stay whole)."""
    from casegraph.cases.sentence_roles import trimmed
    from casegraph.core.segment import pos_tags

    tagged = pos_tags(clause)
    words = [w for w, _ in tagged]
    ends = list(accumulate(map(len, words)))
    if place and clause.startswith(place) and len(place) in ends[:-1]:  # ends on a word boundary
        tagged = tagged[ends.index(len(place)) + 1 :]
    if len(tagged) > 1 and _actor_or_adverb(*tagged[0], tagged[1][1]):
        tagged = tagged[1:]
    words = [w for w, _ in tagged]
    text, bounds = "".join(words), {0, *accumulate(map(len, words))}
    for m in _COUNT.finditer(text):
        if m.start() in bounds and m.end() in bounds:
            text = text[: m.start()] + text[m.end() :]
            break
    if len(cut := _LAST_COUNT.sub("", text)) >= _SHORTEST:
        text = cut
    return trimmed(text)


def without_places(name: str, places: list[str]) -> str:
    """A title without the places it opens on when the card names them already before it (乐山市：
    乐山市在贫困地区引进… -> 乐山市：在贫困地区引进…, 琼海市：海南省琼海市推进… -> 琼海市：推进…);
    a name left shorter than a title stays whole."""
    names = sorted((p for p in places if p), key=len, reverse=True)  # 琼海市 before 琼海
    out, cut = name, True
    while cut:
        cut = False
        for p in names:
            if out.startswith(p) and len(out) - len(p) >= _SHORTEST:
                out, cut = out[len(p) :], True
                break
    return out


_DEMONSTRATIVES = ("这", "该", "此", "其")


def _dangling(clause: str) -> bool:
    """A clause whose first word is a demonstrative or a linking adverb points back to the words it was
    cut from (这片…, 均已…, 并…): no title, though its tidied form may be one (还成立了合作社 ->
    成立合作社); 就业扶贫, 都市农业 open on other words."""
    from casegraph.core.segment import pos_tags

    words = pos_tags(clause)
    return bool(words) and (words[0][0] in _LINKS or words[0][0].startswith(_DEMONSTRATIVES))


def spans(
    label: str, practice: list, section: str | None, chosen: str = "", place: str = ""
) -> list[Span]:
    """Every span that could name the card, once each, in the order the unit tells them; the
    rules' name (``chosen``, cases/sentence_roles.py card_name) is marked as such; ``place``: the
    card's place, taken off a clause it opens (tidied)."""
    from casegraph.cases.sentence_roles import CLAUSES, trimmed

    out: dict[str, Span] = {}
    if label and _fits(label):
        out.setdefault(label, Span(label, "name"))
    if section and _fits(section):
        out.setdefault(section, Span(section, "heading"))
    for i, q in enumerate(practice):
        parts = [p for p in CLAUSES.split(q.text) if p.strip()]
        for k, part in enumerate(parts):
            t = trimmed(part)
            if _fits(t) and not _dangling(t):
                out.setdefault(t, Span(t, "clause", i, k, len(parts)))
            v = tidied(t, place)
            if v != t and _fits(v) and not _dangling(v):
                out.setdefault(v, Span(v, "tidy", i, k, len(parts)))
    return [replace(s, rules=s.text == chosen) for s in out.values()]


_OPEN = re.compile(r"^[\u4e00-\u9fff“]")


def model() -> LinearModel | None:
    return model_at(MODEL)


def features(s: Span, vector=None) -> dict[str, float]:
    """What tells a name of a practice from a cut clause, an aim, a result or a person's act."""
    from casegraph.cases.results import result_clause
    from casegraph.cases.sentence_roles import (
        _AIM,
        _NOT_A_NAME,
        _STANCE,
        _STORY,
        _SUBORDINATE,
        _clause_p,
        _names_an_action,
    )
    from casegraph.cases.specific import CONCRETE, VAGUE_END
    from casegraph.kg.extract.vocab import match_practices

    t = s.text
    f: dict[str, float] = {"bias": 1.0, "src:" + s.source: 1.0, "rules": float(s.rules)}
    f["clause_p"] = _clause_p(t)
    f["len"] = math.log(len(t)) / 3
    f["short"] = float(len(t) <= 6)
    f["long"] = float(len(t) > 18)
    if s.source in ("clause", "tidy"):
        f["sentence_first"] = float(s.sentence == 0)
        f["clause_first"] = float(s.clause == 0)
        f["clause_last"] = float(s.clause == s.clauses - 1)
        f["clause_pos"] = s.clause / max(s.clauses - 1, 1)
    f["figure"] = float(bool(re.search(r"\d", t)))
    f["quote"] = float("“" in t)
    f["list"] = float(t.count("、") >= 2)
    f["open_han"] = float(bool(_OPEN.match(t)))
    f["action"] = float(_names_an_action(t))
    f["result"] = float(result_clause(t))
    for name, rx in (
        ("aim", _AIM),
        ("not_a_name", _NOT_A_NAME),
        ("stance", _STANCE),
        ("story", _STORY),
        ("subordinate", _SUBORDINATE),
        ("concrete", CONCRETE),
        ("vague_end", VAGUE_END),
    ):
        f["rx:" + name] = float(bool(rx.search(t)))
    f["vocab"] = float(bool(match_practices(t)))
    f["open:" + t[:1]] = 1.0
    f["end:" + t[-1:]] = 1.0
    if vector is not None:
        for i, v in enumerate(vector):
            f[f"v:{i}"] = float(v)
    return f


def vectors(texts: list[str]):
    """The role model's encoder's vectors of the spans (cases/role_encoder.py), one batch."""
    from casegraph.cases.role_encoder import pooled

    return pooled(texts) if texts else []


def scored(cands: list[Span]) -> list[tuple[float, Span]]:
    """Each span with the model's probability that it names the card well, best first."""
    m = model()
    if m is None or not cands:
        return []
    vecs = (
        vectors([c.text for c in cands]) if m.spec["card"].get("vectors") else [None] * len(cands)
    )
    out = [(m.predict_proba(features(c, v))["1"], c) for c, v in zip(cands, vecs, strict=True)]
    return sorted(out, key=lambda x: -x[0])


def best_title(
    label: str, practice: list, section: str | None, chosen: str = "", place: str = ""
) -> str | None:
    """The span the model reads most surely as naming the card, when it clears the threshold;
    ``chosen``: the rules' name, one piece of evidence among the others."""
    ranked = scored(spans(label, practice, section, chosen, place))
    m = model()
    if not ranked or m is None:
        return None
    p, s = ranked[0]
    return s.text if p >= float(m.spec["card"].get("threshold", 0.5)) else None
