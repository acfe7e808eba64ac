"""A SPARQL worker process: ``python -m casegraph.kg.sparql.worker STORE SPOOL MEMORY_MB``.

Before it opens the store it cuts itself off from the network (a new, empty network namespace:
no interface but a loopback that is down), caps its address space and lowers its CPU priority,
so that a query can neither reach another host nor starve the web server. It reads pickled Jobs
on stdin and answers on stdout in frames (see casegraph.kg.sparql.frames): a header, then the
body, either inline or as a file in SPOOL for large results, so the server streams them without
holding them and without holding the worker.

Each job is first checked here (casegraph.kg.sparql.check: SERVICE and updates, on rdflib's
parse), so the check runs under the query's time limit and queue, one parse per process at a
time. With STORE empty the worker opens no store and only checks (for a remote graph server)."""

from __future__ import annotations

import ctypes
import io
import os
import pickle
import resource
import signal
import sys
import tempfile

from .frames import write_frame

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
INLINE_MAX = 1 << 20  # results up to 1 MiB go through the pipe; larger ones through a spool file


def isolate_network() -> bool:
    """Enter a new network namespace (as root directly, else inside a new user namespace);
    False when the kernel refuses both."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Spool:
    """Collects a response in memory, moving it to a file in ``folder`` once it is large."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.buf = io.BytesIO()
        self.file = None

    def write(self, data: bytes) -> int:
        if self.file is None and self.buf.tell() + len(data) > INLINE_MAX:
            self.file = tempfile.NamedTemporaryFile(
                dir=self.folder, prefix=f"{os.getpid()}-", suffix=".part", delete=False
            )
            self.file.write(self.buf.getvalue())
            self.buf = io.BytesIO()
        return (self.file or self.buf).write(data)

    def flush(self) -> None:
        pass

    def finish(self) -> tuple[bytes | None, str | None]:
        if self.file is None:
            return self.buf.getvalue(), None
        self.file.close()
        return None, self.file.name


def answer(store, job, spool_dir: str) -> dict:
    import pyoxigraph as ox

    from ..store import PREFIXES
    from .check import READ_ONLY, Forbidden, check_query, is_update, may_be_update
    from .results import write_result

    try:
        checked = check_query(job.query)
    except Forbidden as e:
        return {"status": "forbidden", "code": e.status, "message": str(e)}
    if store is None:  # a check for a remote store, which would run an update
        if may_be_update(job.query) and is_update(job.query):
            return {"status": "forbidden", "code": 403, "message": READ_ONLY}
        return {"status": "checked", "form": checked.form}

    kw = {}
    if job.default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif job.default_graphs:
        kw["named_graphs"] = []
    if job.base_iri:
        kw["base_iri"] = job.base_iri
    try:
        result = store.query(job.query, prefixes=PREFIXES, **kw)
        spool = Spool(spool_dir)
        media, truncated, kind = write_result(result, job.formats, job.row_limit, spool)
    except SyntaxError as e:
        if is_update(job.query):  # the read-only store calls an update a syntax error
            return {"status": "forbidden", "code": 403, "message": READ_ONLY}
        return {"status": "syntax", "message": str(e).splitlines()[0]}
    except LookupError as e:  # no acceptable format for this kind of result
        return {"status": "unacceptable", "message": str(e)}
    except MemoryError:
        return {"status": "memory", "message": "the query needed more memory than allowed"}
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        return {
            "status": "error",
            "message": str(e).splitlines()[0] if str(e) else type(e).__name__,
        }
    body, path = spool.finish()
    return {
        "status": "ok",
        "media": media,
        "truncated": truncated,
        "kind": kind,
        "body": body,
        "path": path,
    }


def main(path: str, spool_dir: str, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on the server: the server stops us
    isolated = isolate_network()
    limit_memory(memory_mb)
    os.nice(10)
    import pyoxigraph as ox

    from .check import preload

    preload()
    store = ox.Store.read_only(path) if path else None
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    write_frame(out, {"status": "ready", "isolated": isolated, "pid": os.getpid()})
    while True:
        try:
            job = pickle.load(inp)
        except EOFError:
            return
        write_frame(out, answer(store, job, spool_dir))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
