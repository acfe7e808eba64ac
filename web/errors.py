"""One error shape for every JSON response, {"error": "...", "status": N}; HTML gets a page."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def wants_json() -> bool:
    """/api and /sparql answer errors in JSON unless the client prefers HTML; pages answer HTML
    unless the client prefers JSON."""
    accept = request.accept_mimetypes
    if request.path.startswith("/api/") or request.path == "/sparql":
        return not (accept["text/html"] and accept["text/html"] >= accept["application/json"])
    return accept.best_match(["text/html", "application/json"]) == "application/json"


def error_response(message: str, status: int):
    if wants_json():
        resp = jsonify({"error": message, "status": status})
        resp.status_code = status
        return resp
    return render_template("error.html", message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(e: ApiError):
        return error_response(e.message, e.status)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return error_response(e.description or e.name, e.code or 500)

    @app.errorhandler(Exception)
    def unexpected(e: Exception):  # no traceback leaks to the client
        app.logger.exception("unhandled error")
        return error_response("internal error", 500)
