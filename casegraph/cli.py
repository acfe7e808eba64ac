"""The `casegraph` command: thin click commands over library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .settings import load_settings

INSTANCE = click.option(
    "--instance",
    envvar="CASEGRAPH_INSTANCE",
    default=None,
    help="instance folder for generated data (default: instance/)",
)


def _echo_problem(p) -> None:
    click.echo(str(p), err=True)


@click.group()
def main() -> None:
    """casegraph: knowledge graph and search over 抓党建促乡村振兴 articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="write JSON Lines here instead of stdout",
)
@INSTANCE
def ingest(paths: tuple[str, ...], out: str | None, instance: str | None) -> None:
    """Normalize articles from PATHs (files or folders) and print them as JSON Lines."""
    from ingest import Problem, iter_files, read_path

    cfg = load_settings(instance)
    fh = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    seen: dict[str, str] = {}
    n = 0
    try:
        for f in iter_files(list(paths)):
            if isinstance(f, Problem):
                _echo_problem(f)
                continue
            for item in read_path(
                f, max_bytes=cfg["max_file_mb"] * 1024 * 1024, max_chars=cfg["passage_chars"]
            ):
                if isinstance(item, Problem):
                    _echo_problem(item)
                elif item.id in seen:
                    click.echo(
                        f"duplicate: {item.origin}: same article as {item.id} from "
                        f"{seen[item.id]}; kept once",
                        err=True,
                    )
                else:
                    seen[item.id] = item.origin
                    d = item.to_json()
                    d.pop("origin")
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
                    n += 1
    finally:
        if out:
            fh.close()
    click.echo(f"{n} articles", err=True)
    if n == 0:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--encoder", default=None, help="encoder name for the search index")
@INSTANCE
def build(paths: tuple[str, ...], encoder: str | None, instance: str | None) -> None:
    """Build (incrementally) the corpus, graph and index in the instance from PATHs."""
    from .lock import instance_lock
    from .pipeline import run_build

    cfg = load_settings(instance, encoder=encoder)
    with instance_lock(cfg["instance"], "build"):
        status = run_build(list(paths) or [cfg["corpus"]], cfg)
    sys.exit(status)


@main.command()
@click.argument("query")
@click.option("--top", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--region", help="a region and everything below it (内蒙古, 包头市, 150200)")
@click.option("--theme", help="a theme label (人才振兴, 集体经济 …)")
@click.option("--year", type=int, help="publication year")
@click.option("--source", help="publisher (substring)")
@click.option(
    "--per-article", type=int, default=None, help="at most this many passages per article"
)
@click.option(
    "--mode", default="hybrid", type=click.Choice(["hybrid", "bm25", "dense"]), show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="print hits as JSON")
@INSTANCE
def search(query, top, region, theme, year, source, per_article, mode, as_json, instance) -> None:
    """Search experience cases in plain Chinese (Simplified or Traditional)."""
    from search.query import FilterError, Filters

    idx = _index(instance)
    try:
        hits = idx.search(
            query,
            top=top,
            filters=Filters(region, theme, year, source),
            per_article=per_article,
            mode=mode,
        )
    except FilterError as e:
        raise click.ClickException(str(e)) from None
    _print_hits(hits, as_json)


@main.command()
@click.argument("passage_id")
@click.option("--top", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--json", "as_json", is_flag=True)
@INSTANCE
def similar(passage_id, top, as_json, instance) -> None:
    """Passages most similar to PASSAGE_ID from other articles in other regions."""
    idx = _index(instance)
    try:
        hits = idx.similar(passage_id, top=top)
    except KeyError as e:
        raise click.ClickException(str(e.args[0])) from None
    _print_hits(hits, as_json)


HIT_FIELDS = (
    "article_id",
    "passage_id",
    "title",
    "text",
    "score",
    "regions",
    "region_path",
    "date",
    "source",
    "url",
    "heading",
    "kind",
    "themes",
    "measures",
    "outcomes",
    "start",
    "end",
    "best_sentence",
)


def _excerpt(h: dict, width: int = 160) -> str:
    """The sentence nearest the query when the hit has one, else the passage's start."""
    text, span = h["text"], h.get("best_sentence")
    if not span:
        return text[:width]
    a, b = span
    return ("…" if a else "") + text[a:b][:width] + ("…" if b < len(text) else "")


def _print_hits(hits: list[dict], as_json: bool) -> None:
    if as_json:
        out = [{k: h.get(k) for k in HIT_FIELDS} for h in hits]
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for h in hits:
        where = " > ".join(h["region_path"]) or "—"
        click.echo(
            f"{h['rank']:>2}. [{h['score']:.4f}] {h['title']}  ({where}; {h['date'] or '日期不详'}; "
            f"{h['source'] or ''})"
        )
        click.echo(f"    {_excerpt(h)}")
        click.echo(f"    {h['passage_id']}")


def _index(instance: str | None):
    from search.index import IndexError_, SearchIndex

    cfg = load_settings(instance)
    try:
        return SearchIndex(cfg["instance"])
    except IndexError_ as e:
        raise click.ClickException(str(e)) from None


@main.command()
@click.option("--theme", help="cases with this theme (人才振兴 …)")
@click.option(
    "--practice",
    help="cases of this practice (slug or label: party-led-cooperatives, 村党组织领办合作社)",
)
@click.option("--query", "query", help="cases found by a search query, in relevance order")
@click.option("--region", help="only cases in this region and below")
@click.option("--year", type=int, help="only cases from articles of this year")
@click.option(
    "--order",
    type=click.Choice(["theme", "region", "relevance"]),
    default=None,
    help="grouping (default: relevance for --query, else theme)",
)
@click.option("--limit", type=click.IntRange(1, 500), default=60, show_default=True)
@click.option("--title", help="the book's title")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "json"]), required=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), required=True)
@INSTANCE
def export(theme, practice, query, region, year, order, limit, title, fmt, out, instance) -> None:
    """Export a case book (案例选编) of cards quoted from the graph, as DOCX, Markdown or JSON."""
    from kg.casebook import SelectionError, make_book
    from kg.export import to_docx, to_markdown

    if not (theme or practice or query):
        raise click.UsageError("give --theme, --practice or --query")
    cfg = load_settings(instance)
    try:
        book = make_book(
            _store(instance),
            cfg["instance"],
            theme=theme,
            practice=practice,
            query=query,
            region=region,
            year=year,
            order=order,
            limit=limit,
            title=title,
        )
    except SelectionError as e:
        raise click.ClickException(str(e)) from None
    n = sum(len(c) for _, c in book.groups)
    if fmt == "docx":
        to_docx(book, out)
    elif fmt == "md":
        Path(out).write_text(to_markdown(book), encoding="utf-8")
    else:
        Path(out).write_text(
            json.dumps(book.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    click.echo(
        f"{n} cases in {len(book.groups)} groups, {len(book.sources())} sources -> {out}", err=True
    )


@main.command()
@click.argument("practice")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="CSV file (default: stdout)")
@INSTANCE
def compare(practice: str, out: str | None, instance: str | None) -> None:
    """One practice across regions as a CSV table (region, local name, outcomes, year, source)."""
    from kg.analysis import comparison_csv
    from kg.casebook import SelectionError, practice_slug

    try:
        body = comparison_csv(_store(instance), practice_slug(practice))
    except SelectionError as e:
        raise click.ClickException(str(e)) from None
    if out:
        Path(out).write_text(body, encoding="utf-8-sig")
        click.echo(f"{body.count(chr(10)) - 1} rows -> {out}", err=True)
    else:
        click.echo(body, nl=False)


@main.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@INSTANCE
def serve(host: str | None, port: int | None, instance: str | None) -> None:
    """Serve the web app with waitress (a production WSGI server)."""
    import waitress

    from web import create_app

    cfg = load_settings(instance, host=host, port=port)
    app = create_app({"SETTINGS": cfg})
    click.echo(
        f"serving http://{cfg['host']}:{cfg['port']}/ (instance {cfg['instance']})", err=True
    )
    waitress.serve(app, host=cfg["host"], port=cfg["port"], threads=cfg["threads"])


@main.command()
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
    default="json",
    type=click.Choice(["json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]),
)
@INSTANCE
def sparql(
    query: str | None, file_: str | None, name: str | None, fmt: str, instance: str | None
) -> None:
    """Run a SPARQL query (text, --file or --name) against the instance's graph."""
    from kg.sparql import QueryError, run_query

    if sum(x is not None for x in (query, file_, name)) != 1:
        raise click.UsageError("give exactly one of QUERY, --file or --name")
    if file_:
        query = Path(file_).read_text(encoding="utf-8")
    if name:
        from kg.named_queries import get_query

        try:
            query = get_query(name).sparql
        except KeyError as e:
            raise click.ClickException(str(e.args[0])) from None
    try:
        store = _store(instance)
        body, _ = run_query(store, query, fmt)
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--graph", help="IRI of the named graph to load into (default: the default graph)")
@INSTANCE
def load(files: tuple[str, ...], graph: str | None, instance: str | None) -> None:
    """Add RDF files (Turtle, N-Triples, N-Quads, RDF/XML, JSON-LD) to the instance's graph, to join
    casegraph with other data; they are loaded again after every rebuild."""
    from kg.store import load_file

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


@main.command()
@INSTANCE
def queries(instance: str | None) -> None:
    """List the named example queries."""
    from kg.named_queries import named_queries

    for q in named_queries():
        click.echo(f"{q.name}\t{q.title}\t{q.description}")


@main.command()
@click.option(
    "--format", "fmt", default="nquads", type=click.Choice(["nquads", "turtle", "ntriples", "trig"])
)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="output file (default: stdout)")
@INSTANCE
def dump(fmt: str, out: str | None, instance: str | None) -> None:
    """Write the whole graph (N-Quads, Turtle, N-Triples or TriG) for loading elsewhere."""
    store = _store(instance)
    if out:
        with open(out, "wb") as fh:
            store.dump(fh, fmt)
        click.echo(f"{len(store)} triples -> {out}", err=True)
    else:
        store.dump(sys.stdout.buffer, fmt)


@main.command()
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
    import networkx as nx

    from kg.views import VIEWS

    g = VIEWS[view](_store(instance))
    nx.write_graphml(g, out)
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {out}", err=True)


def _store(instance: str | None):
    from kg.store import GraphStore, StoreMissing

    cfg = load_settings(instance)
    try:
        return GraphStore(cfg["instance"])
    except StoreMissing as e:
        raise click.ClickException(str(e)) from None


if __name__ == "__main__":
    main()
