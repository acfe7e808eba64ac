"""A build killed (SIGKILL, as kill -9) at each stage, then run again: graph, index and corpus
hold the same articles, with the same metadata. Also corrupt instance files, repaired by the
next build, and a metadata edit that reaches SPARQL and search."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess

import pytest

from tests.conftest import CORPUS, clean_env, run_cli

pytestmark = pytest.mark.slow


def _build(inst, src, crash: str | None = None) -> subprocess.CompletedProcess:
    env = clean_env(CASEGRAPH_CRASH_AT=crash) if crash else clean_env()
    return run_cli(
        "build", *([src] if src else []), "--encoder", "hash", "--instance", inst, env=env
    )


def _agree(inst) -> tuple[set, set, set, dict]:
    """Article ids in the corpus, the graph and the index, and the graph's titles."""
    from casegraph.ingest.corpus import Corpus
    from casegraph.kg.store import GraphStore

    corpus = set(Corpus(inst).articles)
    rows = GraphStore(inst).select(
        "SELECT ?id ?t WHERE { ?a a cg:Article ; dcterms:identifier ?id ; dcterms:title ?t }"
    )
    graph = {r["id"] for r in rows}
    with open(inst / "search" / "index" / "passages.jsonl", encoding="utf-8") as fh:
        index = {json.loads(line)["article_id"] for line in fh}
    return corpus, graph, index, {r["id"]: r["t"] for r in rows}


@pytest.fixture(scope="module")
def _seed_base(tmp_path_factory):
    """One build of the seed corpus for the module; each test gets a fresh copy of it."""
    root = tmp_path_factory.mktemp("seeds")
    src, inst = root / "src", root / "base"
    shutil.copytree(CORPUS, src)
    assert _build(inst, src).returncode == 0
    return src, inst


@pytest.fixture
def seed_build(_seed_base, tmp_path):
    """(sources, instance): the sources restored as built (same path, same mtimes, so the
    instance's memory of them holds) and a copy of the built instance."""
    src, base = _seed_base
    shutil.rmtree(src)
    shutil.copytree(CORPUS, src)  # copy2 keeps the mtimes the manifest recorded
    inst = tmp_path / "inst"
    shutil.copytree(base, inst)
    return src, inst


@pytest.mark.parametrize(
    "stage", ["ingested", "extracting", "store-loaded", "swapped", "index-written"]
)
def test_a_build_killed_at_any_stage_is_repaired_by_the_next(seed_build, stage):
    src, inst = seed_build
    # a change for the killed build to carry: one article gone, one retitled
    (src / "003_3c9bb8d218548b00.txt").unlink()
    f = src / "004_53e0432a7c424e76.txt"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "济南市:以组织振兴引领推进乡村振兴", "济南：以组织振兴引领乡村全面振兴", 1
        ),
        encoding="utf-8",
    )
    res = _build(inst, src, crash=stage)
    assert res.returncode == -signal.SIGKILL, (stage, res.stderr[-500:])
    # no path: the remembered sources
    res = run_cli("build", "--prune", "--encoder", "hash", "--instance", inst)
    assert res.returncode == 0, res.stderr[-1000:]
    corpus, graph, index, titles = _agree(inst)
    assert corpus == graph == index and len(corpus) == 4, (stage, res.stderr[-800:])
    assert "济南：以组织振兴引领乡村全面振兴" in titles.values()
    assert not (inst / "graph.new").exists() and not (inst / "search" / "index.new").exists()


def test_corrupt_state_and_meta_are_rebuilt(seed_build):
    _, inst = seed_build
    (inst / "kg" / "graph-state.json").write_text("garbage", encoding="utf-8")
    (inst / "search" / "index" / "meta.json").write_text("{not json", encoding="utf-8")
    res = _build(inst, None)
    assert res.returncode == 0, res.stderr[-800:]
    assert "triples" in res.stderr and "index: 90 passages" in res.stderr  # both rewritten
    corpus, graph, index, _ = _agree(inst)
    assert corpus == graph == index


def test_damaged_files_are_named_and_repaired(seed_build):
    _, inst = seed_build
    facts = sorted((inst / "kg").glob("facts-v*/*.nt"))[0]
    facts.write_text(facts.read_text(encoding="utf-8") + "<broken line\n", encoding="utf-8")
    vectors = inst / "search" / "index" / "vectors.faiss"
    with open(vectors, "r+b") as fh:
        fh.truncate(100)
    (inst / "kg" / "graph-state.json").unlink()
    check = run_cli("check", "--instance", inst)
    assert (
        check.returncode == 1
        and "vectors.faiss" in check.stdout
        and "casegraph build" in check.stdout
    )
    search = run_cli("search", "干部", "--instance", inst)
    assert search.returncode == 1 and "vectors.faiss" in search.stderr
    assert "Traceback" not in search.stderr
    res = _build(inst, None)
    assert res.returncode == 0 and facts.name in res.stderr, res.stderr[-800:]
    check = run_cli("check", "--instance", inst)
    assert check.returncode == 0, check.stdout


def _cut(path, keep: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(keep)


DAMAGE = {  # file kind -> (damage, the name check must give)
    "sentences.faiss emptied": (
        lambda i: _cut(i / "search" / "index" / "sentences.faiss", 0),
        "sentences.faiss",
    ),
    "passages.jsonl cut": (
        lambda i: _cut(i / "search" / "index" / "passages.jsonl", 3000),
        "passages.jsonl",
    ),
    "graph CURRENT garbage": (
        lambda i: (i / "graph" / "CURRENT").write_text("garbage\n"),
        "CURRENT",
    ),
    "graph MANIFEST missing": (
        lambda i: [p.unlink() for p in (i / "graph").glob("MANIFEST-*")],
        "MANIFEST",
    ),
    "ingest manifest.json garbage": (
        lambda i: (i / "ingest" / "manifest.json").write_text("{garb"),
        "manifest.json",
    ),
    "ingest articles.jsonl cut": (
        lambda i: _cut(i / "ingest" / "articles.jsonl", 5000),
        "articles.jsonl",
    ),
    "vector cache cut": (
        lambda i: [_cut(p, 50) for p in (i / "search" / "cache").glob("*/*.npy")],
        None,  # a cache is a saving, not a part check vouches for
    ),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_each_damaged_file_is_named_in_one_line_and_the_build_repairs_it(seed_build, kind):
    _, inst = seed_build
    damage, name = DAMAGE[kind]
    damage(inst)
    check = run_cli("check", "--instance", inst)
    if name:
        assert check.returncode == 1 and name in check.stdout, (kind, check.stdout)
        assert "casegraph build" in check.stdout and "Traceback" not in check.stdout + check.stderr
    res = _build(inst, None)
    assert res.returncode == 0 and "Traceback" not in res.stderr, (kind, res.stderr[-800:])
    if kind == "vector cache cut":
        assert "vector cache" in res.stderr and "damaged" in res.stderr
    check = run_cli("check", "--instance", inst)
    assert check.returncode == 0, (kind, check.stdout)
    corpus, graph, index, _ = _agree(inst)
    assert corpus == graph == index and len(corpus) == 5
    assert run_cli("search", "干部", "--instance", inst).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 40 MB tmpfs, where the test may mount one (root with CAP_SYS_ADMIN)."""
    where = tmp_path / "disk"
    where.mkdir()
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(where)], capture_output=True
    )
    if res.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({res.stderr.decode().strip()[:120]})")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_one_line_keeps_the_old_graph_and_the_next_build_repairs(small_disk):
    src, inst = small_disk / "src", small_disk / "inst"
    shutil.copytree(CORPUS, src)
    assert _build(inst, src).returncode == 0
    st = shutil.disk_usage(small_disk)
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:  # leave 600 KB: enough to read, not to load a new store
        fh.truncate(st.free - 600 * 1024)
    subprocess.run(["fallocate", "-l", str(st.free - 600 * 1024), str(filler)], check=False)
    f = src / "004_53e0432a7c424e76.txt"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "济南市:以组织振兴引领推进乡村振兴", "济南市推进乡村组织振兴纪实", 1
        ),
        encoding="utf-8",
    )
    res = _build(inst, None)
    assert res.returncode == 1 and "No space left" in res.stderr, res.stderr[-800:]
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()[-1]) < 600
    _, _, _, titles = _agree(inst)  # the previous graph still answers
    assert "济南市:以组织振兴引领推进乡村振兴" in "".join(titles.values()).replace("：", ":")
    assert run_cli("check", "--instance", inst).returncode == 1  # and says it is behind
    filler.unlink()
    res = _build(inst, None)
    assert res.returncode == 0, res.stderr[-800:]
    corpus, graph, index, titles = _agree(inst)
    assert corpus == graph == index and "济南市推进乡村组织振兴纪实" in titles.values()


def test_edited_metadata_reaches_sparql_and_search(tmp_path):
    """The id hashes the body only; an edited title, date, source and URL still reach the graph
    and the search hits after the next build."""
    from casegraph.kg.store import GraphStore

    body = (
        "福建省南平市建阳区推行“科技特派员+合作社”模式，组织120名科技特派员驻村指导茶叶种植，"
        "带动茶农人均增收3000元。"
    )
    rec = {"title": "旧标题", "date": "2023-01-02", "source": "旧报", "url": "https://a.example/1"}
    src = tmp_path / "items.jsonl"
    src.write_text(json.dumps({**rec, "content": body}, ensure_ascii=False) + "\n", "utf-8")
    inst = tmp_path / "inst"
    assert _build(inst, src).returncode == 0
    new = {"title": "新标题", "date": "2024-05-06", "source": "新报", "url": "https://b.example/2"}
    src.write_text(json.dumps({**new, "content": body}, ensure_ascii=False) + "\n", "utf-8")
    res = _build(inst, None)
    assert res.returncode == 0, res.stderr[-800:]
    row = GraphStore(inst).select(
        """SELECT ?t ?d ?p ?u WHERE { ?a a cg:Article ; dcterms:title ?t ; dcterms:issued ?d ;
           dcterms:publisher ?p ; cg:url ?u }"""
    )
    assert [(r["t"], str(r["d"]), r["p"], r["u"]) for r in row] == [tuple(new.values())]
    hits = json.loads(run_cli("search", "科技特派员", "--json", "--instance", inst).stdout)
    hit = (hits["hits"] if isinstance(hits, dict) else hits)[0]
    assert (hit["title"], hit["date"], hit["source"], hit["url"]) == tuple(new.values())
