"""One writer per instance: `casegraph build` and `casegraph load` hold an exclusive lock on
``<instance>/write.lock`` while they change the instance, so a second one started meanwhile (or a
build left running by an interrupted script) stops with one line instead of interleaving writes."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import click


@contextlib.contextmanager
def instance_lock(instance: str | Path, command: str) -> Iterator[None]:
    path = Path(instance) / "write.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise click.ClickException(
                f"{instance} is being written by {holder}; wait for it to finish or stop it"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"`casegraph {command}` (pid {os.getpid()})")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
