"""Which encoder a build uses: the one named for this build (``--encoder``, ``CASEGRAPH_ENCODER``
or ``ENCODER`` in the instance's config.py), else the one the instance was built with, else the
default. The instance records its encoder in ``search/encoder.json`` (kept apart from the index,
so a damaged index does not forget it; an index's meta.json is read when the record is missing),
and a build that changes it says that every passage is embedded again."""

from __future__ import annotations

import json
from pathlib import Path

from casegraph.core.files import replace_file
from casegraph.core.settings import explicit_setting

RECORD = Path("search") / "encoder.json"


def remembered_encoder(instance: str | Path) -> str | None:
    """The encoder the instance was last built with, or None for a new instance."""
    for path, key in ((RECORD, "encoder"), (Path("search") / "index" / "meta.json", "encoder")):
        try:
            value = json.loads((Path(instance) / path).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, str) and value:
            return value
    return None


def choose_encoder(cfg: dict, given: str | None) -> tuple[str, str | None]:
    """-> (encoder for this build, a line to show or None). ``given``: the --encoder option."""
    before = remembered_encoder(cfg["instance"])
    named = given or explicit_setting("encoder", cfg["instance"])
    if named is None:
        return before or cfg["encoder"], None
    if before is not None and named != before:
        return named, (
            f"encoder: {before} -> {named}; the index is rebuilt and every passage re-embedded "
            f"with {named} (vectors {named} made before are reused)"
        )
    return named, None


def record_encoder(instance: str | Path, name: str) -> None:
    path = Path(instance) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, lambda fh: json.dump({"encoder": name}, fh))
