"""The persistent graph: an embedded Oxigraph store in ``<instance>/graph``.

Rebuilds write a new store beside the old one and swap directories, so a failed or interrupted
build leaves the previous graph usable. Readers open the store read-only. A remote SPARQL
endpoint can stand in for the embedded store behind the same ``query`` method (see
``RemoteStore``)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from casegraph.core.errors import UnavailableError, one_line
from casegraph.core.files import swap_dir

from .bind import substituted

GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
PREFIXES = {
    "cg": "https://w3id.org/casegraph/ontology#",
    "cgid": "https://w3id.org/casegraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class StoreMissing(UnavailableError):
    pass


class StoreLoadFailed(UnavailableError):
    """The new store could not be written (a full disk …); the previous one is untouched."""


def graph_dir(instance: str | Path) -> Path:
    return Path(instance) / "graph"


def store_problem(instance: str | Path) -> str | None:
    """Why the store cannot be opened (a missing or damaged CURRENT or MANIFEST file …), or None."""
    path = graph_dir(instance)
    if not path.exists():
        return f"{path} is missing"
    try:
        ox.Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as e:
        return f"{path} cannot be opened ({one_line(e, 400)})"
    return None


def _stamp_file(instance: str | Path) -> Path:
    return Path(instance) / "graph.stamp"


def store_stamp(instance: str | Path) -> tuple[int, int] | None:
    """Changes whenever the graph is rebuilt (a new directory) or added to (``load_file``), so
    readers that opened the store earlier know to reopen it; None when there is no graph."""
    try:
        ino = graph_dir(instance).stat().st_ino
    except OSError:
        return None
    try:
        mark = _stamp_file(instance).stat().st_mtime_ns
    except OSError:
        mark = 0
    return ino, mark


def _touch_stamp(instance: str | Path) -> None:
    path = _stamp_file(instance)
    path.write_text(str(os.getpid()), encoding="utf-8")
    now = os.stat(path).st_mtime_ns
    os.utime(path, ns=(now, max(now, time.time_ns())))


def rebuild(
    instance: str | Path,
    chunks: Iterable[bytes],
    fmt=ox.RdfFormat.N_TRIPLES,
    before_swap=lambda: None,
) -> int:
    """Load ``chunks`` into a fresh store and swap it in atomically; returns the triple count."""
    final = graph_dir(instance)
    tmp = final.with_name("graph.new")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        try:
            for chunk in chunks:
                if chunk:
                    store.bulk_load(chunk, format=fmt)
            store.flush()
            n = len(store)
        finally:
            del store  # closes it (and frees its lock) also when a chunk was malformed
    except OSError as e:  # a full disk, a read-only folder: the old graph stays, graph.new goes
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreLoadFailed(
            f"loading the graph failed ({one_line(e, 300)}); the previous graph is kept and still "
            "served; "
            f"free space or fix the cause, then run `casegraph build --instance {instance}` again"
        ) from None
    before_swap()
    swap_dir(tmp, final)
    _touch_stamp(instance)
    return n


def load_file(instance: str | Path, path: str | Path, graph: str | None = None) -> int:
    """Add an RDF file to the instance's store (into a named graph when given) and record it, so
    rebuilds load it again. Returns the number of quads added."""
    import json

    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    target = graph_dir(instance)
    store = ox.Store(str(target))
    before = len(store)
    store.bulk_load(
        path=str(path), format=fmt, to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph()
    )
    store.flush()
    added = len(store) - before
    del store
    record = Path(instance) / "kg" / "loaded.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    entries = json.loads(record.read_text(encoding="utf-8")) if record.exists() else []
    entry = {"path": str(Path(path).resolve()), "graph": graph}
    if entry not in entries:
        entries.append(entry)
    record.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    _touch_stamp(instance)
    return added


class GraphStore:
    """Read access to the instance's graph."""

    def __init__(self, instance: str | Path) -> None:
        path = graph_dir(instance)
        if not path.exists():
            raise StoreMissing(f"no graph in {instance}; run `casegraph build` first")
        self.path = path
        self.store = ox.Store.read_only(str(path))

    def __len__(self) -> int:
        return len(self.store)

    def query(self, sparql: str, **kw):
        """``substitutions=`` are written into the text as terms where the query allows it (no
        subquery): Oxigraph plans around a constant but not around a substitution (a region's
        path to its province: 0.5 ms against 315 ms on a graph of 1,000 articles)."""
        subs = kw.pop("substitutions", None)
        if subs:
            try:
                sparql = substituted(sparql, subs)
            except ValueError:
                kw["substitutions"] = subs
        return self.store.query(sparql, prefixes=PREFIXES, **kw)

    def select(self, sparql: str, **kw) -> list[dict]:
        """SELECT results as plain Python values (str, int, float, bool); ``substitutions=``
        binds variables to terms (casegraph.kg.store.bind)."""
        return rows(self.query(sparql, **kw))

    def dump(self, out, fmt: str = "nquads") -> tuple[int, int]:
        """Write the graph (every named graph too in N-Quads and TriG, the default graph only in
        the triple formats), with the cg: prefixes where the format has them. -> (statements
        written, statements in named graphs left out)."""
        rdf_format = GRAPH_FORMATS[fmt]
        default = _count_default(self.store)
        total = len(self.store)
        self.store.dump(
            out,
            format=rdf_format,
            from_graph=None if rdf_format.supports_datasets else ox.DefaultGraph(),
            prefixes=PREFIXES if fmt in ("turtle", "trig") else None,
        )
        if rdf_format.supports_datasets:
            return total, 0
        return default, total - default


def _count_default(store: ox.Store) -> int:
    res = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(res))["n"].value)


def rows(result) -> list[dict]:
    """The solutions of a SELECT result as dicts of plain Python values."""
    names = [v.value for v in result.variables]
    return [{n: to_python(sol[n]) for n in names} for sol in result]


def to_python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        v = term.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(v)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(v)
        if dt.endswith("#boolean"):
            return v == "true"
        return v
    return term.value


def open_store(instance: str | Path, url: str | None = None):
    """The graph an instance queries: a server's when ``url`` is given (casegraph.kg.store.http),
    else the embedded store."""
    if url:
        from .http import HttpStore

        return HttpStore(url)
    return GraphStore(instance)
