"""A SPARQL worker process: ``python -m kg.queryworker STORE``; reads pickled Jobs on stdin,
writes pickled (status, payload) answers on stdout. See kg.querypool."""

from __future__ import annotations

import pickle
import sys


def main(path: str) -> None:
    import pyoxigraph as ox

    from .results import serialize
    from .store import PREFIXES

    store = ox.Store.read_only(path)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            job = pickle.load(inp)
        except EOFError:
            return
        try:
            kw = {}
            if job.default_graphs:
                kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
            if job.named_graphs:
                kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
            elif job.default_graphs:
                kw["named_graphs"] = []
            if job.base_iri:
                kw["base_iri"] = job.base_iri
            res = store.query(job.query, prefixes=PREFIXES, **kw)
            answer = ("ok", serialize(res, job.fmt, job.row_limit))
        except SyntaxError as e:
            answer = ("syntax", str(e).splitlines()[0])
        except (OSError, ValueError, RuntimeError, TypeError) as e:
            answer = ("error", str(e).splitlines()[0] if str(e) else type(e).__name__)
        pickle.dump(answer, out)
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1])
