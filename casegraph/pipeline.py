"""`casegraph build`: corpus -> (graph, index) with one progress display and final counts."""

from __future__ import annotations

from pathlib import Path

import click


def run_build(paths: list[str], cfg: dict) -> int:
    """Returns the exit status: non-zero only when nothing usable was read."""
    from ingest.corpus import Corpus

    instance = Path(cfg["instance"])
    instance.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(instance)
    with click.progressbar(length=0, label="reading", show_pos=True, file=None) as bar:

        def progress(name: str) -> None:
            bar.label = f"reading {Path(name).name[:40]}"
            bar.update(1)

        report = corpus.update(
            paths,
            max_bytes=cfg["max_file_mb"] * 1024 * 1024,
            max_chars=cfg["passage_chars"],
            progress=progress,
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
    if not report.total:
        return 1
    from kg.build import build_graph

    with click.progressbar(length=len(corpus.articles), label="extracting facts") as bar:
        counts = build_graph(instance, corpus.articles.values(), progress=bar.update)
    kept = "graph unchanged" if counts["triples"] is None else f"{counts['triples']} triples"
    click.echo(
        f"graph: {counts['extracted']} articles extracted, {counts['cached']} cached, "
        f"{counts['removed']} removed; {kept}",
        err=True,
    )
    return 0
