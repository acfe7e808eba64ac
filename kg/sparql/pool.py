"""Run SPARQL queries in worker processes (casegraph.kg.sparql.worker) so a time limit can be
enforced: a query that runs too long is stopped by ending its worker (Oxigraph has no query
timeout).

In front of the workers is a bounded queue: a request that finds every worker busy and the queue
full is refused at once (QueueFull -> 503 with Retry-After), so SPARQL never holds more web
threads than ``workers + queue``. The time limit counts from arrival, waiting and the worker's
check of the text (SERVICE, updates) included. A rebuild or ``casegraph load`` changes the
store's stamp; workers opened on an older store are replaced before their next query. With no
store path (a remote graph server) the workers only check texts (``check``)."""

from __future__ import annotations

import logging
import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from casegraph.core.errors import CasegraphError, NotAcceptableError, UnavailableError

from .check import Forbidden
from .frames import read_frame

log = logging.getLogger(__name__)
CHUNK = 1 << 16


class QueryTimeout(UnavailableError):
    pass


class QueryFailed(CasegraphError):
    """A query the store rejected (syntax error, unsupported feature); one-line message."""


class QueueFull(UnavailableError):
    headers = {"Retry-After": "2"}


class NotAcceptable(NotAcceptableError):
    pass


@dataclass
class Job:
    query: str
    formats: dict  # {"tabular": "json" | None, "graph": "turtle" | None, "why": message}
    row_limit: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    base_iri: str | None = None


@dataclass
class Answer:
    media: str
    truncated: bool
    kind: str
    chunks: Iterator[bytes]


class _Worker:
    def __init__(self, store_path: str | None, spool: str, memory_mb: int, stamp: object) -> None:
        self.stamp = stamp
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "casegraph.kg.sparql.worker",
                store_path or "",
                spool,
                str(memory_mb),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "RUST_BACKTRACE": "0"},  # one line, not a backtrace, on abort
        )
        self.fd = self.proc.stdout.fileno()
        self.ready = None

    def wait_ready(self, deadline: float) -> None:
        if self.ready is None:
            self.ready = self.read(deadline)
            if not self.ready.get("isolated"):
                log.warning("SPARQL worker %s runs with network access (no namespace)", self.ready)

    def started(self, deadline: float) -> bool:
        """Ready for a job; False when it died before it was."""
        try:
            self.wait_ready(deadline)
        except (EOFError, OSError, pickle.UnpicklingError):
            self.proc.wait()
            return False
        return True

    def read(self, deadline: float):
        left = deadline - time.monotonic()
        ready, _, _ = select.select([self.fd], [], [], max(left, 0))
        if not ready:
            raise QueryTimeout
        return read_frame(self.fd)

    def stop(self, spool: str) -> None:
        self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            f.close()
        for name in os.listdir(spool):
            if name.startswith(f"{self.proc.pid}-"):
                os.unlink(os.path.join(spool, name))


class QueryPool:
    def __init__(
        self,
        store_path: str | None,
        workers: int = 2,
        timeout: float = 10.0,
        queue: int = 2,
        memory_mb: int = 2048,
        stamp: Callable[[], object] = lambda: None,
    ) -> None:
        self.path, self.timeout, self.memory_mb, self.stamp = store_path, timeout, memory_mb, stamp
        self.spool = tempfile.mkdtemp(prefix="casegraph-sparql-")
        self.capacity = workers + queue
        self._inside = 0
        self._lock = threading.Lock()
        self._sem = threading.Semaphore(workers)
        current = stamp()
        self._idle = [self._start(current) for _ in range(workers)]

    def _start(self, stamp: object) -> _Worker:
        return _Worker(self.path, self.spool, self.memory_mb, stamp)

    def _take(self) -> _Worker:
        current = self.stamp()
        with self._lock:
            worker = self._idle.pop()
        if worker.stamp != current:  # the store was rebuilt or added to since it opened
            worker.stop(self.spool)
            worker = self._start(current)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop(self.spool)
        self._give_back(self._start(self.stamp()))

    def run(self, job: Job) -> Answer:
        """Run ``job``; the answer's chunks must be consumed or closed (the worker is free again
        before they are, so a slow client holds no worker)."""
        return self._answer(self._reply(job))

    def check(self, query: str) -> str:
        """Check a text for a remote store (Forbidden for SERVICE or an update) in a worker, under
        the same time limit and queue as a query. -> its form: tabular, graph or unknown."""
        reply = self._reply(Job(query, {}, 0))
        if reply["status"] != "checked":
            self._answer(reply)  # raises for forbidden
        return reply["form"]

    def _reply(self, job: Job) -> dict:
        deadline = time.monotonic() + self.timeout
        with self._lock:
            if self._inside >= self.capacity:
                raise QueueFull(
                    f"the SPARQL endpoint is busy ({self.capacity} queries running or waiting); "
                    "try again shortly"
                )
            self._inside += 1
        try:
            if not self._sem.acquire(timeout=max(deadline - time.monotonic(), 0)):
                raise QueryTimeout(self._late())
            try:
                reply = self._ask(job, deadline)
            finally:
                self._sem.release()
        finally:
            with self._lock:
                self._inside -= 1
        return reply

    def _late(self) -> str:
        return (
            f"the query ran longer than the {self.timeout:g} s time limit "
            "(waiting and checking included)"
        )

    def _ask(self, job: Job, deadline: float) -> dict:
        worker = self._take()
        try:
            if not worker.started(deadline):
                # it died while starting (a fork refused under load) and had no job: a fresh one
                self._replace(worker)
                worker = self._take()
                worker.wait_ready(deadline)
            worker.proc.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            worker.proc.stdin.flush()
            reply = worker.read(deadline)
        except QueryTimeout:
            self._replace(worker)
            raise QueryTimeout(self._late()) from None
        except (EOFError, BrokenPipeError, OSError, pickle.UnpicklingError):
            code = worker.proc.wait()
            self._replace(worker)
            raise QueryFailed(self._stopped(code)) from None
        self._give_back(worker)
        return reply

    def _stopped(self, code: int) -> str:
        """Why a worker died: an allocation past the address-space cap aborts it (SIGABRT, from
        Rust's allocator); any other signal came from outside (an operator, the OOM killer)."""
        if code == -signal.SIGABRT and self.memory_mb:
            return (
                f"the query needed more than the {self.memory_mb} MB memory limit "
                "(its worker stopped with SIGABRT)"
            )
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            return f"the query's worker was stopped by signal {name} before it answered"
        return f"the query's worker exited with status {code} before it answered"

    def _answer(self, reply: dict) -> Answer:
        status = reply["status"]
        if status == "forbidden":
            raise Forbidden(reply["message"], reply["code"])
        if status == "syntax":
            raise QueryFailed(f"SPARQL syntax error: {reply['message']}")
        if status == "unacceptable":
            raise NotAcceptable(reply["message"])
        if status != "ok":
            raise QueryFailed(f"query failed: {reply['message']}")
        if reply["path"] is None:
            chunks = iter([reply["body"]])
        else:
            chunks = _file_chunks(reply["path"])
        return Answer(reply["media"], reply["truncated"], reply["kind"], chunks)

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for w in workers:
            try:
                w.proc.stdin.close()
                w.proc.wait(timeout=2)
                w.proc.stdout.close()
            except (OSError, subprocess.TimeoutExpired):
                w.stop(self.spool)
        shutil.rmtree(self.spool, ignore_errors=True)


def _file_chunks(path: str) -> Iterator[bytes]:
    """Stream a spool file and remove it, also when the client goes away half way."""
    f = open(path, "rb")  # noqa: SIM115 - closed in the generator's finally
    os.unlink(path)
    return _read_chunks(f)


def _read_chunks(f) -> Iterator[bytes]:
    try:
        while chunk := f.read(CHUNK):
            yield chunk
    finally:
        f.close()
