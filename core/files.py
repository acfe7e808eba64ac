"""Writing generated files so that a crash never leaves half a file or half a folder: write
beside, then rename over (one definition for every stage)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def replace_file(path: Path, write: Callable, mode: str = "w") -> None:
    """Call ``write(fh)`` on ``path.tmp`` (text mode UTF-8 for "w", binary for "wb"), then rename
    it over ``path``."""
    tmp = path.with_name(path.name + ".tmp")
    kw = {"encoding": "utf-8"} if "b" not in mode else {}
    with open(tmp, mode, **kw) as fh:
        write(fh)
    os.replace(tmp, path)


def swap_dir(new: Path, final: Path) -> None:
    """Put the folder ``new`` in place of ``final`` (keeping the old one until the new is in)."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)


def private_cache_dir() -> Path | None:
    """A cache folder only this user writes: ``$XDG_CACHE_HOME/casegraph`` (``~/.cache``), else
    ``<tmp>/casegraph-<uid>`` made with mode 0700 and checked to be this user's; None when
    neither can be had (a user with no home, a foreign folder in the way)."""
    import tempfile

    home = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    folder = Path(home) / "casegraph"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    except (OSError, RuntimeError):  # RuntimeError: Path.home() with no home
        pass
    folder = Path(tempfile.gettempdir()) / f"casegraph-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    import stat

    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077:
        return folder
    return None
