"""The steps of one incremental corpus update (casegraph.ingest.corpus.Corpus.update): classify the
files (unchanged, to be read, unreadable), read the changed ones, merge what was read with the
articles kept. An unchanged file claims its articles first, so a new copy elsewhere is the
duplicate; a file that disappeared keeps its articles unless the update prunes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Article, IngestError, Problem
from .readers import open_regular


@dataclass
class Sweep:
    """One update in progress: the new manifest entries, the origin that claimed each article
    first, the articles read afresh, and the files still to read (path, sha1, stat)."""

    old_files: dict
    new_files: dict = field(default_factory=dict)
    claimed: dict[str, str] = field(default_factory=dict)
    fresh: dict[str, Article] = field(default_factory=dict)
    pending: list[tuple[Path, str, os.stat_result]] = field(default_factory=list)


def sha1(path: Path) -> str:
    h = hashlib.sha1()
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def classify(files: list[Path], sweep: Sweep, articles: dict[str, Article], report) -> None:
    """Sort ``files``: unchanged ones (same size and mtime, else same content hash) keep their
    manifest entry and claim their articles; changed and new ones wait in ``sweep.pending``; an
    unreadable one is a problem and keeps what it gave before."""
    for path in files:
        key = str(path)
        old = sweep.old_files.get(key)
        try:
            st = path.stat()
            quick = old and old["size"] == st.st_size and old["mtime_ns"] == st.st_mtime_ns
            digest = None if quick else sha1(path)
        except (OSError, IngestError) as e:  # a dangling link, a loop, no permission, a FIFO
            why = e if isinstance(e, IngestError) else f"cannot read: {e.strerror or e}"
            report.problems.append(Problem(key, str(why)))
            if old is not None:
                sweep.new_files[key] = old  # what it gave before stays
                for aid in old["articles"]:
                    sweep.claimed.setdefault(aid, key)
            continue
        if not quick and not (old and old["sha1"] == digest):
            sweep.pending.append((path, digest, st))
            continue
        sweep.new_files[key] = dict(old, mtime_ns=st.st_mtime_ns)
        report.files_unchanged += 1
        for aid in old["articles"]:
            sweep.claimed.setdefault(aid, articles[aid].origin if aid in articles else key)


def read_pending(
    sweep: Sweep,
    articles: dict[str, Article],
    report,
    read_all: Iterable[list],
    progress: Callable[[str], None] | None = None,
) -> None:
    """Take what each pending file gave (``read_all``: per file, in order, what ``read_path``
    gives): its articles, its problems, and an article already claimed as a reprint."""
    for (path, digest, st), items in zip(sweep.pending, read_all, strict=True):
        key = str(path)
        if progress:
            progress(key)
        ids: list[str] = []
        for item in items:
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            ids.append(item.id)
            _take(item, sweep, articles, report)
        sweep.new_files[key] = {
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "sha1": digest,
            "articles": sorted(set(ids)),
        }
        report.files_read += 1


def _take(item: Article, sweep: Sweep, articles: dict[str, Article], report) -> None:
    if item.id not in sweep.claimed:
        sweep.claimed[item.id] = item.origin
        sweep.fresh[item.id] = item
        return
    kept = sweep.fresh.get(item.id) or articles.get(item.id)
    if kept is not None:
        kept.add_reprint(item)  # one article, several publications
    report.duplicates.append(
        Problem(
            item.origin,
            f"reprint of article {item.id} from {sweep.claimed[item.id]}; "
            "kept once, with this publication",
            fatal=False,
        )
    )


def merge(sweep: Sweep, articles: dict[str, Article], prune: bool, report) -> dict[str, Article]:
    """The corpus after the update: the claimed articles kept, those read afresh, reprints
    followed to the files that remain. Files that are gone keep their articles unless ``prune``."""
    gone = set(sweep.old_files) - set(sweep.new_files)
    if not prune:  # a file that disappeared keeps its articles until a build --prune
        for key in gone:
            sweep.new_files[key] = sweep.old_files[key]
            for aid in sweep.old_files[key]["articles"]:
                if aid in articles and aid not in sweep.claimed:
                    sweep.claimed[aid] = key
                    report.kept_missing += 1
        gone = set()
    report.files_removed = len(gone)
    keep = {
        aid: articles[aid] for aid in sweep.claimed if aid in articles and aid not in sweep.fresh
    }
    report.added = [aid for aid in sweep.fresh if aid not in articles]
    report.removed = [aid for aid in articles if aid not in sweep.claimed]
    keep.update(sweep.fresh)
    follow_reprints(keep, sweep.new_files)
    return keep


def follow_reprints(articles: dict[str, Article], files: dict) -> None:
    """An article whose own file is gone but whose reprint remains is now that reprint's; a
    reprint whose file is gone is dropped from the article."""
    present = set(files)

    def file_of(origin: str) -> str:
        return origin.rsplit(":", 1)[0].split("#", 1)[0] if origin not in present else origin

    for a in articles.values():
        a.reprints = [r for r in a.reprints if file_of(r["origin"]) in present]
        if file_of(a.origin) not in present and a.reprints:
            new = a.reprints.pop(0)
            a.source, a.url, a.date, a.origin = (
                new["source"],
                new["url"],
                new["date"],
                new["origin"],
            )
