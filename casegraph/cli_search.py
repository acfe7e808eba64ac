"""`casegraph search` and `casegraph similar`: ranked passages, as text or as JSON hits."""

from __future__ import annotations

import json

import click

from .cli_options import INSTANCE, open_index


@click.command()
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
@click.option("--all", "show_all", is_flag=True, help="also passages below the relevance cut-off")
@click.option(
    "--explain", is_flag=True, help="say why each hit passed the relevance cut-off (or did not)"
)
@INSTANCE
def search(
    query, top, region, theme, year, source, per_article, mode, as_json, show_all, explain, instance
) -> None:
    """Search experience cases in plain Chinese (Simplified or Traditional). Only passages about
    the query are listed; when none is, the nearest three are shown, marked as weak."""
    from casegraph.search.query import FilterError, Filters

    idx = open_index(instance)
    try:
        hits = idx.search(
            query,
            top=top,
            filters=Filters(region, theme, year, source),
            per_article=per_article,
            mode=mode,
            why=explain,
        )
    except FilterError as e:
        raise click.ClickException(str(e)) from None
    relevant = hits if show_all else [h for h in hits if h["relevant"]]
    if not relevant and hits and not as_json:
        click.echo("没有找到相近的段落；最接近的几条（相关度低）：", err=True)
        relevant = hits[:3]
    _print_hits(relevant, as_json)


@click.command()
@click.argument("passage_id")
@click.option("--top", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--json", "as_json", is_flag=True)
@INSTANCE
def similar(passage_id, top, as_json, instance) -> None:
    """Passages most similar to PASSAGE_ID from other articles in other regions."""
    idx = open_index(instance)
    try:
        hits = idx.similar(passage_id, top=top)
    except KeyError as e:
        raise click.ClickException(str(e.args[0])) from None
    _print_hits(hits, as_json)


HIT_FIELDS = (
    "relevant",
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
    "why",
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
        out = [{k: h[k] for k in HIT_FIELDS if k in h} for h in hits]
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
        if h.get("why"):
            from casegraph.search.relevance import describe

            click.echo(f"    {describe(h['why'])}")
