"""SPARQL results serializers (JSON, XML, CSV, TSV) over a list of solutions, so a row limit can
cut the results; graphs go through Oxigraph's RDF serializers."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .store import GRAPH_FORMATS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        d["datatype"] = t.datatype.value
    return d


def to_json(variables: list[str], rows: list, boolean: bool | None = None) -> bytes:
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean}).encode()
    bindings = [{v: _json_term(r[v]) for v in variables if r[v] is not None} for r in rows]
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode("utf-8")


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def to_xml(variables: list[str], rows: list, boolean: bool | None = None) -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>")
    if boolean is not None:
        out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for r in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>"
                for v in variables
                if r[v] is not None
            ]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode("utf-8")


def to_csv(variables: list[str], rows: list, boolean: bool | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if boolean is not None:
        w.writerow(["_askResult"])
        w.writerow(["true" if boolean else "false"])
    else:
        w.writerow(variables)
        for r in rows:
            w.writerow(
                [
                    ""
                    if r[v] is None
                    else (f"_:{r[v].value}" if isinstance(r[v], ox.BlankNode) else r[v].value)
                    for v in variables
                ]
            )
    return buf.getvalue().encode("utf-8")


def _tsv_term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and t.datatype.value in (
        "http://www.w3.org/2001/XMLSchema#integer",
        "http://www.w3.org/2001/XMLSchema#decimal",
        "http://www.w3.org/2001/XMLSchema#double",
        "http://www.w3.org/2001/XMLSchema#boolean",
    ):
        return t.value
    return str(t)  # N-Triples form


def to_tsv(variables: list[str], rows: list, boolean: bool | None = None) -> bytes:
    if boolean is not None:
        return f"?_askResult\n{'true' if boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(r[v]) for v in variables) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


TABULAR = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
GRAPH = {k: GRAPH_FORMATS[k] for k in ("turtle", "ntriples", "rdfxml", "jsonld")}
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


def serialize(result, fmt: str, row_limit: int) -> tuple[bytes, str, bool, str]:
    """-> (body, media type, truncated, kind) for a pyoxigraph query result."""
    if isinstance(result, ox.QueryBoolean):
        fmt = fmt if fmt in TABULAR else "json"
        return TABULAR[fmt]([], [], bool(result)), MEDIA[fmt], False, "boolean"
    if isinstance(result, ox.QueryTriples):
        fmt = fmt if fmt in GRAPH else "turtle"
        triples = []
        for t in result:
            if len(triples) >= row_limit:
                return ox.serialize(triples, format=GRAPH[fmt]), MEDIA[fmt], True, "graph"
            triples.append(t)
        return ox.serialize(triples, format=GRAPH[fmt]) or b"", MEDIA[fmt], False, "graph"
    fmt = fmt if fmt in TABULAR else "json"
    variables = [v.value for v in result.variables]
    rows, truncated = [], False
    for sol in result:
        if len(rows) >= row_limit:
            truncated = True
            break
        rows.append({v: sol[v] for v in variables})
    return TABULAR[fmt](variables, rows), MEDIA[fmt], truncated, "solutions"
