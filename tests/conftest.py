from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_articles():
    """The five bundled seed articles, keyed by their file-name prefix (000 .. 004)."""
    from ingest import Article, read_path

    out = {}
    for f in sorted(CORPUS.glob("*.txt")):
        items = list(read_path(f))
        assert len(items) == 1 and isinstance(items[0], Article), items
        out[f.name[:3]] = items[0]
    return out


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()
