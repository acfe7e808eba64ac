"""The graph commands: `sparql`, `load`, `queries`, `dump` and `graph` (networkx views)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casegraph.core.settings import load_settings

from .cli_options import INSTANCE, open_store


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file",
    "file_",
    type=click.Path(exists=True, dir_okay=False),
    help="read the query from a file",
)
@click.option("--name", help="run a named example query (see `casegraph queries`)")
@click.option(
    "--format",
    "fmt",
    default=None,
    type=click.Choice(
        ["table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]
    ),
    help="default: a table on a terminal, SPARQL JSON (or Turtle) otherwise",
)
@INSTANCE
def sparql(
    query: str | None, file_: str | None, name: str | None, fmt: str, instance: str | None
) -> None:
    """Run a SPARQL query (text, --file or --name) against the instance's graph."""
    from casegraph.kg.sparql.local import QueryError, run_query

    if sum(x is not None for x in (query, file_, name)) != 1:
        raise click.UsageError("give exactly one of QUERY, --file or --name")
    if file_:
        query = Path(file_).read_text(encoding="utf-8")
    if name:
        from casegraph.kg.sparql.named import get_query

        try:
            query = get_query(name).sparql
        except KeyError as e:
            raise click.ClickException(str(e.args[0])) from None
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "json"
    try:
        store = open_store(instance)
        body, media = run_query(store, query, "json" if fmt == "table" else fmt)
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    if fmt == "table" and media == "application/sparql-results+json":
        from casegraph.kg.store import PREFIXES

        from .table import render_table

        body = render_table(body, PREFIXES).encode("utf-8")
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--graph", help="IRI of the named graph to load into (default: the default graph)")
@INSTANCE
def load(files: tuple[str, ...], graph: str | None, instance: str | None) -> None:
    """Add RDF files (Turtle, N-Triples, N-Quads, RDF/XML, JSON-LD) to the instance's graph, to join
    casegraph with other data; they are loaded again after every rebuild."""
    from casegraph.kg.store import load_file

    from .lock import instance_lock

    cfg = load_settings(instance)
    Path(cfg["instance"]).mkdir(parents=True, exist_ok=True)
    with instance_lock(cfg["instance"], "load"):
        for f in files:
            try:
                n = load_file(cfg["instance"], f, graph)
            except (SyntaxError, ValueError, OSError) as e:
                raise click.ClickException(f"{f}: {str(e).splitlines()[0]}") from None
            click.echo(f"{f}: {n} quads added" + (f" to <{graph}>" if graph else ""), err=True)


@click.command()
@INSTANCE
def queries(instance: str | None) -> None:
    """List the named example queries."""
    from casegraph.kg.sparql.named import named_queries

    for q in named_queries():
        click.echo(f"{q.name}\t{q.title}\t{q.description}")


@click.command()
@click.option(
    "--format", "fmt", default="nquads", type=click.Choice(["nquads", "turtle", "ntriples", "trig"])
)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="output file (default: stdout)")
@INSTANCE
def dump(fmt: str, out: str | None, instance: str | None) -> None:
    """Write the whole graph (N-Quads, Turtle, N-Triples or TriG) for loading elsewhere."""
    store = open_store(instance)
    if out:
        with open(out, "wb") as fh:
            written, left = store.dump(fh, fmt)
        click.echo(f"{written} statements -> {out}", err=True)
    else:
        written, left = store.dump(sys.stdout.buffer, fmt)
    if left:
        click.echo(
            f"{left} statements in named graphs (from `casegraph load --graph`) are not in "
            f"{fmt}; use --format nquads or trig to write every graph",
            err=True,
        )


@click.command()
@click.option(
    "--view",
    default="region-practice",
    type=click.Choice(["region-practice", "practice-cooccurrence"]),
)
@click.option("--format", "fmt", default="graphml", type=click.Choice(["graphml"]))
@click.option("-o", "--out", type=click.Path(dir_okay=False), required=True)
@INSTANCE
def graph(view: str, fmt: str, out: str, instance: str | None) -> None:
    """Export a networkx view of the graph (region x practice, practice co-occurrence) as GraphML."""
    from casegraph.analysis.practices import graphml

    g, data = graphml(open_store(instance), view)
    with open(out, "wb") as fh:
        fh.write(data)
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {out}", err=True)
