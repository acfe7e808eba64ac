"""The results a unit that reports none of its own borrows from the article: those of the next
paragraphs, up to the next practice, and else the result sentences later in the article that name
the unit's place (or, in the story of the article's own place, its lead's tally)."""

from __future__ import annotations

import re
from collections.abc import Callable

from casegraph.cases.results import (
    _FIGURE,
    in_quotation,
    is_cut,
    is_forecast,
    is_speech,
    is_tally,
    not_a_result,
    split_result,
)
from casegraph.kg.extract.text import Sentence, sentences

_AHEAD = 2  # paragraphs after a unit where its results are reported first
_FAR = 6  # sentences naming its place read further on
_HOME = 3  # results of the article shown on a card of the place the article is about


def _names(place: str) -> list[str]:
    """A place as articles name it: 周一村 and, for a longer name, without its level."""
    out = [place] if place else []
    short = re.sub(r"(?:自治州|自治县|街道|社区|嘎查|苏木|[省市县区镇乡村旗])$", "", place)
    if len(short) >= 2 and short != place:
        out.append(short)
    return out


def later_results(
    passages,
    span: tuple[int, int],
    place: str,
    roles_for,
    until: int | None = None,
    home: bool = False,
    keep: Callable[[Sentence], bool] | None = None,
) -> list[Sentence]:
    """成效 for a unit that reports none of its own: the result sentences and tallies after it in
    its own paragraph and in the next paragraphs, with the result tails of the deeds told there,
    up to where the next unit begins (``until``) or, not knowing it, the next practice; else the
    result sentences later in the article that name the unit's place or, when that place is the
    article's own (``home``: the story is its case), the sentences read as results anywhere after
    the unit, in its own paragraphs and, with a figure, in the lead (only those: a tally or a
    deed's tail far from the unit is more often a background count or another deed). Elsewhere
    before the unit the article tells another deed, a person's story or the place's background
    (这次选举，所有党员都参加了 on a card of training, another farmer's income): a third of the
    results dev cards showed came from there. A result the card cannot quote (``keep`` says no:
    one person's lot, another place's) is passed over, and the search goes on past it."""
    keep = keep or (lambda s: True)
    start, end = span
    usable = [
        s
        for p in passages
        for s in sentences(p)
        if (s.start >= end or s.end <= start)
        and not is_speech(s.text)
        and not in_quotation(s, passages)
        and not is_cut(s, passages)
        and not is_forecast(s.text)
        and not not_a_result(s.text)
    ]
    after = [p for p in passages if p.end > end]
    own = 1 if after and after[0].start < end else 0  # the unit's own paragraph, when it goes on
    near_ids = {p.id for p in after[: own + _AHEAD]}
    near = [
        s
        for s in usable
        if s.start >= end and s.passage_id in near_ids and (until is None or s.start < until)
    ]
    out = [
        s for s in _results_of(near, roles_for(passages, near), deeds=until is not None) if keep(s)
    ]
    if out:
        return out
    if home:  # the article tells this place's story: its lead's tally, its results further on
        lead = passages[0].id if passages else None
        mine = {p.id for p in passages if p.start < end and start < p.end}  # the unit's paragraphs
        rest = [
            s
            for s in usable
            if s not in near
            and (
                s.start >= end
                or s.passage_id in mine
                or (s.passage_id == lead and _FIGURE.search(s.text))
            )
        ]
        return _first(_read_as_results(passages, rest, roles_for), keep, _HOME)
    names = _names(place)
    far = [
        s
        for s in usable
        if s.start >= end and s.passage_id not in near_ids and any(n in s.text for n in names)
    ][:_FAR]
    return _first(_read_as_results(passages, far, roles_for), keep, 2)


def _first(found: list[Sentence], keep: Callable[[Sentence], bool], n: int) -> list[Sentence]:
    """The first ``n`` sentences of ``found`` that ``keep`` lets through, reading no further (the
    test may run the tagger and the encoder)."""
    out = []
    for s in found:
        if len(out) == n:
            break
        if keep(s):
            out.append(s)
    return out


def _read_as_results(passages, found: list[Sentence], roles_for) -> list[Sentence]:
    """The sentences of ``found`` the role model reads as results (no tallies, no deed tails)."""
    roles = roles_for(passages, found)
    return [s for s in found if roles[s.start] == "成效"]


def _results_of(found: list[Sentence], roles: dict, deeds: bool):
    """The result sentences and tallies among ``found``, with the result tails of the deeds told
    among them (``deeds``); else up to the first deed (the next practice begins)."""
    out = []
    for s in found:
        if roles[s.start] in ("做法", "做法+成效"):
            if not deeds:
                break  # the next practice begins: what follows is its own
            _, tail = split_result(s)
            if tail is not None and not is_forecast(tail.text) and not not_a_result(tail.text):
                out.append(tail)
        elif roles[s.start] == "成效" or is_tally(s.text):
            out.append(s)
    return out
