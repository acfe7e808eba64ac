"""Numbers and units: the unit inventory (jionlp's measure-word statistics plus this field's),
the pattern of a quantity with its hedges, magnitudes and range, and unit normalization."""

from __future__ import annotations

import re

from casegraph.core.text import HAN

_CN = "零〇一二两三四五六七八九十百千"
# a number in characters may run on past 万 or 亿 (一万八千, 两万五千, 一万三)
_NUM = rf"\d+(?:\.\d+)?|[{_CN}]+(?:[万亿][{_CN}]+)*"
# words that follow numbers but count no thing: time, ordinals, vague or repeated measure words
_NOT_UNITS = frozenset(
    "年 号 届 周年 代 级 类 点 周 些 起 句 番 遍 顿 趟 步 寸 尺 度 伙 天天 家家 个个 层层 种种 年年 "
    "步步 分分 阵阵 辈子 系列 方 只".split()
)


def _inventory() -> tuple[str, ...]:
    """Units: the measure words jionlp's statistics show after numbers (at least 80% of the
    time, Han characters only), the counting words of this field, and colloquial units."""
    from casegraph.kg.extract.gazetteer import jionlp_file

    units = set()
    for line in jionlp_file("quantifiers_stat.txt").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and float(parts[2]) >= 0.8 and re.fullmatch(rf"[{HAN}]+", parts[0]):
            units.add(parts[0])
    units |= set(
        "人 名 户 个 次 人次 场次 户次 万元 亿元 元 亩 家 所 支 期 篇 项 条 间 倍 种 吨 套 座 批 处 辆 台 "
        "头 只 株 天 小时 公里 平方米 平方公里 岁 斤 公斤 棒 块钱 分 首 百分点 % ％ ‰ "
        "册 瓦 千瓦 字 粒 台套 回 拨 口 周岁 份 块 张 轮 笔 茬 个百分点 单 袋 片 封 列 架 颗 "
        "工作日 例 部".split()
    )
    return tuple(sorted(units - _NOT_UNITS | {"只"}, key=len, reverse=True))


_UNITS = _inventory()
_UNIT_RE = "|".join(map(re.escape, _UNITS))
_BOUND_PRE = "超过|超|逾|突破|不少于|不低于|高于|多于"
_APPROX_PRE = "近|约|将近|接近|大约"
QUANTITY = re.compile(
    rf"(?P<pre>{_APPROX_PRE}|{_BOUND_PRE})?"
    rf"(?P<num>{_NUM})(?:\s?(?P<sep>[—–\-~～至到])\s?(?P<num2>{_NUM}))?"
    rf"\s?(?P<h1>余|多|来)?(?P<mag>万亿|千万|百万|万|亿|千)?(?P<h2>余|多)?"
    rf"\s?(?P<unit>{_UNIT_RE}|年)?(?P<post>左右|以上|余|多)?"
)
QUANTITY_TAIL = re.compile(rf"(?:{_NUM})(?:余|多)?(?:万|亿|千)?(?:{_UNIT_RE})?(?:总计|共计)?$")
_NOT_AFTER = re.compile(r"^(?:年|月|日|号|时|分|届|代|级|岁以下|周年|大|型|类|级|点|版|季度|年度)")
_MAG = {"万": 10**4, "亿": 10**8, "千": 10**3, "百万": 10**6, "千万": 10**7, "万亿": 10**12}
_UNIT_NORMAL = {
    "名": "人",
    "万元": "元",
    "亿元": "元",
    "块钱": "元",
    "％": "比例",
    "%": "比例",
    "‰": "比例",  # per mille: 4.95‰ -> 0.00495
    "百分点": "比例",  # 2.7个百分点: a difference of shares, counted as a share (0.027)
    "个百分点": "比例",
    "场": "场次",
    "千克": "公斤",
    "市斤": "斤",
    "平米": "平方米",
    "千米": "公里",
    "周岁": "岁",
}
