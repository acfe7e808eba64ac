"""Build the graph of an instance from its corpus: extract new articles only (facts are cached
per article as N-Triples), then load everything into a fresh store and swap it in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from ingest import Article
from ingest.files import replace_file
from ingest.segment import Segmenter
from kg import store as graph_store
from kg.extract.facts import extract
from kg.graph.namespace import ONTOLOGY
from kg.graph.rdf import ntriples, to_triples, vocabulary_triples

EXTRACTOR_VERSION = (
    "5"  # 5: quantity kinds (cg:Target, cg:Threshold, cg:lowerBound), units, cg:within/cg:province
)


def facts_dir(instance: str | Path) -> Path:
    return Path(instance) / "kg" / f"facts-v{EXTRACTOR_VERSION}"


def ontology_ntriples() -> bytes:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g.serialize(format="nt", encoding="utf-8")


def build_graph(
    instance: str | Path,
    articles: Iterable[Article],
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> dict:
    """Returns counts: extracted, cached, removed, triples (None when the store was kept)."""
    fdir = facts_dir(instance)
    fdir.mkdir(parents=True, exist_ok=True)
    seg = Segmenter()
    wanted = {a.id: a for a in articles}
    have = {p.stem for p in fdir.glob("*.nt")}
    removed = have - set(wanted)
    for aid in removed:
        (fdir / f"{aid}.nt").unlink()
    extracted = 0
    for aid, art in wanted.items():
        if aid in have:
            continue
        text = ntriples(to_triples(extract(art, seg)))
        replace_file(fdir / f"{aid}.nt", lambda fh, text=text: fh.write(text))
        extracted += 1
        if progress:
            progress(1)
    counts = {
        "extracted": extracted,
        "cached": len(wanted) - extracted,
        "removed": len(removed),
        "triples": None,
    }
    if extracted or removed or force or not graph_store.graph_dir(instance).exists():
        counts["triples"] = graph_store.rebuild(instance, _chunks(fdir, list(wanted)))
        _reload_files(instance)
    return counts


def _reload_files(instance: str | Path) -> None:
    """Files added with `casegraph load` are loaded again into the rebuilt store."""
    import json

    record = Path(instance) / "kg" / "loaded.json"
    if record.exists():
        for e in json.loads(record.read_text(encoding="utf-8")):
            if Path(e["path"]).exists():
                graph_store.load_file(instance, e["path"], e["graph"])


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
