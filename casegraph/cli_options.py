"""What the `casegraph` commands share: the --instance option, and opening an instance's search
index or graph store with a one-line error when it is missing or stale."""

from __future__ import annotations

import click

from casegraph.core.settings import load_settings

INSTANCE = click.option(
    "--instance",
    envvar="CASEGRAPH_INSTANCE",
    default=None,
    help="instance folder for generated data (default: instance/)",
)


def open_index(instance: str | None):
    from casegraph.search.index import IndexError_, SearchIndex

    cfg = load_settings(instance)
    try:
        return SearchIndex(cfg["instance"])
    except IndexError_ as e:
        raise click.ClickException(str(e)) from None


def open_store(instance: str | None):
    """The instance's graph: the embedded store, or the server the `store` setting names."""
    from casegraph.kg.store import StoreMissing
    from casegraph.kg.store import open_store as open_graph

    cfg = load_settings(instance)
    try:
        return open_graph(cfg["instance"], cfg["store"] or None)
    except (StoreMissing, ValueError) as e:
        raise click.ClickException(str(e)) from None
