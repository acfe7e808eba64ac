"""The instance's corpus: duplicates kept once, incremental rebuilds, nothing lost on bad input."""

from __future__ import annotations

import os
import shutil

from casegraph.cli import main
from casegraph.ingest.corpus import Corpus
from tests.conftest import CORPUS

REPRINT_HEAD = (
    "当前位置：首页 > 转载\n\n{title}\n\n2024-05-01 来源：某转载网\n字体：[大] [中] [小]\n\n"
)


def _copy_seeds(dst):
    dst.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, dst / f.name)
    return dst


def test_reprint_with_other_boilerplate_is_one_article(tmp_path):
    src = _copy_seeds(tmp_path / "c")
    body = (CORPUS / "004_53e0432a7c424e76.txt").read_text(encoding="utf-8").split("[关闭]", 1)[1]
    (src / "reprint.txt").write_text(
        REPRINT_HEAD.format(title="济南以组织振兴引领乡村振兴") + body + "\n某转载网 版权所有\n",
        encoding="utf-8",
    )
    (src / "copy.txt").write_bytes((CORPUS / "001_51482a68ca020c80.txt").read_bytes())
    report = Corpus(tmp_path / "inst").update([src])
    assert report.total == 5
    dups = {p.where.rsplit("/", 1)[-1] for p in report.duplicates}
    assert dups == {"reprint.txt", "copy.txt"}


def test_second_build_does_no_work_and_changes_are_applied(tmp_path):
    src = _copy_seeds(tmp_path / "c")
    inst = tmp_path / "inst"
    first = Corpus(inst).update([src])
    assert (first.total, first.files_read) == (5, 5)
    before = (inst / "ingest" / "articles.jsonl").stat().st_mtime_ns

    again = Corpus(inst).update([src])
    assert (again.files_read, again.files_unchanged, again.added, again.removed) == (0, 5, [], [])
    assert (inst / "ingest" / "articles.jsonl").stat().st_mtime_ns == before

    # touching a file without changing it: hashed, not re-read
    os.utime(src / "000_6f91e4e67b2ad3eb.txt", ns=(1, 1))
    assert Corpus(inst).update([src]).files_read == 0

    changed = src / "003_3c9bb8d218548b00.txt"
    old_id = next(a.id for a in Corpus(inst).articles.values() if a.origin == str(changed))
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n新增一段：赤峰市又选派了一批干部。\n",
        encoding="utf-8",
    )
    r = Corpus(inst).update([src])
    assert r.files_read == 1 and r.removed == [old_id] and len(r.added) == 1
    assert Corpus(inst).articles[r.added[0]].origin == str(changed)

    (src / "000_6f91e4e67b2ad3eb.txt").unlink()
    r = Corpus(inst).update([src])  # a file that is gone keeps its article until --prune
    assert (r.total, r.files_removed, len(r.removed), r.kept_missing) == (5, 0, 0, 1)
    r = Corpus(inst).update([src], prune=True)
    assert (r.total, r.files_removed, len(r.removed)) == (4, 1, 1)


def test_a_bad_file_loses_nothing_already_built(tmp_path):
    src = _copy_seeds(tmp_path / "c")
    inst = tmp_path / "inst"
    Corpus(inst).update([src])
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    r = Corpus(inst).update([src])
    assert r.total == 5 and any("binary" in p.reason for p in r.problems)
    assert len(Corpus(inst).articles) == 5


def test_a_second_writer_on_the_same_instance_stops_with_one_line(tmp_path, runner):
    """A build started while another one writes the instance (e.g. a build left running by an
    interrupted script) must not interleave with it."""
    import fcntl

    from casegraph.cli import main
    from tests.conftest import CORPUS

    inst = tmp_path / "inst"
    inst.mkdir()
    with (inst / "write.lock").open("a+", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("`casegraph build` (pid 4242)")
        held.flush()
        res = runner.invoke(
            main, ["build", str(CORPUS), "--instance", str(inst), "--encoder", "hash"]
        )
        assert res.exit_code == 1
        assert "being written by `casegraph build` (pid 4242)" in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
        assert not (inst / "search").exists() and not (inst / "ingest").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    res = runner.invoke(main, ["build", str(CORPUS), "--instance", str(inst), "--encoder", "hash"])
    assert res.exit_code == 0, res.output
    assert (inst / "write.lock").read_text(encoding="utf-8") == ""


def test_sources_are_remembered_and_a_build_with_fewer_paths_drops_nothing(tmp_path, runner):
    src = tmp_path / "src"
    shutil.copytree(CORPUS, src)
    inst = tmp_path / "inst"
    one = tmp_path / "one.txt"
    one.write_text(
        "某县：党建引领合作社\n近年来，某县推行村党组织领办合作社，新建合作社12个，带动农户增收。",
        encoding="utf-8",
    )
    assert Corpus(inst).update([src]).total == 5
    r = Corpus(inst).update([one])  # adding one article keeps the rest
    assert r.total == 6 and not r.removed
    assert Corpus(inst).update([]).total == 6  # no paths: the remembered sources
    assert set(Corpus(inst).sources) == {str(src.resolve()), str(one.resolve())}
    res = runner.invoke(
        main, ["build", str(tmp_path / "typo"), "--instance", str(inst), "--encoder", "hash"]
    )
    assert res.exit_code == 1 and "no such file or directory" in res.stderr
    assert "Traceback" not in res.output and Corpus(inst).update([]).total == 6


def test_reprints_keep_every_publication_and_survive_their_original(tmp_path, runner):
    """The same text from two publishers is one article with both publications, in the graph
    too; a reprint that adds an editor or source line is still a reprint; when the first file is
    pruned the article lives on as the reprint's."""
    from casegraph.kg.store import GraphStore

    src = tmp_path / "src"
    src.mkdir()
    body = (
        "近年来，某县推行村党组织领办合作社，全县新建合作社12个，带动农户增收。\n"
        "县委组织部选派干部到村任职，帮助村里发展特色产业。"
    )
    (src / "a.txt").write_text(f"某县：党建引领合作社\n来源：甲日报\n{body}\n", encoding="utf-8")
    (src / "b.txt").write_text(
        f"某县：党建引领合作社\n来源：乙网\n{body}\n（责任编辑：王某）\n", encoding="utf-8"
    )
    inst = tmp_path / "inst"
    args = ["--instance", str(inst), "--encoder", "hash"]
    res = runner.invoke(main, ["build", str(src), *args])
    assert res.exit_code == 0 and "reprint of article" in res.stderr
    [article] = Corpus(inst).articles.values()
    assert article.source == "甲日报" and [r["source"] for r in article.reprints] == ["乙网"]
    rows = GraphStore(inst).select("SELECT ?p WHERE { ?a cg:reprint/dcterms:publisher ?p }")
    assert [r["p"] for r in rows] == ["乙网"]
    (src / "a.txt").unlink()
    res = runner.invoke(main, ["build", "--prune", *args])
    assert res.exit_code == 0, res.stderr
    [article] = Corpus(inst).articles.values()
    assert article.source == "乙网" and article.reprints == [] and article.origin.endswith("b.txt")


def test_a_new_reader_version_reads_every_file_again(tmp_path):
    """An instance built by older readers (its manifest records another reader version) has
    every file read again by the current ones, once; articles of vanished files are kept."""
    import json

    src = _copy_seeds(tmp_path / "c")
    inst = tmp_path / "inst"
    Corpus(inst).update([src])
    manifest = inst / "ingest" / "manifest.json"
    m = json.loads(manifest.read_text(encoding="utf-8"))
    m["reader"] = 1
    manifest.write_text(json.dumps(m), encoding="utf-8")
    (src / "003_3c9bb8d218548b00.txt").unlink()
    report = Corpus(inst).update([])
    assert report.files_read == 4 and report.total == 5 and report.kept_missing == 1
    report = Corpus(inst).update([])
    assert report.files_read == 0 and report.files_unchanged == 4
