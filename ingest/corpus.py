"""The ingested corpus inside an instance: a content-hash manifest and the articles.

``update_corpus`` is incremental: files whose size, mtime (or, failing that, content hash) are
unchanged are not read again; a changed file replaces its articles; a removed file removes them.
The same article from two files (or reprinted with other boilerplate) is kept once and the
duplicate is reported."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casegraph.core.files import replace_file

from .model import Article, IngestError, Problem
from .readers import DEFAULT_MAX_BYTES, iter_files, open_regular, read_path

MANIFEST = "manifest.json"
# what reading and normalization produce; a new version reads every file again, so a fix in a
# reader reaches an instance built before it (3: pinyin after a lost character, social rows,
# related lists, read counters)
READER_VERSION = 3
ARTICLES = "articles.jsonl"


class CorpusDamaged(IngestError):
    """The instance's manifest or articles file cannot be read; the message names it."""


class SourceMissing(IngestError):
    """A path given to a build that does not exist: nothing is changed."""


@dataclass
class CorpusReport:
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    kept_missing: int = 0  # articles of files no longer present, kept (build --prune removes them)
    sources: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.files_removed)


def _sha1(path: Path) -> str:
    h = hashlib.sha1()
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _follow_reprints(articles: dict[str, Article], files: dict) -> None:
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


class Corpus:
    """Articles of one instance, kept in ``<instance>/ingest/``."""

    def __init__(self, instance: Path | str, repair: bool = False) -> None:
        """``repair``: a damaged manifest or articles file is not an error but salvaged: the
        readable articles are kept, every source file is read again (its sources recovered from
        the articles' origins when the manifest is lost), and ``self.repaired`` says what
        happened. Without it, a damaged file raises CorpusDamaged naming it."""
        self.dir = Path(instance) / "ingest"
        self.manifest: dict = {"version": 1, "files": {}}
        self.articles: dict[str, Article] = {}
        self.repaired: list[str] = []
        fix = f"`casegraph build --instance {instance}` repairs it"
        if (self.dir / MANIFEST).exists():
            try:
                self.manifest = json.loads((self.dir / MANIFEST).read_text(encoding="utf-8"))
                if not isinstance(self.manifest.get("files", {}), dict):
                    raise ValueError("no file table")
            except (OSError, ValueError, AttributeError) as e:
                if not repair:
                    raise CorpusDamaged(f"{self.dir / MANIFEST} is damaged ({e}); {fix}") from None
                self.manifest = {"version": 1, "files": {}, "sources": []}
                self.repaired.append(f"{self.dir / MANIFEST} was damaged")
        if (self.dir / ARTICLES).exists():
            bad = 0
            with (self.dir / ARTICLES).open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        a = Article.from_json(json.loads(line))
                    except (ValueError, KeyError, TypeError, AttributeError) as e:
                        if not repair:
                            raise CorpusDamaged(
                                f"{self.dir / ARTICLES} is damaged ({e}); {fix}"
                            ) from None
                        bad += 1
                        continue
                    self.articles[a.id] = a
            if bad:
                self.repaired.append(f"{self.dir / ARTICLES} had {bad} damaged lines")
        if self.manifest.get("files") and self.manifest.get("reader") != READER_VERSION:
            for entry in self.manifest["files"].values():
                entry.update(size=-1, sha1="")  # read again, by the current readers
        if self.repaired:
            # read every file again: what was lost is in the files, and the manifest cannot vouch
            origins = {re.sub(r"(?::\d+|#\d+)$", "", a.origin) for a in self.articles.values()}
            known = self.manifest.get("sources") or sorted(o for o in origins if o)
            self.manifest = {"version": 1, "files": {}, "sources": known}

    def save(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        replace_file(
            self.dir / ARTICLES,
            lambda fh: [
                fh.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
                for a in self.articles.values()
            ],
        )
        replace_file(
            self.dir / MANIFEST,
            lambda fh: json.dump(self.manifest, fh, ensure_ascii=False, indent=1),
        )

    def digest(self) -> str:
        """What the graph and the index must have been built from: every article's id and
        metadata digest."""
        items = sorted(f"{aid}:{a.meta_digest()}" for aid, a in self.articles.items())
        return hashlib.sha1("\n".join(items).encode()).hexdigest()

    @property
    def sources(self) -> list[str]:
        """The paths this instance was built from (every build adds the paths it is given)."""
        return list(self.manifest.get("sources", []))

    def update(
        self,
        paths: list[str | Path],
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_chars: int = 300,
        progress: Callable[[str], None] | None = None,
        prune: bool = False,
        reader: Callable[[list[Path]], list[list]] | None = None,
    ) -> CorpusReport:
        """Read ``paths`` and every source remembered from earlier builds. Articles of files
        that are gone are kept unless ``prune``; a path that does not exist changes nothing.
        ``reader`` reads a list of files elsewhere (Ray workers) and returns, per file, what
        ``read_path`` would give."""
        missing = [str(p) for p in paths if not Path(p).exists() and not Path(p).is_symlink()]
        if missing:
            raise SourceMissing(f"no such file or directory: {', '.join(missing)}; nothing changed")
        given = [str(Path(p).resolve()) for p in paths]
        sources = list(dict.fromkeys([*self.sources, *given]))
        paths = [p for p in sources if Path(p).exists()]
        report = CorpusReport(sources=sources)
        for p in sources:
            if p not in paths:
                report.problems.append(
                    Problem(p, "a source of this instance no longer exists", fatal=False)
                )
        old_files: dict = self.manifest.get("files", {})
        new_files: dict = {}
        claimed: dict[str, str] = {}  # article id -> origin that claimed it first
        fresh: dict[str, Article] = {}
        files = []
        for f in iter_files(paths):
            if isinstance(f, Problem):
                report.problems.append(f)
            else:
                files.append(f)
        # unchanged files claim their articles first, so a new copy elsewhere is the duplicate
        pending = []
        for path in files:
            key = str(path)
            try:
                st = path.stat()
                old = old_files.get(key)
                quick = old and old["size"] == st.st_size and old["mtime_ns"] == st.st_mtime_ns
                digest = None if quick else _sha1(path)
            except (OSError, IngestError) as e:  # a dangling link, a loop, no permission, a FIFO
                why = e if isinstance(e, IngestError) else f"cannot read: {e.strerror or e}"
                report.problems.append(Problem(key, str(why)))
                if key in old_files:
                    new_files[key] = old_files[key]  # what it gave before stays
                    for aid in old_files[key]["articles"]:
                        claimed.setdefault(aid, key)
                continue
            if quick:
                same = True
            else:
                same = bool(old and old["sha1"] == digest)
                if not same:
                    pending.append((path, digest, st))
                    continue
            entry = dict(old, mtime_ns=st.st_mtime_ns)
            new_files[key] = entry
            report.files_unchanged += 1
            for aid in entry["articles"]:
                claimed.setdefault(aid, self.articles[aid].origin if aid in self.articles else key)
        if reader is not None:  # elsewhere (Ray workers), in the files' order
            read_all = iter(reader([p for p, _, _ in pending]))
        else:
            read_all = (
                read_path(p, max_bytes=max_bytes, max_chars=max_chars) for p, _, _ in pending
            )
        for (path, digest, st), items in zip(pending, read_all, strict=True):
            key = str(path)
            if progress:
                progress(key)
            ids: list[str] = []
            for item in items:
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                ids.append(item.id)
                if item.id in claimed:
                    kept = fresh.get(item.id) or self.articles.get(item.id)
                    if kept is not None:
                        kept.add_reprint(item)  # one article, several publications
                    report.duplicates.append(
                        Problem(
                            item.origin,
                            f"reprint of article {item.id} from {claimed[item.id]}; "
                            "kept once, with this publication",
                            fatal=False,
                        )
                    )
                    continue
                claimed[item.id] = item.origin
                fresh[item.id] = item
            new_files[key] = {
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
                "sha1": digest,
                "articles": sorted(set(ids)),
            }
            report.files_read += 1
        gone = set(old_files) - set(new_files)
        if not prune:  # a file that disappeared keeps its articles until a build --prune
            for key in gone:
                new_files[key] = old_files[key]
                for aid in old_files[key]["articles"]:
                    if aid in self.articles and aid not in claimed:
                        claimed[aid] = key
                        report.kept_missing += 1
            gone = set()
        report.files_removed = len(gone)
        keep = {
            aid: self.articles[aid] for aid in claimed if aid in self.articles and aid not in fresh
        }
        report.added = [aid for aid in fresh if aid not in self.articles]
        report.removed = [aid for aid in self.articles if aid not in claimed]
        keep.update(fresh)
        _follow_reprints(keep, new_files)
        changed = (
            report.changed
            or bool(pending)
            or old_files.keys() != new_files.keys()
            or sources != self.manifest.get("sources", [])
        )
        self.articles = keep
        self.manifest = {
            "version": 1,
            "reader": READER_VERSION,
            "sources": sources,
            "files": new_files,
        }
        report.total = len(self.articles)
        if changed or not (self.dir / MANIFEST).exists():
            self.save()
        elif new_files != old_files:  # only mtimes moved
            replace_file(
                self.dir / MANIFEST,
                lambda fh: json.dump(self.manifest, fh, ensure_ascii=False, indent=1),
            )
        return report
