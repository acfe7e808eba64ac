"""Content negotiation for /sparql and linked data, as Fuseki does it: ``format=``/``output=``
first when it names a known format (SPARQLWrapper's values included), then Accept; ``*/*`` or
no Accept gives SPARQL JSON for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE; HTML only when a
client prefers text/html to every result type."""

from __future__ import annotations

from flask import request

TABULAR_TYPES = [
    ("json", "application/sparql-results+json"),
    ("json", "application/json"),
    ("xml", "application/sparql-results+xml"),
    ("xml", "application/xml"),
    ("xml", "text/xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
]
GRAPH_TYPES = [
    ("turtle", "text/turtle"),
    ("turtle", "application/x-turtle"),
    ("turtle", "application/turtle"),
    ("turtle", "text/n3"),
    ("turtle", "text/rdf+n3"),
    ("turtle", "application/n3"),
    ("ntriples", "application/n-triples"),
    ("ntriples", "text/plain"),
    ("rdfxml", "application/rdf+xml"),
    ("jsonld", "application/ld+json"),
    ("jsonld", "application/json"),
    ("rdfxml", "application/xml"),
    ("rdfxml", "text/xml"),
]
# format=/output= values -> (tabular format, graph format)
FORMAT_PARAM = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "rdf+xml": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "json-ld": (None, "jsonld"),
    "jsonld": (None, "jsonld"),
}
for _fmt, _media in TABULAR_TYPES:
    FORMAT_PARAM.setdefault(_media, (_fmt, None))
for _fmt, _media in GRAPH_TYPES:
    tab = FORMAT_PARAM.get(_media, (None, None))[0]
    FORMAT_PARAM[_media] = (tab, FORMAT_PARAM.get(_media, (None, None))[1] or _fmt)


def _param() -> str | None:
    for key in ("format", "output"):
        value = (request.values.get(key) or "").strip().lower()
        if value in FORMAT_PARAM:
            return value
    return None


def _by_accept(table: list[tuple[str, str]]) -> str | None:
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*" or not request.headers.get("Accept", "").strip():
        return table[0][0]
    best = accept.best_match([t for _, t in table])
    return None if best is None else next(f for f, t in table if t == best)


def result_formats() -> dict:
    """{"tabular": fmt | None, "graph": fmt | None, "why": message for a 406}."""
    param = _param()
    if param is not None:
        tab, graph = FORMAT_PARAM[param]
        out = {
            "tabular": tab or _by_accept(TABULAR_TYPES),
            "graph": graph or _by_accept(GRAPH_TYPES),
        }
    else:
        out = {"tabular": _by_accept(TABULAR_TYPES), "graph": _by_accept(GRAPH_TYPES)}
    offered = ", ".join(t for _, t in TABULAR_TYPES + GRAPH_TYPES)
    out["why"] = (
        f"cannot produce any type in Accept '{request.headers.get('Accept')}'; offered: {offered}"
    )
    return out


def graph_format() -> str | None:
    param = _param()
    if param is not None and FORMAT_PARAM[param][1]:
        return FORMAT_PARAM[param][1]
    return _by_accept(GRAPH_TYPES)


def prefers_html(types: list[str]) -> bool:
    """True when the client ranks text/html above every one of ``types`` (browsers do)."""
    if _param() is not None:
        return False
    accept = request.accept_mimetypes
    html = accept["text/html"]
    return bool(html) and all(html > accept.quality(t) for t in types) and accept.best != "*/*"


def prefers_json() -> bool:
    """True when the client ranks application/json above text/html (a script asking a page)."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )
