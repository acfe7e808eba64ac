"""`casegraph build --ray`: the seed corpus read, extracted and embedded by two local Ray workers
gives the same graph and index as a local build."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import CORPUS, clean_env, run_cli

pytestmark = pytest.mark.slow


def _triples(inst) -> tuple[set, int]:
    """The graph's triples without blank nodes (the ontology's SHACL shapes get fresh blank
    node ids at every load, also between two local builds), and the number of all triples."""
    from casegraph.kg.store import GraphStore

    quads = list(GraphStore(inst).store.quads_for_pattern(None, None, None))
    named = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in quads
        if not any(str(t).startswith("_:") for t in (q.subject, q.object))
    }
    return named, len(quads)


def _vectors(inst, name: str) -> np.ndarray:
    import faiss

    idx = faiss.read_index(str(inst / "search" / "index" / name))
    return idx.reconstruct_n(0, idx.ntotal)


def test_a_ray_build_with_two_workers_equals_a_local_build(tmp_path):
    local, ray = tmp_path / "local", tmp_path / "ray"
    env = clean_env()
    res = run_cli("build", CORPUS, "--encoder", "bge-zh", "--instance", local, env=env)
    assert res.returncode == 0, res.stderr[-800:]
    res = run_cli(
        "build",
        CORPUS,
        "--encoder",
        "bge-zh",
        "--instance",
        ray,
        "--ray",
        "--workers",
        "2",
        env=env,
    )
    assert res.returncode == 0, res.stderr[-1500:]
    assert "Traceback" not in res.stderr
    assert _triples(local) == _triples(ray)
    for name in ("vectors.faiss", "sentences.faiss"):
        a, b = _vectors(local, name), _vectors(ray, name)
        assert a.shape == b.shape and np.abs(a - b).max() <= 1e-6

    def rows(d):
        text = (d / "search" / "index" / "passages.jsonl").read_text(encoding="utf-8")
        return [json.loads(x) for x in text.splitlines()]

    assert rows(local) == rows(ray)
    assert run_cli("check", "--instance", ray).returncode == 0
