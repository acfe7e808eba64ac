"""One error shape for every JSON response, {"error": "...", "status": N}; HTML pages get a
page. /api/* always answers JSON; /sparql and linked-data answers never send HTML to an API
client: JSON, or plain text when the client accepts no JSON."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from casegraph.core.errors import CasegraphError, quoted

from .negotiate import prefers_html, prefers_json

MACHINE_PATHS = ("/sparql", "/id/", "/void", "/.well-known/", "/ontology")


HTTP_MESSAGES = {
    400: "请求有误",
    404: "没有这个页面",
    405: "不支持这种请求方法",
    413: "请求太大",
    415: "不支持这种内容类型",
    500: "服务器内部错误",
}


class ApiError(CasegraphError):
    def __init__(self, message: str, status: int = 400, headers: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


def _answer_kind() -> str:
    """'json', 'text' or 'html' for an error on the current request."""
    accept = request.accept_mimetypes
    path = request.path
    if path.startswith("/api/"):
        return "json"
    if path == "/sparql" or path.startswith(MACHINE_PATHS):
        if prefers_html(["application/json", "application/sparql-results+json", "text/turtle"]):
            return "html"
        json_q = max(
            accept.quality("application/json"), accept.quality("application/sparql-results+json")
        )
        return "json" if json_q or not request.headers.get("Accept") else "text"
    return "json" if prefers_json() else "html"


def error_response(message: str, status: int, headers: dict | None = None):
    kind = _answer_kind()
    if kind == "json":
        resp = jsonify({"error": message, "status": status})
        resp.status_code = status
    elif kind == "text":
        resp = Response(message + "\n", status=status, mimetype="text/plain")
    else:
        resp = Response(render_template("error.html", message=message, status=status), status)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def init_app(app: Flask) -> None:
    @app.errorhandler(CasegraphError)
    def casegraph_error(e: CasegraphError):  # ApiError and every library error, translated once
        return error_response(getattr(e, "message", None) or str(e), e.status, e.headers)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        headers = {k: v for k, v in e.get_headers() if k.lower() == "allow"}
        code = e.code or 500
        message = HTTP_MESSAGES.get(code, e.description or e.name)
        if code == 405:
            message += f"（可用：{headers.get('Allow', '')}）"
        elif code == 404:
            message += f"：{quoted(request.path, 80)}"
        elif code == 413:  # werkzeug's, reading past the route's limit (casegraph.web.limits)
            from .limits import too_large

            message = too_large(request.max_content_length or 0)
        return error_response(message, code, headers)

    @app.errorhandler(Exception)
    def unexpected(e: Exception):  # no traceback leaks to the client
        app.logger.exception("unhandled error")
        return error_response("服务器内部错误", 500)
