"""The web app's edges on a live `casegraph serve`, probed as an attacker would: bodies over the
limit (announced, chunked, per route), headers too large, an echoed value, CR/LF in a redirect
target, paths that are not IRIs, an unknown practice's CSV. Each answer is one clean status with
one line, and the next request is served as usual."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse

import pytest

from tests.conftest import LiveServer

MB = 1 << 20


@pytest.fixture(scope="module")
def server(built_instance):
    live = LiveServer(built_instance)
    yield live
    live.stop()


def raw(server, head: bytes, body: bytes = b"", wait: float = 10) -> tuple[int, dict, bytes]:
    """Send ``head`` and ``body`` on a socket, read the answer until the server closes."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=wait)
    try:
        s.sendall(head + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data:
                head_part, _, rest = data.partition(b"\r\n\r\n")
                length = [
                    int(line.split(b":")[1])
                    for line in head_part.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ]
                if length and len(rest) >= length[0]:
                    break
    except ConnectionResetError:
        pass  # the server closed while the rest of the body was still on its way
    finally:
        s.close()
    head_part, _, rest = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return int(lines[0].split()[1]), headers, rest


def get(server, path: str, accept: str = "application/json", cookie: str = "") -> tuple:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.putheader("Accept", accept)
    if cookie:
        conn.putheader("Cookie", cookie)
    conn.endheaders()
    r = conn.getresponse()
    out = r.status, dict(r.getheaders()), r.read()
    conn.close()
    return out


def form_post(server, path: str, fields: dict, cookie: str = "", accept="application/json"):
    body = urllib.parse.urlencode(fields).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("POST", path, body=body, headers=headers)
    r = conn.getresponse()
    out = r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    conn.close()
    return out


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        return next(int(x.split()[1]) for x in f if x.startswith("VmRSS:")) / 1024


def healthy(server) -> None:
    status, _, body = get(server, "/api/themes")
    assert status == 200 and json.loads(body)


def test_a_200mb_body_is_refused_before_it_is_read(server):
    before = rss_mb(server.proc.pid)
    head = (
        b"POST /casebook/add HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
        % (200 * MB)
    )
    t = time.monotonic()
    status, headers, body = raw(server, head, b"case=" + b"a" * 60_000)
    assert time.monotonic() - t < 5
    assert status == 413 and headers["content-type"] == "application/json"
    assert json.loads(body) == {"error": "请求正文太大：超过 1024 KB 的上限", "status": 413}
    status, headers, body = raw(server, head.replace(b"application/json", b"text/html"))
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert "请求正文太大：超过 1024 KB 的上限" in body.decode("utf-8") and len(body) < 4000
    assert rss_mb(server.proc.pid) - before < 20
    healthy(server)


def test_a_chunked_body_over_the_limit_is_cut_off(server):
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/sparql-query\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (MB, b"#" * MB)
    status, _, body = raw(server, head, chunk * 3 + b"0\r\n\r\n")
    assert status == 413 and json.loads(body)["status"] == 413
    healthy(server)


def test_each_route_has_its_limit(built_instance):
    live = LiveServer(built_instance, max_body_kb=64, sparql_max_body_kb=2048)
    try:
        status, _, body = form_post(live, "/casebook/add", {"case": "x" * 100_000})
        assert status == 413 and "超过 64 KB 的上限" in json.loads(body)["error"]
        query = "ASK { ?s ?p ?o } #" + "注" * 100_000  # 900 KB form-encoded, under /sparql's 2 MB
        status, _, body = form_post(live, "/sparql", {"query": query})
        assert status == 413 and "100,000 characters" in json.loads(body)["error"]
        status, _, body = form_post(
            live, "/sparql", {"query": "ASK { ?s ?p ?o } #" + "注" * 90_000}
        )
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        live.stop()


def test_headers_too_large_get_the_error_shape(server):
    status, headers, body = raw(
        server,
        b"GET /?q=" + b"a" * 263_000 + b" HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n",
    )
    # waitress stops reading before the path and Accept: the answer is the page's (HTML)
    assert status == 431 and "请求头太大：超过 256 KB 的上限" in body.decode("utf-8")
    healthy(server)


def test_no_answer_echoes_a_long_value(server):
    status, _, body = form_post(server, "/casebook/add", {"case": "甲" * 100_000})
    assert status == 404 and len(body) < 1000
    assert "共 100000 字" in json.loads(body)["error"]
    status, _, body = get(server, "/api/article/" + "x" * 5000)
    assert status == 404 and len(body) < 1000


def _cookie(headers: dict) -> str:
    return headers["set-cookie"].split(";")[0]


def test_a_redirect_target_with_cr_lf_is_refused_and_changes_nothing(server):
    status, _, body = get(server, "/api/search?" + urllib.parse.urlencode({"q": "合作社"}))
    passage = json.loads(body)["hits"][0]["passage_id"]
    status, headers, _ = form_post(server, "/casebook/add", {"passage": passage})
    assert status == 303
    cookie = _cookie(headers)
    items = json.loads(get(server, "/api/casebook", cookie=cookie)[2])
    assert items["groups"]
    for nxt in ("/casebook\r\nSet-Cookie: evil=1", "/x\nLocation: http://evil/"):
        status, headers, body = form_post(
            server, "/casebook/edit", {"action": "clear", "next": nxt}, cookie=cookie
        )
        assert status == 400 and "set-cookie" not in headers and "location" not in headers
        assert "控制字符" in json.loads(body)["error"]
    assert json.loads(get(server, "/api/casebook", cookie=cookie)[2]) == items  # not cleared
    for nxt in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        status, headers, _ = form_post(
            server, "/casebook/edit", {"action": "clear", "next": nxt}, cookie=cookie
        )
        assert status == 303 and headers["location"] == "/casebook"


@pytest.mark.parametrize(
    "path,status,words",
    [
        ("/id/article/x%00y", 400, "不是合格的实体 IRI"),
        ("/id/article/%C0%AF", 400, "不是合格的实体 IRI"),
        ("/id/%0D%0A", 404, "没有这个页面"),
        ("/article/%C0%AF", 404, "不合格式"),
    ],
)
def test_paths_that_are_no_iri_get_a_clean_status(server, path, status, words):
    for accept in ("application/json", "text/html"):
        got, _, body = get(server, path, accept=accept)
        assert got == status, body[:300]
        assert words in body.decode("utf-8")
    healthy(server)


def test_the_csv_of_an_unknown_practice_is_404_like_its_json_twin(server):
    status, _, body = get(server, "/practice/no-such-practice/compare.csv")
    assert status == 404 and "没有这个做法" in json.loads(body)["error"]
    assert get(server, "/api/practice/no-such-practice")[0] == 404
    status, headers, body = get(server, "/practice/party-led-cooperatives/compare.csv", "*/*")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
