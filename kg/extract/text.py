"""Sentences and clauses of a passage, with offsets into the article text."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from casegraph.core.text import SENTENCE as _SENTENCE
from casegraph.core.text import sentence_texts  # noqa: F401 (the graph's sentences)

QUOTED = re.compile(r"“[^“”]{1,40}”|《[^《》]{1,80}》")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the article text
    passage_id: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(passage) -> list[Sentence]:
    return list(_sentences(passage.text, passage.start, passage.id))


@functools.lru_cache(maxsize=256)
def _sentences(text: str, start: int, passage_id: str) -> tuple[Sentence, ...]:
    """A passage's sentences (extraction reads a body passage's three times)."""
    out = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            out.append(Sentence(stripped, start + m.start() + lead, passage_id))
    return tuple(out)


def unquote(text: str) -> str:
    """The text without its Chinese quotation marks (“十五五”规划 -> 十五五规划)."""
    return text.replace("“", "").replace("”", "")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def inside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < s and e <= b for a, b in spans) or any(a <= s and e < b for a, b in spans)
