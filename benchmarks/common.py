"""What several benchmarks share: the queries they time, the query sets they score, and a build of
the bundled corpus."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XWLB = ROOT.parent / "shared" / "data" / "xwlb.jsonl"

# queries for timing and load only (quality is measured by benchmarks/quality.py); on purpose none
# of them is, or paraphrases, a query of ../shared/eval
QUERIES = [
    "村集体经济增收路径",
    "选派机关干部到村任职",
    "农民技能培训",
    "村党组织领办合作社",
    "网格化管理",
    "乡村振兴示范村建设",
    "驻村第一书记",
    "返乡创业人才",
    "党建引领基层治理",
    "农村人居环境整治",
]

# the query sets with known answers that quality.py and relevance.py score, by name
QUERY_SETS = {
    "dev": ROOT.parent / "shared" / "eval" / "dev_queries.json",
    "extra": ROOT / "tests" / "data" / "extra_queries.json",
    "close": ROOT / "tests" / "data" / "queries_close.json",
    "paraphrased": ROOT / "tests" / "data" / "queries_paraphrased.json",
}


def seed_instance(instance: str | None) -> tuple[str, tempfile.TemporaryDirectory | None]:
    """The given instance, or a fresh `casegraph build` of corpus/ in a temporary folder.
    -> (instance path, the temporary folder to clean up, or None when one was given)."""
    if instance:
        return instance, None
    tmp = tempfile.TemporaryDirectory()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casegraph.cli",
            "build",
            str(ROOT / "corpus"),
            "--instance",
            tmp.name,
        ],
        check=True,
        capture_output=True,
    )
    return tmp.name, tmp


def rural_items(out: Path, limit: int = 0) -> int:
    """Write the news items with a title that mention 乡村 or 党建 (the first ``limit``, 0: all)
    to ``out`` as JSON Lines; -> how many."""
    import json

    n = 0
    with XWLB.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            rec = json.loads(line)
            content = rec.get("content") or ""
            if rec.get("title") and ("乡村" in content or "党建" in content):
                dst.write(line)
                n += 1
                if limit and n >= limit:
                    break
    return n
