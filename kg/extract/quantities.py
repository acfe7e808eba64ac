"""Reported quantities: value normalized (万/亿/%/Chinese numerals/ranges), unit normalized,
hedges (余/多/左右/近/约/以上) marked approximate, and a label of what was counted.

Dates, years, ordinals (第二届), numbers inside quoted names (“26条”, “四个一批”) and lone
one-digit Chinese numerals (两项制度, 三位一体: names, not results) are not quantities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from ingest.segment import default_segmenter
from ingest.text import HAN
from kg.extract.text import quoted_spans

_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"\d+(?:\.\d+)?|[{_CN}]+"
# longest units first; 名 is normalized to 人
_UNITS = tuple(
    """
    平方公里 平方米 人次 场次 户次 万元 亿元 公里 小时 元 人 名 个 次 户 份 件 场 亩 家 所 支 期 篇 项 条 间 倍 种 吨 套 座 批 处 辆 台 头 只 株 天
    岁 % ％
    """.split()
)
_UNIT_RE = "|".join(map(re.escape, _UNITS))
QUANTITY = re.compile(
    rf"(?P<pre>近|约|超过|超|逾|将近|接近|大约|不少于|不低于)?"
    rf"(?P<num>{_NUM})(?:\s*(?P<sep>[—–\-~～至到])\s*(?P<num2>{_NUM}))?"
    rf"(?P<h1>余|多)?(?P<mag>万亿|千万|百万|万|亿|千)?(?P<h2>余|多)?"
    rf"(?P<unit>{_UNIT_RE})?(?P<post>左右|以上|余|多)?"
)
QUANTITY_TAIL = re.compile(rf"(?:{_NUM})(?:余|多)?(?:万|亿|千)?(?:{_UNIT_RE})?(?:总计|共计)?$")
_NOT_AFTER = re.compile(r"^(?:年|月|日|号|时|分|届|代|级|岁以下|周年|大|型|类|级|点|版|季度|年度)")
_MAG = {"万": 10**4, "亿": 10**8, "千": 10**3, "百万": 10**6, "千万": 10**7, "万亿": 10**12}
_UNIT_NORMAL = {"名": "人", "万元": "元", "亿元": "元", "％": "%", "场": "场次"}
_CLASSIFIERS = {
    "种",
    "个",
    "所",
    "家",
    "支",
    "项",
    "条",
    "件",
    "份",
    "间",
    "场次",
    "期",
    "篇",
    "处",
    "座",
    "批",
    "台",
    "套",
    "辆",
    "头",
    "只",
    "株",
}
_SCOPE = re.compile(
    r"^(?:全市|全县|全区|全旗|全省|全镇|全乡|各级|市级层面|市县两级|累计|共计|共|先后|已经|已|"
    r"目前|其中|同时|通过|今年以来|年来|\d+年来|\d+年以来)+"
)
_VERBS = (
    "推动",
    "实现",
    "带动",
    "完成",
    "建设",
    "建成",
    "组建",
    "举办",
    "开展",
    "组织",
    "培训",
    "选派",
    "吸引",
    "注入",
    "投入",
    "发放",
    "新建",
    "设立",
    "创建",
    "打造",
    "储备",
    "回引",
    "选聘",
    "招聘",
    "调整",
    "遴选",
    "争取",
    "落实",
    "配齐配强",
    "配备",
    "成立",
    "设置",
    "划分",
    "解决",
    "化解",
    "受理",
    "整合",
    "实施",
    "创办",
    "培养",
    "发展",
    "评选",
    "拿出",
    "腾退",
    "结亲",
    "入户",
    "聘任",
    "吸纳",
    "安排",
    "覆盖",
    "建立",
    "支持",
    "扶持",
    "宣讲",
    "刊发",
    "服务",
    "举行",
    "召开",
    "开通",
    "签约",
    "表彰",
    "提拔",
)
_VERBS = frozenset(_VERBS)
_TRAIL = re.compile(
    r"(?:达到|达|为|超过|突破|增加到|增加|增长|提高到|提高|提升|共计|共|累计|约|近|有|"
    r"总计|总数|合计|占|以上的|的|分别)+$"
)
_CUT_AFTER = re.compile(
    r"实现|达到|受益|参加|参与|覆盖|获得|开展|进行|纳入|到村|回村|进入|走上|任职|完成|"
    r"带动|成立|建立|参训|以上|左右|的"
)
_NOUN_AFTER = re.compile(rf"^[{HAN}“”]{{1,14}}?(?=[，。；、：（）\s]|和|及|与|等|$)")
_SUFFIX = {
    "元": "金额",
    "%": "占比",
    "平方米": "面积",
    "平方公里": "面积",
    "亩": "面积",
    "次": "次数",
    "人次": "人次",
    "场次": "场次",
    "户次": "户次",
    "倍": "倍数",
    "岁": "年龄",
    "天": "天数",
    "小时": "时长",
    "公里": "里程",
}


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


def _to_decimal(num: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return Decimal(num)
    if len(num) == 1 or not re.search("[十百千]", num):
        return None  # 两项, 三位一体: a name, not a count
    try:
        return Decimal(str(cn2an.cn2an(num, "strict")))
    except (ValueError, KeyError):
        return None


def _normalize(v: Decimal) -> Decimal:
    v = v.normalize()
    return v.quantize(Decimal(1)) if v == v.to_integral() else v


def _place_names() -> dict:
    from kg.extract.gazetteer import load

    return load().by_name


def _strip_place(text: str) -> str:
    names = _place_names()
    for k in range(min(len(text) - 1, 12), 1, -1):
        if text[:k] in names:
            return text[k:]
    return text


def _subject(before: str) -> str:
    """What a number counts, from the clause text before it: 推动全县村党组织领办合作社 -> 村党组织领办合作社."""
    before = _TRAIL.sub("", QUANTITY_TAIL.sub("", _TRAIL.sub("", before)))
    before = _strip_place(_SCOPE.sub("", _strip_place(before)))
    tokens = default_segmenter().cut(before)
    verbs = [i for i, t in enumerate(tokens) if t in _VERBS]
    if verbs:
        last = verbs[-1]
        if last < len(tokens) - 1:
            before = "".join(tokens[last + 1 :])
        else:  # the verb ends the clause: keep what it acts on with it (财政注入 -> 财政注入金额)
            prev = verbs[-2] + 1 if len(verbs) > 1 else 0
            before = "".join(tokens[prev:])
    return _TRAIL.sub("", _SCOPE.sub("", before)).strip("的、 ")


def _indicator(sentence: str, start: int, end: int, unit: str, prev: str | None) -> str:
    clause_start = max(sentence.rfind(c, 0, start) for c in "，。；：、（）,;") + 1
    subject = _subject(sentence[clause_start:start])
    after = sentence[end:]
    noun = ""
    if (m := _NOUN_AFTER.match(after)) is not None:
        noun = m.group(0)
        if (cut := _CUT_AFTER.search(noun)) is not None:
            noun = noun[: cut.start()]
        noun = noun if len(noun.strip("“”")) >= 1 and noun.count("“") == noun.count("”") else ""
    suffix = _SUFFIX.get(unit, "数")
    if unit == "%":
        base = (
            subject
            if subject not in ("", "占比", "比例", "占")
            else (prev or "").removesuffix("数")
        )
        return base + "占比" if base else "占比"
    if unit == "元":
        base = subject or noun
        return (
            base
            if base.endswith(("资金", "金额", "收入", "经费", "投入", "补贴", "奖金"))
            else base + "金额"
        )
    head = noun if noun and unit not in ("次", "平方米", "平方公里", "亩") else subject
    head = head or subject or noun
    if not head:
        return f"{unit}{suffix}"
    if head in _VERBS and unit == "人":
        suffix = "人数"
    return head + suffix if not head.endswith(suffix) else head


def find_quantities(sentence: str) -> list[Quantity]:
    """All quantities reported in one sentence (offsets relative to the sentence)."""
    quoted = quoted_spans(sentence)
    out: list[Quantity] = []
    prev_indicator: str | None = None
    for m in QUANTITY.finditer(sentence):
        if not m.group("unit") and not m.group("mag"):
            continue
        s, e = m.span()
        if s > 0 and sentence[s - 1] in "第No.":
            continue
        if s > 0 and (sentence[s - 1].isdigit() or sentence[s - 1] in "．."):
            continue
        if any(a <= s < b for a, b in quoted):
            continue
        if not m.group("unit") and _NOT_AFTER.match(sentence[e:]):
            continue
        value = _to_decimal(m.group("num"))
        if value is None:
            continue
        value_max = _to_decimal(m.group("num2")) if m.group("num2") else None
        unit = m.group("unit") or ""
        mult = Decimal(_MAG.get(m.group("mag") or "", 1))
        if unit in ("万元", "亿元"):
            mult *= _MAG[unit[0]]
        unit = _UNIT_NORMAL.get(unit, unit)
        if not unit:  # 15万农户 (15万 with no unit): the noun after says what was counted
            nxt = sentence[e : e + 12]
            unit = (
                "户"
                if re.match(rf"^[{HAN}]{{0,3}}户", nxt)
                else "人"
                if re.match(rf"^[{HAN}]{{0,6}}(人|人员|群众|农民|干部|党员|主体)", nxt)
                else "个"
            )
        if unit == "%":
            mult = Decimal("0.01")
        approx = bool(m.group("pre") or m.group("h1") or m.group("h2") or m.group("post"))
        ind = _indicator(sentence, s, e, unit, prev_indicator)
        v = _normalize(value * mult)
        vmax = _normalize(value_max * mult) if value_max is not None else None
        out.append(Quantity(s, e, m.group(0), v, vmax, unit, approx, ind))
        prev_indicator = ind
    return out
