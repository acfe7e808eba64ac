"""Search latency while the SPARQL endpoint is fed adversarial texts: /api/search with C clients
for S seconds on an idle server, then again while 4 clients keep posting a 98 KB query whose only
"service" is in a comment and whose expression (1+1+…+1) makes rdflib's parser, which checks
texts with that word for SERVICE, take about a minute. The check runs in the SPARQL workers
under the time limit, so each such request ends with 503 at the limit and search should not
notice. Prints p50/p95 for both runs and their ratio (target: p95 within 1.5x of idle). It
starts and stops its own server and only talks to 127.0.0.1.

    .venv/bin/python benchmarks/adversarial.py [--instance DIR] [--clients 4] [--seconds 30]

With no --instance it builds the bundled corpus into a temporary instance first."""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import QUERIES, load, report, seed_instance, start_server  # noqa: E402

# 98,011 characters; form-encoded ("+" as %2B) the body is 196 KB
ADVERSARIAL = "# service\nASK { FILTER(1" + "+1" * 48_990 + " = 0) }"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--timeout", type=float, default=10, help="the server's sparql_timeout")
    a = ap.parse_args()
    inst, tmp = seed_instance(a.instance)
    server, port = start_server(inst, sparql_timeout=a.timeout)
    try:
        search = [
            ("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "top": 10}), None, {})
            for q in QUERIES
        ]
        body = urllib.parse.urlencode({"query": ADVERSARIAL}).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        adversarial = [("POST", "/sparql", body, form)]
        load(port, search, 1, 3)  # warm up
        print(
            f"{a.clients} search clients x {a.seconds:g} s; adversarial text {len(ADVERSARIAL):,} "
            f"characters ({len(body):,} bytes), sparql_timeout {a.timeout:g} s (instance {inst})"
        )
        idle = load(port, search, a.clients, a.seconds)
        report("/api/search, idle", idle)
        background: dict = {}
        t = threading.Thread(
            target=lambda: background.update(load(port, adversarial, 4, a.seconds + 2, ok=(503,)))
        )
        t.start()
        time.sleep(1)
        busy = load(port, search, a.clients, a.seconds)
        t.join()
        report("/api/search, 4 adversarial", busy)
        report("  (the adversarial clients: 503)", background)
        print(
            f"search p50 {idle['median']:.1f} -> {busy['median']:.1f} ms, "
            f"p95 {idle['p95']:.1f} -> {busy['p95']:.1f} ms: "
            f"p95 ratio {busy['p95'] / idle['p95']:.2f} (target <= 1.5)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
