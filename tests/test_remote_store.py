"""The graph on a real Oxigraph server (the `oxigraph` binary from PyPI, on 127.0.0.1): built
with `casegraph build --store URL`, queried by the CLI, the pages and /sparql, giving the same
rows as the embedded store for every named query."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, free_port, run_cli

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph server is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def built(server, tmp_path_factory):
    inst = tmp_path_factory.mktemp("remote-inst")
    res = run_cli("build", CORPUS, "--encoder", "hash", "--store", server, "--instance", inst)
    assert res.returncode == 0, res.stderr[-1000:]
    assert f"graph server {server}" in res.stderr
    return inst


def _rows(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def test_named_queries_give_the_same_rows_on_the_server(server, built):
    from casegraph.kg.sparql.named import named_queries
    from casegraph.kg.store import GraphStore
    from casegraph.kg.store.http import HttpStore

    local, remote = GraphStore(built), HttpStore(server)
    assert len(remote) == len(local)
    for q in named_queries():
        assert _rows(remote.select(q.sparql)) == _rows(local.select(q.sparql)), q.name


def test_pages_cli_and_sparql_on_the_server(server, built, runner):
    from casegraph.cli import main
    from casegraph.core.settings import load_settings
    from casegraph.web import create_app

    res = runner.invoke(
        main,
        ["sparql", "--name", "1_article_regions", "--format", "csv", "--instance", str(built)],
        env={"CASEGRAPH_STORE": server},
    )
    assert res.exit_code == 0 and "包头市" in res.output
    app = create_app({"SETTINGS": load_settings(built, store=server), "TESTING": True})
    c = app.test_client()
    try:
        assert "包头市" in c.get("/region/150000").get_data(True)
        r = c.get("/sparql", query_string={"query": "ASK { ?a a cg:Article }"})
        assert r.status_code == 200 and r.get_json()["boolean"] is True
        r = c.get(
            "/sparql",
            query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
        )
        assert r.status_code == 400  # checked in a query worker before anything is forwarded
        r = c.get("/sparql", query_string={"query": "INSERT DATA { <http://e/s> <http://e/p> 1 }"})
        assert r.status_code == 403
    finally:
        app.extensions["casegraph.querypool"].close()  # its check-only workers
