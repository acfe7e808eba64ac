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

from casegraph.core.segment import Segmenter, stopwords
from casegraph.core.text import HAN

# words that say what kind of answer is wanted, not what it is about
QUESTION_WORDS = frozenset(
    "多少 几个 几年 哪个 哪年 哪里 哪两个 为啥 咋样 怎么样 怎么办 是否 有没有 做了 干了 做法 经验 作用 "
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
    key: str | None = None

    def weight(self, term: str) -> float:
        """PART for a word inside one of the phrases (but not the phrase itself), else 1."""
        return PART if any(term in p and term != p for p in self.phrases) else 1.0


_WORD = re.compile(rf"[{HAN}A-Za-z0-9]")


def _is_word(tok: str) -> bool:
    return bool(_WORD.search(tok))


def runs(query: str, seg: Segmenter) -> list[list[str]]:
    """The query's words in runs: a space, punctuation, a stop word or a question word ends one."""
    stop = stopwords()
    out: list[list[str]] = [[]]
    for tok in seg.cut(query):
        if not _is_word(tok) or tok in stop or tok in QUESTION_WORDS:
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
    units = list(phrases)
    for word in (w for run in parsed for w in run):
        if len(word) >= 2 and not any(word in p for p in units):
            units.append(word)
    counts = {u: df(u) for u in units}
    known = [u for u in units if counts[u]]
    key = min(known, key=lambda u: (counts[u], -len(u))) if known else None
    return QueryTerms(tuple(terms), tuple(phrases), tuple(units), counts, key)
