"""Fits the title ranker (ingest/titles.py) on the dev pages of the field gold and writes
ingest/data/title_model.json. Its inputs include the line model's probabilities, taken from line
models that did not see the page (5 folds), as the page reader meets pages it has not seen.
Prints how many dev pages get the right title with held-out title models, and with --test how
many test pages do.

    .venv/bin/python benchmarks/train_titles.py [--test] [--check]"""

from __future__ import annotations

import argparse
import sys

import train_lines as L
from field_score import _plain
from field_text import ROOT, index, labels, normalized_lines, record_title
from model_file import save_or_check

sys.path.insert(0, str(ROOT))

from casegraph.ingest import titles  # noqa: E402
from casegraph.ingest.lines import LineVerdict, line_features  # noqa: E402

C = 0.3
THRESHOLDS = [x / 20 for x in range(1, 16)]


def _pages(split: str) -> list[tuple[str, dict, list[str], list[dict]]]:
    out = []
    for a in index():
        g = labels(a["id"])
        if a["split"] == split and g is not None and record_title(a["id"]) is None:
            lines = normalized_lines(a["id"])
            out.append((a["id"], g, lines, line_features(lines)))
    return out


def _real(vec, clf, lines, feats):
    real = []
    for i, f in enumerate(feats):
        if f:
            p = dict(zip(clf.classes_, clf.predict_proba(vec.transform([f]))[0], strict=True))
            real.append((i, lines[i], LineVerdict(max(p, key=p.get), p)))
    return real


def held_out_pages(folds: int = 5) -> list[dict]:
    """Every dev page with line verdicts from a line model that did not see it."""
    X, y, groups = L.examples("dev")
    SX, Sy, Sg = L.extra_examples()
    docs = _pages("dev")
    ids = sorted(d[0] for d in docs)
    out = []
    for k in range(folds):
        held = set(ids[k::folds])
        tr = [i for i, g in enumerate(groups) if g not in held]
        vec, clf = L.fit(
            [X[i] for i in tr] + SX, [y[i] for i in tr] + Sy, [groups[i] for i in tr] + Sg
        )
        for aid, g, lines, feats in docs:
            if aid in held:
                out.append(_rows(aid, g, _real(vec, clf, lines, feats)))
    return out


def seed_pages() -> list[dict]:
    """The five seeds as title examples (always trained on, never scored), their line verdicts
    from a line model that did not see them."""
    import json

    from casegraph.ingest.normalize import normalize_document

    X, y, groups = L.examples("dev")
    vec, clf = L.fit(X, y, groups)
    spec = json.loads((ROOT / "tests" / "data" / "seed_lines.json").read_text(encoding="utf-8"))
    out = []
    for name, labelled in spec["files"].items():
        lines = normalize_document((ROOT / "corpus" / name).read_text(encoding="utf-8"))
        title = next((lines[x["n"] - 1] for x in labelled if x["label"] == "title"), None)
        g = {"title": title, "title_accept": []}
        out.append(_rows("seed:" + name, g, _real(vec, clf, lines, line_features(lines))))
    return out


def _rows(aid: str, g: dict, real) -> dict:
    want = {_plain(t) for t in [g["title"], *g["title_accept"]] if t}
    cands = titles.candidates(real)
    ys = []
    for k in cands:
        t = _plain(real[k][1])
        ys.append(
            int(bool(t) and (t in want or any(w.startswith(t) and len(t) >= 4 for w in want)))
        )
    return {
        "id": aid,
        "gold": g,
        "want": want,
        "real": real,
        "cands": cands,
        "X": [titles.features(real, k) for k in cands],
        "y": ys,
    }


def fit(rows: list[dict], c: float = C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [f for r in rows for f in r["X"]]
    y = [v for r in rows for v in r["y"]]
    vec = DictVectorizer(sort=True)
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    clf.fit(vec.fit_transform(X), y)
    return vec, clf


def right(vec, clf, r: dict, threshold: float) -> bool:
    title = None
    if r["cands"]:
        p = clf.predict_proba(vec.transform(r["X"]))[:, 1]
        j = int(p.argmax())
        if p[j] >= threshold:
            text, _ = _join(r["real"], r["cands"][j])
            title = text
    if r["gold"]["title"] is None:
        return title is None
    return _plain(title) in r["want"]


def _join(real, k):
    from casegraph.ingest.boilerplate import ends_sentence

    text = real[k][1]
    if k + 1 < len(real) and text.endswith(("：", ":")):
        joined = text + real[k + 1][1]
        if len(joined) <= titles.JOIN_MAX and not ends_sentence(real[k + 1][1]):
            return joined, None
    return text, None


def cross_validate(rows: list[dict], extra: list[dict], folds: int = 5) -> tuple[float, int]:
    ids = sorted(r["id"] for r in rows)
    hits = dict.fromkeys(THRESHOLDS, 0)
    for k in range(folds):
        held = set(ids[k::folds])
        vec, clf = fit([r for r in rows if r["id"] not in held] + extra)
        for t in THRESHOLDS:
            hits[t] += sum(int(right(vec, clf, r, t)) for r in rows if r["id"] in held)
    best = max(THRESHOLDS, key=lambda t: (hits[t], -abs(t - 0.5)))
    return best, hits[best]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    rows = held_out_pages()
    seeds = seed_pages()
    threshold, n = cross_validate(rows, seeds)
    print(f"dev: {n}/{len(rows)} page titles right with held-out models (threshold {threshold})")
    vec, clf = fit(rows + seeds)

    card = {
        "predicts": "whether a line near the top of a page is its headline",
        "trained_on": f"{len(rows)} dev pages of tests/data/field and the 5 seeds, line verdicts "
        "from line models that did not see them",
        "model": f"logistic regression, C={C}, balanced classes",
        "threshold": threshold,
        "script": "benchmarks/train_titles.py",
    }
    status = save_or_check(titles.MODEL, a.check, "titles", vec, clf, card)
    if status is not None:
        return status
    print(f"wrote {titles.MODEL.relative_to(ROOT)}")
    if a.test:
        SX, Sy, Sg = L.extra_examples()
        X, y, groups = L.examples("dev")
        lvec, lclf = L.fit(X + SX, y + Sy, groups + Sg)
        test = [
            _rows(aid, g, _real(lvec, lclf, lines, feats))
            for aid, g, lines, feats in _pages("test")
        ]
        ok = sum(int(right(vec, clf, r, threshold)) for r in test)
        print(f"test: {ok}/{len(test)} page titles right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
