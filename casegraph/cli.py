"""The `casegraph` command: thin click commands over library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from casegraph.core.settings import load_settings

from . import cli_graph, cli_search
from .cli_options import INSTANCE, open_store


def _echo_problem(p) -> None:
    click.echo(str(p), err=True)


class _Main(click.Group):
    """The CLI edge: an error meant for a person (casegraph.core.errors), or the machine's (a full
    disk), is one line and exit 1."""

    def invoke(self, ctx: click.Context):
        from casegraph.core.errors import CasegraphError

        try:
            return super().invoke(ctx)
        except CasegraphError as e:
            raise click.ClickException(str(e)) from None
        except OSError as e:  # the machine's, not ours: a full disk, a read-only folder
            where = f" ({e.filename})" if e.filename else ""
            raise click.ClickException(
                f"{e.strerror or e}{where}; what was built before is kept, run the command again "
                "once the cause is fixed"
            ) from None


@click.group(cls=_Main)
@click.version_option(
    package_name="casegraph", prog_name="casegraph", message="%(prog)s %(version)s"
)
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
    from casegraph.ingest import Problem, iter_files, read_path

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
@click.option(
    "--encoder",
    default=None,
    help="encoder for the search index (default: the one the instance was built with)",
)
@click.option("--prune", is_flag=True, help="remove the articles of files that are gone")
@click.option(
    "--store", "store_url", default=None, help="also load the graph into this SPARQL server"
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="read, extract and embed on Ray (a cluster address like ray://head:10001 or auto; "
    "no address: a local Ray with --workers CPUs)",
)
@click.option("--workers", type=click.IntRange(1, 512), default=2, show_default=True)
@INSTANCE
def build(
    paths: tuple[str, ...],
    encoder: str | None,
    prune: bool,
    store_url: str | None,
    ray_address: str | None,
    workers: int,
    instance: str | None,
) -> None:
    """Build (incrementally) the corpus, graph and index in the instance from PATHs and the
    sources it was built from before (none given: those; a new instance: the corpus setting)."""
    from .encoder_choice import choose_encoder
    from .lock import instance_lock
    from .pipeline import run_build

    cfg = load_settings(instance, store=store_url)
    with instance_lock(cfg["instance"], "build"):
        cfg["encoder"], change = choose_encoder(cfg, encoder)
        if change:
            click.echo(change, err=True)
        if ray_address is None:
            status = run_build(list(paths), cfg, prune=prune)
        else:
            from .distributed import RayStages

            address = None if ray_address == "local" else ray_address
            with RayStages(address, workers=workers) as stages:
                status = run_build(list(paths), cfg, prune=prune, stages=stages)
    sys.exit(status)


@main.command()
@INSTANCE
def check(instance: str | None) -> None:
    """Say whether the graph and the index agree with the corpus; exit 1 when one does not."""
    from .check import check_instance

    cfg = load_settings(instance)
    results = check_instance(cfg["instance"])
    for ok, line in results:
        click.echo(("ok    " if ok else "WRONG ") + line)
    sys.exit(0 if all(ok for ok, _ in results) else 1)


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
    type=click.Choice(["theme", "practice", "region", "relevance"]),
    default=None,
    help="grouping (default: relevance for --query, practice for --theme, region for --practice)",
)
@click.option("--limit", type=click.IntRange(1, 500), default=60, show_default=True)
@click.option("--title", help="the book's title")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "json"]), required=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), required=True)
@INSTANCE
def export(theme, practice, query, region, year, order, limit, title, fmt, out, instance) -> None:
    """Export a case book (案例选编) of cards quoted from the graph, as DOCX, Markdown or JSON."""
    from casegraph.cases.books import Selection, SelectionError, make_book
    from casegraph.cases.export import to_docx, to_markdown

    if not (theme or practice or query):
        raise click.UsageError("give --theme, --practice or --query")
    cfg = load_settings(instance)
    try:
        sel = Selection(theme, practice, query, region, year, order, limit, title)
        book = make_book(open_store(instance), cfg["instance"], sel)
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
    from casegraph.cases.books import SelectionError, practice_slug
    from casegraph.cases.comparison import comparison_csv

    try:
        body = comparison_csv(open_store(instance), practice_slug(practice))
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
@click.option("--store", "store_url", default=None, help="query the graph on this SPARQL server")
@INSTANCE
def serve(host: str | None, port: int | None, store_url: str | None, instance: str | None) -> None:
    """Serve the web app with waitress (a production WSGI server)."""
    from casegraph.web import create_app
    from casegraph.web.resources import warm
    from casegraph.web.server import serve as serve_app

    cfg = load_settings(instance, host=host, port=port, store=store_url)
    app = create_app({"SETTINGS": cfg})
    for problem in warm(app):
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"serving http://{cfg['host']}:{cfg['port']}/ (instance {cfg['instance']})", err=True
    )
    try:
        serve_app(app, cfg)
    except KeyboardInterrupt:
        pass
    finally:
        pool = app.extensions.get("casegraph.querypool")
        if pool is not None:
            pool.close()


main.add_command(cli_search.search)
main.add_command(cli_search.similar)
for _cmd in (cli_graph.sparql, cli_graph.load, cli_graph.queries, cli_graph.dump, cli_graph.graph):
    main.add_command(_cmd)


if __name__ == "__main__":
    main()
