"""Fits the practice-clause model (kg/extract/clauses.py) on the dev split of the field gold and
the five seeds' hand gold, and writes kg/data/measure_model.json. Prints measure precision and
recall on dev by cross-validation (folds by article) for the rules alone and for the rules with
the model, and chooses the threshold: the least whose held-out precision reaches 0.85, or when
none does, the rules' own precision.

    .venv/bin/python benchmarks/train_measures.py [--test] [--check]"""

from __future__ import annotations

import argparse
import json
import sys

from field_score import _overlaps, read_article
from field_text import ROOT, index, labels
from model_file import save_or_check

sys.path.insert(0, str(ROOT))

from casegraph.ingest import read_path  # noqa: E402
from casegraph.kg.extract import clauses as cl  # noqa: E402
from casegraph.kg.extract import facts as fx  # noqa: E402
from casegraph.kg.extract import sections as sx  # noqa: E402

C = 0.3
MIN_ARTICLES = 3  # an opening pair, character or pair is a feature when this many articles have it
THRESHOLDS = [x / 20 for x in range(4, 20)]
# a rule's measure is kept when its clause reaches one of these (0: always)
KEEP_THRESHOLDS = (0.0, 0.2, 0.4, 0.6)
# the seeds' precision counted here (every span, not the seed test's per-article mean of its own
# spans) reads lower than the seed test's: 0.82 here is 0.85 or more there (tests/test_kg_extraction)
SEED_PRECISION = 0.82


def _candidates(article, rule_spans):
    paras = sx.paragraphs(article)
    out = []
    for p, sents in enumerate(paras):
        for s in sents:
            role = sx.role(s)
            topic = sx.is_topic(s)
            for c in cl.clauses(s):
                out.append((c, cl.features(c, rule_spans, role, topic, p, len(paras), False)))
    return out


def gold_spans(text: str, measures: list[dict]) -> list[tuple[int, int, bool]]:
    """(start, end, required) of each labelled measure, at its first place in ``text``."""
    out = []
    for m in measures:
        at = text.find(m["text"])
        if at >= 0:
            out.append((at, at + len(m["text"]), m["required"]))
    return out


def article_rows(aid: str, article, gold: list[dict]) -> dict:
    fx.CLAUSE_MODEL = False
    try:
        facts = fx.extract(article)
    finally:
        fx.CLAUSE_MODEL = True
    rules = [(m.start, m.end, m.kind) for m in facts.measures]
    spans = gold_spans(article.text, gold)
    cands = _candidates(article, rules)
    ys = [int(any(_overlaps((c.start, c.end), (a, b)) for a, b, _ in spans)) for c, _ in cands]
    n_required = sum(1 for m in gold if m["required"])
    return {
        "id": aid,
        "rules": rules,
        "spans": spans,
        "cands": cands,
        "y": ys,
        "n_required": n_required,
    }


def field_rows(split: str) -> list[dict]:
    out = []
    for a in index():
        g = labels(a["id"])
        if a["split"] == split and g is not None:
            out.append(article_rows(a["id"], read_article(a["id"]), g["measures"]))
    return out


def seed_rows() -> list[dict]:
    gold = json.loads((ROOT / "tests" / "data" / "seed_gold.json").read_text(encoding="utf-8"))
    out = []
    for name, g in gold.items():
        if name.startswith("_"):
            continue
        art = next(a for a in read_path(ROOT / "corpus" / name) if hasattr(a, "passages"))
        ms = [{"text": t, "required": True} for t in g["measures"]]
        ms += [{"text": t, "required": False} for t in g.get("measures_optional", [])]
        out.append(article_rows("seed:" + name, art, ms))
    return out


def fit(rows, c=C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [f for r in rows for _, f in r["cands"]]
    y = [v for r in rows for v in r["y"]]
    groups = [r["id"] for r in rows for _ in r["cands"]]
    seen: dict[str, set] = {}
    for f, g in zip(X, groups, strict=True):
        for k in f:
            seen.setdefault(k, set()).add(g)
    keep = {
        k for k, gs in seen.items() if not k.startswith(cl.CHARACTERS) or len(gs) >= MIN_ARTICLES
    }
    vec = DictVectorizer(sort=True)
    M = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in X])
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    clf.fit(M, y)
    return vec, clf


def held_out(dev: list[dict], seeds: list[dict]) -> dict:
    """Each dev article's clause probabilities from the fit on the seeds and the other four fifths
    of dev (folds by article id)."""
    ids = sorted(r["id"] for r in dev)
    probs = {}
    for k in range(5):
        held = set(ids[k::5])
        vec, clf = fit([r for r in dev if r["id"] not in held] + seeds)
        probs |= probabilities(vec, clf, [r for r in dev if r["id"] in held])
    return probs


def probabilities(vec, clf, rows: list[dict]) -> dict:
    """Each row's clause probabilities from a fit (``vec``, ``clf``), by article id."""
    return {
        r["id"]: clf.predict_proba(vec.transform([f for _, f in r["cands"]]))[:, 1] for r in rows
    }


def emitted(r, p, t, t_keep=None):
    """Spans the extractor shows: the rules' measures inside a clause the model gives at least
    ``t_keep`` (a rule measure in no clause is kept), and each clause of at least ``t`` that holds
    none."""
    t_keep = t if t_keep is None else t_keep
    out = []
    placed = set()
    for (c, _), pc in zip(r["cands"], p, strict=True):
        inner = [(a, b) for a, b, _ in r["rules"] if c.start <= a and b <= c.end]
        placed.update(inner)
        if inner and pc >= t_keep:
            out.extend(inner)
        elif not inner and pc >= t:
            out.append((c.start, c.end))
    out.extend((a, b) for a, b, _ in r["rules"] if (a, b) not in placed)
    return out


def pr(rows, spans_of) -> tuple[float, float]:
    got = right = req = found = 0
    for r in rows:
        spans = spans_of(r)
        got += len(spans)
        right += sum(1 for s in spans if any(_overlaps(s, (a, b)) for a, b, _ in r["spans"]))
        req += r["n_required"]
        found += sum(1 for a, b, q in r["spans"] if q and any(_overlaps(s, (a, b)) for s in spans))
    return right / max(got, 1), found / max(req, 1)


def curve_of(rows: list[dict], probs: dict) -> list[tuple[float, float, float, float]]:
    """(clause threshold, keep threshold, precision, recall) for every pair of thresholds."""
    return [
        (t, tk, *pr(rows, lambda r, t=t, tk=tk: emitted(r, probs[r["id"]], t, tk)))
        for tk in KEEP_THRESHOLDS
        for t in THRESHOLDS
    ]


def choose_thresholds(curve, seeds: list[dict], seed_p: dict, rules_precision: float):
    """The pair of thresholds a model ships with, the curve printed with the seeds' precision at
    each pair -> ((clause threshold, keep threshold, precision, recall), the seeds' precision by
    pair, the precision floor). The target precision (0.85) when it can be had, else no less than
    the rules' own; and the seeds (in the fit) keep the precision their gold asks for
    (tests/test_kg_extraction.py)."""
    floor = 0.85 if any(p >= 0.85 for *_, p, _ in curve) else rules_precision
    on_seeds = {
        (t, tk): pr(seeds, lambda r, t=t, tk=tk: emitted(r, seed_p[r["id"]], t, tk))[0]
        for t, tk, *_ in curve
    }
    ok = [c for c in curve if c[2] >= floor and on_seeds[c[:2]] >= SEED_PRECISION]
    # else the seeds' precision first, and failing that the fewest clauses added
    ok = ok or [c for c in curve if on_seeds[c[:2]] >= SEED_PRECISION] or [curve[-1]]
    for t, tk, p, rec in curve:
        print(
            f"  rules kept at p>={tk}, clauses added at p>={t:.2f}: precision {p:.3f} recall {rec:.3f}"
            f" (seeds' precision {on_seeds[(t, tk)]:.3f})"
        )
    # the most recall (to two places), then the most precision: a rule's measure in a clause the
    # model doubts is dropped when that costs no recall
    return max(ok, key=lambda c: (round(c[3], 2), c[2])), on_seeds, floor


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    dev, seeds = field_rows("dev"), seed_rows()
    rp, rr = pr(dev, lambda r: [(s, e) for s, e, _ in r["rules"]])
    print(f"dev: {len(dev)} articles; rules alone: precision {rp:.3f} recall {rr:.3f}")
    curve = curve_of(dev, held_out(dev, seeds))
    vec, clf = fit(dev + seeds)
    seed_p = probabilities(vec, clf, seeds)
    (chosen, keep_t, cp, cr), on_seeds, floor = choose_thresholds(curve, seeds, seed_p, rp)
    print(
        f"chosen: rules kept at p>={keep_t}, clauses at p>={chosen} (precision {cp:.3f} >= {floor:.3f}, recall {cr:.3f})"
    )
    print(f"  seeds' precision at the chosen thresholds: {on_seeds[(chosen, keep_t)]:.3f}")

    card = {
        "predicts": "whether a clause names a practice the article reports as done",
        "trained_on": f"{len(dev)} dev articles of tests/data/field and the 5 seeds (tests/data/seed_gold.json)",
        "model": f"logistic regression, C={C}, balanced classes",
        "threshold": chosen,
        "keep_threshold": keep_t,
        "script": "benchmarks/train_measures.py",
    }
    status = save_or_check(cl.MODEL, a.check, "measures", vec, clf, card)
    if status is not None:
        return status
    print(f"wrote {cl.MODEL.relative_to(ROOT)}")
    if a.test:
        test = field_rows("test")
        tp, tr_ = pr(test, lambda r: [(s, e) for s, e, _ in r["rules"]])
        print(f"test: rules alone precision {tp:.3f} recall {tr_:.3f}")
        probs = probabilities(vec, clf, test)
        mp, mr = pr(test, lambda r: emitted(r, probs[r["id"]], chosen, keep_t))
        print(f"test: model precision {mp:.3f} recall {mr:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
