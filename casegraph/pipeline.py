"""`casegraph build`: corpus -> graph -> index, one progress display, final counts."""

from __future__ import annotations

from pathlib import Path

import click

from casegraph.core.faults import reached

from .progress import Progress


def run_build(paths: list[str], cfg: dict, prune: bool = False, stages=None) -> int:
    """Returns the exit status: non-zero only when nothing usable was read. With no ``paths``
    the sources remembered by the instance are read (the corpus setting for a new instance)."""
    from casegraph.core.segment import Segmenter
    from casegraph.kg.graph.build import build_graph, facts_missing
    from casegraph.kg.store import GraphStore
    from casegraph.search.build import build_index, dense_texts
    from casegraph.search.current import index_current
    from casegraph.search.encoders import get_encoder
    from casegraph.search.records import passage_records
    from casegraph.search.vectors import VectorCache, content_key

    instance = Path(cfg["instance"])
    instance.mkdir(parents=True, exist_ok=True)
    corpus, report = _ingest(instance, paths, cfg, prune, stages)
    if not report.total:
        return 1
    articles = list(corpus.articles.values())
    try:
        encoder = get_encoder(cfg["encoder"], threads=cfg["encoder_threads"])
    except (ValueError, RuntimeError, OSError) as e:
        raise click.ClickException(str(e)) from None
    from .encoder_choice import record_encoder

    record_encoder(instance, encoder.name)
    n_extract = facts_missing(instance, articles)
    texts = dense_texts(
        [{"heading": p.heading, "text": p.text} for a in articles for p in a.passages],
        sentences=encoder.sentence_encoder() is encoder,
    )
    n_passages = sum(len(a.passages) for a in articles)
    cache = VectorCache(instance / "search" / "cache", encoder.cache_id)
    n_embed = len(cache.missing([content_key(t) for t in texts]))
    del cache
    progress = Progress([("extracting", n_extract), ("embedding", n_embed)])
    digest = corpus.digest()
    counts = build_graph(
        instance,
        articles,
        progress=progress.callback("extracting"),
        digest=digest,
        extract_many=stages.extract if stages is not None else None,
    )
    current = index_current(instance, encoder, n_passages, cfg["ann"], digest)
    idx = None
    if not current or counts["triples"] is not None or report.changed:
        records = passage_records(articles, GraphStore(instance))
        idx = build_index(
            instance,
            records,
            encoder,
            Segmenter(engine=cfg["segmenter"]),
            ann=cfg["ann"],
            progress=progress.callback("embedding"),
            digest=digest,
            encode_many=stages.embedder(encoder.name) if stages is not None else None,
        )
    progress.close()
    if cfg.get("store"):
        from casegraph.kg.graph.build import push_graph

        n = push_graph(instance, articles, cfg["store"])
        click.echo(f"graph server {cfg['store']}: {n} statements loaded", err=True)
    kept = "graph unchanged" if counts["triples"] is None else f"{counts['triples']} triples"
    click.echo(
        f"graph: {counts['extracted']} articles extracted, {counts['cached']} cached, "
        f"{counts['removed']} removed; {kept}",
        err=True,
    )
    if idx is None:
        click.echo("index: unchanged", err=True)
    else:
        click.echo(
            f"index: {idx['passages']} passages, {idx['sentences']} sentences ({idx['embedded']} "
            f"embedded, {idx['cached']} from cache) with {encoder.name}",
            err=True,
        )
    return 0


def _ingest(instance: Path, paths: list[str], cfg: dict, prune: bool, stages):
    """Update the instance's corpus from ``paths`` (or the sources it remembers) and say what
    changed. -> (corpus, report)"""
    from casegraph.ingest.corpus import Corpus

    corpus = Corpus(instance, repair=True)
    for what in corpus.repaired:
        click.echo(f"warning: {what}; every source file is read again", err=True)
    if not paths and not corpus.sources:
        paths = [cfg["corpus"]]
    max_bytes = cfg["max_file_mb"] * 1024 * 1024
    reader = None
    if stages is not None:  # casegraph.distributed.RayStages: read, extract, embed on Ray

        def reader(ps):
            return stages.read(ps, max_bytes, cfg["passage_chars"])

    report = corpus.update(
        paths, max_bytes=max_bytes, max_chars=cfg["passage_chars"], prune=prune, reader=reader
    )
    for p in report.problems + report.duplicates:
        click.echo(str(p), err=True)
    click.echo(
        f"articles: {report.total} ({len(report.added)} added, {len(report.removed)} removed); "
        f"files: {report.files_read} read, {report.files_unchanged} unchanged, "
        f"{report.files_removed} removed; {len(report.duplicates)} duplicates, "
        f"{sum(p.fatal for p in report.problems)} skipped",
        err=True,
    )
    reached("ingested")
    if report.kept_missing:
        click.echo(
            f"kept {report.kept_missing} articles whose files are gone; "
            "`casegraph build --prune` removes them",
            err=True,
        )
    return corpus, report
