"""Page reading with the line model (ingest/lines.py): the title is the line the model calls
title, bylines feed the metadata, navigation, widgets, spam and decks are dropped; what is left is
the article's content."""

from __future__ import annotations

import re

from . import metadata as md
from .boilerplate import (
    FURNITURE_RULES,
    NOT_METADATA,
    RELATED,
    boilerplate_reason,
    box_label,
    ends_sentence,
)
from .lines import IMAGE, LineVerdict, classify_lines, is_caption
from .titles import choose as choose_title

# a line is dropped as furniture only when the model is this sure (losing a line of the article
# costs more than keeping a widget: chosen on dev by cross-validation, benchmarks/train_lines.py)
FURNITURE_P = 0.7
_LOST = re.compile(r"^[?？\s]{2,}|[?？]{3,}")
CAPTION_P = 0.7
# a sentence of running text that names no picture (no 图为, 摄, 资料图) is a caption only when the
# model is this sure: next to a photo, the story's next paragraph reads much like its caption
TEXT_CAPTION_P = 0.9
_TEXT_LENGTH = 40
FURNITURE = ("title", "subtitle", "byline", "nav", "spam")


def _running_text(line: str) -> bool:
    return len(line) > _TEXT_LENGTH and ends_sentence(line) and not is_caption(line)


def furniture_p(v: LineVerdict) -> float:
    return sum(v.proba.get(k, 0.0) for k in FURNITURE)


def _metadata(line: str, meta: dict) -> None:
    """What a byline, source, date or editor line says about the article."""
    if owner := md.copyright_owner(line):
        meta.setdefault("publisher", owner)
        return
    if byline := md.parse_byline(line):
        meta.setdefault("bylines", []).append(byline)
        return
    if original := md.ORIGINAL_TITLE.match(line):
        meta.setdefault("original_title", original.group(1))
        return
    found = md.parse_meta_line(line)
    if md.BARE_BYLINE.match(line) and "authors" in found:
        meta.setdefault("authors", found["authors"])
    for key in ("date", "source", "authors"):
        if key in found:
            meta.setdefault(key, found[key])


def _not_text(lines: list[str]) -> list[str]:
    """Blank out what is no line of this article: text that decoding garbled (锟斤拷, 烫烫, UTF-8
    read as Latin-1), and the titles listed under 相关阅读/往期推荐 (links to other articles)."""
    out = []
    related = False
    for i, t in enumerate(lines):
        if RELATED.match(t) and not box_label(lines, i):
            related = True
            out.append("")
            continue
        if t.strip() and t != IMAGE:
            related = related and len(t) <= 50 and not ends_sentence(t)
        t = _LOST.sub("", t)  # ???? where the page lost its characters
        out.append("" if related or boilerplate_reason(t) == "mojibake" else t)
    return out


def model_lines(
    lines: list[str], title_hint: str | None, meta: dict
) -> tuple[str | None, list[str], set[str]]:
    """-> (title or None, the content lines in order (image markers kept), the lines the model
    reads as captions). Bylines, sources and dates go to ``meta``; navigation, widgets, spam and
    decks are dropped. How content lines divide into headings, body and captions is left to the
    structure rules (ingest/structure.py), with the model's captions as evidence."""
    lines = _not_text(lines)
    verdicts = classify_lines(lines, title_hint)
    real = [(i, t, v) for i, (t, v) in enumerate(zip(lines, verdicts, strict=True)) if v]
    title, used = (title_hint, set()) if title_hint else choose_title(real)
    content: list[str] = []
    captions: set[str] = set()
    for i, (line, v) in enumerate(zip(lines, verdicts, strict=True)):
        if box_label(lines, i):
            content.append(line)  # 延伸阅读 over a paragraph: the heading of a box of text
            continue
        if v is None:
            if line == IMAGE:
                content.append(line)
            continue
        if line in (title_hint, title) or any(lines[i] == line for i in used):
            continue
        if (rule := boilerplate_reason(line)) in FURNITURE_RULES or md.ORIGINAL_TITLE.match(line):
            if rule not in NOT_METADATA:
                _metadata(line, meta)
        elif furniture_p(v) < FURNITURE_P:
            content.append(line)
            if v.proba["caption"] >= (TEXT_CAPTION_P if _running_text(line) else CAPTION_P):
                captions.add(line)
        elif max(FURNITURE, key=lambda k: v.proba[k]) in ("byline", "nav"):
            _metadata(line, meta)
    return title, content, captions
