"""Fits the is-a-case model (cases/is_case.py) on the cards of the field gold's dev articles and
writes cases/data/case_model.json: an instance of all labelled articles is built (hash encoder),
every practice unit becomes a card, and a card is a case when its article is (the gold's `case`)
and most gold lines its sentences come from are marked `case`. Prints precision and recall of
"is a case" on dev by cross-validation and, with --test, on the sealed test split.

    .venv/bin/python benchmarks/train_cases.py [--test] [--check] [--instance DIR]"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from field_score import read_article
from field_text import ROOT, index, labels, normalized_lines, raw_path
from model_file import save_or_check

sys.path.insert(0, str(ROOT))

from casegraph.cases import is_case  # noqa: E402
from casegraph.cases.cards import build_card  # noqa: E402

C = 0.5
THRESHOLDS = [x / 20 for x in range(2, 19)]


def field_instance(given: str | None) -> tuple[Path, dict[str, str]]:
    """The instance of all labelled articles at ``given`` (built there unless its id map is beside
    it), or a new one, and its article id -> gold id map (``<instance>.ids.json``)."""
    inst = Path(given) if given else Path(tempfile.mkdtemp()) / "inst"
    idmap = inst.with_name(inst.name + ".ids.json")
    if idmap.exists():
        return inst, json.loads(idmap.read_text())
    ids = build_instance(inst)
    idmap.write_text(json.dumps(ids))
    return inst, ids


def build_instance(inst: Path) -> dict[str, str]:
    """-> article id -> gold id, after building ``inst`` from every labelled article."""
    src = inst.parent / "src"
    src.mkdir(parents=True, exist_ok=True)
    ids = {}
    with (src / "rmrb.jsonl").open("w", encoding="utf-8") as out:
        for a in index():
            art = read_article(a["id"])
            ids[art.id] = a["id"]
            if a["id"].startswith("rmrb-"):
                for line in raw_path(a["id"]).open(encoding="utf-8"):
                    if json.loads(line)["id"] == a["id"]:
                        out.write(line)
            else:
                (src / f"{a['id']}.txt").write_bytes(raw_path(a["id"]).read_bytes())
    cmd = [
        sys.executable,
        "-m",
        "casegraph.cli",
        "build",
        str(src),
        "--instance",
        str(inst),
        "--encoder",
        "hash",
    ]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    return ids


def rows(inst: Path, ids: dict[str, str]) -> list[dict]:
    from casegraph.kg.store import GraphStore

    store = GraphStore(inst)
    q = "SELECT ?a ?u WHERE { ?a cg:practiceUnit ?u } ORDER BY ?a ?u"
    out = []
    for r in store.select(q):
        aid = r["a"].rsplit("/", 1)[-1]
        gid = ids.get(aid)
        if gid is None:
            continue
        card = build_card(store, r["u"].rsplit("/", 1)[-1])
        g = labels(gid)
        norm = normalized_lines(gid)
        flags = []
        for quote in card.practice + card.results:
            for ln in g["lines"]:
                if "case" in ln and quote.text[:12] in norm[ln["n"] - 1]:
                    flags.append(ln["case"])
                    break
        y = int(g["case"] and (not flags or sum(flags) * 2 > len(flags)))
        out.append(
            {"id": gid, "card": card, "X": is_case.features(card, card.practice_share), "y": y}
        )
    return out


def fit(rs, c=C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    clf.fit(vec.fit_transform([r["X"] for r in rs]), [r["y"] for r in rs])
    return vec, clf


def pr(rs, p, t) -> tuple[float, float, int]:
    shown = [r for r, x in zip(rs, p, strict=True) if x >= t]
    right = sum(r["y"] for r in shown)
    return right / max(len(shown), 1), right / max(sum(r["y"] for r in rs), 1), len(shown)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--instance", help="reuse a built instance (its id map beside it)")
    a = ap.parse_args()
    inst, ids = field_instance(a.instance)
    split = {x["id"]: x["split"] for x in index()}
    everything = rows(inst, ids)
    dev = [r for r in everything if split[r["id"]] == "dev"]
    base = sum(r["y"] for r in dev) / max(len(dev), 1)
    print(
        f"dev: {len(dev)} cards of {len({r['id'] for r in dev})} articles; {base:.3f} are cases (every card shown)"
    )
    arts = sorted({r["id"] for r in dev})
    probs = {}
    for k in range(5):
        held = set(arts[k::5])
        vec, clf = fit([r for r in dev if r["id"] not in held])
        te = [r for r in dev if r["id"] in held]
        for r, x in zip(
            te, clf.predict_proba(vec.transform([r["X"] for r in te]))[:, 1], strict=True
        ):
            probs[id(r)] = x
    p = [probs[id(r)] for r in dev]
    curve = []
    for t in THRESHOLDS:
        prec, rec, n = pr(dev, p, t)
        curve.append((t, prec, rec))
        print(f"  cards kept at p>={t:.2f}: precision {prec:.3f} recall {rec:.3f} ({n} kept)")
    good = [c for c in curve if c[1] >= 0.9 and c[2] >= 0.8]
    # else the best F0.5: a card that is no case shown in a book costs more than one left out
    f05 = lambda c: 1.25 * c[1] * c[2] / (0.25 * c[1] + c[2]) if c[1] + c[2] else 0.0  # noqa: E731
    t = min(good)[0] if good else max(curve, key=f05)[0]
    print(f"chosen threshold {t}")
    vec, clf = fit(dev)

    card = {
        "predicts": "whether a card is a local case (a named place or body below the national level acting)",
        "trained_on": f"{len(dev)} cards of {len(arts)} dev articles of tests/data/field",
        "model": f"logistic regression, C={C}, balanced classes",
        "threshold": t,
        "script": "benchmarks/train_cases.py",
    }
    status = save_or_check(is_case.MODEL, a.check, "cases", vec, clf, card)
    if status is not None:
        return status
    print(f"wrote {is_case.MODEL.relative_to(ROOT)} (instance {inst})")
    if a.test:
        test = [r for r in everything if split[r["id"]] == "test"]
        pt = clf.predict_proba(vec.transform([r["X"] for r in test]))[:, 1]
        base_t = sum(r["y"] for r in test) / max(len(test), 1)
        prec, rec, n = pr(test, pt, t)
        print(
            f"test: {len(test)} cards; every card shown: precision {base_t:.3f}; model: precision {prec:.3f} recall {rec:.3f} ({n} kept)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
