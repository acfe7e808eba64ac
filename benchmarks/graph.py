"""Graph stage over ../shared/data/xwlb.jsonl: extraction throughput, triples, store load time and
memory, and latency of the six example queries — Oxigraph against rdflib's in-memory store,
both in this run.

    .venv/bin/python benchmarks/graph.py [--limit N] [--runs 5]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casegraph.core.segment import Segmenter  # noqa: E402
from casegraph.ingest import Article, read_path  # noqa: E402
from casegraph.kg.extract.facts import extract  # noqa: E402
from casegraph.kg.graph.build import ontology_ntriples  # noqa: E402
from casegraph.kg.graph.rdf import ntriples, to_triples, vocabulary_triples  # noqa: E402
from casegraph.kg.sparql.named import named_queries  # noqa: E402
from casegraph.kg.store import PREFIXES, GraphStore, rebuild  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "xwlb.jsonl"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def rdflib_query_ms(g, sparql: str, timeout: float) -> float | None:
    """One rdflib run in a forked child (rdflib has no query timeout); None when it times out."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def run() -> None:
        t = time.perf_counter()
        list(g.query(sparql, initNs=PREFIXES))
        send.send((time.perf_counter() - t) * 1000)

    p = ctx.Process(target=run)
    p.start()
    result = recv.recv() if recv.poll(timeout) else None
    if p.is_alive():
        p.kill()
    p.join()
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query")
    a = ap.parse_args()

    arts = [x for x in read_path(Path(a.data)) if isinstance(x, Article)]
    if a.limit:
        arts = arts[: a.limit]
    seg = Segmenter()
    extract(arts[0], seg)  # load the gazetteer outside the timing
    chars = sum(len(x.text) for x in arts)
    t = time.perf_counter()
    facts = [extract(x, seg) for x in arts]
    t_extract = time.perf_counter() - t
    t = time.perf_counter()
    nt = "".join(ntriples(to_triples(f)) for f in facts).encode("utf-8")
    t_rdf = time.perf_counter() - t
    data = ontology_ntriples() + ntriples(vocabulary_triples()).encode("utf-8") + nt
    n_measures = sum(len(f.measures) for f in facts)
    n_outcomes = sum(len(f.outcomes) for f in facts)
    print(
        f"articles: {len(arts)} ({chars / 1e6:.1f} M chars); measures {n_measures}, outcomes {n_outcomes}"
    )
    print(
        f"extraction: {t_extract:.1f} s = {len(arts) / t_extract:.0f} articles/s "
        f"({chars / t_extract / 1e3:.0f} k chars/s); RDF serialization {t_rdf:.1f} s"
    )
    del facts
    gc.collect()

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        n = rebuild(tmp, [data])
        store = GraphStore(tmp)
        t_ox = time.perf_counter() - t
        disk = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 2**20
        print(f"triples: {n}")

        ox_rows = {}
        for q in named_queries():  # Oxigraph first, before rdflib's objects fill the process
            ts = []
            for _ in range(a.runs):
                t = time.perf_counter()
                rows = len(store.select(q.sparql))
                ts.append((time.perf_counter() - t) * 1000)
            ox_rows[q.name] = (rows, ts)

        import rdflib

        gc.collect()
        before = rss_mb()
        t = time.perf_counter()
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        t_rdflib = time.perf_counter() - t
        rl_mem = rss_mb() - before
        gc.freeze()  # millions of live rdflib objects would make every later GC pass crawl
        print(
            f"load: oxigraph {t_ox:.1f} s, {disk:.0f} MB on disk | rdflib memory store "
            f"{t_rdflib:.1f} s, +{rl_mem:.0f} MB RSS | oxigraph {t_rdflib / t_ox:.1f}x faster"
        )
        print(
            f"{'query':40s} {'rows':>6s} {'oxigraph median/p95 ms':>24s} {'rdflib ms (1 run)':>17s} {'ratio':>6s}"
        )
        for q in named_queries():
            rows, ts = ox_rows[q.name]
            med = statistics.median(ts)
            rl = rdflib_query_ms(g, q.sparql, a.rdflib_timeout)
            rl_txt = (
                f"{rl:17.1f} {rl / med:5.1f}x"
                if rl is not None
                else f"{'> ' + format(a.rdflib_timeout, 'g') + ' s':>17s}      -"
            )
            print(f"{q.name:40s} {rows:6d} {med:11.1f} / {p95(ts):8.1f} {rl_txt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
