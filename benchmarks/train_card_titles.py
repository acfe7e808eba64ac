"""Fits the card-title model (cases/titles.py) on labelled title spans of the field gold's dev
cards and writes cases/data/title_model.json.

Labels (tests/data/card_titles.json): for each card of an instance of all labelled articles (as
`benchmarks/field_cards.py` shows them), every span cases/titles.py offers was read as a title
"place：span" and marked good (names the practice concretely), ok (acceptable, general) or bad (a
cut clause, an aim, a result or figure, one person's act, a slogan, furniture). A span is stored by
its article, its first six characters and its length, never its text.

Scores, per card, the share whose title is good, and good or ok: the model's best span (the
rules' title where the model accepts none) against the rules alone (cases/sentence_roles.py
card_name), on dev by five folds of articles and, with --test, on the sealed test split.

    .venv/bin/python benchmarks/train_card_titles.py [--instance DIR] [--test] [--check]
        [--vectors] [--without-tidy]

--vectors adds the role encoder's vector of each span (1,024 numbers): on dev it lowers the
figures (fewer labelled spans than numbers), so the shipped model reads the span's features only."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from field_cards import cards_of
from field_text import ROOT
from model_file import save_or_check
from train_cases import field_instance

sys.path.insert(0, str(ROOT))

from casegraph.cases import titles  # noqa: E402
from casegraph.cases.sentence_roles import card_name, name_candidates  # noqa: E402
from casegraph.kg.graph.nodes import iri  # noqa: E402
from casegraph.kg.queries.nodes import select_found  # noqa: E402
from casegraph.kg.store import GraphStore  # noqa: E402

LABELS = ROOT / "tests" / "data" / "card_titles.json"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)
OK = ("good", "ok")


def key(gid: str, text: str) -> tuple[str, str, int]:
    return gid, text[:6], len(text)


def read_labels() -> dict[tuple[str, str, int], str]:
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["spans"]
    return {(r["id"], r["m"], r["len"]): r["label"] for r in rows}


def cards(inst: Path, ids: dict[str, str], split: str, lab: dict, tidy: bool = True) -> list[dict]:
    """Each card of the split: its spans with their labels and the rules' title; ``tidy``: with
    the tidied clauses (cases/titles.py tidied)."""
    store = GraphStore(inst)
    out = []
    for gid, c in cards_of(inst, ids, split):
        label = select_found(store, "unit", "?", u=iri("unit", c.id))[0]["label"]
        rules = card_name(label, name_candidates(label, c.practice), c.practices, c.themes)
        spans = titles.spans(label, c.practice, c.section, rules, c.region[-1] if c.region else "")
        spans = [s for s in spans if tidy or s.source != "tidy"]
        out.append(
            {
                "id": gid,
                "spans": spans,
                "labels": [lab.get(key(gid, s.text)) for s in spans],
                "rules": lab.get(key(gid, rules)),
                "rules_text": rules,
            }
        )
    return out


def attach_vectors(cs: list[dict], use: bool) -> None:
    texts = [s.text for c in cs for s in c["spans"]]
    vecs = iter(titles.vectors(texts) if use else [None] * len(texts))
    for c in cs:
        c["vectors"] = [next(vecs) for _ in c["spans"]]


def rows(cs: list[dict], use_vectors: bool) -> tuple[list[dict], list[int]]:
    X, y = [], []
    for c in cs:
        for s, lab, v in zip(c["spans"], c["labels"], c["vectors"], strict=True):
            if lab is not None:
                X.append(titles.features(s, v if use_vectors else None))
                y.append(int(lab in OK))
    return X, y


def fit(cs: list[dict], c_value: float, use_vectors: bool):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y = rows(cs, use_vectors)
    vec = DictVectorizer(sort=True)
    clf = LogisticRegression(C=c_value, max_iter=5000, class_weight="balanced")
    clf.fit(vec.fit_transform(X), y)
    return vec, clf


def choose(c: dict, vec, clf, use_vectors: bool) -> list[tuple[float, str | None]]:
    feats = [
        titles.features(s, v if use_vectors else None)
        for s, v in zip(c["spans"], c["vectors"], strict=True)
    ]
    p = clf.predict_proba(vec.transform(feats))[:, 1] if feats else []
    return sorted(zip(p, c["labels"], strict=True), key=lambda x: -x[0])


def score(cs: list[dict], ranked: list, t: float) -> tuple[float, float]:
    """Share of cards whose title is good, and good or ok: the model's best span when it clears
    ``t``, else the rules' title (unlabelled counts as bad)."""
    good = fine = 0
    for c, r in zip(cs, ranked, strict=True):
        lab = r[0][1] if r and r[0][0] >= t else c["rules"]
        good += lab == "good"
        fine += lab in OK
    return good / max(len(cs), 1), fine / max(len(cs), 1)


def ceiling(cs: list[dict]) -> tuple[float, float]:
    """Share of cards with a good span, and with a good or ok one: the best any choice can do."""
    n = max(len(cs), 1)
    return (
        sum("good" in c["labels"] for c in cs) / n,
        sum(any(x in OK for x in c["labels"]) for c in cs) / n,
    )


def rules_score(cs: list[dict]) -> tuple[float, float]:
    n = max(len(cs), 1)
    return sum(c["rules"] == "good" for c in cs) / n, sum(c["rules"] in OK for c in cs) / n


def cross_validate(dev: list[dict], c_value: float, use_vectors: bool) -> list:
    arts = sorted({c["id"] for c in dev})
    ranked = {}
    for k in range(5):
        held = set(arts[k::5])
        vec, clf = fit([c for c in dev if c["id"] not in held], c_value, use_vectors)
        for i, c in enumerate(dev):
            if c["id"] in held:
                ranked[i] = choose(c, vec, clf, use_vectors)
    return [ranked[i] for i in range(len(dev))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", help="reuse a built instance (its id map beside it)")
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--vectors", action="store_true", help="add the encoder's span vectors")
    ap.add_argument(
        "--without-tidy",
        action="store_true",
        help="ablation: offer no tidied clauses (scores only, writes no model)",
    )
    a = ap.parse_args()
    inst, ids = field_instance(a.instance)
    lab = read_labels()
    tidy = not a.without_tidy
    dev = cards(inst, ids, "dev", lab, tidy)
    use_vectors = a.vectors
    attach_vectors(dev, use_vectors)
    g, f = rules_score(dev)
    print(f"dev: {len(dev)} cards; rules alone: good {g:.3f}, good or ok {f:.3f}")
    print("dev: best span (ceiling): good {:.3f}, good or ok {:.3f}".format(*ceiling(dev)))
    best = None
    for c_value in C_GRID:
        ranked = cross_validate(dev, c_value, use_vectors)
        for t in THRESHOLDS:
            g, f = score(dev, ranked, t)
            print(f"  C={c_value} threshold {t}: good {g:.3f}, good or ok {f:.3f} (5 folds)")
            if best is None or (f, g) > best[0]:
                best = ((f, g), c_value, t)
    (f, g), c_value, t = best
    print(f"chosen C={c_value}, threshold {t}: dev good {g:.3f}, good or ok {f:.3f}")
    vec, clf = fit(dev, c_value, use_vectors)

    card = {
        "predicts": "whether a span names a card's practice well enough to be its title",
        "trained_on": f"title spans of {len(dev)} cards of the dev articles of tests/data/field",
        "model": f"logistic regression, C={c_value}, balanced classes",
        "threshold": t,
        "vectors": use_vectors,
        "script": "benchmarks/train_card_titles.py",
    }
    if tidy:
        status = save_or_check(titles.MODEL, a.check, "card_titles", vec, clf, card)
        if status is not None:
            return status
        print(f"wrote {titles.MODEL.relative_to(ROOT)}")
    if a.test:
        test = cards(inst, ids, "test", lab, tidy)
        attach_vectors(test, use_vectors)
        ranked = [choose(c, vec, clf, use_vectors) for c in test]
        g0, f0 = rules_score(test)
        g, f = score(test, ranked, t)
        print(f"test: {len(test)} cards; rules alone: good {g0:.3f}, good or ok {f0:.3f}")
        print("test: best span (ceiling): good {:.3f}, good or ok {:.3f}".format(*ceiling(test)))
        print(f"test: model: good {g:.3f}, good or ok {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
