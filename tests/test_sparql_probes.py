"""The SPARQL endpoint under the probes of an attacker, on a live `casegraph serve`: texts with
"service" checked in the query workers (eight first requests at once, a 98 KB text that takes
rdflib a minute, with search timed alongside), a worker killed from outside, and SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import LiveServer

COMMENT = "# a comment that says service\nASK { ?s ?p ?o }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
# 98,011 characters: rdflib needs about 0.6 ms per character of 1+1+… (a minute)
ADVERSARIAL = "# service\nASK { FILTER(1" + "+1" * 48_990 + " = 0) }"


def post(url: str, query: str, timeout: float = 60) -> tuple[int, dict]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url + "/sparql", data=data, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def search_ms(url: str) -> float:
    t = time.perf_counter()
    q = urllib.parse.urlencode({"q": "村集体经济增收", "top": 10})
    with urllib.request.urlopen(f"{url}/api/search?{q}", timeout=60) as r:
        assert r.status == 200
        r.read()
    return (time.perf_counter() - t) * 1000


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[int(0.95 * (len(xs) - 1))]


@pytest.fixture(scope="module")
def spool(tmp_path_factory):
    return tmp_path_factory.mktemp("spool")


@pytest.fixture(scope="module")
def server(built_instance, spool):
    """One server for the module, in file order: fresh for the first test, stopped by the last
    (SIGTERM); 2 workers, 6 waiting, a 6 s limit (room for a busy machine), its temporary files in ``spool``."""
    live = LiveServer(
        built_instance,
        env={"TMPDIR": str(spool)},
        sparql_workers=2,
        sparql_queue=6,
        sparql_timeout=6,
    )
    yield live
    if live.proc.poll() is None:
        live.stop()


def test_eight_first_requests_at_once_are_each_judged_right(server):
    """On a fresh server, 8 texts with "service" at once (4 in a comment, 4 real SERVICE)
    fill the workers and the queue; each gets its own right answer, and so do the next ones."""
    texts = [COMMENT, SERVICE] * 4
    answers: list = [None] * 8
    start = threading.Barrier(8)

    def ask(i: int) -> None:
        start.wait()
        answers[i] = post(server.url, texts[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for text, (status, body) in zip(texts, answers, strict=True):
        if text is COMMENT:
            assert (status, body.get("boolean")) == (200, True), body
        else:
            assert status == 400 and "SERVICE" in body["error"], body
    assert post(server.url, COMMENT) == (200, {"head": {}, "boolean": True})
    assert post(server.url, SERVICE)[0] == 400


def test_a_98kb_text_is_stopped_at_the_time_limit_and_search_does_not_notice(server):
    search_ms(server.url)
    idle = [search_ms(server.url) for _ in range(30)]
    answers: list = []
    threads = [
        threading.Thread(target=lambda: answers.append(post(server.url, ADVERSARIAL)))
        for _ in range(4)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    busy = []
    while any(t.is_alive() for t in threads):
        busy.append(search_ms(server.url))
    waited = time.monotonic() - t0
    print(
        f"\nsearch idle p50 {statistics.median(idle):.1f} p95 {p95(idle):.1f} ms; "
        f"with 4 adversarial p50 {statistics.median(busy):.1f} p95 {p95(busy):.1f} ms "
        f"({len(busy)} searches in {waited:.1f} s)"
    )
    assert [a[0] for a in answers] == [503] * 4
    assert all("6 s time limit" in a[1]["error"] for a in answers)
    assert waited < 6 + 3  # the limit counts from arrival, the check included
    # a loose bound for a shared machine; benchmarks/adversarial.py measures the 1.5x target
    assert p95(busy) < 3 * p95(idle) + 30
    assert post(server.url, COMMENT)[0] == 200  # the workers were replaced, all is well


def _workers(pid: int) -> list[int]:
    """The SPARQL worker processes among ``pid``'s children."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:  # a thread that just ended
            continue
        for child in children:
            try:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:  # a child that just ended
                continue
            if b"casegraph.kg.sparql.worker" in cmd:
                out.append(int(child))
    return out


def test_a_worker_killed_from_outside_is_named_so_and_replaced(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    answers: list = []
    threads = [
        threading.Thread(target=lambda: answers.append(post(server.url, slow))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    time.sleep(1)  # both workers busy: kill one
    killed = _workers(server.proc.pid)[0]
    os.kill(killed, signal.SIGKILL)
    for t in threads:
        t.join()
    bodies = sorted((status, body["error"]) for status, body in answers)
    assert bodies[0][0] == 400 and "stopped by signal SIGKILL" in bodies[0][1], bodies
    assert "memory" not in bodies[0][1]
    assert bodies[1][0] == 503 and "time limit" in bodies[1][1]  # the other ran to the limit
    assert post(server.url, COMMENT)[0] == 200
    assert killed not in _workers(server.proc.pid)


@pytest.mark.parametrize(
    "text,status,words",
    [
        ("INSERT DATA { <http://e/s> <http://e/p> 1 }  # service", 403, "read-only"),
        ("# service\nSELECT * WHERE { ?s ?p ?o } LIMIT 1", 200, ""),
        ("# service\nSELECT * WHERE { ?s ?p", 400, "SERVICE"),
    ],
)
def test_update_and_unparsable_texts_with_service(server, text, status, words):
    """The worker's verdicts in their HTTP shapes (the comment alone is no reason to refuse)."""
    got, body = post(server.url, text)
    assert got == status, body
    assert words in body.get("error", "")


def test_sigterm_stops_the_workers_and_leaves_no_spool_folder(server, spool):
    """Last in the module: stops the module's server."""
    workers = _workers(server.proc.pid)
    assert post(server.url, COMMENT)[0] == 200
    assert list(spool.glob("casegraph-sparql-*"))  # the spool while it serves
    err = server.stop()
    assert server.proc.returncode == 0, err
    assert "Traceback" not in err
    assert list(spool.glob("casegraph-sparql-*")) == []
    time.sleep(0.5)
    assert workers and all(not Path(f"/proc/{w}").exists() for w in workers)
