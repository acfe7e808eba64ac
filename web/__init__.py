"""Flask app factory (flaskr shape): settings, shared resources, error handlers, blueprints."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from casegraph.core.settings import load_settings

    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=load_settings(), JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.config["SETTINGS"]["instance"])
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    from . import (
        errors,
        limits,
        linked,
        resources,
        urls,
        views_casebook,
        views_pages,
        views_search,
        views_sparql,
    )

    limits.init_app(app)
    resources.init_app(app)
    errors.init_app(app)
    urls.init_app(app)
    views_search.init_app(app)
    views_pages.init_app(app)
    views_sparql.init_app(app)
    views_casebook.init_app(app)
    linked.init_app(app)
    return app


def _secret_key(instance: str) -> bytes:
    """A per-instance key for the session cookie (the case book), made once."""
    import os
    from pathlib import Path

    path = Path(instance) / "secret_key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(32))
            path.chmod(0o600)
        return path.read_bytes()
    except OSError:
        return os.urandom(32)
