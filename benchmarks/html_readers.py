"""HTML pages: casegraph's own reader against trafilatura (PyPI) on the pages of tests/data/html
(four pages written with common web furniture, and the HTML page of the messy-pages set), each
with its hand gold: the title and every sentence of the article.

For each reader: the title right, the share of gold sentences found in the text (whitespace and
punctuation width ignored), and the furniture left: Han characters in the text that belong to no
gold sentence or the title (navigation, share buttons, 责编 lines, comments, footers, captions).

    .venv/bin/python benchmarks/html_readers.py"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.core.text import HAN  # noqa: E402
from casegraph.ingest import Article, read_path  # noqa: E402
from casegraph.ingest.normalize import normalize_document  # noqa: E402

DIR = ROOT / "tests" / "data" / "html"


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", "".join(normalize_document(s)))


def ours(path: Path) -> tuple[str, str]:
    a = next(x for x in read_path(path) if isinstance(x, Article))
    return a.title, a.text


def traf(path: Path) -> tuple[str, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        path.read_bytes(), with_metadata=True, include_comments=False, include_images=False
    )
    if doc is None:
        return "", ""
    return (doc.title or ""), (doc.text or "")


def score(title: str, text: str, gold: dict) -> tuple[bool, int, int, int]:
    flat = _flat(text)
    found = 0
    for s in gold["body"]:
        g = _flat(s)
        if g in flat:
            found += 1
            flat = flat.replace(g, "")
    flat = flat.replace(_flat(gold["title"]), "")
    furniture = len(re.findall(f"[{HAN}]", flat))
    return _flat(title) == _flat(gold["title"]), found, len(gold["body"]), furniture


def main() -> int:
    gold = json.loads((DIR / "gold.json").read_text(encoding="utf-8"))["pages"]
    try:
        import trafilatura  # noqa: F401

        readers = {"casegraph": ours, "trafilatura": traf}
    except ImportError:
        print("trafilatura is not installed (make dev installs it); casegraph only")
        readers = {"casegraph": ours}
    totals = {name: [0, 0, 0, 0] for name in readers}
    print(f"{'page':<28}" + "".join(f"{n:>34}" for n in readers))
    for name, g in gold.items():
        row = f"{Path(name).name:<28}"
        for reader, fn in readers.items():
            t, found, n, furn = score(*fn((DIR / name).resolve()), g)
            tot = totals[reader]
            tot[0] += t
            tot[1] += found
            tot[2] += n
            tot[3] += furn
            row += f"{'title ok' if t else 'title WRONG':>14} {found}/{n} sent. {furn:>4} furn."
        print(row)
    print("-" * (28 + 34 * len(readers)))
    for reader, (t, found, n, furn) in totals.items():
        print(
            f"{reader}: titles {t}/{len(gold)}, sentences {found}/{n} ({found / n:.2f}), "
            f"furniture {furn} Han characters"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
