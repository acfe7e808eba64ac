"""The read side of the graph: every SPARQL text the app runs is a file ``app/<name>.rq`` here,
run by name with bound parameters (``select(store, "measure", m=iri)``). Parameters are bound as
RDF terms, never written into the text by the caller: the embedded store takes them as
pyoxigraph ``substitutions``, a SPARQL server gets each variable written as its term
(casegraph.kg.store.bind). A bound variable of a SELECT is one of its projected variables.

The numbered files beside ``app/`` are the gallery of example queries (casegraph.kg.sparql.named)."""

from __future__ import annotations

import functools
from importlib import resources

from casegraph.kg.store import rows
from casegraph.kg.store.bind import substitutions


@functools.cache
def text(name: str) -> str:
    """The SPARQL of the named query (KeyError naming the known ones when there is none)."""
    f = resources.files(__name__) / "app" / f"{name}.rq"
    if not f.is_file():
        raise KeyError(f"no query {name!r} in kg/queries/app; known: {', '.join(names())}")
    return f.read_text(encoding="utf-8")


def names() -> list[str]:
    folder = resources.files(__name__) / "app"
    return sorted(f.name.removesuffix(".rq") for f in folder.iterdir() if f.name.endswith(".rq"))


def run(store, name: str, **params):
    """The pyoxigraph result (solutions, boolean or triples) of the named query; ``params`` bind
    its variables: an IRI as a str, a number as an int or float, any term as a pyoxigraph term."""
    return store.query(text(name), substitutions=substitutions(params) if params else None)


def select(store, name: str, **params) -> list[dict]:
    """The rows of a named SELECT as dicts of plain Python values (str, int, float, bool)."""
    return rows(run(store, name, **params))


def ask(store, name: str, **params) -> bool:
    return bool(run(store, name, **params))
