"""How far two labellers agree on measures, and how far the clause model is from them: the 24 dev
articles of tests/data/measure_agreement.json were labelled a second time from the guide alone.
Each labelling is scored against the other as field_score.py scores the extractor (a span is
right when it overlaps a span of the other; recall over the other's required spans), and the
clause model on the same articles held out (fitted in the five folds of
benchmarks/train_measures.py without the fold that holds the article, at the shipped
thresholds).

    .venv/bin/python benchmarks/measure_agreement.py"""

from __future__ import annotations

import json
import sys

import train_measures as tm
from field_score import read_article
from field_text import ROOT, labels

sys.path.insert(0, str(ROOT))

from casegraph.kg.extract import clauses as cl  # noqa: E402

SECOND = ROOT / "tests" / "data" / "measure_agreement.json"


def _row(aid: str, spans) -> dict:
    return {"id": aid, "spans": spans, "n_required": sum(1 for *_, q in spans if q)}


def _line(name: str, p: float, r: float) -> str:
    return f"  {name:<48} precision {p:.3f}  recall {r:.3f}"


def main() -> int:
    second = json.loads(SECOND.read_text(encoding="utf-8"))["articles"]
    gold_rows, second_rows, pairs = [], [], {}
    for aid, measures in sorted(second.items()):
        text = read_article(aid).text
        g, s = tm.gold_spans(text, labels(aid)["measures"]), tm.gold_spans(text, measures)
        gold_rows.append(_row(aid, g))
        second_rows.append(_row(aid, s))
        pairs[aid] = (g, s)
    n_second = sum(len(s) for _, s in pairs.values())
    n_gold = sum(len(g) for g, _ in pairs.values())
    print(f"{len(pairs)} dev articles: gold {n_gold} spans, second labeller {n_second}")
    p, r = tm.pr(gold_rows, lambda row: [(a, b) for a, b, _ in pairs[row["id"]][1]])
    print(_line("second labeller, scored against the gold", p, r))
    p, r = tm.pr(second_rows, lambda row: [(a, b) for a, b, _ in pairs[row["id"]][0]])
    print(_line("gold, scored against the second labeller", p, r))

    dev, seeds = tm.field_rows("dev"), tm.seed_rows()
    probs = tm.held_out(dev, seeds)
    card = cl.model().spec["card"]
    t, t_keep = float(card["threshold"]), float(card["keep_threshold"])
    mine = [row for row in dev if row["id"] in second]
    p, r = tm.pr(mine, lambda row: [(a, b) for a, b, _ in row["rules"]])
    print(_line("rules alone, scored against the gold", p, r))
    p, r = tm.pr(mine, lambda row: tm.emitted(row, probs[row["id"]], t, t_keep))
    print(_line("clause model held out, scored against the gold", p, r))
    theirs = [row | _row(row["id"], pairs[row["id"]][1]) for row in mine]
    p, r = tm.pr(theirs, lambda row: tm.emitted(row, probs[row["id"]], t, t_keep))
    print(_line("clause model held out, against the second", p, r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
