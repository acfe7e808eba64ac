"""Readers: a path -> Articles (and Problems). Formats: .txt .md .html/.htm .jsonl. Only regular
files are opened: a FIFO, socket or device among the sources is one line and skipped (reading a
FIFO would wait forever, holding the instance's write lock), as is a folder that cannot be
listed."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from .decode import decode_bytes
from .htmltext import html_to_lines
from .metadata import clean_source, parse_date
from .model import Article, IngestError, Problem
from .normalize import normalize_document, normalize_line, strip_pinyin, to_simplified
from .structure import Hints, assemble

SUFFIXES = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_SKIP_NAMES = re.compile(r"^(README|LICENSE|CHANGELOG|NOTICE)(\.|$)", re.I)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
Item = Article | Problem


def iter_files(paths: list[str | Path]) -> Iterator[Path | Problem]:
    """Regular files under the given paths (directories walked, sorted); unknown types, other
    kinds of file and folders that cannot be listed are reported."""
    for p in map(Path, paths):
        if p.is_dir():
            problems: list[Problem] = []

            def unlisted(e: OSError, found=problems) -> None:
                found.append(Problem(str(e.filename), f"cannot list folder: {e.strerror or e}"))

            for root, dirs, files in os.walk(p, onerror=unlisted):
                yield from problems
                problems.clear()
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    fp = Path(root) / f
                    if f.startswith(".") or _SKIP_NAMES.match(f):
                        continue
                    if fp.suffix.lower() in SUFFIXES:
                        yield _regular(fp)
            yield from problems
        elif p.exists() and not p.is_file():
            yield _regular(p)
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                yield p
            else:
                yield Problem(
                    str(p),
                    f"unsupported file type '{p.suffix or '(none)'}'; "
                    f"expected one of {', '.join(sorted(SUFFIXES))}",
                )
        else:
            yield Problem(str(p), "no such file or directory")


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _regular(path: Path) -> Path | Problem:
    """``path`` when it is a regular file (links followed), else a Problem naming what it is."""
    try:
        mode = path.stat().st_mode
    except OSError as e:  # a dangling link, a loop, no permission
        return Problem(str(path), f"cannot read: {e.strerror or e}")
    if stat.S_ISREG(mode):
        return path
    return Problem(
        str(path), f"not a regular file but {_KINDS.get(stat.S_IFMT(mode), 'a special file')}"
    )


def open_regular(path: Path):
    """Open ``path`` for reading in binary mode, refusing (IngestError) anything but a regular
    file without waiting on it: the check is on the opened file, so a FIFO swapped in after
    ``iter_files`` looked cannot block the read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
            raise IngestError(f"not a regular file but {kind}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_path(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = 300
) -> Iterator[Item]:
    """All articles in one file; problems are yielded, never raised."""
    kind = SUFFIXES.get(path.suffix.lower())
    try:
        if kind == "jsonl":
            yield from _read_jsonl(path, max_bytes, max_chars)
            return
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise IngestError(
                    f"file too large ({size / 2**20:.1f} MiB > limit {max_bytes / 2**20:.0f} MiB)"
                )
            data = fh.read()
        text, warning = decode_bytes(data)
        if warning:
            yield Problem(str(path), warning, fatal=False)
        if kind == "md":
            yield from _read_markdown(text, str(path), max_chars)
        elif kind == "html":
            lines, meta = html_to_lines(text)
            yield assemble(_norm(lines), _hints(meta), str(path), max_chars)
        else:
            yield assemble(normalize_document(text), Hints(), str(path), max_chars)
    except IngestError as e:
        yield Problem(str(path), str(e))
    except OSError as e:
        yield Problem(str(path), f"cannot read: {e.strerror or e}")


def _norm(lines: list[str]) -> list[str]:
    return normalize_document("\n".join(lines))


def _hints(meta: dict) -> Hints:
    t = meta.get("title")
    return Hints(
        title=normalize_line(to_simplified(strip_pinyin(t))) if t else None,
        date=meta.get("date"),
        source=clean_source(normalize_line(to_simplified(meta["source"])))
        if meta.get("source")
        else None,
        url=meta.get("url"),
        authors=list(meta.get("authors") or []),
    )


def _read_jsonl(path: Path, max_bytes: int, max_chars: int) -> Iterator[Item]:
    with open_regular(path) as fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Problem(
                    where,
                    f"record too large ({len(raw) / 2**20:.1f} MiB > limit {max_bytes / 2**20:.0f} MiB)",
                )
                continue
            try:
                rec = json.loads(decode_bytes(raw)[0])
            except (ValueError, IngestError) as e:
                msg = str(e).splitlines()[0]
                yield Problem(where, f"not valid JSON ({msg})")
                continue
            if not isinstance(rec, dict):
                yield Problem(where, "not a JSON object")
                continue
            for key in ("title", "source", "url", "date"):
                if rec.get(key) is not None and not isinstance(rec[key], str):
                    kind = type(rec[key]).__name__
                    yield Problem(where, f"'{key}' is not a string ({kind}); ignored", fatal=False)
                    rec[key] = None
            content = rec.get("content") or rec.get("text") or rec.get("body")
            if not isinstance(content, str) or not content.strip():
                yield Problem(where, "no 'content' text")
                continue
            try:
                lines, meta = html_to_lines(content, whole_page="<body" in content[:2000])
                hints = _hints(
                    {**meta, **{k: rec.get(k) for k in ("title", "source", "url") if rec.get(k)}}
                )
                hints.date = parse_date(str(rec.get("date") or "")) or meta.get("date")
                yield assemble(_norm(lines), hints, where, max_chars)
            except IngestError as e:
                yield Problem(where, str(e))


_ITEM = re.compile(r"^###\s+(.+)$", re.M)
_SECTION = re.compile(r"^##\s+", re.M)
_MD_TITLE = re.compile(r"^#\s+(.+)$", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|\*\*|__|`")


def _markdown_lines(text: str) -> list[str]:
    if re.search(r"<(p|div|br|img)\b", text, re.I):
        lines, _ = html_to_lines(text, whole_page=False)
    else:
        lines = text.split("\n")
    out = []
    for line in lines:
        if re.match(r"^\s*!\[", line):
            out.append("\\")
        out.append(_MD_MARK.sub("", _MD_LINK.sub(r"\1", line)))
    return out


def _read_markdown(text: str, where: str, max_chars: int) -> Iterator[Item]:
    """A Markdown file; with two or more '###' items (a daily bulletin) each item is an article."""
    head = _MD_TITLE.search(text)
    file_date = parse_date(head.group(1)) if head else None
    if not file_date:
        m = re.search(
            r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)",
            Path(where).stem + " " + (head.group(1) if head else ""),
        )
        file_date = parse_date("-".join(m.groups())) if m else None
    source = None
    if head and (m := re.search(r"《(.+?)》", head.group(1))):
        source = normalize_line(to_simplified(m.group(1)))
    items = list(_ITEM.finditer(text))
    if len(items) < 2:
        title = head.group(1).strip() if head else None
        body = text[head.end() :] if head else text
        hints = Hints(title=normalize_line(to_simplified(title)) if title else None, date=file_date)
        yield assemble(_norm(_markdown_lines(body)), hints, where, max_chars)
        return
    for n, m in enumerate(items, 1):
        end = items[n].start() if n < len(items) else len(text)
        section = _SECTION.search(text, m.end(), end)
        body = text[m.end() : section.start() if section else end]
        hints = Hints(
            title=normalize_line(to_simplified(m.group(1).strip())), date=file_date, source=source
        )
        try:
            yield assemble(_norm(_markdown_lines(body)), hints, f"{where}#{n}", max_chars)
        except IngestError as e:
            yield Problem(f"{where}#{n}", str(e))
