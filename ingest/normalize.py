"""Text normalization: pinyin annotations, Traditional -> Simplified, widths and spaces."""

from __future__ import annotations

import functools
import re

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
from casegraph.core.text import HAN as _HAN  # noqa: E402

# A pinyin syllable in (half or full width) brackets written right after a Han character, or
# after a "?" that stands for a character the page's encoding lost (分?(jǐn)?(shù)).
_PINYIN = re.compile(rf"(?:(?<=[{_HAN}])|[?？](?=[(（]))[(（]([a-zü{_TONE}]{{1,7}})[)）]")
_TONED = re.compile(rf"[{_TONE}]")
# the same with the opening bracket itself lost to the encoding: 分?jǐn)?shù)
_LOST_OPEN = re.compile(rf"[?？]([a-zü{_TONE}]{{1,7}})[)）]")

# Full-width ASCII letters, digits and a few symbols -> half width.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_WIDTH.update({ord(c): ord(h) for c, h in zip("％＋＠＆＃＝／", "%+@&#=/", strict=True)})
_WIDTH.update({ord(c): " " for c in "\u3000\xa0\u2002\u2003\u2009\u202f"})
_WIDTH.update({ord(c): None for c in "\u200b\u200c\u200d\ufeff\r"})

_CTX = rf"[{_HAN}\u3000-\u303f\uff01-\uff5e“”‘’…—]"
_HALF_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_PUNCT_NEAR_CJK = re.compile(rf"(?<={_CTX})[,:;?!]|[,:;?!](?=\s?{_CTX})")
_PARENS = re.compile(rf"\(([^()\n]*[{_HAN}][^()\n]*)\)")
_FW_DOT = re.compile(r"(?<=\d)．(?=\d)")
_SPACES = re.compile(r"[ \t\f\v]+")


def strip_pinyin(text: str, min_annotations: int = 1) -> str:
    """Remove pinyin written after characters (``學(xué)習(xí)`` -> ``學習``), in the title as in
    the body.

    Only tone-marked syllables count (at least ``min_annotations`` of them in the document), so a
    lone ``(app)`` after a Han character is left alone."""
    text = _LOST_OPEN.sub(lambda m: "" if _TONED.search(m.group(1)) else m.group(0), text)
    if "(" not in text and "（" not in text:
        return text
    hits = [m for m in _PINYIN.finditer(text) if _TONED.search(m.group(1))]
    if len(hits) < min_annotations:
        return text
    # a lost character ("?") goes with its annotation only when the syllable is pinyin
    return _PINYIN.sub(
        lambda m: "" if m.group(0)[0] not in "?？" or _TONED.search(m.group(1)) else m.group(0),
        text,
    )


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified at phrase level (OpenCC t2s)."""
    return _converter().convert(text)


# lower-case Latin letters pushed into a Chinese word (英kaiyun德市, 平xx舆县: spam injected to
# dodge filters); removed only when the characters around them join into a dictionary word
_INJECTED = re.compile(rf"(?<=[{_HAN}])[a-z]{{3,12}}(?=[{_HAN}])")


def _join_injected(line: str) -> str:
    def fix(m: re.Match) -> str:
        from casegraph.core.segment import word_frequency

        left, right = line[max(0, m.start() - 3) : m.start()], line[m.end() : m.end() + 3]
        for i in range(1, len(left) + 1):
            for j in range(1, len(right) + 1):
                if word_frequency(left[-i:] + right[:j]) > 0:
                    return ""
        return m.group(0)

    return _INJECTED.sub(fix, line)


def normalize_line(line: str) -> str:
    """Widths, punctuation next to Chinese text, injected Latin letters, runs of spaces."""
    line = _SPACES.sub(" ", line.translate(_WIDTH))
    if _INJECTED.search(line):
        line = _join_injected(line)
    line = _FW_DOT.sub(".", line)
    if _PUNCT_NEAR_CJK.search(line):
        line = _PUNCT_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group(0)], line)
    if "(" in line:
        line = _PARENS.sub(r"（\1）", line)
    return _SPACES.sub(" ", line).strip()


def normalize_document(text: str) -> list[str]:
    """Whole-document normalization; returns normalized lines (blank lines kept as '')."""
    text = to_simplified(strip_pinyin(text))
    return [normalize_line(line) for line in text.split("\n")]


_CJK_GAP = re.compile(rf"(?<=[{_HAN}“”《》，。、])\s+(?=[{_HAN}“”《》，。、])")


def normalize_query(text: str) -> str:
    """The same normalization for a search query (Traditional, full width), and no stray spaces
    between Chinese characters (集体经济 增收 -> 集体经济增收)."""
    return _CJK_GAP.sub("", normalize_line(to_simplified(strip_pinyin(text, min_annotations=1))))
