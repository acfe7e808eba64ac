"""/sparql: the SPARQL 1.1 Protocol query operation (GET, POST form, POST
application/sparql-query) with Fuseki's content negotiation, streamed results of any size,
CORS, a service description, read-only (checked on a real parse in the query workers, never in
a web thread), with a time limit, a row limit and a bounded queue; in a browser, the editor."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template, request

from casegraph.kg.sparql.named import get_query, named_queries

from . import negotiate
from .errors import ApiError
from .linked import described
from .resources import get_pool

bp = Blueprint("sparql", __name__)
MAX_QUERY = 100_000
RESULT_TYPES = [t for _, t in negotiate.TABULAR_TYPES + negotiate.GRAPH_TYPES]


def _query_text() -> str:
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise ApiError("this endpoint is read-only: SPARQL Update is not accepted", 403)
        qs = request.args.getlist("query")
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
    name = request.values.get("name")
    if not qs and name:
        try:
            qs = [get_query(name).sparql]
        except KeyError as e:
            raise ApiError(e.args[0], 404) from None
    if len(qs) != 1:
        raise ApiError("give exactly one 'query'" if qs else "missing 'query'", 400)
    if len(qs[0]) > MAX_QUERY:
        raise ApiError(f"the query is longer than {MAX_QUERY:,} characters", 413)
    return qs[0]


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql():
    from casegraph.kg.sparql.pool import Job

    if request.method == "OPTIONS":
        return Response(status=204)
    has_query = any(k in request.values for k in ("query", "update", "name"))
    if request.method in ("GET", "HEAD") and not has_query:
        if negotiate.prefers_html(RESULT_TYPES):
            return editor_page()
        return described(service_description())
    q = _query_text()
    if request.method in ("GET", "HEAD") and negotiate.prefers_html(RESULT_TYPES):
        return editor_page(q)  # a permalink opened in a browser
    formats = negotiate.result_formats()
    cfg = current_app.config["SETTINGS"]
    # the pool's errors (SERVICE 400, update 403, busy, time limit, 406, 400) go to
    # casegraph.web.errors
    if cfg.get("store"):
        from .sparql_remote import forward

        return forward(q, formats, get_pool().check(q), cfg)
    job = Job(
        q,
        formats,
        cfg["sparql_row_limit"],
        request.values.getlist("default-graph-uri"),
        request.values.getlist("named-graph-uri"),
        base_iri=request.base_url,
    )
    answer = get_pool().run(job)
    resp = Response(answer.chunks, mimetype=answer.media)
    if answer.media.startswith("text/"):
        resp.charset = "utf-8"
    resp.headers["Vary"] = "Accept"
    resp.headers["X-SPARQL-Row-Limit"] = str(cfg["sparql_row_limit"])
    if answer.truncated:
        resp.headers["X-SPARQL-Truncated"] = (
            f"true; only the first {cfg['sparql_row_limit']} rows are returned"
        )
    return resp


def editor_page(query: str | None = None):
    """The editor; a permalink (?query= or ?name=) opens with its query and runs it."""
    from casegraph.kg.sparql.named import ontology_terms
    from casegraph.kg.store import PREFIXES

    name = request.args.get("name")
    if query is None:
        query = named_queries()[0].sparql
    return render_template(
        "sparql.html",
        examples=named_queries(),
        query=query,
        name=name,
        run=bool(request.args.get("query") or name),
        terms=ontology_terms(),
        prefixes=PREFIXES,
    )


def service_description():
    """The SPARQL 1.1 service description, as an rdflib graph (served in any RDF format)."""
    from rdflib import Graph

    url = request.base_url
    root = request.url_root
    text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix format: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat format:SPARQL_Results_JSON , format:SPARQL_Results_XML , format:SPARQL_Results_CSV ,
        format:SPARQL_Results_TSV , format:Turtle , format:N-Triples , format:RDF_XML , format:JSON-LD ;
    sd:defaultDataset <{root}void#dataset> .
<{root}void#dataset> a sd:Dataset , void:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;
    void:sparqlEndpoint <{url}> .
"""
    return Graph().parse(data=text, format="turtle")


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
