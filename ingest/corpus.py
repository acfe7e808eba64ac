"""The ingested corpus inside an instance: a content-hash manifest and the articles.

``Corpus.update`` is incremental (its steps are in casegraph.ingest.update): files whose size and
mtime (or, failing that, content hash) are unchanged are not read again; a changed file replaces
its articles; a removed file removes them.
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
from .readers import DEFAULT_MAX_BYTES, iter_files, read_path
from .update import Sweep, classify, merge, read_pending

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
        sources = self._sources_with(paths)
        report = CorpusReport(sources=sources)
        sweep = Sweep(old_files=self.manifest.get("files", {}))
        classify(_files(sources, report), sweep, self.articles, report)
        pending = [p for p, _, _ in sweep.pending]
        if reader is not None:  # elsewhere (Ray workers), in the files' order
            read_all = iter(reader(pending))
        else:
            read_all = (read_path(p, max_bytes=max_bytes, max_chars=max_chars) for p in pending)
        read_pending(sweep, self.articles, report, read_all, progress)
        keep = merge(sweep, self.articles, prune, report)
        changed = (
            report.changed
            or bool(sweep.pending)
            or sweep.old_files.keys() != sweep.new_files.keys()
            or sources != self.manifest.get("sources", [])
        )
        self.articles = keep
        self.manifest = {
            "version": 1,
            "reader": READER_VERSION,
            "sources": sources,
            "files": sweep.new_files,
        }
        report.total = len(self.articles)
        self._store(changed, sweep)
        return report

    def _sources_with(self, paths: list[str | Path]) -> list[str]:
        """The remembered sources and ``paths``, resolved; SourceMissing for a path that does not
        exist."""
        missing = [str(p) for p in paths if not Path(p).exists() and not Path(p).is_symlink()]
        if missing:
            raise SourceMissing(f"no such file or directory: {', '.join(missing)}; nothing changed")
        given = [str(Path(p).resolve()) for p in paths]
        return list(dict.fromkeys([*self.sources, *given]))

    def _store(self, changed: bool, sweep: Sweep) -> None:
        if changed or not (self.dir / MANIFEST).exists():
            self.save()
        elif sweep.new_files != sweep.old_files:  # only mtimes moved
            replace_file(
                self.dir / MANIFEST,
                lambda fh: json.dump(self.manifest, fh, ensure_ascii=False, indent=1),
            )


def _files(sources: list[str], report: CorpusReport) -> list[Path]:
    """The files under the sources that still exist; a source that is gone, or a file that cannot
    be listed, is a problem in ``report``."""
    for p in sources:
        if not Path(p).exists():
            report.problems.append(
                Problem(p, "a source of this instance no longer exists", fatal=False)
            )
    files = []
    for f in iter_files([p for p in sources if Path(p).exists()]):
        if isinstance(f, Problem):
            report.problems.append(f)
        else:
            files.append(f)
    return files
