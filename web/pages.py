"""Pages: until search and graph land, a list of the ingested articles (HTML + JSON twin)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template_string

bp = Blueprint("pages", __name__)

_INDEX = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>casegraph</title>
<h1>casegraph</h1><p>{{ articles|length }} 篇文章</p><ol>
{% for a in articles %}<li><a href="{{ url_for('pages.article', aid=a.id) }}">{{ a.title }}</a>
 — {{ a.source or '' }} {{ a.date or '' }}</li>{% endfor %}</ol></html>"""
_ARTICLE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{{ a.title }}</title>
<h1>{{ a.title }}</h1><p>{{ a.source or '' }} {{ a.date or '' }}</p>
{% for p in a.passages %}<p id="{{ p.id }}" class="{{ p.kind }}">{{ p.text }}</p>{% endfor %}</html>"""


def _corpus():
    from ingest.corpus import Corpus

    ext = current_app.extensions
    if "corpus" not in ext:
        ext["corpus"] = Corpus(current_app.config["SETTINGS"]["instance"])
    return ext["corpus"]


@bp.route("/")
def index():
    return render_template_string(_INDEX, articles=list(_corpus().articles.values()))


@bp.route("/api/articles")
def index_json():
    return jsonify(
        [
            {"id": a.id, "title": a.title, "date": a.date, "source": a.source}
            for a in _corpus().articles.values()
        ]
    )


@bp.route("/article/<aid>")
def article(aid: str):
    a = _corpus().articles.get(aid) or abort(404)
    return render_template_string(_ARTICLE, a=a)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
