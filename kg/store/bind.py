"""Bound parameters of a query: Python values as RDF terms, and, for a SPARQL server (which takes
no substitutions over the protocol), the query text with each bound variable replaced by its term
as SEP-0007 defines it. The text is read as SPARQL tokens (comments, strings, IRIs, variables), so
a term only ever stands where the variable stood, written by pyoxigraph's own term syntax."""

from __future__ import annotations

import re

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal


def term(value) -> Term:
    """A value as an RDF term: a pyoxigraph IRI or literal as it is, a str as an IRI (ValueError when it is
    not one), an int, float or bool as a typed literal."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, str):
        return ox.NamedNode(value)  # ValueError: Invalid IRI code point …
    if isinstance(value, bool | int | float):
        return ox.Literal(value)
    raise TypeError(f"cannot bind {type(value).__name__} {value!r} in a query")


def substitutions(params: dict) -> dict[ox.Variable, Term]:
    """``{"m": iri}`` -> pyoxigraph's ``substitutions`` argument."""
    for name in params:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"not a variable name: {name!r}")
    return {ox.Variable(k): term(v) for k, v in params.items()}


_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"
        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<var>[?$]\w+)
      |(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)
      |(?P<open>[{(])|(?P<close>[})])""",
    re.S | re.X,
)


def substituted(sparql: str, subs: dict[ox.Variable, Term]) -> str:
    """``sparql`` with each variable of ``subs`` written as its term: ``(<t> AS ?x)`` in the
    SELECT list, ``(<t>)`` in GROUP BY / ORDER BY, ``<t>`` in the patterns and templates.
    ValueError for a subquery, where a variable's scope is not the query's."""
    by_name = {v.value: str(t) for v, t in subs.items()}
    out, last = [], 0
    braces = parens = 0
    in_select = False
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "open":
            braces, parens = (braces + 1, parens) if m.group() == "{" else (braces, parens + 1)
            in_select = in_select and m.group() == "("
        elif kind == "close":
            braces, parens = (braces - 1, parens) if m.group() == "}" else (braces, parens - 1)
        elif kind == "word":
            word = m.group().upper()
            if word == "SELECT" and braces:
                raise ValueError("a query with a subquery cannot be bound on a server")
            if word in ("SELECT", "WHERE", "FROM"):
                in_select = word == "SELECT"
        elif kind == "var" and m.group()[1:] in by_name:
            t = by_name[m.group()[1:]]
            if braces or parens:
                text = t
            elif in_select:
                text = f"({t} AS ?{m.group()[1:]})"
            else:
                text = f"({t})"
            out += [sparql[last : m.start()], text]
            last = m.end()
    return "".join(out) + sparql[last:]
