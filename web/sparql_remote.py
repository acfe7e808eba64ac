"""/sparql in front of a SPARQL server (the `store` setting): the request is checked in a query
worker (``QueryPool.check``) as for the embedded store (no SERVICE, no update) and forwarded to
``<store>/query`` with the result type negotiated here; the answer streams back. The server's own limits apply to its work; the
time limit here bounds the wait."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from flask import Response

from casegraph.kg.sparql.results import MEDIA
from casegraph.kg.store.http import with_prefixes

from .errors import ApiError


def forward(query: str, formats: dict, form: str, cfg: dict) -> Response:
    kinds = [form] if form in ("tabular", "graph") else ["tabular", "graph"]
    accept = ", ".join(MEDIA[formats[k]] for k in kinds if formats.get(k))
    if not accept:
        raise ApiError(formats["why"], 406)
    parts = urlsplit(cfg["store"].rstrip("/"))
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=cfg["sparql_timeout"])
    try:
        conn.request(
            "POST",
            parts.path + "/query",
            body=with_prefixes(query).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        resp = conn.getresponse()
    except OSError as e:
        conn.close()
        raise ApiError(f"the graph server {cfg['store']} did not answer: {e}", 503) from None
    if resp.status >= 400:
        text = resp.read().decode("utf-8", "replace").strip().splitlines()
        conn.close()
        raise ApiError(
            f"the graph server refused the query: {text[0] if text else resp.status}", 400
        )

    def chunks():
        try:
            while chunk := resp.read(1 << 16):
                yield chunk
        finally:
            conn.close()

    out = Response(chunks(), mimetype=resp.getheader("Content-Type", "").split(";")[0])
    out.headers["Vary"] = "Accept"
    return out
