"""Case books in the browser: add cases from search results and practice pages, reorder and
remove them, download DOCX or Markdown; plus the analysis page and comparison CSV."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
)

from casegraph.analysis import practices as an
from casegraph.cases.book import assemble_book
from casegraph.cases.books import (
    Selection,
    SelectionError,
    make_book,
    unit_of_measure,
    units_for_passages,
)
from casegraph.cases.cards import build_card
from casegraph.cases.comparison import comparison_csv
from casegraph.cases.export import to_docx, to_markdown
from casegraph.core.errors import quoted
from casegraph.kg import queries
from casegraph.kg.graph.nodes import NotFound, check_key, iri

from .errors import ApiError
from .negotiate import prefers_json
from .resources import get_index, get_store
from .urls import local_path

bp = Blueprint("casebook", __name__)
MAX_CARDS = 200


def _items() -> list[str]:
    return list(session.get("casebook", []))


def _save(items: list[str]) -> None:
    session["casebook"] = items[:MAX_CARDS]


def _next(default: str = "/casebook") -> str:
    """Where to go after a change: ``next`` when it is a path on this site, else ``default``; a
    ``next`` with control characters (CR/LF would split the Location header) is refused with
    400, before anything is changed."""
    nxt = request.form.get("next") or default
    if not nxt.isprintable():
        raise ApiError(f"跳转地址含控制字符，没有改动：{quoted(nxt)}", 400)
    return local_path(nxt) or default


@bp.post("/casebook/add")
def add():
    """Add cases: practice units (``case``), the units measures were read in (``measure``), or
    the unit a search hit belongs to (``passage``)."""
    back = _next()
    items = _items()
    store = get_store()
    new = request.form.getlist("case")
    for m in request.form.getlist("measure"):
        check_key(m, "举措编号")
        if not queries.ask(store, "measure_exists", m=iri("measure", m)):
            raise ApiError(f"没有这项举措：{quoted(m)}", 404)
        if unit := unit_of_measure(store, m):
            new.append(unit)
    if request.form.get("passage"):
        new += units_for_passages(store, [request.form["passage"]], nearest=True)[:3]
    added = 0
    for m in new:
        try:
            build_card(store, m)
        except NotFound:
            raise ApiError(f"没有这个案例：{quoted(m)}", 404) from None
        if m not in items:
            items.append(m)
            added += 1
    _save(items)
    if added:
        flash(f"已加入 {added} 个案例（共 {len(items)} 个）")
    elif new:
        flash("这个案例已在选编中，没有变化")
    else:
        flash("这里没有识别出可成案例的做法，没有可加入的案例")
    return redirect(back, code=303)


@bp.post("/casebook/edit")
def edit():
    back = _next()
    items = _items()
    action, m = request.form.get("action"), request.form.get("case")
    if action == "clear":
        items = []
    elif m in items:
        i = items.index(m)
        if action == "remove":
            items.pop(i)
        elif action == "up" and i > 0:
            items[i - 1], items[i] = items[i], items[i - 1]
        elif action == "down" and i < len(items) - 1:
            items[i + 1], items[i] = items[i], items[i + 1]
    else:
        raise ApiError(f"案例选编不认识这个操作或案例：{quoted(action)}、{quoted(m)}", 400)
    _save(items)
    return redirect(back, code=303)


TITLE_MAX = 100


def _title() -> str:
    """The book's title from the request: control characters removed (a DOCX cannot hold them),
    spaces folded, at most 100 characters."""
    raw = request.args.get("title") or ""
    title = " ".join("".join(c if c.isprintable() else " " for c in raw).split())
    return title[:TITLE_MAX] or "案例选编"


def _book():
    cards = []
    for m in _items():
        try:
            cards.append(build_card(get_store(), m))
        except NotFound:
            continue  # a case the rebuilt graph no longer has (its article changed)
    return assemble_book(cards, _title(), "relevance", distinct=False)


@bp.get("/casebook")
def page():
    return render_template("casebook.html", book=_book(), items=_items())


@bp.get("/api/casebook")
def api():
    return jsonify(_book().to_json())


@bp.get("/casebook/download.<fmt>")
def download(fmt: str):
    book = _book()
    if fmt == "md":
        return Response(
            to_markdown(book),
            mimetype="text/markdown",
            headers={"Content-Disposition": "attachment; filename=casebook.md"},
        )
    if fmt == "docx":
        buf = io.BytesIO()
        to_docx(book, buf)
        buf.seek(0)
        return send_file(
            buf,
            download_name="casebook.docx",
            as_attachment=True,
            mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    raise ApiError(f"不支持的格式 {quoted(fmt)}；可用：md、docx", 404)


@bp.get("/casebook/new")
def new():
    """A selection preview (theme, practice, query, region, year) with an 'add all' button."""
    args = {k: request.args.get(k) or None for k in ("theme", "practice", "query", "region")}
    year = request.args.get("year")
    if not any(args[k] for k in ("theme", "practice", "query")):
        raise ApiError("请给出主题（theme）、做法（practice）或检索词（query）", 400)

    def search(q, n, region, year_):
        from casegraph.search.query import Filters

        return get_index().search(
            q, top=n, filters=Filters(region=region, year=year_), relevant_only=True
        )

    try:
        sel = Selection(**args, year=int(year) if year else None)
        book = make_book(get_store(), None, sel, search=search)
    except (SelectionError, ValueError) as e:
        raise ApiError(str(e), 400) from None
    if prefers_json():
        return jsonify(book.to_json())
    return render_template("casebook_new.html", book=book)


@bp.get("/analysis")
def analysis_page():
    return render_template("analysis.html", d=an.analysis(get_store()))


@bp.get("/api/analysis")
def analysis_api():
    return jsonify(an.analysis(get_store()))


@bp.get("/analysis/<view>.graphml")
def analysis_graphml(view: str):
    from casegraph.analysis.views import VIEWS

    if view not in VIEWS:
        raise ApiError(f"没有这个视图 {quoted(view)}；可用：{'、'.join(VIEWS)}", 404)
    return Response(
        an.graphml(get_store(), view)[1],
        mimetype="application/graphml+xml",
        headers={"Content-Disposition": f"attachment; filename={view}.graphml"},
    )


@bp.get("/practice/<slug>/compare.csv")
def compare_csv(slug: str):
    try:
        body = comparison_csv(get_store(), slug)
    except NotFound as e:
        raise ApiError(str(e), 404) from None
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={slug}.csv"},
    )


def init_app(app: Flask) -> None:
    from casegraph.cases.export import hedge_mark

    app.register_blueprint(bp)
    app.jinja_env.globals["hedge_mark"] = hedge_mark  # the same marks as the DOCX
