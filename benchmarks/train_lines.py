"""Fits the page-line classifier (ingest/lines.py) on the dev split of the field gold and writes
ingest/data/line_model.json; prints per-label precision / recall / F1 from cross-validation on dev
(folds by article) and, with --test, on the sealed test split (scored, never read line by line).

    .venv/bin/python benchmarks/train_lines.py [--test] [--check]

--check fits again and fails when the committed model file differs (reproducibility)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from field_text import ROOT, index, labels, normalized_lines, record_title

sys.path.insert(0, str(ROOT))

from casegraph.core.linear import save_model  # noqa: E402
from casegraph.ingest.lines import LABELS, MODEL, line_features  # noqa: E402

C = 0.5  # inverse regularization, chosen by cross-validation on dev (see --grid)
MIN_ARTICLES = 2  # a character pair is a feature only when lines of this many articles carry it


def examples(split: str) -> tuple[list[dict], list[str], list[str]]:
    X, y, groups = [], [], []
    for a in index():
        g = labels(a["id"])
        if a["split"] != split or g is None:
            continue
        lines = normalized_lines(a["id"])
        feats = line_features(lines, record_title(a["id"]))
        for ln in g["lines"]:
            f = feats[ln["n"] - 1]
            if f:
                X.append(f)
                y.append(ln["label"])
                groups.append(a["id"])
    return X, y, groups


def extra_examples() -> tuple[list[dict], list[str], list[str]]:
    """Lines always trained on and never scored: the five bundled seeds
    (tests/data/seed_lines.json), 60 news items (tests/data/news_lines/: digests with story
    headings, datelines), which are no held-out material, and the People's Daily articles labelled
    in part (tests/data/partial, dev)."""
    import json

    from field_text import NEWS_LINES, partial_paths

    from casegraph.ingest.normalize import normalize_document

    docs = []
    spec = json.loads((ROOT / "tests" / "data" / "seed_lines.json").read_text(encoding="utf-8"))
    for name, labelled in spec["files"].items():
        text = (ROOT / "corpus" / name).read_text(encoding="utf-8")
        docs.append(("seed:" + name, normalize_document(text), None, labelled))
    for path in sorted(NEWS_LINES.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        docs.append((g["id"], normalized_lines(g["id"]), record_title(g["id"]), g["lines"]))
    for path in partial_paths():
        g = json.loads(path.read_text(encoding="utf-8"))
        docs.append((g["id"], normalized_lines(g["id"]), record_title(g["id"]), g["lines"]))
    X, y, groups = [], [], []
    for gid, lines, title, labelled in docs:
        feats = line_features(lines, title)
        for ln in labelled:
            X.append(feats[ln["n"] - 1])
            y.append(ln["label"])
            groups.append(gid)
    return X, y, groups


def keep_features(X: list[dict], groups: list[str]) -> set[str]:
    seen: dict[str, set[str]] = {}
    for f, g in zip(X, groups, strict=True):
        for k in f:
            seen.setdefault(k, set()).add(g)
    return {k for k, gs in seen.items() if not k.startswith("bg:") or len(gs) >= MIN_ARTICLES}


def fit(X: list[dict], y: list[str], groups: list[str], c: float = C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    keep = keep_features(X, groups)
    vec = DictVectorizer(sort=True)
    M = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in X])
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    clf.fit(M, y)
    return vec, clf


def predict(vec, clf, X: list[dict]) -> list[str]:
    return list(clf.predict(vec.transform(X)))


def report(y: list[str], p: list[str], title: str) -> None:
    print(title)
    for lab in LABELS:
        tp = sum(1 for a, b in zip(y, p, strict=True) if a == b == lab)
        n_p, n_y = p.count(lab), y.count(lab)
        prec, rec = (tp / n_p if n_p else 0.0), (tp / n_y if n_y else 0.0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"  {lab:9s} precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}  (gold {n_y})")
    acc = sum(1 for a, b in zip(y, p, strict=True) if a == b) / max(len(y), 1)
    print(f"  accuracy {acc:.3f} over {len(y)} lines")


def fold_models(X, y, groups, c: float = C, folds: int = 5):
    """For each fold of the dev articles (folds by article; the seeds always train): the held-out
    articles and the model fitted without them."""
    SX, Sy, Sg = extra_examples()
    arts = sorted(set(groups))
    for k in range(folds):
        held = set(arts[k::folds])
        tr = [i for i, g in enumerate(groups) if g not in held]
        vec, clf = fit(
            [X[i] for i in tr] + SX, [y[i] for i in tr] + Sy, [groups[i] for i in tr] + Sg, c
        )
        yield held, vec, clf


def cross_validate(X, y, groups, c: float = C, folds: int = 5) -> list[str]:
    """Held-out predictions for every dev line."""
    pred = [""] * len(y)
    for held, vec, clf in fold_models(X, y, groups, c, folds):
        te = [i for i, g in enumerate(groups) if g in held]
        for i, lab in zip(te, predict(vec, clf, [X[i] for i in te]), strict=True):
            pred[i] = lab
    return pred


def write(vec, clf, n_lines: int, n_articles: int, path=MODEL) -> None:
    import numpy as np

    classes = list(clf.classes_)
    coef = np.asarray(clf.coef_).T  # features x classes
    card = {
        "predicts": "the kind of a page line: " + ", ".join(LABELS),
        "trained_on": f"dev split of tests/data/field: {n_lines} lines of {n_articles} articles, "
        "the lines of the five seeds (tests/data/seed_lines.json), of 60 news items "
        "(tests/data/news_lines) and of the articles labelled in part (tests/data/partial)",
        "model": f"multinomial logistic regression, C={C}, balanced classes",
        "script": "benchmarks/train_lines.py",
    }
    save_model(path, "lines", classes, vec.get_feature_names_out(), coef, clf.intercept_, card)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true", help="also score the sealed test split")
    ap.add_argument("--grid", action="store_true", help="cross-validate several C on dev")
    ap.add_argument("--check", action="store_true", help="fail if the committed model differs")
    a = ap.parse_args()
    X, y, groups = examples("dev")
    print(f"dev: {len(y)} lines of {len(set(groups))} articles; {dict(Counter(y))}")
    if a.grid:
        for c in (0.05, 0.1, 0.2, 0.5, 1.0, 2.0):
            p = cross_validate(X, y, groups, c)
            acc = sum(1 for u, v in zip(y, p, strict=True) if u == v) / len(y)
            print(f"C={c}: cross-validated accuracy {acc:.3f}")
        return 0
    report(y, cross_validate(X, y, groups), "dev, 5-fold cross-validation by article:")
    SX, Sy, Sg = extra_examples()
    vec, clf = fit(X + SX, y + Sy, groups + Sg)
    if a.check:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "m.json"
            write(vec, clf, len(y), len(set(groups)), out)
            same = out.read_bytes() == MODEL.read_bytes()
        print("the committed model is reproduced byte for byte" if same else "MODEL DIFFERS")
        return 0 if same else 1
    write(vec, clf, len(y), len(set(groups)))
    print(f"wrote {MODEL.relative_to(ROOT)}")
    if a.test:
        Xt, yt, _ = examples("test")
        report(yt, predict(vec, clf, Xt), "test (sealed split):")
    return 0


if __name__ == "__main__":
    sys.exit(main())
