"""Fault injection for the reliability tests: with ``CASEGRAPH_CRASH_AT=<stage>`` in the
environment, a build kills itself with SIGKILL (as ``kill -9`` would) when it reaches that
stage. Stages: ingested, extracting, store-loaded (graph.new written, not swapped), swapped
(graph in place, state not written), index-written (index.new written, not swapped).
Any stage may call ``reached``; it does nothing unless the variable is set."""

from __future__ import annotations

import os
import signal


def reached(stage: str) -> None:
    if os.environ.get("CASEGRAPH_CRASH_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)
