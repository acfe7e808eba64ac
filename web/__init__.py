"""Flask app factory (flaskr shape): settings, shared resources, error handlers, blueprints."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from casegraph.settings import load_settings

    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=load_settings(), JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    from . import errors, resources, views_pages, views_search, views_sparql

    resources.init_app(app)
    errors.init_app(app)
    views_search.init_app(app)
    views_pages.init_app(app)
    views_sparql.init_app(app)
    return app
