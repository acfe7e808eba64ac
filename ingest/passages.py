"""Split paragraphs into passages at sentence ends; stable ids and character offsets."""

from __future__ import annotations

import hashlib
import re

from casegraph.core.text import HAN, SENTENCE, split_sentences  # noqa: F401 (re-exported)

from .model import Passage

_CANON = re.compile(f"[^{HAN}0-9A-Za-z]")


def chunk_paragraph(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans (start, end) covering a paragraph, each at most ~max_chars, cut at sentence ends."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = pos = 0
    for sentence in split_sentences(text):
        end = pos + len(sentence)
        if end - start > max_chars and pos > start:
            spans.append((start, pos))
            start = pos
        pos = end
    if pos > start:
        spans.append((start, pos))
    # a short tail is folded into the previous passage
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < max_chars // 4:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return spans


def canonical_text(text: str) -> str:
    """Only Han characters, letters and digits: equal for reprints with other punctuation."""
    return _CANON.sub("", text)


def article_id(text: str) -> str:
    return "a" + hashlib.sha1(canonical_text(text).encode("utf-8")).hexdigest()[:15]


def build_passages(
    aid: str, blocks: list[tuple[str, str, str | None]], max_chars: int
) -> tuple[str, list[Passage]]:
    """blocks: (kind, text, heading) with kind in body/caption/heading -> (text, passages)."""
    parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    for kind, text, heading in blocks:
        if parts:
            offset += 1  # the "\n" joining blocks
        parts.append(text)
        if kind != "heading":
            spans = chunk_paragraph(text, max_chars) if kind == "body" else [(0, len(text))]
            for s, e in spans:
                seg = text[s:e]
                lead = len(seg) - len(seg.lstrip())
                seg = seg.strip()
                if not seg:
                    continue
                start = offset + s + lead
                pid = f"{aid}-{len(passages):03d}"
                passages.append(Passage(pid, seg, start, start + len(seg), heading, kind))
        offset += len(text)
    return "\n".join(parts), passages
