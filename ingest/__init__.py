"""Ingestion: files -> normalized Articles with passages (see DESIGN.md, `casegraph ingest`)."""

from __future__ import annotations

from .model import Article, IngestError, Passage, Problem
from .readers import iter_files, read_path

__all__ = ["Article", "Passage", "Problem", "IngestError", "iter_files", "read_path"]
