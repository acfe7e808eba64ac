"""Numbers as people write them in reports and quotes, beside the written-out figures that
kg/extract/quantities.py reads: a count with one Chinese digit (两名干部, 三座大棚), two adjacent
digits as a range (七八万元, 两三千元), 十几, a bare magnitude with its hedge (上万亩, 近百万元,
破千人), shares in 成, fractions (1/3, 三分之二) and 一半, and 个 before 亿 (一个多亿, 近5个亿)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from casegraph.kg.extract.units import _UNIT_NORMAL, _UNITS

_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MAGS = {
    "十": 10,
    "十万": 10**5,
    "百万": 10**6,
    "千万": 10**7,
    "万亿": 10**12,
    "亿": 10**8,
    "万": 10**4,
    "千": 10**3,
    "百": 100,
}
_UNIT = "|".join(map(re.escape, _UNITS))
_MAG = "百万|千万|万亿|亿|万|千|百"
# counting words a lone Chinese digit may count (not 起, 道, 样, 线: 一起, 一道, 一样, 一线)
_COUNT_UNITS = (
    "名 位 人 户 个 家 座 所 支 项 条 间 批 处 辆 台 头 只 株 亩 吨 套 场 次 期 篇 本 册 张 "
    "块 趟 回 拨 届 类 口 种 倍 万元 亿元 元 斤 公斤 公里 平方米 千瓦 瓦 粒 字 份 轮 笔 茬 "
    "颗 件 棵 栋 幢 盏 艘 架 首 部"
).split()
_COUNT = "|".join(sorted(map(re.escape, _COUNT_UNITS), key=len, reverse=True))
# what makes a digit and a measure word part of a word or a formula, not a count: 一次性,
# 一体化, 两委, 三农, 一把手, 一条龙, 四个意识, 两个维护, 一个中心
_WORDISH = re.compile(r"^(?:性|化|体|线|委|农|一体|把手|条龙|揽子|肩挑|条心|股劲|盘棋|张网|张蓝图)")
_FORMULA = re.compile(
    r"^(?:意识|自信|维护|确立|代表|全面|务必|必须|坚持|一批|中心|基本点|优先|服务|统筹|作风|"
    r"不|联|带|化|抓|清单|到位|工程|机制|模式|行动|制度|平台|体系)"
)
_NO_LEAD = "第每各几数其这那此该单"

# a lone 一 is mostly an article (一个典型, 一名委员, 一批村) and a lone 二 an ordinal or a name
# (二期, 二台坪村): neither is read as a count
ONE_DIGIT = re.compile(
    rf"(?<![\d{''.join(_DIGIT)}十百千万亿])(?P<d>[两三四五六七八九])(?P<unit>{_COUNT})"
)
RANGE = re.compile(
    rf"(?P<pre>近|约|大约)?(?P<a>[一二两三四五六七八九])(?P<b>[二两三四五六七八九十])"
    rf"(?P<mag>十万|十|{_MAG})?(?P<unit>{_UNIT})"
)
# 几 and 数 for an unknown digit before a magnitude: 几千元, 数十部, 几十万元 (1000..9999, 10..99)
SEVERAL = re.compile(
    rf"(?P<pre>近|约|好)?[几数](?P<mag>十万|十|{_MAG})(?P<h>多|余)?(?P<unit>{_UNIT})?"
)
# a duration counted with 个: 6个月, 3个多小时, 5个工作日 (个 counts the time word, not things)
TIME_AFTER_GE = re.compile(r"(?P<h>多)?(?P<t>月|小时|工作日|星期|钟头)(?P<post>左右)?")
TIME_UNIT = {"月": "个月", "小时": "小时", "工作日": "工作日", "星期": "周", "钟头": "小时"}
TEENS = re.compile(rf"(?P<a>[二三四五六七八九])?十几(?P<unit>{_UNIT})")
BARE = re.compile(
    rf"(?P<pre>上|近|将近|不到|不足|破|过|逾|超|超过|数)?(?P<mag>{_MAG})(?P<h>多|余)?(?P<unit>{_UNIT})"
)
SHARE = re.compile(
    r"(?P<pre>近|将近|约|超过|超|逾)?(?P<a>[一二三四五六七八九十])(?:[到至—-](?P<b>[一二三四五六七八九十]))?成(?![不为了功立就本])"
)
FRACTION = re.compile(
    r"(?P<pre>近|约|超过|超)?(?:(?P<n>\d+)/(?P<d>\d+)(?!\d)|(?P<dc>[一二三四五六七八九十])分之(?P<nc>[一二三四五六七八九]))"
)
RISKY = re.compile(r"(?<![\d.第])(?P<n>\d+)(?P<unit>起|类|届|趟|关)(?![\d])")
DOUBLED = re.compile(r"翻(?:了)?(?P<n>[一两三])?番")  # 翻了一番: twice; 翻两番: four times
HALF = re.compile(r"(?P<pre>近|超过|超)?一半")
HALF_UNIT = re.compile(r"(?<![一二两三四五六七八九十\d多个])半(?P<unit>亩|斤|吨|公斤|公里|平方米)")
YI = re.compile(
    r"(?P<pre>近|约)?(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九])个(?P<h>多)?亿(?P<unit>元)?"
)

# money as people say it: 三块五, 一块八毛五, 12块钱, 5毛5, 八毛钱 (块 also counts plots and
# boards: a bare 几块 is money only where the clause speaks of money)
_D = r"\d|[一二两三四五六七八九]"
YUAN = re.compile(
    rf"(?P<y>\d+(?:\.\d+)?|[一二两三四五六七八九十百]{{1,4}})块(?:(?P<j>{_D})(?:毛(?P<f>{_D})?)?)?(?P<q>钱)?"
)
JIAO = re.compile(rf"(?<![块\d一二两三四五六七八九十])(?P<j>{_D})毛(?:(?P<f>{_D})|(?P<q>钱))?")
_MONEY_TALK = re.compile(r"钱|卖|价|收入|工资|斤|元|挣|赚|花|收购|成本|利润")


# a sentence with none of these holds none of the forms above
_ANY = re.compile(r"[两三四五六七八九十百千万亿成半/分块毛几数番]|\d[起类届趟关]")
_MAG_CHARS = re.compile("[百千万亿]")
_RISKY_UNITS = re.compile("[起类届趟关]")
NOT_WORKS = re.compile("[门委长署分队落位级件属]")  # 部 as in 部门, 部委, 部长, 部队


@dataclass(frozen=True)
class Spoken:
    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    approximate: bool
    lower: bool = False


def _unit(u: str) -> str:
    if u in ("口", "周岁"):
        return {"口": "人", "周岁": "岁"}[u]
    return _UNIT_NORMAL.get(u, u)


def _money_mult(u: str) -> int:
    return {"万元": 10**4, "亿元": 10**8}.get(u, 1)


def _num(ch: str) -> int:
    return 10 if ch == "十" else _DIGIT[ch]


def money_talk(sentence: str, start: int, end: int) -> bool:
    """Whether the words around a figure speak of money (卖, 价, 挣 … a little before it, or in
    the rest of its clause): 能卖12块一斤."""
    clause = re.split(r"[，。；！？]", sentence[end:], maxsplit=1)[0]
    return _MONEY_TALK.search(sentence[max(0, start - 12) : start] + clause) is not None


def _digit(ch: str | None) -> int:
    return 0 if ch is None else int(ch) if ch.isdigit() else _DIGIT[ch]


def _jiao(j: str | None, f: str | None) -> Decimal:
    """毛 (tenths of a yuan) and 分 (hundredths) as said after 块: 八毛五 -> 0.85."""
    return Decimal(_digit(j)) / 10 + Decimal(_digit(f)) / 100


def han_number(text: str) -> Decimal | None:
    """A number written in characters (三千五百, 两万五千) or None; 两 is read as 二, which
    cn2an's strict mode alone refuses."""
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(text.replace("两", "二"), "strict")))
    except (ValueError, KeyError):
        return None


def _yuan_digits(y: str) -> Decimal | None:
    if y[0].isdigit():
        return Decimal(y)
    if len(y) == 1:
        return Decimal(_num(y)) if y in _DIGIT or y == "十" else None
    return han_number(y)


def spoken_quantities(sentence: str) -> list[Spoken]:
    """Quantities of these forms in one sentence (offsets in the sentence), overlapping none of
    each other."""
    if not _ANY.search(sentence):
        return []
    found: list[Spoken] = []

    def add(m: re.Match, value, vmax, unit, approx, lower=False, end=None):
        s, e = m.start(), end or m.end()
        if unit == "个" and sentence[e : e + 1] == "人":
            unit, e = "人", e + 1  # 十几个人
        if any(q.start < e and s < q.end for q in found):
            return
        if unit == "部" and NOT_WORKS.match(sentence, e):
            return  # 两部门, 三部委, …万部队: offices and troops, not works
        found.append(
            Spoken(
                s, e, Decimal(value), None if vmax is None else Decimal(vmax), unit, approx, lower
            )
        )

    # each form is looked for only when the sentence holds a character it cannot do without
    for m in YUAN.finditer(sentence) if "块" in sentence else ():
        talk = money_talk(sentence, m.start(), m.end())
        if not (m.group("q") or m.group("j") or (talk and m.group("y") != "一")):
            continue  # 一块 alone is "together" (一块儿干) more often than a yuan
        y = _yuan_digits(m.group("y"))
        if y is not None:
            add(m, y + _jiao(m.group("j"), m.group("f")), None, "元", False)
    for m in JIAO.finditer(sentence) if "毛" in sentence else ():
        if m.group("f") or m.group("q"):
            add(m, _jiao(m.group("j"), m.group("f")), None, "元", False)
    for m in YI.finditer(sentence) if "亿" in sentence else ():
        n = (
            Decimal(m.group("num"))
            if m.group("num")[0].isdigit()
            else Decimal(_DIGIT[m.group("num")])
        )
        add(m, n * 10**8, None, "元", bool(m.group("pre") or m.group("h")))
    for m in RANGE.finditer(sentence):
        a, b = _num(m.group("a")), _num(m.group("b"))
        if (
            b <= a
            or (b != 10 and b != a + 1)
            or (m.start() and sentence[m.start() - 1] in "十百千万第")
        ):
            continue  # 七八 and 二十 are different things; only neighbours make a range
        mult = _MAGS.get(m.group("mag") or "", 1) * _money_mult(m.group("unit"))
        if b == 10 and not m.group("mag"):
            continue  # 三十 is thirty
        add(m, a * mult, b * mult, _unit(m.group("unit")), True)
    for m in TEENS.finditer(sentence) if "十几" in sentence else ():
        base = 10 * (_DIGIT[m.group("a")] if m.group("a") else 1)
        mult = _money_mult(m.group("unit"))  # 十几万元: tens of ten thousands
        add(m, base * mult, (base + 9) * mult, _unit(m.group("unit")), True)
    for m in SEVERAL.finditer(sentence) if "几" in sentence or "数" in sentence else ():
        before = sentence[max(0, m.start() - 2) : m.start()]
        if (
            before[-1:]
            and before[-1] in "十百千万亿第多少总无人户次指参系倍分变常"
            and not (before[-1] in "人户" and before[:1] == "每")
        ):
            continue  # 十几万 is read above; 多数, 总数, 人数 are words (每户数百元 is not)
        unit = m.group("unit") or ""
        if not unit and (m.group("mag") in ("十", "十万") or not money_talk(sentence, *m.span())):
            continue  # 几千万 alone is money only where the clause speaks of money
        mult = _MAGS[m.group("mag")] * _money_mult(unit)
        add(m, mult, 10 * mult - 1, _unit(unit) or "元", True)
    for m in BARE.finditer(sentence) if _MAG_CHARS.search(sentence) else ():
        before = sentence[m.start() - 1 : m.start()]
        after = sentence[m.end() : m.end() + 1]
        if before and (before.isdigit() or before in "一二两三四五六七八九十百千万亿几数"):
            continue  # part of a written-out number, read elsewhere
        if after and after in "百千万亿":
            continue  # 千家万户
        if not (m.group("pre") or m.group("h")) and m.group("unit") in (
            "人",
            "家",
            "户",
            "个",
            "名",
        ):
            continue  # 万人, 千家: names and idioms unless hedged (上万人, 近千人, 千余户)
        mult = _MAGS[m.group("mag")] * _money_mult(m.group("unit"))
        pre = m.group("pre") or ""
        lower = pre in ("破", "过", "逾", "超", "超过")
        add(
            m,
            mult,
            None,
            _unit(m.group("unit")),
            bool(pre in ("上", "近", "将近", "不到", "不足", "数") or m.group("h")),
            lower,
        )
    for m in SHARE.finditer(sentence) if "成" in sentence else ():
        a = _num(m.group("a"))
        b = _num(m.group("b")) if m.group("b") else None
        if m.start() > 0 and sentence[m.start() - 1] in "建变完达形构组促造合":
            continue  # 建成, 变成: a verb
        add(
            m, Decimal(a) / 10, None if b is None else Decimal(b) / 10, "比例", bool(m.group("pre"))
        )
    for m in FRACTION.finditer(sentence) if "/" in sentence or "分之" in sentence else ():
        if m.group("n"):
            n, d = int(m.group("n")), int(m.group("d"))
        else:
            n, d = _num(m.group("nc")), _num(m.group("dc"))
        if not 0 < n < d:
            continue
        add(m, round(Decimal(n) / Decimal(d), 4), None, "比例", bool(m.group("pre")))
    # after written digits only: 18起 cases, not 一起
    for m in RISKY.finditer(sentence) if _RISKY_UNITS.search(sentence) else ():
        add(m, int(m.group("n")), None, m.group("unit"), False)
    for m in DOUBLED.finditer(sentence) if "番" in sentence else ():
        add(m, 2 ** _num(m.group("n") or "一"), None, "倍", False)
    for m in HALF.finditer(sentence) if "一半" in sentence else ():
        add(m, Decimal("0.5"), None, "比例", bool(m.group("pre")))
    for m in HALF_UNIT.finditer(sentence) if "半" in sentence else ():
        add(m, Decimal("0.5"), None, _unit(m.group("unit")), False)
    for m in ONE_DIGIT.finditer(sentence):
        s, e = m.span()
        if s > 0 and sentence[s - 1] in _NO_LEAD:
            continue
        rest = sentence[e:]
        if _WORDISH.match(rest) or (m.group("unit") == "个" and _FORMULA.match(rest)):
            continue
        unit = m.group("unit")
        if unit == "个" and (t := TIME_AFTER_GE.match(rest)):
            approx = bool(t.group("h") or t.group("post"))
            add(m, _DIGIT[m.group("d")], None, TIME_UNIT[t.group("t")], approx, end=e + t.end())
            continue
        if unit == "个" and re.match(r"(?:多)?(?:季度|年头)", rest):
            continue
        value = _DIGIT[m.group("d")] * _money_mult(unit)
        add(m, value, None, _unit(unit), False)
    return sorted(found, key=lambda q: q.start)
