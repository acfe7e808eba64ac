from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without the caller's CASEGRAPH_* settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    return env | settings


def run_cli(*args, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`casegraph ARGS` in a process of its own, from the project folder, output captured as
    text; `env` defaults to clean_env()."""
    return subprocess.run(
        [sys.executable, "-m", "casegraph.cli", *map(str, args)],
        cwd=ROOT,
        env=clean_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def seed_articles():
    """The five bundled seed articles, keyed by their file-name prefix (000 .. 004)."""
    from casegraph.ingest import Article, read_path

    out = {}
    for f in sorted(CORPUS.glob("*.txt")):
        items = list(read_path(f))
        assert len(items) == 1 and isinstance(items[0], Article), items
        out[f.name[:3]] = items[0]
    return out


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="session")
def built_instance(tmp_path_factory):
    """An instance built from the bundled corpus with `casegraph build` (graph included)."""
    from click.testing import CliRunner

    from casegraph.cli import main

    inst = tmp_path_factory.mktemp("instance")
    res = CliRunner().invoke(main, ["build", str(CORPUS), "--instance", str(inst)])
    assert res.exit_code == 0, res.output
    return inst


@pytest.fixture(scope="session")
def graph_store(built_instance):
    from casegraph.kg.store import GraphStore

    return GraphStore(built_instance)


@pytest.fixture(scope="session")
def app(built_instance):
    from casegraph.core.settings import load_settings
    from casegraph.web import create_app

    app = create_app({"SETTINGS": load_settings(built_instance), "TESTING": True})
    yield app
    pool = app.extensions.get("casegraph.querypool")
    if pool is not None:
        pool.close()


@pytest.fixture
def client(app):
    return app.test_client()
