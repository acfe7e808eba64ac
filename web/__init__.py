"""Flask app factory (flaskr shape): config, extensions, blueprints."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from casegraph.settings import load_settings

    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=load_settings())
    if test_config:
        app.config.update(test_config)
    from . import pages

    pages.init_app(app)
    return app
