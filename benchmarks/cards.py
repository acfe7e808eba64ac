"""Case books as a training designer gets them: for each theme book of the seed corpus and of a
build of 200 rural news items of ../shared/data/xwlb.jsonl (items 1000-1200 of those mentioning
乡村 or 党建; no rule was written looking at them), prints the number of cards, how many quoted
sentences occur twice in the book, the share of cards with results (a result sentence or a
figure), the share with a 背景, and the share whose region is right:

- seeds: against the hand-checked subject regions (those of tests/test_kg_extraction.py): the
  card's region is the article's gold region, or lies below it and is named in the card's text;
- news: there is no gold, so the figure is the share at or below the article's extracted subject
  region, and ten cards drawn at random are printed for a person to judge.

    .venv/bin/python benchmarks/cards.py [--news-only | --seeds-only]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import json  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from collections import Counter  # noqa: E402

from benchmarks.common import ROOT  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "xwlb.jsonl"
NEWS_RANGE = (1000, 1200)
# the seeds' subject regions, checked by hand (tests/test_kg_extraction.py), by file prefix
SEED_SUBJECTS = {
    "000": "齐齐哈尔市",
    "001": "包头市",
    "002": "高平市",
    "003": "赤峰市",
    "004": "济南市",
}


def build(paths: list[Path], instance: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casegraph.cli",
            "build",
            *map(str, paths),
            "--instance",
            instance,
            "--encoder",
            "hash",
        ],
        check=True,
        capture_output=True,
    )


def news_file(tmp: str) -> Path:
    recs = [
        line
        for line in NEWS.open(encoding="utf-8")
        if "乡村" in (r := json.loads(line))["content"] or "党建" in r["content"]
    ]
    p = Path(tmp) / "news.jsonl"
    p.write_text("".join(recs[slice(*NEWS_RANGE)]), encoding="utf-8")
    return p


def score(instance: str, gold: dict[str, str] | None) -> list[dict]:
    """``gold``: article id -> the name of its subject region; None: use the extracted one."""
    from casegraph.cases.books import Selection, make_book
    from casegraph.kg.extract.vocab import themes
    from casegraph.kg.store import GraphStore

    store = GraphStore(instance)
    primary = {
        r["a"].rsplit("/", 1)[-1]: r["name"]
        for r in store.select("SELECT ?a ?name WHERE { ?a cg:primaryRegion/rdfs:label ?name }")
    }
    want = gold if gold is not None else primary
    out = []
    for t in themes():
        book = make_book(store, instance, Selection(theme=t.label, limit=500))
        cards = [c for _, cs in book.groups for c in cs]
        if not cards:
            continue
        quoted = Counter(
            q.text
            for c in cards
            for q in c.practice + c.results + ([c.background] if c.background else [])
        )
        right = 0
        for c in cards:
            w = want.get(c.source["article_id"])
            text = "".join(q.text for q in c.practice + c.results)
            if c.region and w:
                right += c.region[-1] == w or (w in c.region and c.region[-1] in text)
        out.append(
            {
                "theme": t.label,
                "cards": len(cards),
                "duplicates": sum(n - 1 for n in quoted.values() if n > 1),
                "with results": sum(bool(c.results or c.outcomes) for c in cards) / len(cards),
                "with 背景": sum(c.background is not None for c in cards) / len(cards),
                "region": right / len(cards),
                "_cards": cards,
            }
        )
    return out


def report(name: str, rows: list[dict], region_what: str) -> None:
    print(f"\n{name}  (region: {region_what})")
    print(f"{'theme':<10}{'cards':>6}{'dup':>5}{'results':>9}{'背景':>7}{'region':>8}")
    for r in rows:
        print(
            f"{r['theme']:<10}{r['cards']:>6}{r['duplicates']:>5}{r['with results']:>9.2f}"
            f"{r['with 背景']:>7.2f}{r['region']:>8.2f}"
        )
    n = sum(r["cards"] for r in rows)
    if n:
        avg = lambda k: sum(r[k] * r["cards"] for r in rows) / n  # noqa: E731
        print(
            f"{'all':<10}{n:>6}{sum(r['duplicates'] for r in rows):>5}{avg('with results'):>9.2f}"
            f"{avg('with 背景'):>7.2f}{avg('region'):>8.2f}"
        )


def main() -> None:
    from casegraph.ingest.corpus import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        if "--news-only" not in sys.argv:
            build([ROOT / "corpus"], f"{tmp}/seeds")
            gold = {
                aid: SEED_SUBJECTS[Path(a.origin).name[:3]]
                for aid, a in Corpus(f"{tmp}/seeds").articles.items()
            }
            report("seed corpus", score(f"{tmp}/seeds", gold), "hand-checked gold")
        if "--seeds-only" not in sys.argv and NEWS.exists():
            build([news_file(tmp)], f"{tmp}/news")
            rows = score(f"{tmp}/news", None)
            report(
                f"news items {NEWS_RANGE[0]}-{NEWS_RANGE[1]}",
                rows,
                "at or below the extracted subject region; no gold",
            )
            cards = {c.id: c for r in rows for c in r["_cards"]}
            random.seed(11)
            print("\nten news cards to judge by hand:")
            for c in random.sample(sorted(cards.values(), key=lambda c: c.id), min(10, len(cards))):
                first = c.practice[0].text if c.practice else ""
                print(f"- {c.title} | {' > '.join(c.region)} | {first[:70]}")


if __name__ == "__main__":
    main()
