"""What a query asks for, as the lexical side and the relevance judgement read it.

- **content terms**: the query's words of two or more characters (search mode: 乡村振兴 gives
  乡村, 振兴 too), without stop words and question words (怎样, 做了什么, 多少 …);
- **phrases**: multi-character units of the query matched as one piece of text: a run of query
  words with no break between them (党支部 + 领办合作社, 强 + 村 + 公司) when the corpus has it as
  written, else the longest pieces of the run it has, and any word of three or more characters
  (驻村第一书记, 科技特派员). A word inside a phrase (书记 in 驻村第一书记) counts less than a
  word on its own, so a passage with the whole phrase ranks above one with its parts;
- **units**: what the query is made of, each counted once: its phrases and its other content
  words of the plain segmentation (乡贤, 乡村治理 in 乡贤在乡村治理中的作用); the **key** is the
  rarest unit the corpus has, the one a passage must hold to be about the query (驻村第一书记 as
  a whole, where 书记 alone would be anybody's)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from casegraph.core.segment import Segmenter, pos_tagger, stopwords
from casegraph.core.text import HAN

# words that say what kind of answer is wanted, not what it is about
QUESTION_WORDS = frozenset(
    "多少 几个 几年 哪 哪个 哪年 哪里 哪两个 为啥 咋样 怎么样 怎么办 是否 有没有 做了 干了 做法 经验 作用 "
    "效果 成效 介绍 谈谈 有关 关于".split()
)
PART = 0.5  # weight of a word inside a phrase, against 1 for a word on its own
MIN_PHRASE = 3  # characters
MAX_RUN = 8  # words of a run tried as phrases


@dataclass(frozen=True)
class QueryTerms:
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    units: tuple[str, ...]
    df: dict = field(default_factory=dict, compare=False)  # unit -> passages holding it
    key: str | None = None  # the rarest unit the corpus has
    longest: str | None = None  # the longest unit it has (驻村第一书记 in 驻村第一书记修路)

    def inside(self, term: str) -> bool:
        """Whether ``term`` is part of one of the query's units (乡村 of 乡村治理) and not a unit
        itself: such words count less, so a unit counts about once however it is split."""
        return term not in self.units and any(term in u for u in self.units)

    def weight(self, term: str, part: float = PART) -> float:
        return part if self.inside(term) else 1.0


_WORD = re.compile(rf"[{HAN}A-Za-z0-9]")


def _is_word(tok: str) -> bool:
    return bool(_WORD.search(tok))


# part-of-speech tags (jieba's) that end a run: verbs, prepositions, pronouns, numerals,
# measure words, conjunctions, particles, adverbs (a noun made of a verb, vn, does not)
BREAKS = ("v", "p", "r", "m", "q", "c", "u", "d", "y", "e", "o", "w")


def runs(query: str, seg: Segmenter) -> list[list[str]]:
    """The query's noun-like words in runs: a space, punctuation, a stop or question word, or a
    word that is not noun-like (帮, 抓, 选派 …) ends one."""
    stop = stopwords()
    out: list[list[str]] = [[]]
    for w in pos_tagger(seg.dict_path).cut(query):
        tok, flag = w.word, w.flag
        end = not _is_word(tok) or tok in stop or tok in QUESTION_WORDS
        if end or (flag.startswith(BREAKS) and flag != "vn"):
            if out[-1]:
                out.append([])
            continue
        out[-1].append(tok.lower())
    return [r[:MAX_RUN] for r in out if r]


def _phrases_of_run(run: list[str], df: Callable[[str], int]) -> list[str]:
    whole = "".join(run)
    if len(whole) >= MIN_PHRASE and df(whole):
        return [whole]
    if len(run) == 1:
        return []
    found: list[tuple[int, int]] = []
    spans = [
        (i, j) for i in range(len(run)) for j in range(i + 1, len(run) + 1) if j - i < len(run)
    ]
    spans.sort(key=lambda s: -len("".join(run[s[0] : s[1]])))
    for i, j in spans:
        text = "".join(run[i:j])
        if len(text) < MIN_PHRASE or any(i < b and a < j for a, b in found):
            continue
        if df(text):
            found.append((i, j))
    return ["".join(run[i:j]) for i, j in sorted(found)]


def _unknown_words(query: str, seg: Segmenter, df: Callable[[str], int]) -> list[str]:
    """Words the dictionary does not know, which the segmentation leaves as single characters
    (待 泾 村, 甸 头 村): each run of two or more, with the word before or after it when the
    corpus has them together (莲花 + 塘乡), when the corpus has it as written."""
    stop = stopwords()
    toks = [t.lower() for t in seg.cut(query)]
    out: list[str] = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and len(toks[j]) == 1 and _WORD.search(toks[j]) and toks[j] not in stop:
            j += 1
        spans = sorted(
            ((a, b) for a in range(i, j) for b in range(a + 2, j + 1)), key=lambda s: s[0] - s[1]
        )
        taken: list[tuple[int, int]] = []
        for a, b in spans:
            chunk = "".join(toks[a:b])
            if any(a < y and x < b for x, y in taken) or not df(chunk):
                continue
            taken.append((a, b))
            before, after = (
                (toks[a - 1] if a == i and a else ""),
                (toks[b] if b == j < len(toks) else ""),
            )
            for ext in (before + chunk, chunk + after):
                if len(ext) > len(chunk) and _is_word(ext[0]) and _is_word(ext[-1]) and df(ext):
                    chunk = ext
            out.append(chunk)
        i = max(j, i + 1)
    return out


COHESION = 0.1  # a unit takes a neighbouring character when this share of its passages do


def _bound(unit: str, toks: list[str], df: Callable[[str], int]) -> str:
    """``unit`` with a single character that stands next to it in the query when the corpus
    mostly writes them together (驻 + 村干部: 驻村干部 in a fifth of the passages with 村干部;
    帮 + 村民 hardly ever)."""
    text = "".join(toks)
    at = text.find(unit)
    if at < 0:
        return unit
    n = df(unit) or 1
    for ext in (text[at - 1 : at + len(unit)] if at else "", text[at : at + len(unit) + 1]):
        if len(ext) == len(unit) + 1 and _is_word(ext[0]) and _is_word(ext[-1]):
            if df(ext) >= max(1, COHESION * n):
                return ext
    return unit


def analyse(query: str, seg: Segmenter, df: Callable[[str], int]) -> QueryTerms:
    """``df(text)``: in how many passages ``text`` occurs as written (0: nowhere)."""
    stop = stopwords()
    terms = sorted(
        {
            t
            for t in seg.terms(query, fine=True)
            if len(t) >= 2 and t not in stop and t not in QUESTION_WORDS
        }
    )
    parsed = runs(query, seg)
    phrases: list[str] = []
    for run in parsed:
        for p in _phrases_of_run(run, df):
            if p not in phrases:
                phrases.append(p)
    for chunk in _unknown_words(query, seg, df):
        if not any(chunk in p for p in phrases):
            phrases.append(chunk)
    units = list(phrases)
    toks = [t.lower() for t in seg.cut(query)]
    for word in toks:
        content = _is_word(word) and word not in stop and word not in QUESTION_WORDS
        if content and len(word) >= 2 and not any(word in p for p in units):
            units.append(word)
    units = [_bound(u, toks, df) for u in units]
    phrases = [u for u in units if len(u) >= MIN_PHRASE and (u in phrases or u not in toks)]
    counts = {u: df(u) for u in units}
    known = [u for u in units if counts[u]]
    key = min(known, key=lambda u: (counts[u], -len(u))) if known else None
    longest = max(known, key=lambda u: (len(u), -counts[u])) if known else None
    return QueryTerms(tuple(terms), tuple(phrases), tuple(units), counts, key, longest)
