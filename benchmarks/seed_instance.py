"""A build of the bundled corpus for the benchmarks that need one: the given instance, or a fresh
`casegraph build` in a temporary folder removed when the benchmark ends."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed_instance(instance: str | None) -> tuple[str, tempfile.TemporaryDirectory | None]:
    """-> (instance path, the temporary folder to clean up, or None when one was given)."""
    if instance:
        return instance, None
    tmp = tempfile.TemporaryDirectory()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casegraph.cli",
            "build",
            str(ROOT / "corpus"),
            "--instance",
            tmp.name,
        ],
        check=True,
        capture_output=True,
    )
    return tmp.name, tmp
