"""The SPARQL endpoint on a live `casegraph serve` process, as real clients use it: the SERVICE
guard with a loopback listener that must receive nothing, the worker's missing network, every
SPARQLWrapper format, curl's default headers, large results with the server's memory measured,
the bounded queue, and a `load` seen without a restart. Needs only a graph (no ../shared)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import ROOT, free_port

ROWS = 200_000
EX = "http://example.org/"


class Listener:
    """A loopback TCP server that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.sock.settimeout(0.2)
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.hits.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                self.hits.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


def _make_instance(tmp_path_factory) -> str:
    inst = tmp_path_factory.mktemp("live")
    data = inst / "big.nt"
    with open(data, "w", encoding="utf-8") as f:
        for i in range(ROWS):
            f.write(f'<{EX}s{i}> <{EX}p> "值{i}"@zh .\n')
    cmd = [sys.executable, "-m", "casegraph.cli", "load", str(data), "--instance", str(inst)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return str(inst)


def _serve(inst: str, **settings) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, **{f"CASEGRAPH_{k.upper()}": str(v) for k, v in settings.items()})
    proc = subprocess.Popen(
        [sys.executable, "-m", "casegraph.cli", "serve", "--port", str(port), "--instance", inst],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=5).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("casegraph serve did not start")


@pytest.fixture(scope="module")
def big_instance(tmp_path_factory):
    return _make_instance(tmp_path_factory)


@pytest.fixture(scope="module")
def server(big_instance):
    proc, url = _serve(big_instance, sparql_row_limit=ROWS + 10, sparql_timeout=20)
    yield proc, url
    proc.terminate()
    proc.wait(timeout=10)


def _get(url: str, query: str, accept: str | None = None, **params):
    q = urllib.parse.urlencode({"query": query, **params})
    req = urllib.request.Request(f"{url}/sparql?{q}")
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


BYPASSES = [
    "PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE {{ OPTIONAL {{ ?a ex:p\\# ?b }} "
    "SERVICE ex:x {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # }}\n SERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
    "select * where {{ service <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ {{ {{ SeRvIcE SILENT <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?x ?y ?z }} }}",
    "ASK {{ <{ex}s1> <{ex}p> ?o . SERVICE <http://localhost:{port}/sparql> {{ ?x ?y ?z }} }}",
]


@pytest.mark.parametrize("template", BYPASSES)
def test_service_is_refused_and_nothing_is_fetched(server, listener, template):
    _, url = server
    query = template.format(port=listener.port, ex=EX)
    status, headers, body = _get(url, query)
    assert status == 400, body
    assert "SERVICE" in json.loads(body)["error"]
    time.sleep(0.3)
    assert listener.hits == []


def test_a_worker_cannot_reach_the_network_even_past_the_parser(big_instance, listener):
    """The check is not the only line: a worker process, cut off as the pool's workers are, runs
    a SERVICE query on the store straight (no check) and neither it nor a plain socket reaches
    the listener."""
    from casegraph.kg.store import graph_dir

    script = f"""
import socket, pyoxigraph as ox
from casegraph.kg.sparql.worker import isolate_network
print("isolated" if isolate_network() else "not isolated")
store = ox.Store.read_only({str(graph_dir(big_instance))!r})
try:
    list(store.query("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"))
    print("service answered")
except (OSError, SyntaxError, RuntimeError) as e:
    print("service failed")
try:
    socket.create_connection(("127.0.0.1", {listener.port}), timeout=2)
    print("connected")
except OSError:
    print("no connection")
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    ).stdout.split("\n")
    assert out[:3] == ["isolated", "service failed", "no connection"], out
    time.sleep(0.3)
    assert listener.hits == []


@pytest.mark.parametrize(
    "kind,fmt",
    [
        ("SELECT", "json"),
        ("SELECT", "xml"),
        ("SELECT", "csv"),
        ("SELECT", "tsv"),
        ("ASK", "json"),
        ("ASK", "xml"),
        ("CONSTRUCT", "xml"),
        ("CONSTRUCT", "rdfxml"),
        ("CONSTRUCT", "json-ld"),
        ("CONSTRUCT", "n3"),
        ("CONSTRUCT", "turtle"),
        ("DESCRIBE", "turtle"),
    ],
)
def test_sparqlwrapper_in_every_format(server, kind, fmt):
    import rdflib
    import SPARQLWrapper as SW

    _, url = server
    queries = {
        "SELECT": f"SELECT ?o WHERE {{ <{EX}s7> <{EX}p> ?o }}",
        "ASK": f"ASK {{ <{EX}s7> <{EX}p> ?o }}",
        "CONSTRUCT": f"CONSTRUCT WHERE {{ <{EX}s7> <{EX}p> ?o }}",
        "DESCRIBE": f"DESCRIBE <{EX}s7>",
    }
    formats = {
        "json": SW.JSON,
        "xml": SW.XML,
        "csv": SW.CSV,
        "tsv": SW.TSV,
        "rdfxml": SW.RDFXML,
        "json-ld": SW.JSONLD,
        "n3": SW.N3,
        "turtle": SW.TURTLE,
    }
    sw = SW.SPARQLWrapper(f"{url}/sparql")
    sw.setQuery(queries[kind])
    sw.setReturnFormat(formats[fmt])
    res = sw.query().convert()
    if kind == "ASK":
        assert (
            res["boolean"]
            if fmt == "json"
            else res.getElementsByTagName("boolean")[0].firstChild.data == "true"
        ) is True
    elif kind == "SELECT":
        if fmt == "json":
            text = json.dumps(res, ensure_ascii=False)
        elif fmt == "xml":
            text = res.toxml()
        else:
            text = res.decode("utf-8") if isinstance(res, bytes) else res
        assert "值7" in text
    else:
        if isinstance(res, bytes | str):
            g = rdflib.Graph().parse(
                data=res,
                format={"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}.get(fmt, "xml"),
            )
        else:
            g = res
        assert (
            rdflib.URIRef(f"{EX}s7"),
            rdflib.URIRef(f"{EX}p"),
            rdflib.Literal("值7", lang="zh"),
        ) in g


def test_curl_with_default_headers(server):
    _, url = server
    q = urllib.parse.quote(f"SELECT ?o WHERE {{ <{EX}s3> <{EX}p> ?o }}")
    out = subprocess.run(
        ["curl", "-s", "-i", f"{url}/sparql?query={q}"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    head, _, body = out.partition("\r\n\r\n")
    assert "application/sparql-results+json" in head
    assert json.loads(body)["results"]["bindings"][0]["o"]["value"] == "值3"
    out = subprocess.run(
        ["curl", "-s", "-i", f"{url}/sparql"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "text/turtle" in out.partition("\r\n\r\n")[0] and "sd:Service" in out
    bad = subprocess.run(
        ["curl", "-s", f"{url}/sparql?query=SELECT"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert json.loads(bad)["status"] == 400  # an error, in JSON, not the HTML editor


def _rss_peak(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM")


@pytest.mark.slow
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_200k_rows_stream_with_flat_server_memory(server, accept):
    proc, url = server
    _get(url, f"SELECT ?o WHERE {{ <{EX}s1> ?p ?o }}")
    before = _rss_peak(proc.pid)
    status, headers, body = _get(url, f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}", accept)
    after = _rss_peak(proc.pid)
    assert status == 200 and "X-SPARQL-Truncated" not in headers
    if accept == "text/csv":
        assert body.count(b"\r\n") == ROWS + 1
    else:
        assert len(json.loads(body)["results"]["bindings"]) == ROWS
    print(f"\n{accept}: {len(body) / 1e6:.1f} MB body; server peak RSS {before} -> {after} MB")
    assert after - before < 40, (before, after, len(body))


def test_row_limit_is_stated(big_instance):
    proc, url = _serve(big_instance, sparql_row_limit=1000)
    try:
        status, headers, body = _get(url, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
        assert status == 200 and body.count(b"\r\n") == 1001
        assert "only the first 1000 rows" in headers["X-SPARQL-Truncated"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_busy_endpoint_answers_503_with_retry_after_and_sees_a_load(big_instance, tmp_path):
    proc, url = _serve(big_instance, sparql_workers=1, sparql_queue=0, sparql_timeout=3)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        t = threading.Thread(target=_get, args=(url, slow))
        t.start()
        time.sleep(0.5)
        status, headers, body = _get(url, "ASK {}")
        assert status == 503 and headers["Retry-After"], body
        t.join()
        status, _, body = _get(url, slow)
        assert status == 503 and "time limit" in json.loads(body)["error"]
        extra = tmp_path / "extra.nt"
        extra.write_text(f'<{EX}new> <{EX}p> "新" .\n', encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "casegraph.cli", "load", str(extra), "--instance", big_instance],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        status, _, body = _get(url, f"ASK {{ <{EX}new> <{EX}p> ?o }}")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_worker_that_died_before_its_first_query_is_replaced(big_instance):
    """A worker that dies while starting (a fork refused under load) costs no query."""
    from casegraph.kg.sparql.pool import Job, QueryPool
    from casegraph.kg.store import graph_dir

    pool = QueryPool(str(graph_dir(big_instance)), workers=1, timeout=30)
    try:
        pool._idle[0].proc.kill()
        answer = pool.run(Job("ASK { ?s ?p ?o }", {"tabular": "json"}, 10))
        assert json.loads(b"".join(answer.chunks))["boolean"] is True
    finally:
        pool.close()


def test_a_query_past_the_memory_cap_fails_alone(big_instance):
    """A string doubled thirty times (10 GB) stops its worker at the cap; the pool goes on."""
    from casegraph.kg.sparql.pool import Job, QueryFailed, QueryPool
    from casegraph.kg.store import graph_dir

    binds = " ".join(f"BIND(CONCAT(?x{i - 1}, ?x{i - 1}) AS ?x{i})" for i in range(1, 31))
    huge = f'SELECT (STRLEN(?x30) AS ?n) WHERE {{ BIND("abcdefghij" AS ?x0) {binds} }}'
    formats = {"tabular": "json", "graph": "turtle"}
    pool = QueryPool(str(graph_dir(big_instance)), workers=1, timeout=30, memory_mb=1024)
    try:
        with pytest.raises(QueryFailed, match="1024 MB memory limit"):
            pool.run(Job(huge, formats, 10))
        answer = pool.run(Job("ASK { ?s ?p ?o }", formats, 10))
        assert json.loads(b"".join(answer.chunks))["boolean"] is True
    finally:
        pool.close()
