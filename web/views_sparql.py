"""/sparql: the SPARQL 1.1 Protocol query operation (GET, POST form, POST
application/sparql-query), content negotiation, CORS, a service description, read-only, with a
time and a row limit; in a browser, the query editor."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, request

from kg.named_queries import named_queries

from .errors import ApiError

bp = Blueprint("sparql", __name__)

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
    ("ntriples", "application/n-triples"),
    ("ntriples", "text/plain"),
    ("rdfxml", "application/rdf+xml"),
    ("jsonld", "application/ld+json"),
    ("jsonld", "application/json"),
    ("rdfxml", "application/xml"),
]
FORMATS = {f for f, _ in TABULAR_TYPES + GRAPH_TYPES}
_COMMENT = re.compile(r"(?m)#[^\n>\"']*$")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b",
    re.I,
)


def query_form(q: str) -> str:
    """SELECT/ASK -> 'tabular', CONSTRUCT/DESCRIBE -> 'graph' (by the first query-form keyword)."""
    m = _FORM.search(_COMMENT.sub("", q))
    return "graph" if m and m.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else "tabular"


def negotiate(kind: str) -> str:
    fmt = request.values.get("format")
    table = TABULAR_TYPES if kind == "tabular" else GRAPH_TYPES
    if fmt:
        if fmt not in {f for f, _ in table}:
            known = ", ".join(sorted({f for f, _ in table}))
            raise ApiError(f"format '{fmt}' does not fit this query; use one of: {known}", 406)
        return fmt
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*":
        return table[0][0]
    best = accept.best_match([t for _, t in table])
    if best is None:
        offered = ", ".join(t for _, t in table)
        raise ApiError(
            f"cannot produce any type in Accept '{request.headers.get('Accept')}'; offered: {offered}",
            406,
        )
    return next(f for f, t in table if t == best)


def _query_text() -> str:
    if request.method == "GET":
        qs = request.args.getlist("query")
        if "update" in request.args:
            raise ApiError("this endpoint is read-only: SPARQL Update is not accepted", 403)
    else:
        ctype = (request.mimetype or "").lower()
        if ctype == "application/sparql-update" or "update" in request.form:
            raise ApiError("this endpoint is read-only: SPARQL Update is not accepted", 403)
        if ctype == "application/x-www-form-urlencoded":
            qs = request.form.getlist("query")
        elif ctype == "application/sparql-query":
            charset = (request.mimetype_params.get("charset") or "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise ApiError(f"the query body must be UTF-8, not {charset}", 415)
            try:
                qs = [request.get_data().decode("utf-8")]
            except UnicodeDecodeError:
                raise ApiError("the query body is not valid UTF-8", 415) from None
        else:
            raise ApiError(
                f"POST a query as application/x-www-form-urlencoded or application/sparql-query, "
                f"not '{ctype or 'no content type'}'",
                415,
            )
    if len(qs) != 1:
        raise ApiError("give exactly one 'query'" if qs else "missing 'query'", 400)
    q = qs[0]
    if len(q) > 100_000:
        raise ApiError("the query is longer than 100,000 characters", 413)
    if _UPDATE.match(q):
        raise ApiError("this endpoint is read-only: SPARQL Update is not accepted", 403)
    if _SERVICE.search(_COMMENT.sub("", q)):
        raise ApiError(
            "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests",
            400,
        )
    return q


def _pool():
    from kg.querypool import QueryPool
    from kg.store import graph_dir

    ext = current_app.extensions
    if "casegraph.querypool" not in ext:
        cfg = current_app.config["SETTINGS"]
        path = graph_dir(cfg["instance"])
        if not path.exists():
            raise ApiError(f"no graph in {cfg['instance']}; run `casegraph build` first", 503)
        ext["casegraph.querypool"] = QueryPool(
            str(path), workers=cfg["sparql_workers"], timeout=cfg["sparql_timeout"]
        )
    return ext["casegraph.querypool"]


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def sparql():
    from kg.querypool import Job, QueryFailed, QueryTimeout

    if request.method == "OPTIONS":
        return Response(status=204)
    if request.method not in ("GET", "POST"):
        raise ApiError(f"method {request.method} is not allowed; use GET or POST", 405)
    if request.method == "GET" and "query" not in request.args and "update" not in request.args:
        if request.accept_mimetypes.best_match(["text/html", "text/turtle"]) == "text/html":
            return editor_page()
        return Response(service_description(), mimetype="text/turtle")
    q = _query_text()
    if (
        request.accept_mimetypes.best_match(["text/html", "application/sparql-results+json"])
        == "text/html"
        and request.method == "GET"
        and not request.args.get("format")
    ):
        return editor_page(q)  # a permalink opened in a browser
    fmt = negotiate(query_form(q))
    cfg = current_app.config["SETTINGS"]
    job = Job(
        q,
        fmt,
        cfg["sparql_row_limit"],
        request.values.getlist("default-graph-uri"),
        request.values.getlist("named-graph-uri"),
        base_iri=request.base_url,
    )
    try:
        body, media, truncated, _ = _pool().run(job)
    except QueryTimeout as e:
        raise ApiError(str(e), 503) from None
    except QueryFailed as e:
        raise ApiError(str(e), 400) from None
    resp = Response(body, mimetype=media)
    if media.startswith("text/"):
        resp.charset = "utf-8"
    resp.headers["Vary"] = "Accept"
    resp.headers["X-SPARQL-Row-Limit"] = str(cfg["sparql_row_limit"])
    if truncated:
        resp.headers["X-SPARQL-Truncated"] = (
            f"true; only the first {cfg['sparql_row_limit']} rows are returned"
        )
    return resp


def editor_page(query: str | None = None):
    return render_template(
        "sparql.html", examples=named_queries(), query=query or named_queries()[0].sparql
    )


def service_description() -> str:
    url = request.base_url
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix format: <http://www.w3.org/ns/formats/> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat format:SPARQL_Results_JSON , format:SPARQL_Results_XML , format:SPARQL_Results_CSV ,
        format:SPARQL_Results_TSV , format:Turtle , format:N-Triples , format:RDF_XML , format:JSON-LD ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


@bp.after_request
def cors(resp):
    if request.path == "/sparql":
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        resp.headers["Access-Control-Expose-Headers"] = "X-SPARQL-Truncated, X-SPARQL-Row-Limit"
    return resp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    static = Path(__file__).parent / "static"
    assert (static / "vendor" / "codemirror" / "codemirror.js").exists()
