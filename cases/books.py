"""Choose the cases for a book (theme, practice, region with descendants, year, or a search
query) and assemble it. Used by `casegraph export` and the web case-book page."""

from __future__ import annotations

from casegraph.errors import CasegraphError
from cases.cards import Book, assemble_book, build_card, select_units, units_for_passages
from kg.extract.vocab import practices, theme_by_label
from kg.store import GraphStore

KNEE = 0.5  # a query book keeps hits scoring at least half the best


class SelectionError(CasegraphError, ValueError):
    """A selector that names nothing; the message lists the valid choices."""


def practice_slug(name: str) -> str:
    for c in practices():
        if name in (c.slug, c.label, *c.alt):
            return c.slug
    raise SelectionError(f"不认识的做法 '{name}'；可用：" + "、".join(c.label for c in practices()))


def make_book(
    store: GraphStore,
    instance,
    theme=None,
    practice=None,
    query=None,
    region=None,
    year=None,
    order=None,
    limit=60,
    title=None,
    search=None,
) -> Book:
    """``search``: a callable (query, limit, region, year) -> relevant hits (dicts with
    passage_id and score, best first), for query selection."""
    region_keys = None
    if region:
        from search.query import FilterError
        from search.query import region_keys as keys_for

        try:
            region_keys = keys_for(region)
        except FilterError as e:
            raise SelectionError(str(e)) from None
    theme_label = None
    if theme:
        t = theme_by_label(theme)
        if t is None:
            from kg.extract.vocab import themes

            raise SelectionError(
                f"不认识的主题 '{theme}'；可用：" + "、".join(x.label for x in themes())
            )
        theme_label = t.label
    slug = practice_slug(practice) if practice else None
    if query:
        hits = (search or _default_search(instance))(query, min(limit, 30), region, year)
        # the relevant hits, down to where the score falls to half the best: past that cliff
        # only a weak signal (one word, a loose neighbour) remains
        top = max((h["score"] for h in hits), default=0.0)
        pids = [h["passage_id"] for h in hits if h["score"] >= KNEE * top]
        chosen = units_for_passages(store, pids)
        if theme_label or slug:
            allowed = set(select_units(store, theme_label, slug, region_keys, year))
            chosen = [m for m in chosen if m in allowed]
    else:
        chosen = select_units(store, theme_label, slug, region_keys, year)
    cards = [build_card(store, m) for m in chosen[:limit]]
    name = title or "案例选编：" + "、".join(
        x for x in (theme_label, practice, query, region, str(year) if year else None) if x
    )
    sel = {
        k: v
        for k, v in {
            "theme": theme_label,
            "practice": slug,
            "query": query,
            "region": region,
            "year": year,
        }.items()
        if v
    }
    if order is None:  # a theme's cases grouped by practice, a practice's by region
        order = (
            "relevance" if query else "practice" if theme_label else "region" if slug else "theme"
        )
    return assemble_book(cards, name, order, sel)


def _default_search(instance):
    def run(query, n, region, year):
        from search.index import SearchIndex
        from search.query import Filters

        idx = SearchIndex(instance)
        return idx.search(
            query, top=min(n, 200), filters=Filters(region=region, year=year), relevant_only=True
        )

    return run
