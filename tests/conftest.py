from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


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


class LiveServer:
    """`casegraph serve` in a process of its own on a free port, with CASEGRAPH_* settings;
    ``url`` once it answers; ``stop()`` sends SIGTERM and waits."""

    def __init__(self, instance, env: dict | None = None, **settings) -> None:
        import time
        import urllib.request

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        import tempfile

        extra = {f"CASEGRAPH_{k.upper()}": str(v) for k, v in settings.items()}
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a pipe could fill and block
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "casegraph.cli", "serve", "--port", str(self.port)]
            + ["--instance", str(instance)],
            cwd=ROOT,
            env=clean_env(**extra) | (env or {}),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(self.url + "/api/themes", timeout=5).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError(f"casegraph serve did not start: {self.stderr()[-2000:]}")

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> str:
        """SIGTERM, as a service manager stops it; -> what it wrote on stderr."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        out = self.stderr()
        self.log.close()
        return out


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


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under chromedriver (headless, zh-CN), its console log kept."""
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI (see .ci/run)")
        pytest.skip(
            "chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=zh-CN",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def base_url(app):
    """The app under the production server (casegraph.web.server) on a free port."""
    from casegraph.web.server import make_server

    server = make_server(app, dict(app.config["SETTINGS"], host="127.0.0.1", port=0, threads=4))
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def wait(drv, cond, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(drv, timeout).until(cond)


def shot(drv, name: str) -> Path:
    p = SHOTS / f"{name}.png"
    drv.save_screenshot(str(p))
    assert p.stat().st_size > 10_000
    return p
