"""`casegraph check`: each part of an instance in one line (the corpus and its sources, the
graph store, the search index), whether it agrees with the corpus, and the command that repairs
what does not."""

from __future__ import annotations

from pathlib import Path


def check_instance(instance: str | Path) -> list[tuple[bool, str]]:
    from casegraph.ingest.corpus import Corpus, CorpusDamaged
    from casegraph.kg.graph.build import graph_state
    from casegraph.kg.store import GraphStore, graph_dir, store_problem
    from casegraph.search.build import index_problem, read_meta

    instance = Path(instance)
    fix = f"`casegraph build --instance {instance}`"
    out: list[tuple[bool, str]] = []
    try:
        corpus = Corpus(instance)
    except CorpusDamaged as e:
        return [(False, f"corpus: {e}")]
    except OSError as e:
        return [(False, f"corpus: {instance / 'ingest'} is unreadable ({e}); {fix} PATH")]
    missing = [s for s in corpus.sources if not Path(s).exists()]
    digest = corpus.digest()
    out.append(
        (
            not missing,
            f"corpus: {len(corpus.articles)} articles from {len(corpus.sources)} sources"
            + (f"; missing: {', '.join(missing)}" if missing else ""),
        )
    )
    state = graph_state(instance)
    if graph_dir(instance).with_name("graph.new").exists():
        out.append((False, f"graph: a load was interrupted (graph.new is left); {fix} redoes it"))
    elif state is None:
        out.append((False, f"graph: no record of what the store holds; {fix} rebuilds it"))
    elif state.get("digest") != digest:
        out.append((False, f"graph: built from another state of the corpus; {fix} updates it"))
    elif problem := store_problem(instance):  # the same test the build uses to rebuild it
        out.append((False, f"graph: {problem}; {fix}"))
    else:
        n = len(GraphStore(instance))
        out.append((True, f"graph: {n} statements, built from this corpus"))
    meta = read_meta(instance)
    problem = index_problem(instance)
    if problem:
        out.append((False, f"index: {problem}; {fix} rewrites it"))
    elif meta.get("articles_digest") != digest:
        out.append((False, f"index: built from another state of the corpus; {fix} updates it"))
    else:
        from casegraph.search.index import IndexError_, SearchIndex

        try:
            idx = SearchIndex(instance)
            out.append(
                (True, f"index: {len(idx)} passages with {meta['encoder']}, built from this corpus")
            )
        except IndexError_ as e:
            out.append((False, f"index: {e}"))
    return out
