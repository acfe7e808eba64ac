"""SPARQL results written row by row to a binary stream (JSON, XML, CSV, TSV), so a row limit
can cut them and no response is held whole; graphs go through Oxigraph's streaming RDF
serializers."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..store import GRAPH_FORMATS, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
PLAIN_TSV = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"}
TABULAR_FORMATS = ("json", "xml", "csv", "tsv")
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
BATCH = 500


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {k: _json_term(getattr(t, k)) for k in ("subject", "predicate", "object")},
        }
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        d["datatype"] = t.datatype.value
    return d


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Triple):
        return f"<literal>{escape(str(t))}</literal>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _csv_term(t) -> str:
    if t is None:
        return ""
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else getattr(t, "value", str(t))


def _tsv_term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and t.datatype.value in PLAIN_TSV:
        return t.value
    return str(t)  # N-Triples form


def write_json(out, variables: list[str], rows: Iterable, boolean: bool | None = None) -> None:
    if boolean is not None:
        out.write(json.dumps({"head": {}, "boolean": boolean}).encode())
        return
    out.write(json.dumps({"head": {"vars": variables}}, ensure_ascii=False)[:-1].encode())
    out.write(b', "results": {"bindings": [')
    sep = ""
    for batch in _batches(rows):
        text = ", ".join(
            json.dumps(
                {v: _json_term(r[v]) for v in variables if r[v] is not None}, ensure_ascii=False
            )
            for r in batch
        )
        out.write((sep + text).encode("utf-8"))
        sep = ", "
    out.write(b"]}}")


def write_xml(out, variables: list[str], rows: Iterable, boolean: bool | None = None) -> None:
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    head += [f"<variable name={quoteattr(v)}/>" for v in variables]
    head.append("</head>")
    if boolean is not None:
        head.append(f"<boolean>{'true' if boolean else 'false'}</boolean></sparql>")
        out.write("\n".join(head).encode("utf-8"))
        return
    out.write(("\n".join(head) + "\n<results>\n").encode("utf-8"))
    for batch in _batches(rows):
        lines = []
        for r in batch:
            lines.append("<result>")
            lines += [
                f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>"
                for v in variables
                if r[v] is not None
            ]
            lines.append("</result>")
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    out.write(b"</results>\n</sparql>")


def write_csv(out, variables: list[str], rows: Iterable, boolean: bool | None = None) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if boolean is not None:
        w.writerows([["_askResult"], ["true" if boolean else "false"]])
        out.write(buf.getvalue().encode("utf-8"))
        return
    w.writerow(variables)
    for batch in _batches(rows):
        w.writerows([_csv_term(r[v]) for v in variables] for r in batch)
        out.write(buf.getvalue().encode("utf-8"))
        buf.seek(0)
        buf.truncate()
    out.write(buf.getvalue().encode("utf-8"))


def write_tsv(out, variables: list[str], rows: Iterable, boolean: bool | None = None) -> None:
    if boolean is not None:
        out.write(f"?_askResult\n{'true' if boolean else 'false'}\n".encode())
        return
    out.write(("\t".join(f"?{v}" for v in variables) + "\n").encode("utf-8"))
    for batch in _batches(rows):
        text = "".join("\t".join(_tsv_term(r[v]) for v in variables) + "\n" for r in batch)
        out.write(text.encode("utf-8"))


TABULAR = {"json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv}


def _batches(rows: Iterable):
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


class _Limited:
    """Yields at most ``limit`` items and notes whether more were there."""

    def __init__(self, items: Iterable, limit: int) -> None:
        self.items, self.limit, self.truncated = iter(items), limit, False

    def __iter__(self):
        for n, item in enumerate(self.items):
            if n >= self.limit:
                self.truncated = True
                return
            yield item


def write_result(result, formats: dict, row_limit: int, out) -> tuple[str, bool, str]:
    """Write a pyoxigraph query result to ``out`` in the format ``formats`` names for its kind
    ({"tabular": "json", "graph": "turtle"}; None when the client accepts none, which raises
    LookupError). -> (media type, truncated, kind)."""
    if isinstance(result, ox.QueryTriples):
        fmt = _pick(formats, "graph")
        rows = _Limited(result, row_limit)
        prefixes = PREFIXES if fmt == "turtle" else None
        ox.serialize(rows, out, GRAPH[fmt], prefixes=prefixes)
        return MEDIA[fmt], rows.truncated, "graph"
    fmt = _pick(formats, "tabular")
    if isinstance(result, ox.QueryBoolean):
        TABULAR[fmt](out, [], [], bool(result))
        return MEDIA[fmt], False, "boolean"
    variables = [v.value for v in result.variables]
    rows = _Limited(({v: sol[v] for v in variables} for sol in result), row_limit)
    TABULAR[fmt](out, variables, rows)
    return MEDIA[fmt], rows.truncated, "solutions"


def _pick(formats: dict, kind: str) -> str:
    fmt = formats.get(kind)
    if fmt is None:
        raise LookupError(formats.get("why") or f"no acceptable format for a {kind} result")
    return fmt


def serialize(result, fmt: str, row_limit: int) -> tuple[bytes, str, bool, str]:
    """-> (body, media type, truncated, kind): the whole result in memory (for the CLI)."""
    formats = {
        "tabular": fmt if fmt in TABULAR else "json",
        "graph": fmt if fmt in GRAPH else "turtle",
    }
    out = io.BytesIO()
    media, truncated, kind = write_result(result, formats, row_limit, out)
    return out.getvalue(), media, truncated, kind
