"""Run SPARQL queries in worker processes so a time limit can be enforced: a query that runs
too long is stopped by ending its worker (Oxigraph has no query timeout of its own).

Workers are ``python -m kg.queryworker STORE``; jobs and answers are pickled over their pipes."""

from __future__ import annotations

import pickle
import select
import subprocess
import sys
import threading
from dataclasses import dataclass


class QueryTimeout(Exception):
    pass


class QueryFailed(Exception):
    """A query the store rejected (syntax error, unsupported feature); one-line message."""


@dataclass
class Job:
    query: str
    fmt: str
    row_limit: int
    default_graphs: list[str]
    named_graphs: list[str]
    base_iri: str | None = None


class QueryPool:
    def __init__(self, store_path: str, workers: int = 2, timeout: float = 10.0) -> None:
        self.path = store_path
        self.timeout = timeout
        self._idle: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._sem = threading.Semaphore(workers)
        for _ in range(workers):
            self._idle.append(self._start())

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "kg.queryworker", self.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )

    @staticmethod
    def _stop(proc: subprocess.Popen) -> None:
        proc.kill()
        proc.wait()
        for f in (proc.stdin, proc.stdout):
            if f is not None:
                f.close()

    def run(self, job: Job) -> tuple[bytes, str, bool, str]:
        with self._sem:
            with self._lock:
                proc = self._idle.pop()
            try:
                pickle.dump(job, proc.stdin)
                ready, _, _ = select.select([proc.stdout], [], [], self.timeout)
                if not ready:
                    self._stop(proc)
                    proc = self._start()
                    raise QueryTimeout(
                        f"the query ran longer than the {self.timeout:g} s time limit"
                    )
                status, payload = pickle.load(proc.stdout)
            except (EOFError, BrokenPipeError, OSError, pickle.UnpicklingError):
                self._stop(proc)
                proc = self._start()
                raise QueryFailed("the query worker stopped unexpectedly") from None
            finally:
                with self._lock:
                    self._idle.append(proc)
        if status == "ok":
            return payload
        if status == "syntax":
            raise QueryFailed(f"SPARQL syntax error: {payload}")
        raise QueryFailed(f"query failed: {payload}")

    def close(self) -> None:
        with self._lock:
            for proc in self._idle:
                try:
                    proc.stdin.close()
                    proc.wait(timeout=2)
                    proc.stdout.close()
                except (OSError, subprocess.TimeoutExpired):
                    self._stop(proc)
            self._idle.clear()
