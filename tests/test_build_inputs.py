"""What a careless user or an attacker puts among the sources of a build, run as `casegraph
build` would be: a FIFO, a socket, a device (one line each, never a hang), a Big5 file (read
right), bytes no encoding reads cleanly (one line, no article), a folder that cannot be listed
(one line), a `javascript:` URL (never a link); the instance's encoder (kept, a change said);
jieba's cache where it cannot be written (no traceback)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT, clean_env, run_cli

GOOD = "近年来，某县实施“头雁工程”，全县村党组织领办合作社175个，带动农户增收。\n"
TRADITIONAL = (
    "標題：鄉村振興中的黨組織書記\n\n"
    "鄉村振興中，黨組織書記帶頭發展集體經濟，全村年收入突破一百萬元。\n"
    "村裡建成光伏電站，群眾很滿意。\n"
)
SIMPLIFIED = "乡村振兴中，党组织书记带头发展集体经济，全村年收入突破一百万元。"


def _lines(err: str, where: str) -> list[str]:
    return [line for line in err.splitlines() if where in line]


def test_fifos_sockets_and_devices_are_one_line_each_and_never_block(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock.md"))
    (src / "zero.txt").symlink_to("/dev/zero")
    try:
        res = run_cli(
            "build", src, "--instance", tmp_path / "inst", "--encoder", "hash", timeout=180
        )
        assert res.returncode == 0, res.stderr
        assert "Traceback" not in res.stderr
        for name, kind in (
            ("pipe.txt", "a FIFO"),
            ("sock.md", "a socket"),
            ("zero.txt", "a character device"),
        ):
            [line] = _lines(res.stderr, name)
            assert line.startswith("skipped:") and f"not a regular file but {kind}" in line
        assert "articles: 1 (1 added" in res.stderr
        res = run_cli("ingest", src / "pipe.txt", timeout=60)  # named directly
        assert res.returncode == 1 and "not a regular file but a FIFO" in res.stderr
    finally:
        sock.close()


def test_a_big5_file_reads_right_and_bytes_no_encoding_reads_are_one_line(tmp_path):
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "gbk.txt").write_bytes(GOOD.encode("gb18030"))
    (tmp_path / "mixed.txt").write_bytes(
        "村里修了路。".encode() + "鄉村振興".encode("big5") + "群众满意。".encode("gb18030") * 40
    )
    res = run_cli("ingest", tmp_path, "--out", tmp_path / "out.jsonl")
    assert res.returncode == 0 and "Traceback" not in res.stderr
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in out]
    assert any(SIMPLIFIED in t for t in texts), texts
    assert not any(0xE000 <= ord(c) <= 0xF8FF for t in texts for c in t)  # no private use
    assert _lines(res.stderr, "big5.txt") == []  # read, no warning
    [line] = _lines(res.stderr, "mixed.txt")
    assert line.startswith("skipped:") and "undecodable" in line
    assert len(texts) == 2


def _unlistable_cli():
    """How to run the CLI so that a mode-000 folder cannot be listed: as is for a user, as root
    without the capabilities that read past permissions (setpriv)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root without setpriv: a 000 folder would be readable")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_folder_that_cannot_be_listed_is_one_line(tmp_path):
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "locked" / "hidden.txt").write_text(GOOD.replace("175", "176"), encoding="utf-8")
    (src / "locked").chmod(0)
    try:
        res = subprocess.run(
            [*_unlistable_cli(), sys.executable, "-m", "casegraph.cli", "ingest", str(src)],
            cwd=ROOT,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        (src / "locked").chmod(0o755)
    assert res.returncode == 0, res.stderr
    [line] = _lines(res.stderr, "locked")
    assert line == f"skipped: {src / 'locked'}: cannot list folder: Permission denied"
    assert len(res.stdout.splitlines()) == 1


def test_the_instance_keeps_its_encoder_and_a_change_is_said(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    inst = tmp_path / "inst"
    assert run_cli("build", src, "--instance", inst, "--encoder", "hash").returncode == 0
    (src / "b.txt").write_text(GOOD.replace("175", "180"), encoding="utf-8")
    res = run_cli("build", "--instance", inst)  # what `casegraph check` suggests
    assert res.returncode == 0 and res.stderr.rstrip().endswith("with hash"), res.stderr
    assert "encoder:" not in res.stderr
    (inst / "search" / "index" / "meta.json").unlink()  # a damaged index forgets nothing
    res = run_cli("build", "--instance", inst)
    assert res.stderr.rstrip().endswith("with hash"), res.stderr
    res = run_cli("build", "--instance", inst, "--encoder", "bge-zh")
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines()[0] == (
        "encoder: hash -> bge-zh; the index is rebuilt and every passage re-embedded with "
        "bge-zh (vectors bge-zh made before are reused)"
    )
    assert res.stderr.rstrip().endswith("with bge-zh")
    res = run_cli("build", "--instance", inst)
    assert "encoder:" not in res.stderr and res.stderr.rstrip().endswith("index: unchanged")


def test_jieba_cache_that_cannot_be_written_prints_no_traceback(tmp_path):
    """As for a user whose jieba cache is not writable (another user's /tmp/jieba.cache, no
    home): the build says nothing about it."""
    tmp = tmp_path / "tmp"
    (tmp / "jieba.cache").mkdir(parents=True)  # cannot be replaced by a file
    (tmp / f"casegraph-{os.getuid()}").write_text("in the way")  # no private folder either
    (tmp_path / "cache-is-a-file").write_text("")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    env = clean_env(TMPDIR=str(tmp), XDG_CACHE_HOME=str(tmp_path / "cache-is-a-file"))
    res = run_cli("build", src, "--instance", tmp_path / "inst", "--encoder", "hash", env=env)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "jieba" not in res.stderr.lower()


def test_a_javascript_url_is_never_a_link(tmp_path):
    from casegraph.core.settings import load_settings
    from casegraph.web import create_app

    feed = tmp_path / "feed.jsonl"
    records = [
        {"title": "甲村修路", "url": "javascript:alert(1)", "content": GOOD},
        {"title": "乙村建站", "url": "https://example.org/a", "content": GOOD.replace("175", "9")},
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    inst = tmp_path / "inst"
    assert run_cli("build", feed, "--instance", inst, "--encoder", "hash").returncode == 0
    app = create_app({"SETTINGS": load_settings(inst), "TESTING": True})
    client = app.test_client()
    lines = (inst / "ingest" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ids = {a["title"]: a["id"] for a in map(json.loads, lines)}
    page = client.get(f"/article/{ids['甲村修路']}").get_data(True)
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown as text
    page = client.get(f"/article/{ids['乙村建站']}").get_data(True)
    assert 'href="https://example.org/a"' in page
