"""Measures (做法/举措) reported in a sentence: named initiatives in quotes, named programmes and
a paragraph's leading action sentence. An action clause is not a measure because it has a verb
and a figure (回引1200多人进入村级班子 is a result); the practice it belongs to is the practice
unit it stands in (kg/extract/sections.py).

Each measure keeps its label and the span of that label in the article text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from casegraph.core.segment import default_segmenter
from casegraph.core.text import HAN
from casegraph.kg.extract.text import Sentence, unquote

ACTIONS = tuple(
    """
    实施 开展 推行 建立 健全 完善 构建 创新 探索 打造 落实 推广 启动 设立 创建 组建 创办 举办 出台 制定 选派 推动 深化 强化 规范 整顿 发展 培育 成立 实行
    推进 抓实 抓严 抓细 抓常 抓好 组织 选聘 回引 建设 开通 设置 推出 聘任 搭建 建成 评选 选树 采取
    """.split()
)
_ACTION = "|".join(ACTIONS)
PROGRAMME = tuple(
    """
    专项行动 三年行动 工程 行动 计划 机制 体系 制度 模式 活动 工作法 平台 改革 清单 中心 示范点 联合体 联盟 工作队 训练营 比武 党校 基地 合作社 工作站 培训班
    培训 论坛 大讲堂 课堂 服务队 方案 项目 教学站 直通车 品牌 办法 细则 承诺制 制 规划 示范区 法
    """.split()
)
_PROG = "|".join(sorted(PROGRAMME, key=len, reverse=True))
_QUOTE = re.compile(r"“([^“”]{2,24})”")
# a quoted name followed by a word for "measure" names one (用好“五个一批”具体举措)
_AFTER_QUOTE = re.compile(rf"^[{HAN}]{{0,10}}?(?:{_PROG}|举措|措施)")
_UNQUOTED = re.compile(
    rf"(?:{_ACTION})((?:[^，。；：“”《》（）\s]{{2,30}}?)(?:{_PROG}))(?![{HAN}]{{0,1}}(?:{_PROG}))"
)
_LEAD = re.compile(rf"^(?:{_ACTION})[^，。；]{{2,30}}[。；]$")
_CLAUSE = re.compile(r"[^，；。！？]+")
_LEAD_QTY = re.compile(
    r"^(?:\d+(?:\.\d+)?(?:余|多)?[万亿千]?[个所家支项条件名人次批期场]|[一两三四五六七八九十]+[批个项]"
    r"|(?:超|近|逾)?[百千万数几多]+余?[场种项个批类]|多种|多项|各类|各种)"
)
_SCOPE = re.compile(r"^(?:全市|全县|全区|全旗|全省|全镇|全乡|各级|每年|部门)")
# quoted phrases that are slogans or problems, not practices
_NOT_AFTER = re.compile(
    r"^(?:难题|问题|短板|困境|目标|导向|理念|要求|精神|思想|作用|局面|难点|格局)"
)


@dataclass(frozen=True)
class MeasureMention:
    label: str
    start: int  # span of the label in the article text
    end: int
    sentence: Sentence
    kind: str  # quoted, programme, lead (a unit's topic sentence: topic, kg/extract/facts.py)


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "，。；：、！？") + 1


def _last_verb(before: str, offset: int, cuts: Callable[[], set[int]]):
    """The last action verb in ``before`` that is a whole word (组织 in 村党组织 is not)."""
    verb = None
    for v in re.finditer(_ACTION, before):
        if offset + v.start() in cuts() and offset + v.end() in cuts():
            verb = v
    return verb


def _clean_label(label: str) -> str:
    label = _LEAD_QTY.sub("", _SCOPE.sub("", label))
    label = re.sub(rf"^(?:{_ACTION})(?=[{HAN}“]{{3}})", "", label)
    return re.sub(r"^起(?=[“\w])", "", label)  # 搭建起“家门口”…: the verb's complement


def _quoted(s: Sentence, cuts: Callable[[], set[int]]) -> list[MeasureMention]:
    out = []
    t = s.text
    docs = [mm.span() for mm in re.finditer(r"《[^《》]*》", t)]
    for m in _QUOTE.finditer(t):
        qs, qe = m.span()
        after = t[qe:]
        if _NOT_AFTER.match(after) or any(a <= qs < b for a, b in docs):
            continue
        if (qs > 0 and t[qs - 1] in "由向从") or after.startswith(("向", "转变", "到“")):
            continue  # 由“外力输血”向“自我造血”转变: a change of state, not a practice
        suffix = _AFTER_QUOTE.match(after)
        if suffix and re.search(r"\d|[百千万]余?[场个项次]", suffix.group(0)):
            suffix = None  # “一区一主题”推出超百场特色活动: a clause with a count, not a suffix
        inner = m.group(1)
        cstart = _clause_start(t, qs)
        before = t[cstart:qs]
        verb = _last_verb(before, cstart, cuts)
        if verb is not None and len(before) - verb.end() > 6:
            verb = None
        if suffix:
            start, end = qs, qe + suffix.end()
            # a qualifier between the verb and the quote belongs to the name (村书记“定标评星”)
            if verb is not None and len(before) - verb.end() <= 6:
                start = _clause_start(t, qs) + verb.end()
        elif inner.endswith(PROGRAMME) or verb is not None:
            start, end = qs, qe
            if verb is not None and 0 < len(before) - verb.end() <= 6:
                start = _clause_start(t, qs) + verb.end()
        else:
            continue
        label = _clean_label(t[start:end])
        start = end - len(label)
        if len(label.strip("“”")) < 2:
            continue
        out.append(MeasureMention(label, s.start + start, s.start + end, s, "quoted"))
    return out


def _overlaps(spans: list[MeasureMention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in spans)


_LEADING_PARTICLE = re.compile(r"^[了的和与及并把将对在等也到]")
_EVALUATIVE = re.compile(r"(艰巨|重要|关键|迫切|突出|明显|显著|紧迫)$|伟大|的重要")
# a plan period's plan is a plan, not a practice (“十五五”规划)
_PLAN_NAME = re.compile(r"^十[一二三四五六七八九]?五$|十[一二三四五六七八九]?五(?:规划|计划|时期)")
# a measure announced for later: 力争, 预计, 拟, 到2027年 before it in the sentence
_LATER = re.compile(r"力争|预计|(?<![\d])拟|(?<![\d])到20\d\d年")
_CLAUSE_WORDS = re.compile(r"作为|当作|列为|成为|任务")
_CHANGE = re.compile(r"由.+向.+转变|从.+向.+转变|转变$")


def well_formed(m: MeasureMention) -> bool:
    """A label with clean boundaries: no leading particle (了436名…), balanced quotes (振兴“带头人”
    without its opening), not a bare count (“10种模式”), not an evaluation (…任务艰巨) or a
    clause (…作为重点培训), and more than a bare generic head (示范基地)."""
    label = m.label.strip()
    bare = label.strip("“”")
    if _LEADING_PARTICLE.match(bare) or label.count("“") != label.count("”"):
        return False
    if m.kind == "quoted" and re.match(r"^\d+[种个项条]", bare) and len(bare) <= 5:
        return False  # “10种模式”: a count of things, named nowhere (四议两公开 is a name)
    if _EVALUATIVE.search(bare) or (m.kind != "lead" and _CLAUSE_WORDS.search(bare)):
        return False
    if _CHANGE.search(bare):
        return False  # 推动由“外力输血”向“自我造血”转变: a change of state, not a practice
    if _PLAN_NAME.search(unquote(label)):
        return False
    if bare.startswith("好、") or ("、" in bare and len(bare.rsplit("、", 1)[1]) <= 2):
        return False  # 好、运行好…制度, 政治建军、改革: an enumeration cut in a word
    if _LATER.search(m.sentence.text[: max(0, m.start - m.sentence.start)]):
        return False  # 到2027年底，基本建成…平台: a goal
    if m.kind == "programme":
        head = next((p for p in PROGRAMME if bare.endswith(p)), "")
        if len(bare) - len(head) < 3 or "们" in bare:
            return False  # 村民们开展乡村旅游服务培训: a clause, not a name
    return len(bare) >= 3


def find_measures(s: Sentence, first_in_passage: bool) -> list[MeasureMention]:
    t = s.text
    cuts = default_segmenter().lazy_boundaries(t)  # most sentences need no segmentation
    out = _quoted(s, cuts)
    for m in _UNQUOTED.finditer(t):
        if m.start() not in cuts() or m.start(1) not in cuts() or m.end(1) not in cuts():
            continue  # 推进平台 cut out of 推进平台载体创新: a label ends where a word ends
        a, b = m.span(1)
        label = _clean_label(m.group(1))
        a = b - len(label)
        if (
            len(label) < 3
            or label.startswith(("的", "和", "等", "及"))
            or _overlaps(out, s.start + a, s.start + b)
        ):
            continue
        out.append(MeasureMention(label, s.start + a, s.start + b, s, "programme"))
    if first_in_passage and _LEAD.match(t) and len(t) <= 40:
        body = t.rstrip("。；")
        if not any(m.start >= s.start and m.end <= s.start + len(body) for m in out):
            out.append(MeasureMention(body, s.start, s.start + len(body), s, "lead"))
    elif first_in_passage and len(t) <= 40:
        # a heading-like opening sentence: 强化政治引领，抓严村党组织评星定级。
        for c in _CLAUSE.finditer(t):
            clause = c.group(0)
            a, b = c.span()
            if (
                c.start() > 0
                and re.match(_ACTION, clause)
                and 4 <= len(clause) <= 24
                and (not _overlaps(out, s.start + a, s.start + b))
            ):
                out.append(MeasureMention(clause, s.start + a, s.start + b, s, "lead"))
    out = [m for m in out if well_formed(m)]
    out.sort(key=lambda m: m.start)
    return out


_NAMED = re.compile(r"“([^“”]{2,24})”")


# a body named after a programme is not the programme: “千万工程”工作队 is a team, “千万工程” the model
_BODY = re.compile(r"”(?:工作队|服务队|基地|中心|工作站|教学站|联盟|训练营|党校|示范点|示范区)$")


def measure_key(label: str) -> str:
    """What makes two measure labels one measure of an article: the quoted name when there is one
    (“乡村振兴大比武” and 村党组织“乡村振兴大比武”; “主题党日+阳光议事” and …制度), else the label
    without quotes (“乡村党校” and 乡村党校); a body named after it (…”工作队) is one of its own."""
    named = _NAMED.search(label)
    if named and not _BODY.search(label):
        return named.group(1)
    return unquote(label)
