"""Which values from the data may become links: only http(s) URLs with a host, and the app's own
paths. Anything else (``javascript:``, ``data:``, a scheme-relative ``//host``) is shown as
text."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask


def http_url(value: object) -> str | None:
    """``value`` when it is an http(s) URL with a host, else None."""
    if not isinstance(value, str) or not value.isprintable() or " " in value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def local_path(value: object) -> str | None:
    """``value`` when it is a path on this server (/..., not //host or /\\host), else None."""
    if not isinstance(value, str) or not value.isprintable():
        return None
    if value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.filters["http_url"] = http_url
