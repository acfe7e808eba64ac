"""Run a SPARQL query against a store and serialize the result; shared by CLI and endpoint."""

from __future__ import annotations

import pyoxigraph as ox

from .store import GRAPH_FORMATS, RESULT_FORMATS, GraphStore

MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


class QueryError(Exception):
    """A query that cannot run; the message is one line, for a person."""


def query_kind(result) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    if isinstance(result, ox.QueryTriples):
        return "graph"
    return "solutions"


def run_query(store: GraphStore, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
    """-> (body, media type). ``fmt`` None picks JSON for SELECT/ASK and Turtle for graphs."""
    try:
        result = store.query(sparql)
        kind = query_kind(result)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {str(e).splitlines()[0]}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    if kind == "graph":
        fmt = fmt if fmt in GRAPH_FORMATS else "turtle"
        if fmt in ("json", "xml", "csv", "tsv") and fmt is not None:
            fmt = "turtle"
        return result.serialize(format=GRAPH_FORMATS[fmt]), MEDIA.get(fmt, "text/turtle")
    fmt = fmt if fmt in RESULT_FORMATS else "json"
    return result.serialize(format=RESULT_FORMATS[fmt]), MEDIA[fmt]
