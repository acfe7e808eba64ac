"""Builds on Ray (`casegraph build --ray [ADDRESS]`): reading files, extraction and embedding run
as Ray Data stages on the cluster's workers (or a local Ray with ``workers`` CPUs when no address
is given); everything else — the corpus manifest, the facts cache, the store load, the index
files — stays in this process, through the same code as a local build, so the graph and index
are the same.

What crosses to the workers: file paths (the files must be readable at the same paths on every
node, e.g. a shared mount), pickled articles, and texts; what comes back: pickled read results,
N-Triples texts and vectors."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

from casegraph.core.errors import UnavailableError


class RayUnavailable(UnavailableError):
    pass


def _read_batch(batch: dict, max_bytes: int, max_chars: int) -> dict:
    from casegraph.ingest import read_path

    items = [
        pickle.dumps(list(read_path(Path(p), max_bytes=max_bytes, max_chars=max_chars)))
        for p in batch["path"]
    ]
    return {"i": batch["i"], "items": np.array(items, dtype=object)}


def _extract_batch(batch: dict) -> dict:
    from casegraph.kg.graph.build import facts_text

    arts = [pickle.loads(a) for a in batch["article"]]
    return {
        "id": np.array([a.id for a in arts], dtype=object),
        "nt": np.array([facts_text(a) for a in arts], dtype=object),
    }


class _Embedder:
    """A Ray actor holding one encoder (loaded once per worker); ``name`` is set on a subclass
    (no constructor arguments: nothing for the actor to lose from the object store)."""

    name = ""

    def __init__(self) -> None:
        from casegraph.search.encoders import get_encoder

        self.encoder = get_encoder(self.name)

    def __call__(self, batch: dict) -> dict:
        vecs = self.encoder.encode_passages([str(t) for t in batch["text"]])
        return {"i": batch["i"], "vector": np.asarray(vecs, np.float32)}


class RayStages:
    """``with RayStages(address, workers) as ray_stages:`` then pass its methods to the build."""

    def __init__(self, address: str | None = None, workers: int = 2, batch: int = 16) -> None:
        self.address, self.workers, self.batch = address, workers, batch

    def __enter__(self) -> RayStages:
        try:
            import ray
        except ImportError:
            raise RayUnavailable(
                "Ray is not installed; `pip install 'casegraph[ray]'` (or `make dev`) adds it"
            ) from None
        import logging

        kw = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.WARNING,
            "configure_logging": True,
        }
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # C++ notes meant for Ray's devs
        try:
            if self.address:
                ray.init(address=self.address, **kw)
            else:
                ray.init(num_cpus=self.workers, **kw)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise RayUnavailable(f"cannot join the Ray cluster at {self.address}: {e}") from None
        ctx = ray.data.DataContext.get_current()
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # after ray.data set its own
        ctx.enable_progress_bars = False  # the build's own progress display says it
        ctx.verbose_progress = False
        if self.address:  # the cluster's CPUs, not this machine's
            self.workers = max(1, int(ray.cluster_resources().get("CPU", self.workers)))
        return self

    def __exit__(self, *exc) -> None:
        import ray

        ray.shutdown()

    def read(self, paths: list[Path], max_bytes: int, max_chars: int) -> list[list]:
        """Per file, in order, what casegraph.ingest.read_path gives (articles and problems)."""
        import ray

        if not paths:
            return []
        ds = ray.data.from_items([{"i": i, "path": str(p)} for i, p in enumerate(paths)])
        rows = ds.map_batches(
            _read_batch, fn_kwargs={"max_bytes": max_bytes, "max_chars": max_chars}, batch_size=1
        ).take_all()
        by = {int(r["i"]): pickle.loads(r["items"]) for r in rows}
        return [by[i] for i in range(len(paths))]

    def extract(self, articles: list) -> dict[str, str]:
        """Article id -> the N-Triples of its facts."""
        import ray

        if not articles:
            return {}
        ds = ray.data.from_items([{"article": pickle.dumps(a)} for a in articles])
        rows = ds.map_batches(_extract_batch, batch_size=8).take_all()
        return {str(r["id"]): str(r["nt"]) for r in rows}

    def embedder(self, encoder_name: str):
        """A function texts -> vectors (in order) that embeds on ``workers`` encoder actors."""

        def encode_many(texts: list[str]) -> np.ndarray:
            import ray

            ds = ray.data.from_items([{"i": i, "text": t} for i, t in enumerate(texts)])
            rows = ds.map_batches(
                type("Embedder", (_Embedder,), {"name": encoder_name}),
                batch_size=self.batch,
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=1,
            ).take_all()
            out = np.zeros((len(texts), len(rows[0]["vector"])), np.float32)
            for r in rows:
                out[int(r["i"])] = r["vector"]
            return out

        return encode_many
