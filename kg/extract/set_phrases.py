"""A number written in characters that belongs to a set phrase (三番五次, 七上八下, 四处奔走), not a
count: read from the segmenter's words around it."""

from __future__ import annotations

import functools

_HAN_DIGITS = set("一二两三四五六七八九十百千万亿")


@functools.lru_cache(maxsize=4096)
def _tags(sentence: str) -> list[tuple[str, str]]:
    from casegraph.core.segment import pos_tags

    return pos_tags(sentence)


def idiomatic(sentence: str, start: int, end: int) -> bool:
    """A number written in characters that is part of a set phrase, not a count: inside a longer
    word of the dictionary that begins before it (三番五次, 七上八下) or 处 read as "places" before a verb (四处碰壁,
    四处奔走: everywhere)."""
    if not _HAN_DIGITS & set(sentence[start:end]) or any(c.isdigit() for c in sentence[start:end]):
        return False
    at = 0
    tags = _tags(sentence)
    digits = [i for i in range(start, end) if sentence[i] in _HAN_DIGITS]
    for k, (word, flag) in enumerate(tags):
        a, b = at, at + len(word)
        at = b
        if not any(a <= i < b for i in digits):
            continue  # a word over the hedge only (人口不足 before 百人) says nothing of the number
        if len(word) >= 4 and not any(c.isdigit() for c in word):
            if a < start or (b > end and flag == "i"):  # 三番五次; 四处奔走, an idiom
                return True
        if sentence[end - 1 : end] == "处" and b == end and k + 1 < len(tags):
            return tags[k + 1][1].startswith("v")
    return False
