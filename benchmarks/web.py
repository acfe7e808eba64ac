"""Bounded load run against `casegraph serve` on loopback: 8 concurrent clients for 30 s on
/api/search, then on /sparql with the example queries, then /api/search again while 4 clients
keep slow SPARQL queries (each stopped by the time limit) in flight. Prints requests/s, median
and p95 latency and errors, and the search p95 under SPARQL load as a ratio to its p95 without
(same process, same server). It starts and stops its own server and only talks to 127.0.0.1.

    .venv/bin/python benchmarks/web.py [--instance DIR] [--clients 8] [--seconds 30]

With no --instance it builds the bundled corpus into a temporary instance first."""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import QUERIES, free_port, load, report, seed_instance  # noqa: E402

# a query that runs until the time limit stops it (a three-way cross product of the graph)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    a = ap.parse_args()
    inst, tmp = seed_instance(a.instance)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "casegraph.cli", "serve", "--port", str(port), "--instance", inst],
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request(
                    "GET", "/api/themes"
                )
                break
            except OSError:
                time.sleep(0.2)
        from casegraph.kg.sparql.named import named_queries

        search = [
            ("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "top": 10}), None, {})
            for q in QUERIES
        ]
        sparql = [
            (
                "POST",
                "/sparql",
                q.sparql.encode("utf-8"),
                {
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json",
                },
            )
            for q in named_queries()
        ]
        # warm up: the first requests load the index and start the query workers
        load(port, search[:2] + sparql[:2], 1, 3)
        print(f"{a.clients} clients x {a.seconds:g} s on 127.0.0.1 (instance {inst})")
        results = {}
        for name, reqs in (("/api/search", search), ("/sparql (6 example queries)", sparql)):
            results[name] = r = load(port, reqs, a.clients, a.seconds)
            report(name, r)
        slow = [("POST", "/sparql", SLOW.encode(), {"Content-Type": "application/sparql-query"})]
        background: dict = {}
        t = threading.Thread(
            target=lambda: background.update(load(port, slow, 4, a.seconds + 2, ok=(200, 503)))
        )
        t.start()
        time.sleep(1)
        r = load(port, search, a.clients, a.seconds)
        t.join()
        report("/api/search, 4 slow SPARQL", r)
        report("  (the slow SPARQL clients)", background)
        ratio = r["p95"] / results["/api/search"]["p95"]
        print(f"search p95 with 4 slow SPARQL queries in flight / without: {ratio:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
