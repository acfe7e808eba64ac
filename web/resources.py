"""Heavy objects (graph store, SPARQL query workers, search index, corpus) built once per app in
app.extensions, and the security headers every response gets."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from .errors import ApiError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_POOL_LOCK = threading.Lock()


def _get(name: str, make):
    ext = current_app.extensions
    if name not in ext:
        ext[name] = make(current_app.config["SETTINGS"])
    return ext[name]


def get_store():
    """The graph store (a SPARQL server's when the `store` setting names one), reopened when a
    rebuild or ``casegraph load`` changed it."""
    from casegraph.kg.store import GraphStore, open_store, store_stamp

    if current_app.config["SETTINGS"].get("store"):
        return _get("casegraph.store", lambda cfg: open_store(cfg["instance"], cfg["store"]))
    ext = current_app.extensions
    stamp = store_stamp(current_app.config["SETTINGS"]["instance"])
    if ext.get("casegraph.store.stamp") != stamp:
        ext.pop("casegraph.store", None)
        ext["casegraph.store.stamp"] = stamp
    return _get("casegraph.store", lambda cfg: GraphStore(cfg["instance"]))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _fresh(name: str, path: Path) -> None:
    """Drop the cached object when ``path`` changed (a build swapped a new one in)."""
    ext = current_app.extensions
    stamp = _stamp(path)
    if ext.get(name + ".stamp") != stamp:
        ext.pop(name, None)
        ext[name + ".stamp"] = stamp


def get_index():
    """The search index, reopened after a build wrote a new one."""
    from casegraph.search.index import SearchIndex

    instance = Path(current_app.config["SETTINGS"]["instance"])
    _fresh("casegraph.index", instance / "search" / "index")
    return _get("casegraph.index", lambda cfg: SearchIndex(cfg["instance"]))


def get_corpus():
    """The corpus, reread after a build changed it."""
    from casegraph.ingest.corpus import Corpus

    instance = Path(current_app.config["SETTINGS"]["instance"])
    _fresh("casegraph.corpus", instance / "ingest" / "articles.jsonl")
    return _get("casegraph.corpus", lambda cfg: Corpus(cfg["instance"]))


def get_pool():
    """The SPARQL query workers of the /sparql endpoint (for a remote graph server they only
    check query texts)."""
    from casegraph.kg.sparql.pool import QueryPool
    from casegraph.kg.store import graph_dir, store_stamp

    ext = current_app.extensions
    with _POOL_LOCK:  # two first requests at once start one pool
        if "casegraph.querypool" not in ext:
            cfg = current_app.config["SETTINGS"]
            path = graph_dir(cfg["instance"])
            if cfg.get("store"):  # a remote graph server: the workers only check query texts
                path, stamp = None, lambda: None
            elif path.exists():
                path, stamp = str(path), lambda: store_stamp(cfg["instance"])
            else:
                raise ApiError(f"no graph in {cfg['instance']}; run `casegraph build` first", 503)
            ext["casegraph.querypool"] = QueryPool(
                path,
                workers=cfg["sparql_workers"],
                timeout=cfg["sparql_timeout"],
                queue=cfg["sparql_queue"],
                memory_mb=cfg["sparql_memory_mb"],
                stamp=stamp,
            )
    return ext["casegraph.querypool"]


def warm(app: Flask) -> list[str]:
    """Load the index, the encoder and the graph, and run one query, before the first request
    (`casegraph serve` calls it), so the first search is as fast as the rest. -> what could not
    be loaded (a missing index or graph is reported, not fatal)."""
    problems = []
    with app.app_context():
        try:
            get_index().search("乡村振兴", top=1)
        except Exception as e:  # noqa: BLE001 - reported, the server still starts
            problems.append(f"search index: {e}")
        try:
            get_store()
            get_pool()  # the SPARQL workers start now, not on the first query
        except Exception as e:  # noqa: BLE001
            problems.append(f"graph: {e}")
    return problems


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp
