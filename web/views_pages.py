"""Entity pages, each with a JSON twin under /api: article, measure, practice, region, theme,
overview, graph view."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request, send_file

from casegraph.kg.graph.nodes import NotFound
from casegraph.web.models import pages, summaries

from .errors import ApiError
from .highlight import mark_facts
from .resources import get_corpus, get_store

bp = Blueprint("pages", __name__)


def _load(fn, *args):
    try:
        return fn(get_store(), *args)
    except NotFound as e:
        raise ApiError(str(e), 404) from None


def _twin(name: str, loader):
    """Register /<name>/<key> (HTML) and /api/<name>/<key> (JSON) for one loader."""

    def html(key: str):
        data = _load(loader, key)
        extra = article_extra(data) if name == "article" else {}
        return render_template(f"{name}.html", d=data, **extra)

    def api(key: str):
        return jsonify(_load(loader, key))

    bp.add_url_rule(f"/{name}/<key>", f"{name}_html", html)
    bp.add_url_rule(f"/api/{name}/<key>", f"{name}_api", api)


def article_extra(d: dict) -> dict:
    """Passages of the article's text with facts marked, grouped under their headings."""
    art = get_corpus().articles.get(d["id"])
    blocks, heading = [], None
    if art is not None:
        for p in art.passages:
            if p.heading != heading and p.heading:
                blocks.append({"heading": p.heading})
            heading = p.heading
            blocks.append(
                {"id": p.id, "kind": p.kind, "html": mark_facts(p.text, p.start, d["spans"])}
            )
    return {
        "blocks": blocks,
        "target": request.args.get("passage"),
        "authors": art.authors if art else [],
    }


_twin("article", pages.article_page)
_twin("measure", pages.measure_page)
_twin("practice", pages.practice_page)
_twin("region", pages.region_page)
_twin("theme", pages.theme_page)


@bp.route("/themes")
def themes_html():
    return render_template(
        "themes.html",
        themes=_load(summaries.themes_index),
        practices=_load(summaries.practices_index),
    )


@bp.route("/api/themes")
def themes_api():
    return jsonify(
        {"themes": _load(summaries.themes_index), "practices": _load(summaries.practices_index)}
    )


@bp.route("/overview")
def overview_html():
    return render_template("overview.html", d=_load(summaries.overview))


@bp.route("/api/overview")
def overview_api():
    return jsonify(_load(summaries.overview))


@bp.route("/graph/<kind>/<key>")
def graph_html(kind: str, key: str):
    data = _load(summaries.neighbourhood, kind, key)
    center = next(n for n in data["nodes"] if n["center"])
    return render_template("graph.html", kind=kind, key=key, center=center, d=data)


@bp.route("/api/graph/<kind>/<key>")
def graph_api(kind: str, key: str):
    return jsonify(_load(summaries.neighbourhood, kind, key))


@bp.route("/ontology.ttl")
def ontology():
    from casegraph.kg.graph.namespace import ONTOLOGY

    from .negotiate import prefers_html

    # a browser shows text/plain and would download text/turtle
    plain = prefers_html(["text/turtle"])
    resp = send_file(ONTOLOGY, mimetype="text/plain" if plain else "text/turtle")
    resp.headers["Vary"] = "Accept"
    return resp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
