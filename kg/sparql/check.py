"""Whether a SPARQL request uses SERVICE anywhere, or is an update, judged on a real parse
(rdflib's SPARQL grammar), not on patterns over its text.

These functions run only inside the SPARQL worker processes (casegraph.kg.sparql.worker), one
query at a time per process: pyparsing's grammar objects are not safe to share between threads
(two first parses at once once broke the checker for the life of a server), and a parse can take
seconds on a long text (``1+1+…`` costs about 0.6 ms per character), so it must count against the
query's time limit and queue, never hold a web thread.

Only a text that contains the token SERVICE (after unescaping, in any case) can hold a SERVICE
clause, so only such texts are parsed; when rdflib cannot parse one that Oxigraph might still
accept, it is refused. Updates fail in the read-only store as syntax errors and are recognised
then (``is_update``) to answer 403. The worker also runs without network access, so a gap here is
not a hole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults

from casegraph.core.errors import CasegraphError


class Forbidden(CasegraphError):
    """A request the endpoint refuses; ``status`` is the HTTP status (400 or 403)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
NO_SERVICE = "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests"
FORMS = {
    "SelectQuery": "tabular",
    "AskQuery": "tabular",
    "ConstructQuery": "graph",
    "DescribeQuery": "graph",
}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_TOKEN = re.compile(r"service", re.I)
_UPDATE_WORD = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


@dataclass(frozen=True)
class Checked:
    form: str  # "tabular", "graph" or "unknown" (rdflib could not parse it)
    parsed: bool


def preload() -> None:
    """Build rdflib's SPARQL grammar now (about a second), so the first query does not wait."""
    from rdflib.plugins.sparql.parser import parseQuery

    parseQuery("ASK { ?s ?p ?o }")


def _unescape(text: str) -> str:
    """SPARQL's codepoint escapes (\\uXXXX, \\UXXXXXXXX), which the grammar allows anywhere."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _walk(node):
    yield node
    if isinstance(node, ParseResults):
        for child in node:
            yield from _walk(child)
        for child in node.values() if hasattr(node, "values") else ():
            yield from _walk(child)
    elif isinstance(node, dict):
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _walk(child)


def _node_names(tree) -> set[str]:
    names = set()
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if isinstance(name, str):
            names.add(name)
    return names


def check_query(text: str) -> Checked:
    """Raise Forbidden for SERVICE (400) and for updates that mention it (403); otherwise say the
    query form when it was parsed. A text without the token SERVICE anywhere (after unescaping)
    cannot hold a SERVICE clause and is not parsed here: the store parses it, and an update among
    those is recognised on the error path (``is_update``)."""
    from rdflib.plugins.sparql.parser import parseQuery

    plain = _unescape(text)
    if not _SERVICE_TOKEN.search(plain):
        return Checked("unknown", False)
    try:
        tree = parseQuery(plain)
    except (ParseException, ValueError, TypeError, RecursionError):
        tree = None
    if tree is not None:
        if "ServiceGraphPattern" in _node_names(tree):
            raise Forbidden(NO_SERVICE, 400)
        form = next((FORMS[n] for n in (getattr(p, "name", "") for p in tree) if n in FORMS), None)
        return Checked(form or "unknown", True)
    if is_update(text):
        raise Forbidden(READ_ONLY, 403)
    raise Forbidden(NO_SERVICE + " (a query with the word SERVICE that could not be checked)", 400)


def is_update(text: str) -> bool:
    """True for a SPARQL Update request, whatever its layout (rdflib's update grammar; when it
    cannot parse the text, an update keyword after the prologue)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    plain = _unescape(text)
    try:
        parseUpdate(plain)
        return True
    except (ParseException, ValueError, TypeError, RecursionError):
        return bool(_UPDATE_WORD.match(_strip_prologue(plain)))


_UPDATE_TOKEN = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.I)


def may_be_update(text: str) -> bool:
    """False when no update keyword occurs anywhere in the text (after unescaping): then it
    cannot be an update and needs no parse."""
    return bool(_UPDATE_TOKEN.search(_unescape(text)))


def _strip_prologue(text: str) -> str:
    """The text after comments and PREFIX/BASE declarations (for the fallback update check)."""
    rest = re.sub(r"(?m)#.*$", " ", text)
    rest = re.sub(r"(?is)^\s*((PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", rest)
    return rest.lstrip()
