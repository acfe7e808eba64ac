"""Bad input: one clear line naming the file (and line) and the reason; the batch goes on."""

from __future__ import annotations

import json

from casegraph.cli import main

GOOD = "近年来，某县实施“头雁工程”，全县村党组织领办合作社175个。\n"


def _batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "garbage.txt").write_bytes(b"\x80\x81\x82\xc3\xfe" * 500)
    (d / "bom16.txt").write_bytes(b"\xff\xfe" + b"\x01\xd8" * 300)
    with (d / "huge.txt").open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # 100 MB
    (d / "hostile.html").write_text(
        "<html><body><script>alert(1)</script><p onclick='x()'>村里修了路，群众很满意。</p></body></html>",
        encoding="utf-8",
    )
    lines = [
        json.dumps({"title": "好", "date": "2024-01-01", "content": GOOD}, ensure_ascii=False),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"title": "空", "content": ""}, ensure_ascii=False),
    ]
    (d / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return d


def test_bad_files_are_reported_one_line_each_and_the_rest_is_read(tmp_path, runner):
    d = _batch(tmp_path)
    res = runner.invoke(main, ["ingest", str(d), "--out", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 0, res.output
    err = res.stderr
    assert "Traceback" not in err
    expect = {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "garbage.txt": "undecodable",
        "bom16.txt": "undecodable",
        "huge.txt": "file too large (100.0 MiB > limit 20 MiB)",
        "feed.jsonl:2": "not valid JSON",
        "feed.jsonl:3": "not a JSON object",
        "feed.jsonl:4": "no 'content' text",
    }
    for where, reason in expect.items():
        line = next((x for x in err.splitlines() if where in x), None)
        assert line is not None and reason in line, (where, err)
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [a["text"] for a in out]
    assert GOOD.strip() in texts
    assert "村里修了路，群众很满意。" in texts
    assert not any("alert" in t for t in texts)
    # the same article came from good.txt and feed.jsonl:1: kept once and reported
    assert len(out) == 2 and "duplicate" in err


def test_exit_status_is_non_zero_only_when_nothing_usable_was_read(tmp_path, runner):
    (tmp_path / "empty.txt").write_bytes(b"")
    res = runner.invoke(main, ["ingest", str(tmp_path)])
    assert res.exit_code == 1
    assert "empty file" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(main, ["ingest", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1 and "no such file" in res.stderr


def test_ingest_jsonl_output_follows_the_contract(tmp_path, runner):
    from tests.conftest import CORPUS

    res = runner.invoke(main, ["ingest", str(CORPUS)])
    assert res.exit_code == 0
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(rows) == 5  # corpus/README.md is documentation, not an article
    keys = {"id", "title", "title_derived", "date", "source", "authors", "url", "text", "passages"}
    for r in rows:
        assert keys <= set(r)
        for p in r["passages"]:
            assert set(p) == {"id", "text", "start", "end", "heading", "kind"}
            assert r["text"][p["start"] : p["end"]] == p["text"]


def test_deeply_nested_html_keeps_its_text(tmp_path):
    from casegraph.ingest import read_path

    page = tmp_path / "deep.html"
    body = "<p>近年来，某县深入推进抓党建促乡村振兴，全县组建专业合作社12个，带动农户增收。</p>"
    page.write_text(
        "<html><body>" + "<div>" * 300 + body + "</div>" * 300 + "</body></html>",
        encoding="utf-8",
    )
    [article] = list(read_path(page))
    assert "组建专业合作社12个" in article.text
