"""Reported quantities: value normalized (万/亿/%/Chinese numerals/ranges), unit normalized,
hedges (余/多/左右/近/约/以上) marked approximate, and a label of what was counted.

Dates, years, ordinals (第二届), numbers inside quoted names (“26条”, “四个一批”) and lone
one-digit Chinese numerals (两项制度, 三位一体: names, not results) are not quantities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from casegraph.core.text import HAN
from casegraph.kg.extract.figure_kinds import spoken_kind, within, written_kind
from casegraph.kg.extract.indicators import indicator
from casegraph.kg.extract.numbers import (
    NOT_WORKS,
    TIME_AFTER_GE,
    TIME_UNIT,
    han_number,
    money_talk,
    spoken_quantities,
)
from casegraph.kg.extract.set_phrases import idiomatic
from casegraph.kg.extract.text import quoted_spans
from casegraph.kg.extract.units import (
    _APPROX_PRE,
    _MAG,
    _NOT_AFTER,
    _UNIT_NORMAL,
    QUANTITY,
)

_MONEY_CONTEXT = re.compile(
    r"资金|收入|元|投入|投资|费|钱|补贴|补助|工资|分红|资产|贷款|产值|营收|收益|存款"
    r"|配套|拨付|拨款|筹集|筹措|募集|捐赠|捐款|奖补|融资|集资|垫付|入股|补偿|赔偿|租金"
)
_RANGE_SEP = frozenset("至到—-~～－")


def _clause(sentence: str, s: int, e: int) -> str:
    a = max(sentence.rfind(c, 0, s) for c in "，。；：,;") + 1
    b = min((i for i in (sentence.find(c, e) for c in "，。；,;") if i >= 0), default=len(sentence))
    return sentence[a:b]


# what a figure with no unit counts, by the noun named before it in its clause (the last one wins)
_COUNTED_BEFORE = re.compile(
    rf"(?P<c>人次)|(?P<p>人口|农民|群众|游客|居民|党员|干部|劳动力)|(?P<h>户)(?![{HAN}]*[的])"
)


_CHANGE = re.compile(r"减少|增加|增长|下降|上升|降至|增至|减至|降到|增到")


def _counted_before(sentence: str, s: int) -> str:
    start = max(sentence.rfind(c, 0, s) for c in "，。；！？：") + 1
    last = None
    for found in _COUNTED_BEFORE.finditer(sentence, start, s):
        last = found
    if last is None:
        return ""
    return "人次" if last.group("c") else "人" if last.group("p") else "户"


_FROM = re.compile(r"[从由][^，。；、]*$")  # 从时速35公里到350公里: a change, not a range


def _ranges(out: list[Quantity], sentence: str) -> list[Quantity]:
    """60万元至72万元: two figures of one unit joined by 至/到/— are one range (not after 从 or 由:
    从35公里到350公里 is two figures)."""
    merged: list[Quantity] = []
    for q in out:
        p = merged[-1] if merged else None
        if (
            p is not None
            and p.value_max is None
            and p.unit == q.unit
            and sentence[p.end : q.start] in _RANGE_SEP
            and q.value > p.value
            and not _FROM.search(sentence, max(0, p.start - 8), p.start)
        ):
            surface = sentence[p.start : q.end]
            merged[-1] = Quantity(
                p.start,
                q.end,
                surface,
                p.value,
                q.value,
                p.unit,
                p.approximate or q.approximate,
                p.indicator or q.indicator,
                p.kind,
            )
            continue
        merged.append(q)
    return merged


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets in the sentence
    end: int
    surface: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    approximate: bool
    indicator: str
    kind: str = "value"  # value | approximate | lower_bound | threshold | target


_ONE_DIGIT = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


# a magnitude followed by one digit, as people say it: 一万三 (13,000), 十七万八 (178,000)
_SAID = re.compile(r"(?P<head>.+?)(?P<mag>[万亿千])(?P<d>[一二两三四五六七八九])")


def _to_decimal(num: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return Decimal(num)
    said = _SAID.fullmatch(num)
    if said and len(num) <= 5 and not re.search("[万亿千]", said.group("head")):
        head = _ONE_DIGIT.get(said["head"]) or _to_decimal(said["head"])
        mag = _MAG[said["mag"]]
        return None if head is None else head * mag + _ONE_DIGIT[said["d"]] * mag // 10
    if len(num) == 1 or not re.search("[十百千]", num):
        return None  # 两项, 三位一体: a name, not a count
    if re.search("[一二两三四五六七八九]{2}", num):
        return None  # 两三千: a range as people say it, read by kg/extract/numbers.py
    return han_number(num)  # 两千, 两万五千


def _normalize(v: Decimal) -> Decimal:
    v = v.normalize()
    return v.quantize(Decimal(1)) if v == v.to_integral() else v


def _names(sentence: str) -> list[tuple[int, int]]:
    """Spans of quoted names (“26条”, 《…》): short, without clause punctuation. Quoted speech
    (“…一个月能多收入2000多元。”) is not a name: the figures in it are reported facts."""
    return [
        (a, b)
        for a, b in quoted_spans(sentence)
        if b - a <= 22 and not re.search(r"[，。；！？,;!?]", sentence[a:b])
    ]


def find_quantities(sentence: str) -> list[Quantity]:
    """All quantities reported in one sentence (offsets relative to the sentence)."""
    names = _names(sentence)
    out: list[Quantity] = []
    prev_indicator: str | None = None
    for m in QUANTITY.finditer(sentence):
        if not m.group("unit") and not m.group("mag"):
            continue
        s, e = m.span()
        before = sentence[:s].rstrip()
        if before.endswith(("第", "No", "No.")):
            continue
        if s > 0 and (
            sentence[s - 1].isdigit()
            or sentence[s - 1] in "．."
            or (sentence[s - 1] in ":：" and s > 1 and sentence[s - 2].isdigit())
        ):
            continue  # inside a decimal or a time of day (8:30), not after a colon
        if any(a <= s < b for a, b in names) or idiomatic(sentence, s, e):
            continue
        raw_unit = m.group("unit") or ""
        hedged = bool(m.group("h1") or m.group("h2") or m.group("post") in ("余", "多"))
        if sentence[e : e + 1] == "制" and sentence[e + 1 : e + 2] != "度":
            continue  # 11人制, 三级制: a format, not a count
        if raw_unit == "部" and NOT_WORKS.match(sentence, e):
            continue  # 6部门, 两部委: offices, not works or machines (6部作品, 两部手机)
        if raw_unit == "年" and not hedged:
            continue  # 2021年 is a date; 50多年 is a duration
        if raw_unit == "分" and (before.endswith(("时", "点")) or sentence[e : e + 1] == "钟"):
            continue  # 8时30分 is a time of day
        if not raw_unit and _NOT_AFTER.match(sentence[e:]):
            continue
        if raw_unit == "个" and sentence[e : e + 2].startswith(("亿", "多亿")):
            continue  # 近5个亿: read as money by kg/extract/numbers.py
        num = m.group("num")
        value = _to_decimal(num)
        if value is None and m.group("mag") and num in _ONE_DIGIT:
            value = Decimal(_ONE_DIGIT[num])  # 一万多元, 两千人: one digit with its magnitude
        if value is None:
            continue
        value_max = _to_decimal(m.group("num2")) if m.group("num2") else None
        if raw_unit == "摄氏度" and before.endswith("零下") and not m.group("pre"):
            s, value = s - 2, -value  # 零下20摄氏度: below zero
            value_max = -value_max if value_max is not None else None
        mult = Decimal(_MAG.get(m.group("mag") or "", 1))
        if raw_unit in ("万元", "亿元"):
            mult *= _MAG[raw_unit[0]]
        unit = _UNIT_NORMAL.get(raw_unit, raw_unit)
        follow = sentence[e : e + 1]
        if raw_unit in ("个", "口") and follow == "人":
            unit, e = "人", e + 1  # 12个人, 2400多口人
        elif raw_unit == "个" and (t := TIME_AFTER_GE.match(sentence, e)):
            unit, e = TIME_UNIT[t.group("t")], t.end()  # 6个月, 3个多小时, 5个工作日: a duration
            hedged = hedged or bool(t.group("h") or t.group("post"))
        elif raw_unit == "口" and re.search("[家户]", sentence[max(0, s - 3) : s]):
            unit = "人"  # 一家4口
        elif raw_unit == "块" and (
            not follow or follow in "，。；！？、”钱" or money_talk(sentence, s, e)
        ):
            unit = "元"  # 一斤卖9块
        money_before = bool(out) and out[-1].unit == "元"
        if (
            not unit
            and m.group("mag")
            and (money_before or _MONEY_CONTEXT.search(_clause(sentence, s, e)))
        ):
            if not re.match(rf"^[{HAN}]", sentence[e:]) or sentence[e : e + 1] == "的":
                unit = "元"  # 上级项目资金50万，镇里配套50万: money named by its clause
        if (
            not unit
            and m.group("mag")
            and (not re.match(rf"^[{HAN}]", sentence[e:]) or _CHANGE.match(sentence[e:]))
        ):
            # 贫困人口由172万减少到43万, 卖了2万多: nothing counted after the figure; the noun
            # its clause counts before it, else money spoken of, says what it is
            unit = _counted_before(sentence, s) or ("元" if money_talk(sentence, s, e) else "")
        if not unit:  # 15万农户 (15万 with no unit): the noun after says what was counted
            nxt = sentence[e : e + 12]
            unit = (
                "户"
                if re.match(rf"^[{HAN}]{{0,6}}(?<!客)户", nxt)
                else "人"
                if re.match(
                    rf"^[{HAN}]{{0,6}}(人|人员|群众|农民|干部|党员|主体|游客|职工|学生|民(?!营|宿|族|俗))",
                    nxt,
                )
                else "个"
            )
        if _UNIT_NORMAL.get(raw_unit) == "比例":
            # a share: 87% -> 0.87, 2.7个百分点 -> 0.027, 4.95‰ -> 0.00495
            mult = Decimal("0.001") if raw_unit == "‰" else Decimal("0.01")
        approx = bool(
            (m.group("pre") and re.fullmatch(_APPROX_PRE, m.group("pre")))
            or hedged
            or m.group("post") == "左右"
        )
        kind = "threshold" if within(sentence, e, unit) else written_kind(sentence, m, approx)
        ind = indicator(sentence, s, e, unit, prev_indicator)
        v = _normalize(value * mult)
        vmax = _normalize(value_max * mult) if value_max is not None else None
        surface = sentence[s:e].strip()
        out.append(Quantity(s, e, surface, v, vmax, unit, approx, ind, kind))
        prev_indicator = ind
    return _with_spoken(sentence, out, names)


def _with_spoken(sentence: str, out: list[Quantity], names) -> list[Quantity]:
    """Add the numbers written as people speak them (kg/extract/numbers.py) where no written-out
    figure was read."""
    extra = []
    for q in spoken_quantities(sentence):
        if (
            any(a <= q.start < b for a, b in names)
            or any(x.start < q.end and q.start < x.end for x in out)
            or idiomatic(sentence, q.start, q.end)
        ):
            continue
        ind = indicator(sentence, q.start, q.end, q.unit, None)
        kind = spoken_kind(sentence, q)
        surface = sentence[q.start : q.end]
        extra.append(
            Quantity(
                q.start,
                q.end,
                surface,
                _normalize(q.value),
                None if q.value_max is None else _normalize(q.value_max),
                q.unit,
                q.approximate,
                ind,
                kind,
            )
        )
    return _ranges(sorted([*out, *extra], key=lambda x: x.start), sentence)
