"""Build the graph of an instance from its corpus: extract new articles only (facts are cached
per article as N-Triples), then load everything into a fresh store and swap it in."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from casegraph.core.faults import reached
from casegraph.core.files import replace_file
from casegraph.core.segment import Segmenter
from casegraph.ingest import Article
from casegraph.kg import store as graph_store
from casegraph.kg.extract.facts import Facts, extract
from casegraph.kg.graph.namespace import ONTOLOGY
from casegraph.kg.graph.rdf import ntriples, to_triples, vocabulary_triples

# what an article's facts are made of: the passages and headings reading gives it (the article id
# hashes only its body), the extraction code, its models, word lists and gazetteer, the text tools
# it calls and how facts are written as N-Triples
_EXTRACTOR_PARTS = (
    "casegraph.ingest",
    "casegraph.kg.extract",
    "casegraph.kg.data",
    "casegraph.kg.graph.rdf",
    "casegraph.kg.graph.namespace",
    "casegraph.core.text",
    "casegraph.core.segment",
    "casegraph.core.postag",
    "casegraph.core.linear",
    "casegraph.core.data",
)
_EXTRACTOR_FILES = (".py", ".json", ".tsv", ".txt", ".zip", ".ttl", ".npz")


@functools.cache
def extractor_version() -> str:
    """A digest of every file extraction reads: facts cached by other code or other models are
    never reused (a hand-kept number was forgotten when a change looked small)."""
    import hashlib
    import importlib.util

    h = hashlib.sha256()
    for name in _EXTRACTOR_PARTS:
        spec = importlib.util.find_spec(name)
        if spec.submodule_search_locations:  # a package (a folder of data has no __init__)
            base = Path(list(spec.submodule_search_locations)[0])
            files = sorted(p for p in base.rglob("*") if p.suffix in _EXTRACTOR_FILES)
        else:
            base = Path(spec.origin).parent
            files = [Path(spec.origin)]
        for f in files:
            h.update(f"{name}/{f.relative_to(base)}".encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def facts_dir(instance: str | Path) -> Path:
    return Path(instance) / "kg" / f"facts-v{extractor_version()}"


def _drop_stale_facts(instance: str | Path) -> None:
    """Facts of other extractor versions: never read again, removed."""
    import shutil

    current = facts_dir(instance)
    for d in current.parent.glob("facts-v*"):
        if d != current and d.is_dir():
            shutil.rmtree(d, ignore_errors=True)


def ontology_ntriples() -> bytes:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g.serialize(format="nt", encoding="utf-8")


def state_file(instance: str | Path) -> Path:
    return Path(instance) / "kg" / "graph-state.json"


def graph_state(instance: str | Path) -> dict | None:
    """What the store holds, written after a store was loaded and swapped in; None when missing
    or unreadable (the next build then rebuilds the store)."""
    import json

    try:
        return json.loads(state_file(instance).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def graph_current(instance: str | Path, digest: str | None) -> bool:
    """Whether the store holds the graph of the corpus with ``digest``: its state says so, no
    half-loaded graph.new lies beside it, and it opens (one that does not is named on stderr)."""
    state = graph_state(instance)
    if state is None or state.get("digest") != digest:
        return False
    if graph_store.graph_dir(instance).with_name("graph.new").exists():
        return False
    if problem := graph_store.store_problem(instance):
        print(f"warning: {problem}; the store is rebuilt", file=sys.stderr)
        return False
    return True


def facts_missing(instance: str | Path, articles: Iterable[Article]) -> int:
    """How many of ``articles`` have no cached facts (the work of the next extraction)."""
    fdir = facts_dir(instance)
    have = {p.stem for p in fdir.glob("*.nt")} if fdir.exists() else set()
    return sum(1 for a in articles if a.id not in have)


def facts_text(article: Article, seg: Segmenter | None = None) -> str:
    """An article's facts as the N-Triples text of its cache file.

    An article whose extraction fails is named in one line on stderr and kept in the graph with
    what needs no extraction (title, date, source, passages), so one bad article never stops a
    build nor leaves the graph and the index apart."""
    try:
        return ntriples(to_triples(extract(article, seg)))
    except Exception as e:  # noqa: BLE001 - any extraction bug is one article's problem
        what = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(
            f"warning: {article.origin or article.id}: extraction failed ({what}); "
            "the article is kept without extracted facts",
            file=sys.stderr,
        )
        return ntriples(to_triples(Facts(article, None, [], [])))


def build_graph(
    instance: str | Path,
    articles: Iterable[Article],
    progress: Callable[[int], None] | None = None,
    force: bool = False,
    digest: str | None = None,
    extract_many: Callable[[list[Article]], dict[str, str]] | None = None,
) -> dict:
    """Returns counts: extracted, cached, removed, triples (None when the store was kept).

    Facts are cached per article and re-extracted when the article's metadata changed; the
    store is rebuilt whenever it may not hold what the corpus says (``digest``): after an
    interrupted or failed load, a leftover graph.new, a missing or unreadable state.
    ``extract_many`` extracts a list of articles elsewhere (casegraph.distributed) and returns
    their N-Triples, the same text this process would write."""
    import json

    fdir = facts_dir(instance)
    fdir.mkdir(parents=True, exist_ok=True)
    _drop_stale_facts(instance)
    seg = Segmenter()
    wanted = {a.id: a for a in articles}
    metas_path = fdir / "meta.json"
    try:
        metas = json.loads(metas_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        metas = {}
    have = {p.stem for p in fdir.glob("*.nt")}
    removed = have - set(wanted)
    for aid in removed:
        (fdir / f"{aid}.nt").unlink()
        metas.pop(aid, None)
    extracted = 0
    todo = [
        a for aid, a in wanted.items() if not (aid in have and metas.get(aid) == a.meta_digest())
    ]
    if extract_many is not None:  # elsewhere (Ray workers): article id -> N-Triples text
        texts = extract_many(todo)
        results = ((a, texts[a.id]) for a in todo)
    else:
        results = ((a, facts_text(a, seg)) for a in todo)
    for art, text in results:
        replace_file(fdir / f"{art.id}.nt", lambda fh, text=text: fh.write(text))
        metas[art.id] = art.meta_digest()
        extracted += 1
        reached("extracting")
        if progress:
            progress(1)
    replace_file(metas_path, lambda fh: json.dump(metas, fh))
    counts = {
        "extracted": extracted,
        "cached": len(wanted) - extracted,
        "removed": len(removed),
        "triples": None,
    }
    if extracted or removed or force or not graph_current(instance, digest):
        state_file(instance).unlink(missing_ok=True)  # nothing vouches for a half-built store
        try:
            counts["triples"] = graph_store.rebuild(
                instance, _chunks(fdir, list(wanted)), before_swap=lambda: reached("store-loaded")
            )
        except (SyntaxError, ValueError):  # a damaged facts file: name it, extract it again
            for aid in _damaged_facts(fdir, list(wanted)):
                print(
                    f"warning: {fdir / (aid + '.nt')} was damaged; extracted again", file=sys.stderr
                )
                text = facts_text(wanted[aid], seg)
                replace_file(fdir / f"{aid}.nt", lambda fh, text=text: fh.write(text))
            counts["triples"] = graph_store.rebuild(instance, _chunks(fdir, list(wanted)))
        reached("swapped")
        _reload_files(instance)
        new_state = {
            "digest": digest,
            "triples": counts["triples"],
            "extractor": extractor_version(),
        }
        replace_file(state_file(instance), lambda fh: json.dump(new_state, fh))
    return counts


def push_graph(instance: str | Path, articles: Iterable[Article], url: str) -> int:
    """Put the instance's graph (ontology, vocabularies, every article's facts, and the files
    added with `casegraph load`) on a SPARQL server in place of its default graph."""
    import json

    from casegraph.kg.store.http import HttpStore

    server = HttpStore(url)
    server.replace(_chunks(facts_dir(instance), [a.id for a in articles]))
    record = Path(instance) / "kg" / "loaded.json"
    if record.exists():
        for e in json.loads(record.read_text(encoding="utf-8")):
            p = Path(e["path"])
            if p.exists():
                fmt = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig"}.get(p.suffix, "ntriples")
                server.add_file(p.read_bytes(), fmt, e["graph"])
    return len(server)


def _reload_files(instance: str | Path) -> None:
    """Files added with `casegraph load` are loaded again into the rebuilt store."""
    import json

    record = Path(instance) / "kg" / "loaded.json"
    if record.exists():
        for e in json.loads(record.read_text(encoding="utf-8")):
            if Path(e["path"]).exists():
                graph_store.load_file(instance, e["path"], e["graph"])


def _damaged_facts(fdir: Path, ids: list[str]) -> list[str]:
    import pyoxigraph as ox

    bad = []
    for aid in ids:
        try:
            for _ in ox.parse(path=str(fdir / f"{aid}.nt"), format=ox.RdfFormat.N_TRIPLES):
                pass
        except (SyntaxError, ValueError, OSError):
            bad.append(aid)
    return bad


def _chunks(fdir: Path, ids: list[str]):
    yield ontology_ntriples()
    yield ntriples(vocabulary_triples()).encode("utf-8")
    buf: list[bytes] = []
    size = 0
    for aid in sorted(ids):
        data = (fdir / f"{aid}.nt").read_bytes()
        buf.append(data)
        size += len(data)
        if size > 32 << 20:
            yield b"".join(buf)
            buf, size = [], 0
    yield b"".join(buf)
