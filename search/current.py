"""Whether an instance's search index is current: built in this format, from this corpus (its
digest and passage count), with this encoder, ANN setting and segmentation dictionary, and whole
on disk. A build rebuilds an index that is not."""

from __future__ import annotations

from pathlib import Path

from casegraph.core.segment import dictionary_digest

from .build import FORMAT, index_problem, read_meta


def index_current(
    instance: str | Path, encoder, passages: int, ann: str, digest: str | None
) -> bool:
    """``encoder``: the encoder the build uses (its name, and its sentence encoder's);
    ``passages``: the corpus's passage count; ``digest``: the corpus digest (Corpus.digest)."""
    meta = read_meta(instance)
    return not (
        meta is None
        or meta.get("format") != FORMAT
        or meta.get("encoder") != encoder.name
        or meta.get("sentence_encoder", meta.get("encoder")) != encoder.sentence_encoder().name
        or meta.get("count") != passages
        or meta.get("ann") != ann
        or meta.get("articles_digest") != digest
        or meta.get("dictionary") != dictionary_digest()
        or index_problem(instance) is not None
    )
