"""Scores page reading and extraction against the field gold (tests/data/field, docs/labelling.md):
titles, subject regions, places, figures (value and unit; label; kind), measures (span overlap, as
the seed gold scores), organisations, furniture left in passages and headings, body text kept.

    .venv/bin/python benchmarks/field_score.py [--split dev|test|all] [-v] [ID ...]

`-v` prints each article's problems, for dev articles only: test is scored, never read."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from field_text import ROOT, index, labels, normalized_lines, raw_path

sys.path.insert(0, str(ROOT))

from casegraph.ingest import read_path  # noqa: E402
from casegraph.ingest.metadata import reads_as_text  # noqa: E402
from casegraph.kg.extract.facts import extract  # noqa: E402
from casegraph.kg.extract.gazetteer import written_names  # noqa: E402

UNIT_SAME = {"名": "人", "位": "人", "比例": "%", "％": "%", "成": "%", "场": "场次"}
LABEL_SUFFIX = re.compile(r"(数|数量|金额|占比|比例|总数|总额|人数|户数)$")
FURNITURE = {"nav", "byline", "spam", "caption", "subtitle"}


def read_article(aid: str):
    """The project's Article for a gold id, read as a user's file would be."""
    if aid.startswith("rmrb-"):
        rec = next(
            json.loads(line)
            for line in raw_path(aid).open(encoding="utf-8")
            if json.loads(line)["id"] == aid
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{aid}.jsonl"
            path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
            items = list(read_path(path))
    else:
        items = list(read_path(raw_path(aid)))
    return next((a for a in items if hasattr(a, "passages")), None)


def _plain(s: str | None) -> str:
    return re.sub(r"[\s\W_]+", "", s or "")


def title_ok(article, g: dict) -> bool:
    if g["title"] is None:  # no title on the page: one made from its text, not from furniture
        return article.title_derived and reads_as_text(article.title)
    want = {_plain(t) for t in [g["title"], *g["title_accept"]]}
    return not article.title_derived and _plain(article.title) in want


def _chain_names(place) -> list[str]:
    """The names of a place and the places above it, as articles write them (瀛海地区 is also
    瀛海镇)."""
    return [n for p in place.chain() for n in written_names(p)]


def _current(path: list[str]) -> list[str]:
    """A gold path with a county's or prefecture's former name (黔西县, renamed 黔西市 in 2021)
    written as the place's name now."""
    from casegraph.kg.extract.gazetteer import load

    former = load().former
    return [former[n].name if n in former else n for n in path]


def primary_ok(primary, g: dict) -> bool:
    paths = [_current(p) for p in [g["primary"], *g["primary_accept"]] if p]
    if primary is None:
        return g["primary"] is None
    own = written_names(primary)
    upper = [
        p.name
        for p in primary.chain()
        if p.level in ("province", "prefecture", "county") and "直辖" not in p.name
    ]
    return any(path[-1] in own and all(n in path for n in upper) for path in paths)


def _unit(u: str) -> str:
    return UNIT_SAME.get(u, u)


def _values(v: str) -> tuple[Decimal, Decimal | None]:
    lo, _, hi = v.partition("..")
    return Decimal(lo), Decimal(hi) if hi else None


def _common(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def label_ok(got: str, want: str) -> bool:
    """A label names what the gold names: one contains the other, or they share a run of at
    least four characters (quotes and punctuation ignored, the suffix 数/金额/占比 removed)."""
    noun = _plain(LABEL_SUFFIX.sub("", got) or got)
    for w in (_plain(x) for x in want.split("|")):
        if w and (noun in w or w in noun or _common(noun, w) >= min(4, len(w))):
            return True
    return False


def _kind(gold: dict) -> str:
    if gold["kind"] in ("threshold", "target"):
        return gold["kind"]
    return {"approximate": "approximate", "lower_bound": "lower_bound"}.get(gold["bound"], "value")


def score_figures(facts, g: dict, r: dict) -> None:
    pool = list(facts.outcomes)
    for f in g["figures"]:
        lo, hi = _values(f["value"])
        unit = _unit(f["unit"])
        hit = next(
            (
                o
                for o in pool
                if _unit(o.quantity.unit) == unit
                and o.quantity.value == lo
                and (hi is None or o.quantity.value_max == hi)
            ),
            None,
        )
        r["fig_total"] += 1
        if hit is None:
            r["problems"].append(f"figure missing: {f['m']} ({f['value']} {f['unit']})")
            continue
        pool.remove(hit)
        r["fig_found"] += 1
        q = hit.quantity
        if not q.indicator:
            r["label_empty"] += 1
        elif label_ok(q.indicator, f["label"]):
            r["label_right"] += 1
        else:
            r["label_wrong"] += 1
            r["problems"].append(f"label {q.indicator!r} for {f['m']}, gold {f['label']!r}")
        kind = q.kind or ("approximate" if q.approximate else "value")
        if kind == _kind(f):
            r["kind_right"] += 1
        else:
            r["problems"].append(f"kind {kind} for {f['m']}, gold {_kind(f)}")
    r["fig_extra"] += len(pool)
    for o in pool:
        r["problems"].append(f"figure not in gold: {o.quantity.surface} ({o.quantity.indicator})")


def _gold_spans(text: str, g: dict) -> list[tuple[int, int, bool, str]]:
    out = []
    for m in g["measures"]:
        at = text.find(m["text"])
        if at >= 0:
            out.append((at, at + len(m["text"]), m["required"], m["text"]))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def score_measures(article, facts, g: dict, r: dict) -> None:
    gold = _gold_spans(article.text, g)
    r["meas_gold_lost"] += sum(1 for m in g["measures"] if m["required"]) - sum(
        1 for s in gold if s[2]
    )
    got = [(m.start, m.end, m.label) for m in facts.measures]
    r["meas_got"] += len(got)
    for s, e, label in got:
        if any(_overlaps((s, e), (a, b)) for a, b, _, _ in gold):
            r["meas_right"] += 1
        else:
            r["problems"].append(f"measure not in gold: {label}")
    for a, b, req, text in gold:
        if not req:
            continue
        r["meas_req"] += 1
        if any(_overlaps((s, e), (a, b)) for s, e, _ in got):
            r["meas_found"] += 1
        else:
            r["problems"].append(f"measure missing: {text}")


def _after_lead(text: str) -> str:
    """A body line without the dateline or reporters' names before its first sentence."""
    from casegraph.ingest import metadata as md

    while (lead := md.DATELINE.match(text) or md.BYLINE_LEAD.match(text)) and lead.end():
        text = text[lead.end() :]
    return text


def score_lines(article, g: dict, r: dict, norm: list[str]) -> None:
    body = [p.text for p in article.passages if p.kind == "body"]
    heads = sorted({p.heading for p in article.passages if p.heading})
    shown = body + heads
    for ln in g["lines"]:
        text = norm[ln["n"] - 1]
        if ln["label"] in FURNITURE and len(_plain(text)) >= 2:
            r["furn_total"] += 1
            if any(text in t for t in shown):
                r["furn_left"] += 1
                r["left_" + ln["label"]] += 1
                r["problems"].append(f"{ln['label']} line {ln['n']} left: {text[:30]}")
        for w in ln.get("spam_inside", []):
            r["furn_total"] += 1
            if any(w in t for t in shown):
                r["furn_left"] += 1
                r["left_spam"] += 1
                r["problems"].append(f"spam left: {w}")
        if ln["label"] == "body" and len(_plain(text)) >= 8:
            r["body_total"] += 1
            probe = _after_lead(text)[:12]
            if any(probe in t for t in body):
                r["body_kept"] += 1
            else:
                r["problems"].append(f"body line {ln['n']} lost: {text[:30]}")


def score_places(facts, g: dict, r: dict) -> None:
    names = {n for p in facts.places() for n in _chain_names(p)}
    for p in g["places"]:
        if p["role"] != "practice":
            continue
        r["place_total"] += 1
        if _current(p["path"])[-1] in names:
            r["place_found"] += 1
        else:
            r["problems"].append(f"place missing: {'/'.join(p['path'])}")


def score_orgs(facts, g: dict, r: dict) -> None:
    got = [e.label for e in facts.entities if e.kind == "organization"]
    r["org_got"] += len(got)
    r["org_right"] += sum(
        1 for x in got if any(x in a or a in x for o in g["organisations"] for a in o)
    )
    for o in g["organisations"]:
        r["org_total"] += 1
        if any(x in a or a in x for x in got for a in o):
            r["org_found"] += 1


COUNTERS = (
    "titles primary fig_total fig_found fig_extra label_right label_empty label_wrong kind_right "
    "meas_got meas_right meas_req meas_found meas_gold_lost furn_total furn_left body_total "
    "body_kept place_total place_found org_got org_right org_total org_found failed"
).split() + ["left_" + k for k in sorted(FURNITURE)]


def score(aid: str) -> dict:
    g = labels(aid)
    r = {k: 0 for k in COUNTERS} | {"problems": [], "id": aid}
    try:
        article = read_article(aid)
        if article is None:
            raise ValueError("no article read")
        facts = extract(article)
    except Exception as e:  # noqa: BLE001 - a failure is a score, not a stop
        r["failed"] = 1
        r["problems"].append(f"failed: {type(e).__name__}: {e}")
        return r
    r["titles"] = int(title_ok(article, g))
    if not r["titles"]:
        r["problems"].append(f"title {article.title!r} (derived={article.title_derived})")
    r["primary"] = int(primary_ok(facts.primary, g))
    if not r["primary"]:
        got = "/".join(reversed(_chain_names(facts.primary))) if facts.primary else None
        r["problems"].append(f"primary {got}, gold {g['primary']}")
    norm = normalized_lines(aid)
    score_figures(facts, g, r)
    score_measures(article, facts, g, r)
    score_lines(article, g, r, norm)
    score_places(facts, g, r)
    score_orgs(facts, g, r)
    return r


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def summary(rows: list[dict]) -> str:
    t = {k: sum(r[k] for r in rows) for k in COUNTERS}
    n = len(rows)
    found = t["fig_found"]
    return "\n".join(
        [
            f"articles {n}, failed {t['failed']}",
            f"titles {t['titles']}/{n} ({_ratio(t['titles'], n)})",
            f"primary region {t['primary']}/{n} ({_ratio(t['primary'], n)})",
            f"places of practice found {_ratio(t['place_found'], t['place_total'])} of {t['place_total']}",
            f"figures: recall {_ratio(found, t['fig_total'])} of {t['fig_total']}, not in gold {t['fig_extra']}",
            f"labels of found figures: right {_ratio(t['label_right'], found)}, empty {_ratio(t['label_empty'], found)}, wrong {_ratio(t['label_wrong'], found)}",
            f"kinds of found figures right {_ratio(t['kind_right'], found)}",
            f"measures: precision {_ratio(t['meas_right'], t['meas_got'])} ({t['meas_got']}), recall {_ratio(t['meas_found'], t['meas_req'])} ({t['meas_req']} required)",
            f"organisations: precision {_ratio(t['org_right'], t['org_got'])}, recall {_ratio(t['org_found'], t['org_total'])}",
            f"furniture lines left in passages or headings {t['furn_left']}/{t['furn_total']}, articles with any {sum(1 for r in rows if r['furn_left'])} ("
            "" + ", ".join(f"{k} {t['left_' + k]}" for k in sorted(FURNITURE)) + ")",
            f"body lines kept {_ratio(t['body_kept'], t['body_total'])} of {t['body_total']}",
        ]
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("-v", action="store_true", help="each dev article's problems")
    ap.add_argument("--rules", action="store_true", help="every learned part off")
    for part in ("lines", "subject", "ner", "clauses", "encoder"):
        ap.add_argument(f"--no-{part}", action="store_true", help=f"the {part} model off")
    ap.add_argument("ids", nargs="*")
    a = ap.parse_args()
    from casegraph.ingest import structure
    from casegraph.kg.extract import clause_encoder, ner, regions
    from casegraph.kg.extract import facts as fx

    structure.LINE_MODEL = not (a.rules or a.no_lines)
    regions.SUBJECT_MODEL = not (a.rules or a.no_subject)
    ner.ENABLED = not (a.rules or a.no_ner)
    fx.CLAUSE_MODEL = not (a.rules or a.no_clauses)
    clause_encoder.ENABLED = not (a.rules or a.no_clauses or a.no_encoder)
    todo = [
        x["id"]
        for x in index()
        if (a.split == "all" or x["split"] == a.split)
        and (not a.ids or x["id"] in a.ids)
        and labels(x["id"]) is not None
    ]
    t0 = time.perf_counter()
    rows = [score(aid) for aid in todo]
    dt = time.perf_counter() - t0
    split = {x["id"]: x["split"] for x in index()}
    if a.v:
        for r in rows:
            if split[r["id"]] == "dev" and r["problems"]:
                print(f"{r['id']}:\n  " + "\n  ".join(r["problems"]))
    print(f"split {a.split}: {len(rows)} labelled articles ({dt:.1f} s)")
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
