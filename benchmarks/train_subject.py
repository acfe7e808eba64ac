"""Fits the subject-region model (kg/extract/subject.py) on the dev split of the field gold and
writes kg/data/subject_model.json: candidates of each dev article are labelled by the gold path
(or an accepted one); the threshold below which an article gets no subject is chosen on dev.
Prints dev accuracy by cross-validation (folds by article) and, with --test, test accuracy.

    .venv/bin/python benchmarks/train_subject.py [--test] [--check]"""

from __future__ import annotations

import argparse
import sys

from field_score import primary_ok, read_article
from field_text import ROOT, index, labels

sys.path.insert(0, str(ROOT))

from casegraph.core.linear import save_model  # noqa: E402
from casegraph.kg.extract import regions  # noqa: E402
from casegraph.kg.extract.subject import MODEL, candidates, features  # noqa: E402

C = 1.0
THRESHOLDS = [x / 20 for x in range(1, 20)]


def article_rows(aid: str) -> dict:
    """Candidates with features and gold labels for one article."""
    g = labels(aid)
    art = read_article(aid)
    regions.SUBJECT_MODEL = False
    try:
        captions = [(p.start, p.end) for p in art.passages if p.kind == "caption"]
        res = regions.resolve_regions(art.title, art.text, None, captions)
        res.mentions = [m for m in res.mentions if not any(a <= m.start < b for a, b in captions)]
    finally:
        regions.SUBJECT_MODEL = True
    once = regions.chains_once(res.mentions)
    rule = res.primary
    cands = candidates(res.title_mentions, res.mentions)
    feats = [features(c, res.title_mentions, res.mentions, once, art.text, rule) for c in cands]
    ys = [
        int(primary_ok(c, {**g, "primary": g["primary"] or []}) and g["primary"] is not None)
        for c in cands
    ]
    return {"id": aid, "gold": g, "cands": cands, "X": feats, "y": ys}


def rows(split: str) -> list[dict]:
    return [
        article_rows(a["id"])
        for a in index()
        if a["split"] == split and labels(a["id"]) is not None
    ]


def fit(arts: list[dict], c: float = C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [f for a in arts for f in a["X"]]
    y = [v for a in arts for v in a["y"]]
    vec = DictVectorizer(sort=True)
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    clf.fit(vec.fit_transform(X), y)
    return vec, clf


def decide(vec, clf, art: dict, threshold: float):
    if not art["cands"]:
        return None
    p = clf.predict_proba(vec.transform(art["X"]))[:, 1]
    k = int(p.argmax())
    return art["cands"][k] if p[k] >= threshold else None


def accuracy(vec, clf, arts: list[dict], threshold: float) -> float:
    ok = sum(int(primary_ok(decide(vec, clf, a, threshold), a["gold"])) for a in arts)
    return ok / max(len(arts), 1)


def cross_validate(arts: list[dict], folds: int = 5) -> tuple[float, float]:
    """-> (the threshold best on held-out folds, its cross-validated accuracy)."""
    ids = sorted(a["id"] for a in arts)
    hits = dict.fromkeys(THRESHOLDS, 0)
    for k in range(folds):
        held = set(ids[k::folds])
        vec, clf = fit([a for a in arts if a["id"] not in held])
        for t in THRESHOLDS:
            hits[t] += sum(
                int(primary_ok(decide(vec, clf, a, t), a["gold"])) for a in arts if a["id"] in held
            )
    best = max(THRESHOLDS, key=lambda t: (hits[t], -abs(t - 0.5)))
    return best, hits[best] / len(arts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    dev = rows("dev")
    rule_ok = sum(
        int(
            primary_ok(
                next(
                    (c for c, f in zip(r["cands"], r["X"], strict=True) if f.get("rule:choice")),
                    None,
                ),
                r["gold"],
            )
        )
        for r in dev
    )
    threshold, cv = cross_validate(dev)
    print(
        f"dev: {len(dev)} articles; rules alone {rule_ok}/{len(dev)}; model (5-fold CV) {cv:.3f} at threshold {threshold}"
    )
    vec, clf = fit(dev)
    card = {
        "predicts": "whether a candidate place is the region the article is about",
        "trained_on": f"dev split of tests/data/field: {sum(len(r['cands']) for r in dev)} candidates of {len(dev)} articles",
        "model": f"logistic regression, C={C}, balanced classes",
        "threshold": threshold,
        "script": "benchmarks/train_subject.py",
    }
    import numpy as np

    out = MODEL
    if a.check:
        import tempfile
        from pathlib import Path

        out = Path(tempfile.mkdtemp()) / "m.json"
    save_model(
        out,
        "subject",
        ["0", "1"],
        vec.get_feature_names_out(),
        np.asarray(clf.coef_).T,
        clf.intercept_,
        card,
    )
    if a.check:
        same = out.read_bytes() == MODEL.read_bytes()
        print("the committed model is reproduced byte for byte" if same else "MODEL DIFFERS")
        return 0 if same else 1
    print(
        f"wrote {MODEL.relative_to(ROOT)}; dev (in sample) {accuracy(vec, clf, dev, threshold):.3f}"
    )
    if a.test:
        test = rows("test")
        print(f"test: {accuracy(vec, clf, test, threshold):.3f} of {len(test)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
