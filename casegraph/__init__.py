"""casegraph: a knowledge graph and hybrid search over Chinese articles on 抓党建促乡村振兴.

This folder holds the top floor, the CLI and the build pipeline. The repository's other folders
are installed as subpackages of this one (pyproject.toml's package-dir table): core/ is
casegraph.core, ingest/ casegraph.ingest, kg/ casegraph.kg, search/ casegraph.search, cases/
casegraph.cases, analysis/ casegraph.analysis, web/ casegraph.web."""
