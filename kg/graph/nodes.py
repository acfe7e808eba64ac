"""Nodes of the graph as the pages name them: IRIs from a kind and key (refusing malformed keys),
the page path of an IRI, its key, and NotFound for a node the graph does not hold."""

from __future__ import annotations

import re

from casegraph.core.errors import NotFoundError, quoted
from casegraph.core.text import HAN
from casegraph.kg.graph.namespace import ID

BASE = str(ID)

_KEY = re.compile(rf"^[0-9A-Za-z{HAN}_-]{{1,80}}$")


class NotFound(NotFoundError, LookupError):
    pass


def check_key(key: str, what: str) -> str:
    """``key`` when it can be part of an IRI or a query value (letters, digits, Han, _ and -),
    else NotFound naming it."""
    if not _KEY.match(key or ""):
        raise NotFound(f"{what}不合格式：{quoted(key)}")
    return key


def iri(kind: str, key: str) -> str:
    if not _KEY.match(key or ""):
        raise NotFound(f"编号不合格式：{kind} {quoted(key)}")
    return f"{BASE}{kind}/{key}"


def local(iri_: str | None) -> str | None:
    """'…/id/measure/abc-m001' -> 'measure/abc-m001' (the page path)."""
    return iri_[len(BASE) :] if iri_ and iri_.startswith(BASE) else None


def key_of(iri_: str) -> str:
    """The last segment of an IRI: its key."""
    return iri_.rsplit("/", 1)[-1]
