"""The field gold's texts, read from ../shared (never copied into the project): raw lines by number,
their normalized form, and the gold's own fixed sentence cut that sentence labels refer to.

`python benchmarks/field_text.py ID` prints an article for labelling (docs/labelling.md): every raw
line with its number, its normalized Simplified text, and its sentences numbered 0, 1, …"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
FIELD = ROOT / "tests" / "data" / "field"

# the gold's sentence cut: after 。！？ (and runs of them, with closing quotes or brackets), or a
# line end; fixed here so that labels keep their meaning when the project's own cut changes
GOLD_SENTENCE = re.compile(r".+?(?:[。！？!?]+[”’」）)]*|$)")


def index() -> list[dict]:
    return json.loads((FIELD / "index.json").read_text(encoding="utf-8"))["articles"]


@functools.cache
def rmrb_records() -> dict[str, dict]:
    path = SHARED / "rmrb-rural.jsonl"
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out[rec["id"]] = rec
    return out


@functools.cache
def _xwlb(n: int) -> dict:
    with (SHARED / "xwlb.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if i == n:
                return json.loads(line)
    raise KeyError(n)


def raw_text(aid: str) -> str:
    """The article's text as collected: a page's file, a People's Daily record's content, or for
    ``xwlb:N`` (record N of the news file, whose content is HTML) the lines its HTML gives."""
    if aid.startswith("rmrb-"):
        return rmrb_records()[aid]["content"]
    if aid.startswith("xwlb:"):
        from casegraph.ingest.htmltext import html_to_lines

        content = _xwlb(int(aid[5:]))["content"]
        return "\n".join(html_to_lines(content, whole_page="<body" in content[:2000])[0])
    return (SHARED / "pages-dev" / "texts" / f"{aid}.txt").read_text(encoding="utf-8")


def record_title(aid: str) -> str | None:
    """The title a record carries in its own field (pages have none)."""
    if aid.startswith("rmrb-"):
        return rmrb_records()[aid]["title"]
    if aid.startswith("xwlb:"):
        return _xwlb(int(aid[5:]))["title"]
    return None


def raw_path(aid: str) -> Path:
    return (
        SHARED / "rmrb-rural.jsonl"
        if aid.startswith("rmrb-")
        else SHARED / "pages-dev" / "texts" / f"{aid}.txt"
    )


def raw_lines(aid: str) -> list[str]:
    """Raw lines, numbered from 1 by their position in the list (index 0 is line 1)."""
    return raw_text(aid).split("\n")


def normalized_lines(aid: str) -> list[str]:
    """Each raw line in Simplified, pinyin removed, widths and spaces normalized (same count)."""
    from casegraph.ingest.normalize import normalize_document

    lines = normalize_document(raw_text(aid))
    assert len(lines) == len(raw_lines(aid))
    return lines


def gold_sentences(line: str) -> list[str]:
    """The gold's sentences of one normalized line, stripped (empty ones dropped)."""
    return [t for t in (s.strip() for s in GOLD_SENTENCE.findall(line)) if t]


NEWS_LINES = ROOT / "tests" / "data" / "news_lines"


def labels(aid: str) -> dict | None:
    path = (
        NEWS_LINES / f"{aid.replace(':', '-')}.json"
        if aid.startswith("xwlb:")
        else FIELD / f"{aid}.json"
    )
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


PARTIAL = ROOT / "tests" / "data" / "partial"


def partial_paths() -> list[Path]:
    """The label files of the articles labelled in part (all dev)."""
    return sorted(PARTIAL.glob("rmrb-*.json"))


def labelled(split: str, partial: bool = True):
    """(article id, its labels) of the split: the field gold's, and for dev the articles labelled
    in part (tests/data/partial: their case, region, lines and sentence roles, no other field)."""
    for a in index():
        g = labels(a["id"])
        if a["split"] == split and g is not None:
            yield a["id"], g
    if split == "dev" and partial:
        for path in partial_paths():
            g = json.loads(path.read_text(encoding="utf-8"))
            yield g["id"], g


def show(aid: str) -> None:
    title = record_title(aid)
    if title:
        print(f"record title: {title}")
    raw, norm = raw_lines(aid), normalized_lines(aid)
    for n, (r, t) in enumerate(zip(raw, norm, strict=True), 1):
        if not r.strip():
            continue
        print(f"\n[{n}] raw: {r.strip()[:400]}")
        sents = gold_sentences(t)
        if len(sents) <= 1:
            print(f"[{n}] norm: {t}")
        else:
            for i, s in enumerate(sents):
                print(f"[{n}.{i}] {s}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for a in sys.argv[1:]:
        print(f"===== {a} =====")
        show(a)
