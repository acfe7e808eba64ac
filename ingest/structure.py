"""Assemble an Article from normalized lines: header metadata, boilerplate, headings, captions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import metadata as md
from .boilerplate import RELATED, WIDGET, boilerplate_reason, box_label, ends_sentence
from .lines import is_caption
from .model import Article, IngestError
from .page import model_lines
from .passages import article_id, build_passages

IMAGE = (
    "\\"  # a lone backslash line: an image placeholder in copied pages; readers emit it for <img>
)
_IMAGE_LINE = re.compile(r"^(\\|/|\[图片\]|\[图\]|【图片】|<图片>)$")
_HEADER_SCAN = 12
_HEADING_MAX = 50
_CAPTION_MAX = 100
_ONE_LINE = re.compile(r"\s+")
_TAIL_MARKER = re.compile(r"^[（(]\s*(?:本文|本报|原标题|文章来源)")


@dataclass
class Hints:
    """Metadata a reader already knows (HTML meta tags, JSON fields, Markdown headings)."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    authors: list[dict] = field(default_factory=list)


def _content(lines: list[str]) -> list[str]:
    """Drop blank lines and boilerplate; keep image markers (they mark captions)."""
    out = []
    nonblank = [line for line in lines if line]
    in_related = False
    for i, line in enumerate(nonblank):
        if box_label(nonblank, i):
            out.append(line)  # 延伸阅读 over a paragraph: a box beside the story, kept as a heading
            continue
        if RELATED.match(line):
            in_related = True  # 往期推荐: the titles under it are other articles
            continue
        if in_related and _is_heading_shape(line):
            continue
        in_related = False
        nxt = nonblank[i + 1] if i + 1 < len(nonblank) else ""
        if len(line) <= 15 and WIDGET.match(nxt) and not WIDGET.match(line):
            continue  # the site name printed above a share widget's label
        if _IMAGE_LINE.match(line):
            out.append(IMAGE)
        elif boilerplate_reason(line) is None or md.is_meta_line(line) or md.copyright_owner(line):
            out.append(line)
    return out


def _is_heading_shape(line: str) -> bool:
    return len(line) <= _HEADING_MAX and not ends_sentence(line) and not line.endswith(("：", ":"))


def _header(lines: list[str], hints: Hints, meta: dict) -> tuple[str | None, list[str]]:
    """Find the date/source line near the top; the title is the line just above it."""
    scan = []
    for i, line in enumerate(lines[:_HEADER_SCAN]):
        if line != IMAGE and (ends_sentence(line) or len(line) > 80) and not md.is_meta_line(line):
            break  # the first paragraph of content: the header is above it
        if line != IMAGE:
            scan.append(i)
    meta_at = next((i for i in scan if md.is_meta_line(lines[i])), None)
    title = None
    if meta_at is not None:
        meta.update(md.parse_meta_line(lines[meta_at]))
        above = [i for i in scan if i < meta_at and _is_heading_shape(lines[i])]
        if above:
            title = lines[above[-1]]
        lines = lines[meta_at + 1 :]
    if hints.title:
        t = hints.title
        lines = [line for line in lines[:_HEADER_SCAN] if line != t] + lines[_HEADER_SCAN:]
        return t, lines
    if title is None and lines and _is_heading_shape(lines[0]) and len(lines) > 1:
        nxt = lines[1]
        if (not _is_heading_shape(nxt) or md.is_meta_line(nxt)) and len(lines[0]) <= 40:
            title, lines = lines[0], lines[1:]  # a title, then the text or a byline
    return title, lines


def _is_caption(line: str, after_image: bool) -> bool:
    if len(line) > _CAPTION_MAX:
        return False
    return is_caption(line) or (after_image and not ends_sentence(line))


def _classify(
    lines: list[str], meta: dict, captions: set[str] = frozenset()
) -> list[tuple[str, str, str | None]]:
    """-> blocks (kind, text, heading); bylines and copyright lines go to metadata.

    Consecutive heading lines form one heading, which applies until the next heading."""
    blocks: list[tuple[str, str, str | None]] = []
    run: list[str] = []
    heading: str | None = None
    after_image = False
    for i, line in enumerate(lines):
        if line == IMAGE:
            after_image = True
            continue
        if owner := md.copyright_owner(line):
            meta.setdefault("publisher", owner)
            continue
        box = box_label(lines, i)
        if not box and (boilerplate_reason(line) is not None or md.is_meta_line(line)):
            continue
        if byline := md.parse_byline(line):
            meta.setdefault("bylines", []).append(byline)
            continue
        if original := md.ORIGINAL_TITLE.match(line):
            meta.setdefault("original_title", original.group(1))
            continue
        if md.BARE_BYLINE.match(line):
            meta.setdefault("authors", md.parse_meta_line(line).get("authors", []))
            continue
        if not any(k == "body" for k, _, _ in blocks):
            # the agency, place of filing and reporters before the first sentence are not the story
            while lead := md.DATELINE.match(line) or md.BYLINE_LEAD.match(line):
                if not lead.end():
                    break
                line = line[lead.end() :]
            if not line:
                continue
        if line in captions or _is_caption(line, after_image):
            kind = "caption"
        elif _is_heading_shape(line) and i < len(lines) - 1 and not _TAIL_MARKER.match(line):
            kind = "heading"
        else:
            kind = "body"
        after_image = False
        if kind == "heading":
            run.append(line)
            blocks.append(("heading", line, None))
            continue
        if run:
            heading, run = " ".join(run), []
        blocks.append((kind, line, heading))
    return blocks


def _merge_authors(meta: dict, hints: Hints) -> list[dict]:
    authors = list(hints.authors) or list(meta.get("authors", []))
    for b in meta.get("bylines", []):
        same = next((a for a in authors if a["name"] == b["name"]), None)
        if same is not None:
            same.update({k: v for k, v in b.items() if k == "affiliation"})
        else:
            authors.append(b)
    return authors


def _rule_blocks(lines: list[str], hints: Hints, meta: dict):
    """The rules alone (kept for the ablation against the line model)."""
    content = _content(lines)
    title, body_lines = _header(content, hints, meta)
    return title, _classify(body_lines, meta)


# the benchmarks switch this off to measure the rules alone against the line model
LINE_MODEL = True


def assemble(
    lines: list[str],
    hints: Hints,
    origin: str,
    max_chars: int = 300,
    line_model: bool | None = None,
) -> Article:
    """Normalized lines (+ reader hints) -> Article. Raises IngestError if no content is left.

    Lines are read by the line model (ingest/page.py), or by the rules alone with
    ``line_model=False``."""
    meta: dict = {}
    blocks: list = []
    if LINE_MODEL if line_model is None else line_model:
        title, content, captions = model_lines(lines, hints.title, meta)
        blocks = _classify(content, meta, captions)
    if not any(kind == "body" for kind, _, _ in blocks):
        # the model read no article text at all (a one-line record, an odd layout): the rules
        # read the page instead, so that nothing a user gave is lost
        meta = {}
        title, blocks = _rule_blocks(lines, hints, meta)
    if not any(kind == "body" for kind, _, _ in blocks):
        raise IngestError("no article text left after removing boilerplate")
    body_text = "\n".join(t for k, t, _ in blocks if k == "body")
    aid = article_id(body_text)
    text, passages = build_passages(aid, blocks, max_chars)
    derived = not title
    title = md.derive_title(body_text) if derived else _ONE_LINE.sub(" ", title).strip()
    return Article(
        id=aid,
        title=title,
        title_derived=derived,
        date=hints.date or meta.get("date"),
        source=hints.source or meta.get("source") or meta.get("publisher"),
        authors=_merge_authors(meta, hints),
        url=hints.url,
        text=text,
        passages=passages,
        origin=origin,
    )
