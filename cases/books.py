"""Choose the cases for a book (theme, practice, region with descendants, year, or a search
query: which practice units, and the unit of a measure or a passage) and assemble it. Used by
`casegraph export` and the web case-book page."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from casegraph.cases.book import Book, assemble_book
from casegraph.cases.cards import build_card
from casegraph.cases.is_case import shown
from casegraph.core.errors import CasegraphError, quoted
from casegraph.kg import queries
from casegraph.kg.extract.vocab import practices, theme_by_label
from casegraph.kg.graph.namespace import region_iri
from casegraph.kg.graph.nodes import check_key, iri, key_of
from casegraph.kg.store import GraphStore

KNEE = 0.5  # a query book keeps hits scoring at least half the best
EXAMINED = 3  # units read per card asked for, at most: most units of a theme are no case


class SelectionError(CasegraphError, ValueError):
    """A selector that names nothing; the message lists the valid choices."""


def practice_slug(name: str) -> str:
    for c in practices():
        if name in (c.slug, c.label, *c.alt):
            return c.slug
    raise SelectionError(
        f"不认识的做法 {quoted(name)}；可用：" + "、".join(c.label for c in practices())
    )


@dataclass(frozen=True)
class Selection:
    """What a book holds (any of theme, practice, search query, region, year), how many cards,
    grouped how (``order``: theme, practice, region or relevance; by default what suits the
    selection), under which title (by default one naming the selection)."""

    theme: str | None = None
    practice: str | None = None
    query: str | None = None
    region: str | None = None
    year: int | None = None
    order: str | None = None
    limit: int = 60
    title: str | None = None


def make_book(store: GraphStore, instance, sel: Selection, search=None) -> Book:
    """``search``: a callable (query, limit, region, year) -> relevant hits (dicts with
    passage_id and score, best first), for query selection."""
    theme_label, slug, region_keys = _selectors(sel)
    if sel.query:
        hits = (search or _default_search(instance))(
            sel.query, min(sel.limit, 30), sel.region, sel.year
        )
        # the relevant hits, down to where the score falls to half the best: past that cliff
        # only a weak signal (one word, a loose neighbour) remains
        top = max((h["score"] for h in hits), default=0.0)
        pids = [h["passage_id"] for h in hits if h["score"] >= KNEE * top]
        chosen = units_for_passages(store, pids)
        if theme_label or slug:
            allowed = set(select_units(store, theme_label, slug, region_keys, sel.year))
            chosen = [m for m in chosen if m in allowed]
    else:
        chosen = select_units(store, theme_label, slug, region_keys, sel.year)
    # a book is made of local cases: a card the is-a-case model rejects (a meeting, a speech,
    # national policy), or whose 做法 name no deed, is left out
    cards = []
    for m in chosen[: sel.limit * EXAMINED]:  # until the book holds ``limit`` cases
        c = build_card(store, m)
        # a theme of rural revitalization holds rural cases only
        if shown(c, rural=bool(theme_label)):
            cards.append(c)
            if len(cards) == sel.limit:
                break
    named = (theme_label, sel.practice, sel.query, sel.region, str(sel.year) if sel.year else None)
    name = sel.title or "案例选编：" + "、".join(x for x in named if x)
    chosen_by = {
        "theme": theme_label,
        "practice": slug,
        "query": sel.query,
        "region": sel.region,
        "year": sel.year,
    }
    order = sel.order
    if order is None:  # a theme's cases grouped by practice, a practice's by region
        kinds = [("relevance", sel.query), ("practice", theme_label), ("region", slug)]
        order = next((kind for kind, given in kinds if given), "theme")
    return assemble_book(cards, name, order, {k: v for k, v in chosen_by.items() if v})


def _selectors(sel: Selection) -> tuple[str | None, str | None, set[str] | None]:
    """The theme's label, the practice's slug and the region's keys (with the places of that
    name); SelectionError for one that names nothing."""
    region_keys = None
    if sel.region:
        from casegraph.search.query import FilterError
        from casegraph.search.query import region_keys as keys_for

        try:
            region_keys = keys_for(sel.region)
        except FilterError as e:
            raise SelectionError(str(e)) from None
    theme_label = None
    if sel.theme:
        t = theme_by_label(sel.theme)
        if t is None:
            from casegraph.kg.extract.vocab import themes

            raise SelectionError(
                f"不认识的主题 {quoted(sel.theme)}；可用：" + "、".join(x.label for x in themes())
            )
        theme_label = t.label
    slug = practice_slug(sel.practice) if sel.practice else None
    return theme_label, slug, region_keys


def _default_search(instance):
    def run(query, n, region, year):
        from casegraph.search.index import SearchIndex
        from casegraph.search.query import Filters

        idx = SearchIndex(instance)
        return idx.search(
            query, top=min(n, 200), filters=Filters(region=region, year=year), relevant_only=True
        )

    return run


def select_units(
    store: GraphStore,
    theme: str | None = None,
    practice: str | None = None,
    region_keys: set[str] | None = None,
    year: int | None = None,
) -> list[str]:
    """Practice unit ids matching all the given selectors, in article order. A unit about no
    region (a national policy, a statistic) is not a local case and is not chosen."""
    kept = None  # the unit IRIs every selector given allows

    def allow(units: set[str]) -> None:
        nonlocal kept
        kept = units if kept is None else kept & units

    if theme:
        label = ox.Literal(theme, language="zh")
        allow({r["u"] for r in queries.select(store, "units_of_theme", label=label)})
    if practice:
        slug = check_key(practice, "筛选值")
        allow(
            {
                r["u"]
                for r in queries.select(store, "units_of_practice", practice=iri("practice", slug))
            }
        )
    if region_keys:
        within = [region_iri(check_key(k, "筛选值")) for k in region_keys]
        allow({r["u"] for w in within for r in queries.select(store, "units_within", within=w)})
    if year:
        allow({r["u"] for r in queries.select(store, "units_of_year", year=int(year))})
    units = [r["u"] for r in queries.select(store, "units_local")]
    return list(dict.fromkeys(key_of(u) for u in units if kept is None or u in kept))


def units_for_passages(
    store: GraphStore, passage_ids: list[str], nearest: bool = False
) -> list[str]:
    """Practice units read from these passages, in the passages' order (for a book chosen by a
    query). With ``nearest``, a passage in no unit (a framing paragraph, a plan) gives the unit of
    its article read closest to it, so any search hit can be added to a book."""
    out: list[str] = []
    own = "passage_units_any" if nearest else "passage_units"  # a query book: local cases only
    for pid in passage_ids:
        p = iri("passage", pid)
        rows = queries.select(store, own, p=p)
        if not rows and nearest:
            here = queries.select(store, "passage_start", p=p)
            cands = queries.select(store, "passage_article_units", p=p)
            if here and cands:
                pos = here[0]["s"]
                after = [
                    c for c in cands if c["start"] >= pos
                ]  # the units a framing paragraph opens
                pick = (
                    min(after, key=lambda c: c["start"])
                    if after
                    else max(cands, key=lambda c: c["start"])
                )
                rows = [pick]
        out += [key for r in rows if (key := r["u"].rsplit("/", 1)[-1]) not in out]
    return out


def unit_of_measure(store: GraphStore, measure_id: str) -> str | None:
    """The practice unit a measure was read in; else the unit nearest its passage."""
    m = iri("measure", measure_id)
    rows = queries.select(store, "measure_unit", m=m)
    if rows:
        return rows[0]["u"].rsplit("/", 1)[-1]
    p = queries.select(store, "measure_passage", m=m)
    found = units_for_passages(store, [p[0]["pid"]], nearest=True) if p else []
    return found[0] if found else None
