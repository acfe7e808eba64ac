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
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import QUERIES, seed_instance  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(
    port: int,
    requests: list[tuple[str, str, bytes | None, dict]],
    clients: int,
    seconds: float,
    ok: tuple[int, ...] = (200,),
) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k
        while time.monotonic() < stop:
            method, path, body, headers = requests[i % len(requests)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                good = r.status in ok
            except (OSError, http.client.HTTPException) as e:
                good = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                r = e
            dt = (time.perf_counter() - t) * 1000
            with lock:
                lat.append(dt)
                if not good:
                    errors.append(str(getattr(r, "status", r)))
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    return {
        "requests": len(lat),
        "rps": len(lat) / wall,
        "median": statistics.median(lat) if lat else 0,
        "p95": lat[int(0.95 * (len(lat) - 1))] if lat else 0,
        "errors": len(errors),
    }


# a query that runs until the time limit stops it (a three-way cross product of the graph)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def report(name: str, r: dict) -> None:
    print(
        f"{name:30s} {r['requests']:6d} requests  {r['rps']:7.1f} req/s  median {r['median']:6.1f} ms  "
        f"p95 {r['p95']:6.1f} ms  errors {r['errors']}"
    )


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
