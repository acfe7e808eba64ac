"""Request body limits, per route: ``sparql_max_body_kb`` for /sparql, ``max_body_kb`` for every
other route. A body over its route's limit is refused with 413 and one line, before the app reads
it; the server (casegraph.web.server) refuses bodies over the largest limit before it reads them
at all, in the same shape."""

from __future__ import annotations

from flask import Flask, current_app, request

from .errors import ApiError

SPARQL_PATH = "/sparql"


def body_limit(path: str, settings: dict) -> int:
    """The largest body, in bytes, a request to ``path`` may carry."""
    key = "sparql_max_body_kb" if path == SPARQL_PATH else "max_body_kb"
    return int(settings[key]) * 1024


def largest_limit(settings: dict) -> int:
    return max(body_limit(SPARQL_PATH, settings), body_limit("/", settings))


def too_large(limit: int) -> str:
    """The one-line message of a 413."""
    return f"请求正文太大：超过 {limit // 1024} KB 的上限"


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_large_bodies():
        limit = body_limit(request.path, current_app.config["SETTINGS"])
        request.max_content_length = limit  # werkzeug enforces it while reading, too
        request.max_form_memory_size = limit
        if (request.content_length or 0) > limit:
            raise ApiError(too_large(limit), 413)
