"""The production server: waitress, refusing a request body over the largest limit
(casegraph.web.limits) before reading it, and answering its own refusals (such a body, headers
too large, a malformed request) in the app's error shape, not waitress's English text. SIGTERM
stops it as Ctrl-C does, so the SPARQL workers and their spool folder go with it."""

from __future__ import annotations

import logging
import signal

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask

from .errors import HTTP_MESSAGES, error_response
from .limits import largest_limit, too_large

log = logging.getLogger(__name__)


def _message(code: int, adj) -> str:
    if code == 413:
        return too_large(adj.max_request_body_size - 1)
    if code == 431:
        return f"请求头太大：超过 {adj.max_request_header_size // 1024} KB 的上限"
    if code == 400:
        return "请求有误：不是合格的 HTTP 请求"
    if code == 501:
        return "不支持这种传输编码"
    return HTTP_MESSAGES.get(code, "服务器内部错误")


def app_error(app: Flask, path: str, accept: str, code: int, message: str):
    """The app's own error response for a request waitress refused: -> (status line, headers,
    body), negotiated on the request's path and Accept as the app does it."""
    if not path.startswith("/") or not path.isprintable():
        path = "/"
    headers = {"Accept": accept} if accept else {}
    with app.test_request_context(path, headers=headers):
        resp = app.process_response(error_response(message, code))
        body = resp.get_data()
    kept = [(k, v) for k, v in resp.headers.items() if k.lower() != "content-length"]
    return f"{code} {resp.status.split(' ', 1)[1].title()}", kept, body


def _channel_for(app: Flask) -> type[HTTPChannel]:
    class AppErrorTask(ErrorTask):
        def execute(self):
            request = self.request
            code = request.error.code
            try:
                status, headers, body = app_error(
                    app,
                    request.path or "/",
                    request.headers.get("ACCEPT", ""),
                    code,
                    _message(code, self.channel.server.adj),
                )
            except Exception:  # noqa: BLE001 - this task must not fail: waitress's own text
                log.exception("could not render the error page")
                return super().execute()
            self.status = status
            self.response_headers.extend(headers)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    return type("AppChannel", (HTTPChannel,), {"error_task_class": AppErrorTask})


def make_server(app: Flask, settings: dict):
    """A waitress server for ``app`` with the settings' host, port, threads, connection limits
    and body limit (not started)."""
    server = create_server(
        app,
        host=settings["host"],
        port=settings["port"],
        threads=settings["threads"],
        connection_limit=settings["connection_limit"],
        channel_timeout=settings["channel_timeout"],
        max_request_body_size=largest_limit(settings) + 1,  # waitress refuses size >= this
        ident="casegraph",
    )
    channel = _channel_for(app)
    listeners = [server] if isinstance(server, BaseWSGIServer) else server.map.values()
    for s in listeners:
        if isinstance(s, BaseWSGIServer):
            s.channel_class = channel
    return server


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(app: Flask, settings: dict) -> None:
    """Serve until Ctrl-C or SIGTERM (waitress's warnings, such as a deep task queue, and the
    app's logged errors go to stderr)."""
    logging.basicConfig()
    signal.signal(signal.SIGTERM, _stop)
    make_server(app, settings).run()
