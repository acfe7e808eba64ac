"""The wheel works on its own: built from the source, installed into a fresh virtualenv (its
dependencies taken from this environment's site-packages, without the editable install), then
`casegraph build --encoder hash`, one search and pages served from the installed package, run
from a folder outside the source tree. It installs one top-level name, casegraph: the
repository's folders are its subpackages (casegraph.web, casegraph.kg, ...), and `import web`
fails."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import CORPUS, ROOT, clean_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Built from a copy of the tracked files, so nothing (build/, *.egg-info) is written into
    the work tree."""
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "casegraph"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    for name in tracked:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            target.symlink_to(os.readlink(ROOT / name))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, target)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("casegraph-*.whl")
    return path


def test_wheel_ships_templates_static_ontology_queries_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "casegraph/web/templates/search.html",
        "casegraph/web/static/app.css",
        "casegraph/web/static/vendor/yasgui/yasgui.min.js",
        "casegraph/web/static/vendor/chartjs/chart.umd.min.js",
        "casegraph/kg/data/ontology.ttl",
        "casegraph/kg/data/practices.tsv",
        "casegraph/kg/data/measure_encoder.json",
        "casegraph/kg/data/measure_lora.npz",
        "casegraph/kg/data/jionlp/china_location.zip",
        "casegraph/kg/data/jionlp/quantifiers_stat.txt",
        "casegraph/kg/data/jionlp/LICENSE",
        "casegraph/kg/queries/1_article_regions.rq",
        "casegraph/core/data/domain_dict.txt",
        "casegraph/core/data/stopwords.txt",
        "casegraph/kg/sparql/worker.py",
        "casegraph/core/models/bge-small-zh-v1.5-int8/onnx/model_quantized.onnx",
        "casegraph/core/models/bge-small-zh-v1.5-int8/casegraph.json",
        "casegraph/cases/export.py",
        "casegraph/web/models/pages.py",
        "casegraph/cli.py",
    ):
        assert needed in names, needed
    ontology = zipfile.ZipFile(wheel).read("casegraph/kg/data/ontology.ttl").decode("utf-8")
    assert "cg:Article" in ontology  # the file itself, not a link
    # one installed name: every file under casegraph/ or the metadata, no scoring harness
    assert {n.split("/")[0] for n in names} == {"casegraph", "casegraph-0.1.0.dist-info"}
    assert not [n for n in names if "evaluate" in n or "pages_eval" in n]
    top_level = zipfile.ZipFile(wheel).read("casegraph-0.1.0.dist-info/top_level.txt")
    assert top_level.decode("utf-8").split() == ["casegraph"]


def test_installed_wheel_builds_searches_and_serves(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # pip from ensurepip
    py = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies from this environment, but not its editable casegraph (its .pth files are
    # not read from a folder added this way)
    with open(os.path.join(purelib, "deps.pth"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    shutil.copytree(CORPUS, work / "corpus")
    env = clean_env(PYTHONPATH="")
    run = lambda *a: subprocess.run(  # noqa: E731  (the installed console script)
        [str(venv / "bin" / "casegraph"), *a], cwd=work, env=env, capture_output=True, text=True
    )
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import casegraph.web as w, casegraph.kg as k; print(w.__file__, k.__file__)",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and purelib in where, where
    for generic in ("web", "kg", "search", "ingest", "cases", "analysis", "core"):
        res = subprocess.run(
            [str(py), "-c", f"import {generic}"], cwd=work, env=env, capture_output=True, text=True
        )
        assert res.returncode == 1 and "ModuleNotFoundError" in res.stderr, (generic, res.stderr)
    res = run("build", "corpus", "--encoder", "hash", "--instance", "inst")
    assert res.returncode == 0, res.stderr[-2000:]
    res = run("search", "村集体经济", "--top", "1", "--json", "--instance", "inst")
    assert res.returncode == 0, res.stderr[-2000:]
    hit = json.loads(res.stdout)[0]
    page = subprocess.run(
        [
            str(py),
            "-c",
            (
                "from casegraph.core.settings import load_settings\n"
                "from casegraph.web import create_app\n"
                "app = create_app({'SETTINGS': load_settings('inst'), 'TESTING': True})\n"
                "c = app.test_client()\n"
                f"r = c.get('/article/{hit['article_id']}'); assert r.status_code == 200, r.status_code\n"
                "assert '<html' in r.get_data(True)\n"
                "r = c.get('/static/vendor/yasgui/yasgui.min.js'); assert r.status_code == 200\n"
                "r = c.get('/ontology.ttl'); assert b'cg:Article' in r.data\n"
                "r = c.get('/sparql', query_string={'name': '1_article_regions'}, headers={'Accept': 'text/csv'})\n"
                "assert r.status_code == 200 and '包头市' in r.get_data(True), r.data[:300]\n"
                "app.extensions['casegraph.querypool'].close(); print('ok')\n"
            ),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert page.stdout.strip().endswith("ok"), page.stderr[-2000:]
