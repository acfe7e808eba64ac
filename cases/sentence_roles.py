"""The roles of a card's sentences (cases/roles.py), its results reported later in the article,
and a name for the card that says what was done."""

from __future__ import annotations

import re

from casegraph.cases.roles import PRACTICE, decide, predict_many, sentence_features
from casegraph.kg.extract.text import sentences

__all__ = ["PRACTICE", "sentence_roles", "later_results", "card_name"]
_AHEAD = 2  # paragraphs after a unit where its results may be reported


def sentence_roles(passages, chosen) -> dict[int, str]:
    """Role of each sentence in ``chosen`` (by start offset), read in its paragraph's context."""
    if not chosen:
        return {}
    feats, texts = [], []
    for s in chosen:
        k, p = next((k, p) for k, p in enumerate(passages) if p.start <= s.start < p.end)
        own = sentences(p)
        i = next((j for j, x in enumerate(own) if x.start == s.start), 0)
        feats.append(sentence_features(s.text, i, len(own), k, len(passages)))
        texts.append(s.text)
    return {s.start: decide(p) for s, p in zip(chosen, predict_many(feats, texts), strict=True)}


def later_results(passages, end: int, roles_for) -> list:
    """成效 sentences of the next paragraphs, for a unit that reports none of its own."""
    from casegraph.cases.cards import Quote

    after = [p for p in passages if p.start >= end][:_AHEAD]
    sents = [s for p in after for s in sentences(p)]
    roles = roles_for(passages, sents)
    out = []
    for s in sents:
        if roles[s.start] in PRACTICE:
            break  # the next practice begins: what follows is its own
        if roles[s.start] == "成效":
            out.append(Quote(s.text, s.passage_id))
    return out


# what a card's name must not be: a date-led clause, a quotation, a question, a problem, a cut
_NOT_A_NAME = re.compile(
    r"^(?:(?:19|20)\d\d年|\d{1,2}月|“|「|目前|如今|近年来|今年)|[？?]$|难题|问题|短板|差异大|落后|"
    r"缺乏|不足$"
)


def card_name(label: str, practice: list) -> str:
    """The unit's name, or when that is no name (2022年，排捧村经济合作社与…, a quote, a problem),
    the opening action clause of its first 做法 sentence."""
    if label and not _NOT_A_NAME.search(label):
        return label
    for q in practice:
        clause = re.split(r"[，,；;。：:]", q.text, maxsplit=1)[0]
        clause = re.sub(
            r"^(?:(?:19|20)\d\d年(?:\d{1,2}月)?(?:以来)?|目前|如今|近年来|今年以来)", "", clause
        )
        if 4 <= len(clause) <= 24 and not _NOT_A_NAME.search(clause):
            return clause
    return label
