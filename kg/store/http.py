"""The graph on a SPARQL 1.1 server (Oxigraph server, Fuseki …): queries over the SPARQL 1.1
Protocol (``<url>/query``), loading and dumping over the Graph Store Protocol (``<url>/store``).
The same methods as the embedded GraphStore, so pages, cards and the CLI work on either."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import pyoxigraph as ox

from casegraph.core.errors import UnavailableError

from . import PREFIXES, rows
from .bind import substituted

_GRAPH_FORM = re.compile(r"\b(CONSTRUCT|DESCRIBE)\b", re.I)
MEDIA = {
    "nquads": "application/n-quads",
    "ntriples": "application/n-triples",
    "turtle": "text/turtle",
    "trig": "application/trig",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


class RemoteStoreError(UnavailableError):
    pass


def with_prefixes(sparql: str) -> str:
    """The graph's prefixes declared in front, for a server that does not know them."""
    used = [p for p in PREFIXES if re.search(rf"(?<![\w?$]){p}:", sparql)]
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+(\w*):", sparql, re.I)}
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used if p not in declared)
    return head + sparql


class HttpStore:
    def __init__(self, url: str, timeout: float = 60.0) -> None:
        parts = urlsplit(url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url, self.parts, self.timeout = url.rstrip("/"), parts, timeout

    def _conn(self) -> http.client.HTTPConnection:
        cls = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        return cls(self.parts.hostname, self.parts.port, timeout=self.timeout)

    def _request(
        self, method: str, path: str, body=None, headers: dict | None = None
    ) -> tuple[str, bytes]:
        conn = self._conn()
        try:
            chunked = body is not None and not isinstance(body, bytes | str)
            conn.request(
                method,
                self.parts.path + path,
                body=body,
                headers=headers or {},
                encode_chunked=chunked,
            )
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            raise RemoteStoreError(f"graph server {self.url} unreachable: {e}") from None
        finally:
            conn.close()
        if resp.status >= 400:
            msg = data.decode("utf-8", "replace").strip().splitlines()[:1]
            raise RemoteStoreError(
                f"graph server {self.url} answered {resp.status}: {msg[0] if msg else ''}"
            )
        return resp.getheader("Content-Type", "").split(";")[0].strip(), data

    def query(self, sparql: str, substitutions: dict | None = None, **_kw):
        """A pyoxigraph result (solutions, boolean or triples) for ``sparql``; ``substitutions``
        as pyoxigraph takes them, written into the query as terms."""
        if substitutions:
            sparql = substituted(sparql, substitutions)
        graph = bool(_GRAPH_FORM.search(re.sub(r"(?m)#.*$", "", sparql)))
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        media, data = self._request(
            "POST",
            "/query",
            with_prefixes(sparql).encode("utf-8"),
            {"Content-Type": "application/sparql-query", "Accept": accept},
        )
        if media == "application/sparql-results+json":
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        mem = ox.Store()  # triples come back as a QueryTriples through a scratch store
        if data:
            mem.load(data, format=ox.RdfFormat.N_TRIPLES)
        return mem.query("CONSTRUCT WHERE { ?s ?p ?o }")

    def select(self, sparql: str, **kw) -> list[dict]:
        return rows(self.query(sparql, **kw))

    def __len__(self) -> int:
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(rows[0]["n"])

    def replace(self, chunks: Iterable[bytes]) -> int:
        """Put these N-Triples in place of the server's default graph."""
        self._request(
            "PUT",
            "/store?default",
            (c for c in chunks if c),
            {"Content-Type": "application/n-triples"},
        )
        return len(self)

    def add_file(self, data: bytes, fmt: str, graph: str | None) -> None:
        target = f"/store?graph={graph}" if graph else "/store?default"
        self._request("POST", target, data, {"Content-Type": MEDIA[fmt]})

    def dump(self, out, fmt: str = "nquads") -> tuple[int, int]:
        path = "/store" if fmt in ("nquads", "trig") else "/store?default"
        _, data = self._request("GET", path, headers={"Accept": MEDIA[fmt]})
        out.write(data)
        return len(self), 0
