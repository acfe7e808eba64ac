"""Linked data: entity IRIs dereference here. ``/id/<kind>/<key>`` answers for the entity
``<iri_base>id/<kind>/<key>`` (setting ``iri_base``; the graph mints https://w3id.org/casegraph/,
which works out of the box on a local server): HTML by negotiation (the entity's own page where
it has one, else a page of its statements), Turtle, N-Triples, RDF/XML or JSON-LD otherwise,
with ``Link: rel=alternate`` to each. Also a VoID description with counts (a page in a browser,
RDF otherwise), and the ontology at its IRI."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request

from casegraph.core.errors import quoted
from casegraph.kg import queries

from . import negotiate
from .errors import ApiError
from .resources import get_store
from .urls import http_url

bp = Blueprint("linked", __name__)
PAGE_KINDS = {"article", "measure", "practice", "region", "theme"}
RDF_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}


def _alternates(path: str) -> str:
    return ", ".join(
        f'<{path}?format={fmt}>; rel="alternate"; type="{media}"'
        for fmt, media in RDF_MEDIA.items()
    )


def described(graph, path: str | None = None) -> Response:
    """An rdflib graph in the RDF format the client negotiated (Turtle by default)."""
    fmt = negotiate.graph_format()
    if fmt is None:
        offered = ", ".join(RDF_MEDIA.values())
        raise ApiError(
            f"cannot produce any type in Accept '{request.headers.get('Accept')}'; "
            f"offered: {offered}",
            406,
        )
    from casegraph.kg.store import PREFIXES

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    body = graph.serialize(format=RDFLIB_FORMAT[fmt], encoding="utf-8")
    resp = Response(body, mimetype=RDF_MEDIA[fmt])
    if fmt == "turtle":
        resp.charset = "utf-8"
    resp.headers["Vary"] = "Accept"
    resp.headers["Link"] = _alternates(path or request.path)
    return resp


def _described_graph(iri: str):
    """The statements about ``iri``, outgoing and incoming, as an rdflib graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    res = queries.run(get_store(), "describe", s=iri)

    data = ox.serialize(res, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def entity_iri(rest: str) -> str:
    return current_app.config["SETTINGS"]["iri_base"] + "id/" + rest


@bp.route("/id/<path:rest>")
def entity(rest: str):
    iri = entity_iri(rest)
    kind, _, key = rest.partition("/")
    try:
        graph = _described_graph(iri)
    except ValueError:
        raise ApiError(f"不是合格的实体 IRI：{quoted(rest, 80)}", 400) from None
    if len(graph) == 0:
        raise ApiError(f"图谱中没有关于 <{iri}> 的陈述", 404)
    if negotiate.prefers_html(list(RDF_MEDIA.values())):
        if kind in PAGE_KINDS and key and "/" not in key:
            return redirect(f"/{kind}/{key}", 303)
        return render_template(
            "resource.html", d=resource_page(iri), rest=rest, alternates=RDF_MEDIA
        )
    return described(graph)


def resource_page(iri: str) -> dict:
    """Statements about ``iri`` (outgoing and incoming), with labels, for the generic page."""
    store = get_store()
    out = [
        {"p": shown(r["p"]), "o": shown(r["o"])}
        for r in queries.run(store, "statements_out", s=iri)
    ]
    inc = [
        {"s": shown(r["s"]), "p": shown(r["p"])} for r in queries.run(store, "statements_in", o=iri)
    ]
    labels = queries.select(store, "node_label", x=iri)
    return {
        "iri": iri,
        "label": labels[0]["l"] if labels else iri.rsplit("/", 1)[-1],
        "out": out,
        "in": inc,
    }


BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def shown(term) -> dict:
    """An RDF term as the page shows it: an IRI by its prefixed name (a link to its page here,
    or to itself when it is an http(s) URL), a literal by its lexical form (true/false as
    是/否), a blank node as _:id."""
    import pyoxigraph as ox

    from casegraph.kg.graph.nodes import local
    from casegraph.kg.store import PREFIXES

    if isinstance(term, ox.NamedNode):
        value = term.value
        rest = local(value)
        text = next(
            (f"{p}:{value[len(ns) :]}" for p, ns in PREFIXES.items() if value.startswith(ns)),
            value,
        )
        return {"text": text, "href": f"/id/{rest}" if rest else http_url(value)}
    if isinstance(term, ox.Literal):
        if term.datatype.value == BOOLEAN:
            return {"text": {"true": "是", "1": "是"}.get(term.value, "否")}
        return {"text": term.value}
    return {"text": f"_:{term.value}"}


@bp.route("/void")
@bp.route("/.well-known/void")
def void():
    from casegraph.web.models.summaries import void_counts

    counts = void_counts(get_store())
    if negotiate.prefers_html(list(RDF_MEDIA.values())):
        return render_template("void.html", c=counts, alternates=RDF_MEDIA, shown=_shown_iri)
    return described(_void_graph(counts), "/void")


def _shown_iri(value: str) -> dict:
    import pyoxigraph as ox

    return shown(ox.NamedNode(value))


def _void_graph(c: dict):
    from rdflib import RDF, Graph, Literal, Namespace, URIRef

    VOID = Namespace("http://rdfs.org/ns/void#")
    root = request.url_root
    ds = URIRef(root + "void#dataset")
    g = Graph()
    g.bind("void", VOID)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(current_app.config["SETTINGS"]["iri_base"] + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(current_app.config["SETTINGS"]["iri_base"] + "ontology#")))
    for name in ("triples", "distinctSubjects", "distinctObjects", "properties", "classes"):
        g.add((ds, VOID[name], Literal(c[name])))
    for i, (cls, n) in enumerate(c["class_partitions"]):
        part = URIRef(f"{root}void#class{i}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for i, (prop, n) in enumerate(c["property_partitions"]):
        part = URIRef(f"{root}void#property{i}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))
    return g


@bp.route("/ontology")
def ontology_iri():
    from rdflib import Graph

    from casegraph.kg.graph.namespace import ONTOLOGY

    if negotiate.prefers_html(list(RDF_MEDIA.values())):
        return redirect("/ontology.ttl", 303)
    return described(Graph().parse(ONTOLOGY, format="turtle"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
