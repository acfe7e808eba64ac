"""Cold start of the CLI: `casegraph search` (a new process each time, so imports, index load and
the first query all count), `casegraph --version` and `casegraph sparql --name`, on a build of
the bundled corpus. Prints the median and the spread of N runs.

    .venv/bin/python benchmarks/cli.py [--instance DIR] [--runs 5]"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import QUERIES, seed_instance  # noqa: E402


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    inst, tmp = seed_instance(a.instance)
    cli = [sys.executable, "-m", "casegraph.cli"]
    cases = {
        "casegraph --version": [*cli, "--version"],
        "casegraph search (cold)": [*cli, "search", QUERIES[0], "--top", "5", "--instance", inst],
        "casegraph sparql --name 1": [
            *cli,
            "sparql",
            "--name",
            "1_article_regions",
            "--instance",
            inst,
        ],
    }
    try:
        timed(cases["casegraph search (cold)"])  # the OS file cache, as a user's second run
        for name, args in cases.items():
            runs = [timed(args) for _ in range(a.runs)]
            print(
                f"{name:28s} median {statistics.median(runs):5.2f} s  "
                f"(min {min(runs):.2f}, max {max(runs):.2f}, {a.runs} runs)"
            )
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
