"""Bytes -> text: UTF-8 (with or without BOM) and UTF-16 with BOM by their marks; anything else
that is not UTF-8 is identified by charset-normalizer among the encodings Chinese text comes in
(GB18030/GBK, Big5), and kept only when it decodes cleanly to plausible Chinese (no private-use
characters, which a Big5 file read as GBK is full of). A file that decodes cleanly in none is
refused with one line, not turned into a garbled article."""

from __future__ import annotations

import re

from casegraph.core.text import HAN

from .model import IngestError

_CJK = re.compile(rf"[{HAN}]")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
# what charset-normalizer chooses among (Python codec names)
CANDIDATES = ["gb18030", "big5", "big5hkscs"]


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean a binary file."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 100)


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Return (text, warning). Raises IngestError when the bytes are not usable text."""
    if not data.strip():
        raise IngestError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        return _utf8(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise IngestError(f"undecodable: invalid UTF-16 at byte {e.start}") from None
        if not _plausible_chinese(text):
            raise IngestError("undecodable: UTF-16 byte-order mark but no readable text")
        return text, None
    if looks_binary(data):
        raise IngestError("binary file (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        utf8_error = e
    text = detect_chinese(data)
    if text is not None:
        return text, None
    return _utf8(data, first_error=utf8_error)


def detect_chinese(data: bytes) -> str | None:
    """The text of ``data`` in the legacy Chinese encoding charset-normalizer finds most
    coherent, when it decodes strictly to plausible Chinese without private-use characters."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _PRIVATE_USE.search(text) or not _plausible_chinese(text):
        return None
    return text


def _plausible_chinese(text: str) -> bool:
    sample = text[:20000]
    return len(_CJK.findall(sample)) >= 0.2 * len(sample.replace(" ", "").replace("\n", ""))


def _utf8(data: bytes, first_error: UnicodeDecodeError | None = None) -> tuple[str, str | None]:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0:
        return text, None
    if bad > max(3, len(data) // 1000):
        where = f" (first at byte {first_error.start})" if first_error else ""
        raise IngestError(
            f"undecodable: {bad} invalid byte sequences{where}; not clean UTF-8, GB18030 or Big5"
        )
    return text.replace("\ufffd", ""), f"{bad} invalid UTF-8 byte sequence(s) dropped"
