"""Run a SPARQL query against a store and serialize the result, for the CLI (no row limit)."""

from __future__ import annotations

import sys

from casegraph.core.errors import CasegraphError

from ..store import GraphStore
from .results import serialize


class QueryError(CasegraphError):
    """A query that cannot run; the message is one line, for a person."""


def run_query(store: GraphStore, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
    """-> (body, media type). ``fmt`` None (or one that does not fit the query form) picks JSON
    for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE."""
    try:
        body, media, _, _ = serialize(store.query(sparql), fmt or "", sys.maxsize)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {str(e).splitlines()[0]}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    return body, media
