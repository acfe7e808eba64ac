"""Search page (/) and its JSON twin (/api/search): hits, facets with counts, paging."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Flask, jsonify, render_template, request

from casegraph.core.errors import quoted
from casegraph.ingest.normalize import normalize_query

from .errors import ApiError
from .highlight import mark_hit
from .resources import get_index

bp = Blueprint("search", __name__)
FACET_POOL = 200
PAGE_SIZE = 10


def _int(name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        v = int(raw)
    except ValueError:
        raise ApiError(f"'{name}' 应为 {lo} 到 {hi} 之间的整数，不是 {quoted(raw)}") from None
    if not lo <= v <= hi:
        raise ApiError(f"'{name}' 应在 {lo} 到 {hi} 之间，不是 {v}")
    return v


WEAK_SHOWN = 3  # nearest passages shown, marked as weak, when nothing is relevant


def run_search() -> dict:
    from casegraph.search.query import FilterError, Filters

    q = request.args.get("q", "").strip()
    top = _int("top", PAGE_SIZE, 1, 100)
    page = _int("page", 1, 1, 1000)
    year = _int("year", None, 1900, 2100)
    per_article = _int("per_article", None, 1, 100)
    why = request.args.get("explain", "") not in ("", "0", "false")
    f = Filters(
        region=request.args.get("region") or None,
        theme=request.args.get("theme") or None,
        year=year,
        source=request.args.get("source") or None,
    )
    if len(q) > 500:
        raise ApiError("检索词 'q' 超过 500 个字")
    result = {
        "query": q,
        "filters": {k: v for k, v in vars(f).items() if v},
        "top": top,
        "page": page,
        "hits": [],
        "total": 0,
        "matched": 0,
        "facets": {},
        "weak": [],
    }
    if not q:
        return result
    idx = get_index()
    try:
        pool = idx.search(
            q,
            top=max(FACET_POOL, top * page),
            filters=f,
            per_article=per_article,
            explain=top * page,  # the best sentence only for hits up to the page shown
            why=why,
        )
    except FilterError as e:
        raise ApiError(str(e)) from None
    relevant = [h for h in pool if h["relevant"]]
    if not relevant:  # nothing fits: say so, and show the nearest few, marked as weak
        result["weak"] = pool[:WEAK_SHOWN]
    pool = relevant
    result["total"] = len(pool)
    result["matched"] = idx.count_matching(q, f)
    result["hits"] = pool[(page - 1) * top : page * top]
    result["facets"] = {
        "region": _facet(h["region_path"][0] for h in pool if h["region_path"]),
        "city": _facet(h["region_path"][1] for h in pool if len(h["region_path"]) > 1),
        "theme": _facet(t for h in pool for t in h["themes"]),
        "year": _facet(str(h["year"]) for h in pool if h["year"]),
        "source": _facet(h["source"] for h in pool if h["source"]),
    }
    # marks from the query as the index reads it (Traditional and full width normalized; its
    # phrases whole, 驻村第一书记 as one mark); hit texts are normalized Simplified text, so the
    # marks fall on them as they are shown
    result["terms"] = idx.marks(normalize_query(q))
    return result


def _facet(values) -> list[dict]:
    return [{"value": v, "count": n} for v, n in Counter(values).most_common(12)]


@bp.route("/api/search")
def api_search():
    r = run_search()
    r.pop("terms", None)
    return jsonify(r)


@bp.route("/")
def search_page():
    r = run_search()
    terms = r.get("terms", [])
    for h in r["hits"] + r["weak"]:
        h["html"] = mark_hit(h["text"], terms, h.get("best_sentence"))
    return render_template("search.html", r=r, args=request.args)


def _similar(pid: str) -> dict:
    try:
        hits = get_index().similar(pid, top=_int("top", 10, 1, 100))
    except KeyError:
        raise ApiError(f"没有这个段落：{quoted(pid)}", 404) from None
    src = get_index().records[get_index().by_pid[pid]]
    return {"passage": src, "hits": hits}


@bp.route("/similar/<pid>")
def similar_page(pid: str):
    return render_template("similar.html", d=_similar(pid))


@bp.route("/api/similar/<pid>")
def similar_api(pid: str):
    return jsonify(_similar(pid))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
