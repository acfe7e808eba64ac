"""Score ingestion and extraction on messy pages against tests/data/pages/gold.json: title, date,
subject region, quantities (value and unit; and whether each is a value, an approximation, a
lower bound, a threshold or a target), junk indicator labels, and page furniture left in the
text. Real items are read from ../shared/data by date and title (they are not copied into the
project); pages written for the set are files beside the gold."""

from __future__ import annotations

import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from casegraph.ingest import read_path
from casegraph.kg.extract.facts import extract
from casegraph.kg.extract.indicators import FUNCTION_WORDS

# labels that say nothing or are cut wrongly: a doubled suffix (占比占比, 倍倍数), a bare unit
# count (个数, 人数), or a first word that is a particle or preposition (了数, 在面积, 对…)
JUNK_LABEL = re.compile(r"(占比){2}|倍倍数|^(个|人|次|户|名|元|亩|项|家)数$|也数$")


def is_junk_label(label: str) -> bool:
    if not label:
        return False  # no label is better than a wrong one
    if JUNK_LABEL.search(label):
        return True
    from casegraph.core.segment import default_segmenter

    first = default_segmenter().cut(label)[0]
    return first in FUNCTION_WORDS


def _shared_record(shared: Path, spec: dict) -> dict | None:
    if "xwlb" in spec:
        date, title = spec["xwlb"]
        path = shared / "xwlb.jsonl"
        match = lambda r: r.get("date") == date and title in (r.get("title") or "")  # noqa: E731
    else:
        path = shared / "gov-reports" / "government_work_reports.jsonl"
        match = lambda r: r.get("title") == spec["gov_report"]  # noqa: E731
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if match(rec):
                return rec
    return None


def load_page(spec: dict, pages_dir: Path, shared: Path):
    """The Article of one gold page, or None when its source is not available."""
    if "file" in spec:
        items = list(read_path(pages_dir / spec["file"]))
    else:
        rec = _shared_record(shared, spec)
        if rec is None:
            return None
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "item.jsonl"
            path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
            items = list(read_path(path))
    return next((a for a in items if hasattr(a, "passages")), None)


def _kind(q) -> str:
    return getattr(q, "kind", None) or ("approximate" if q.approximate else "value")


def score_page(article, spec: dict) -> dict:
    facts = extract(article)
    primary = facts.primary.key if facts.primary is not None else None
    accepted = spec["primary"]

    def ok_primary() -> bool:
        for a in accepted:
            if a == primary or (a and a.endswith("-*") and primary and primary.startswith(a[:-1])):
                return True
        return False

    got = {}
    for o in facts.outcomes:
        q = o.quantity
        got.setdefault((q.value, q.unit), _kind(q))
    want = [(Decimal(v), u, k) for v, u, k in spec["quantities"]]
    found = [(v, u, k) for v, u, k in want if (v, u) in got]
    kinds_right = sum(1 for v, u, k in found if got[(v, u)] == k)
    keys = {p.key for p in facts.places()}
    texts = [p.text for p in article.passages if p.kind == "body"]
    texts += sorted({p.heading for p in article.passages if p.heading})
    furniture = [f for f in spec.get("furniture", []) if any(f in t for t in texts)]
    labels = [o.quantity.indicator for o in facts.outcomes]
    return {
        "title_ok": "title" not in spec or article.title == spec["title"],
        "title": article.title,
        "date_ok": article.date == spec["date"],
        "date": article.date,
        "primary_ok": ok_primary(),
        "primary": primary,
        "wrong_regions": sorted(set(spec.get("not_regions", [])) & keys),
        "quantities_found": len(found),
        "quantities_wanted": len(want),
        "quantities_missing": [(str(v), u, k) for v, u, k in want if (v, u) not in got],
        "kinds_right": kinds_right,
        "kinds_wrong": [(str(v), u, k, got[(v, u)]) for v, u, k in found if got[(v, u)] != k],
        "labels": len(labels),
        "junk_labels": [x for x in labels if is_junk_label(x)],
        "furniture_left": furniture,
    }


def evaluate_pages(gold_file: str | Path, shared: str | Path) -> dict[str, dict]:
    gold_file = Path(gold_file)
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    out = {}
    for spec in gold["pages"]:
        name = spec.get("file") or " ".join(spec.get("xwlb") or [spec.get("gov_report", "")])
        article = load_page(spec, gold_file.parent, Path(shared))
        out[name] = score_page(article, spec) if article is not None else None
    return out


def totals(results: dict[str, dict | None]) -> dict:
    rs = [r for r in results.values() if r is not None]
    qf = sum(r["quantities_found"] for r in rs)
    qw = sum(r["quantities_wanted"] for r in rs)
    return {
        "pages": len(rs),
        "skipped": len(results) - len(rs),
        "titles": sum(r["title_ok"] for r in rs),
        "dates": sum(r["date_ok"] for r in rs),
        "primary": sum(r["primary_ok"] for r in rs),
        "wrong_regions": sum(len(r["wrong_regions"]) for r in rs),
        "quantity_recall": qf / qw if qw else 1.0,
        "kinds_right": sum(r["kinds_right"] for r in rs) / qf if qf else 1.0,
        "labels": sum(r["labels"] for r in rs),
        "junk_labels": sum(len(r["junk_labels"]) for r in rs),
        "furniture_pages": sum(1 for r in rs if r["furniture_left"]),
    }
