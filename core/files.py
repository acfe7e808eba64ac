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
