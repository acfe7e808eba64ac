"""The relevance cut-off (casegraph.search.relevance) on the seed corpus: recall@5 with and
without it on each query set, the size of the relevant set per query, and how many hits
off-topic queries keep: the 18 the floor was set with, and 12 others written afterwards as a check.

    .venv/bin/python benchmarks/relevance.py [--instance DIR]"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import QUERY_SETS, seed_instance  # noqa: E402

from casegraph.search.index import SearchIndex  # noqa: E402

CALIBRATION = "量子计算机 足球联赛 股票行情 新冠疫苗接种 火星探测器 航空母舰 人工智能芯片 房价走势 世界杯预选赛 演唱会门票 减肥食谱 电动汽车续航 天气预报 高考录取分数线 美元汇率 明星八卦 手机游戏攻略 红酒品鉴".split()
CHECK = "钢琴演奏技巧 深海捕捞 半导体光刻机 奥运会金牌榜 咖啡拉花 房贷利率 宠物狗训练 网络游戏防沉迷 卫星发射 油价调整 跨境电商物流 马拉松训练计划".split()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance")
    a = ap.parse_args()
    inst, tmp = seed_instance(a.instance)
    try:
        idx = SearchIndex(inst)
        for name, path in QUERY_SETS.items():
            if not path.exists():
                continue
            qs = json.loads(path.read_text(encoding="utf-8"))
            full = cut = 0.0
            sizes = []
            for q in qs:
                hits = idx.search(q["q"], top=5)
                kept = [h for h in hits if h["relevant"]]
                full += sum(any(m in h["text"] for h in hits) for m in q["markers"]) / len(
                    q["markers"]
                )
                cut += sum(any(m in h["text"] for h in kept) for m in q["markers"]) / len(
                    q["markers"]
                )
                sizes.append(len(idx.search(q["q"], top=200, relevant_only=True)))
            print(
                f"{name:12s} recall@5 {full / len(qs):.3f} without the cut-off, {cut / len(qs):.3f} "
                f"with it; relevant passages per query: median {statistics.median(sizes):g}, "
                f"max {max(sizes)} of {len(idx)}"
            )
        for label, queries in (("calibration", CALIBRATION), ("check", CHECK)):
            kept = {q: len(idx.search(q, top=20, relevant_only=True)) for q in queries}
            nothing = sum(1 for n in kept.values() if n == 0)
            print(
                f"off-topic ({label}): {nothing}/{len(queries)} find nothing; "
                + ", ".join(f"{q} {n}" for q, n in kept.items() if n)
            )
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
