"""Case cards of the field gold's articles, drawn at random for a person to read: an instance of
all labelled articles is built (as benchmarks/train_cases.py builds it) or reused, every practice
unit of the chosen split becomes a card as a theme book would show it (a local rural case that
names a deed, no sentence quoted twice), and ``--n`` of them are written as JSON with their gold
id, for reading beside `benchmarks/field_text.py ID`. Verdicts (good / borderline / bad, with the
kind of each fault) are counted by `--count FILE`, a JSON list with a "verdict" per card.

`--fields` reads no card by hand: it scores every card of the split against the gold's sentence
roles. Each quoted 背景, 做法 and 成效 is found in the gold sentence it comes from (a 做法 sentence
split into its deed and its result tail counts for both); a field's precision is the share of its
quotes whose gold role is that field's (做法+成效 counts as 做法 and as 成效). It also counts the
cards that show a 成效, and those that show none while their article reports results (a gold
sentence labelled 成效 or 做法+成效), and the share of the figures cards show under 成效 that the
gold counts as achieved results (not what a deed used or made, a background count or a target).

    .venv/bin/python benchmarks/field_cards.py --split dev|test [--n 20] [--seed 13]
        [--instance DIR] [-o cards.json]
    .venv/bin/python benchmarks/field_cards.py --split dev|test --fields [--instance DIR]
        [--roles held_out.jsonl] [-v]
    .venv/bin/python benchmarks/field_cards.py --count judged.json"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from field_text import ROOT, gold_sentences, index, labels, normalized_lines
from train_cases import field_instance

sys.path.insert(0, str(ROOT))

from casegraph.cases.book import distinct_cards  # noqa: E402
from casegraph.cases.cards import build_card  # noqa: E402
from casegraph.cases.is_case import shown  # noqa: E402
from casegraph.kg.graph.nodes import local  # noqa: E402
from casegraph.kg.store import GraphStore  # noqa: E402


def cards_of(inst: Path, ids: dict[str, str], split: str) -> list[tuple[str, object]]:
    want = {x["id"] for x in index() if x["split"] == split}
    store = GraphStore(inst)
    out = []
    for r in store.select("SELECT ?a ?u WHERE { ?a cg:practiceUnit ?u } ORDER BY ?a ?u"):
        gid = ids.get(local(r["a"]).split("/", 1)[1])
        if gid in want:
            c = build_card(store, local(r["u"]).split("/", 1)[1])
            if shown(c):
                out.append((gid, c))
    kept = {c.id for c in distinct_cards([c for _, c in out])}
    return [(g, c) for g, c in out if c.id in kept]


def count(path: Path) -> None:
    judged = json.loads(path.read_text(encoding="utf-8"))
    verdicts = Counter(x["verdict"] for x in judged)
    print(", ".join(f"{k} {verdicts[k]}" for k in ("good", "borderline", "bad")))
    faults = Counter(f["kind"] for x in judged for f in x.get("faults", []))
    for kind, n in faults.most_common():
        print(f"  {kind}: {n}")


FIELD_ROLES = {"背景": ("背景",), "做法": ("做法", "做法+成效"), "成效": ("成效", "做法+成效")}


def gold_roles(gid: str) -> list[tuple[str, str]]:
    """The gold's labelled sentences of an article: (text, role)."""
    norm = normalized_lines(gid)
    return [(gold_sentences(norm[s["n"] - 1])[s["i"]], s["role"]) for s in labels(gid)["sentences"]]


def role_of(quote: str, gold: list[tuple[str, str]]) -> str | None:
    """The gold role of the sentence a quote comes from (or that a quote holds), if any."""
    return next((r for t, r in gold if quote in t or (len(t) >= 8 and t in quote)), None)


def fields(cards: list[tuple[str, object]], wrong: list | None = None) -> None:
    """Precision of each field; with ``wrong`` (dev only) each wrong quote is listed in it."""
    right, shown, unknown, figures = Counter(), Counter(), Counter(), Counter()
    with_results = missing = 0
    golds = {g: gold_roles(g) for g in {g for g, _ in cards}}
    gold_figures = {g: (normalized_lines(g), labels(g)["figures"]) for g in golds}
    for g, c in cards:
        quotes = {
            "背景": [c.background] if c.background else [],
            "做法": c.practice,
            "成效": c.results,
        }
        for name, qs in quotes.items():
            for q in qs:
                role = role_of(q.text, golds[g])
                if role is None:
                    unknown[name] += 1
                    continue
                shown[name] += 1
                right[name] += role in FIELD_ROLES[name]
                if wrong is not None and role not in FIELD_ROLES[name]:
                    wrong.append(f"{g} {name} shown, gold {role}: {q.text}")
        with_results += bool(c.results)
        missing += not c.results and any("成效" in r for _, r in golds[g])
        for o in c.outcomes:
            kind = figure_kind(*gold_figures[g], o)
            figures[kind is not None] += 1
            figures["result"] += kind == "result"
    print(
        f"{len(cards)} cards; with a 成效 {with_results}; none while the article reports results "
        f"{missing}"
    )
    for name in FIELD_ROLES:
        n = max(shown[name], 1)
        print(
            f"  {name}: precision {right[name] / n:.3f} of {shown[name]} quotes"
            f" ({unknown[name]} not found in the gold's sentences)"
        )
    print(
        f"  figures under 成效: {figures['result'] / max(figures[True], 1):.3f} of {figures[True]}"
        f" the gold counts as achieved results ({figures[False]} not found in the gold)"
    )


def figure_kind(norm: list[str], figures: list[dict], o: dict) -> str | None:
    """The gold's kind (result, action, background, target, threshold) of a card's figure: the
    gold figure of the same surface on the line its sentence comes from (``norm``: the article's
    normalized lines, ``figures``: its gold figures)."""
    lines = {i + 1 for i, line in enumerate(norm) if o["sentence"][:20] in line}
    return next(
        (
            f["kind"]
            for f in figures
            if f["n"] in lines and (f["m"] in o["surface"] or o["surface"] in f["m"])
        ),
        None,
    )


def held_out_roles(path: Path) -> Counter:
    """Cards read with the role scores a cross-validation wrote (train_roles.py --cv --dump): each
    dev sentence the dump holds gets the scores of the fold that did not see it, so the dev cards'
    fields are scored held out; other sentences get the model's. -> a live count of both."""
    import casegraph.cases.sentence_roles as sr

    dumped = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        dumped[r["text"]] = r["p"]
    real, seen = sr.predict_many, Counter()

    def predict(feats, texts):
        miss = [i for i, t in enumerate(texts) if t not in dumped]
        got = iter(real([feats[i] for i in miss], [texts[i] for i in miss]) if miss else [])
        seen["held out"] += len(texts) - len(miss)
        seen["model"] += len(miss)
        return [dumped[t] if t in dumped else next(got) for t in texts]

    sr.predict_many = predict
    return seen


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--instance", help="reuse a built instance (its id map beside it)")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--count", help="count the verdicts of a judged JSON file")
    ap.add_argument("--fields", action="store_true", help="score every card's fields")
    ap.add_argument("--roles", help="dev: the held-out role scores of train_roles.py --cv --dump")
    ap.add_argument("-v", action="store_true", help="--fields on dev: list each wrong quote")
    a = ap.parse_args()
    if a.v and a.split != "dev":
        ap.error("-v lists quotes of dev cards only: test is scored, never read")
    seen = held_out_roles(Path(a.roles)) if a.roles else None
    if a.count:
        count(Path(a.count))
        return 0
    inst, ids = field_instance(a.instance)
    cards = cards_of(inst, ids, a.split)
    if a.fields:
        wrong = [] if a.v else None
        fields(cards, wrong)
        if wrong:
            print("\n".join(wrong))
        if seen is not None:
            print(f"sentence roles: {seen['held out']} held out, {seen['model']} by the model")
        return 0
    random.Random(a.seed).shuffle(cards)
    drawn = [c.to_json() | {"gold_id": g} for g, c in cards[: a.n]]
    text = json.dumps(drawn, ensure_ascii=False, indent=1)
    if a.out == "-":
        print(text)
    else:
        Path(a.out).write_text(text, encoding="utf-8")
    print(f"{len(cards)} cards of the {a.split} split; {len(drawn)} drawn", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
