"""What a card shows as 成效, and which sentences it cannot quote as a practice.

- A 做法 sentence often ends with what came of it (…建成村级光伏电站，年收益近50万元; …，带动了
  40多家农户种植果木，户均增收2000多元). Its result tail is shown under 成效 and its head under
  做法, both quoted exactly, so the practice is shown once and its results are not hidden in it.
- A unit that reports no result of its own gets the results told after it (cases/later_results.py).
- Quoted speech (a sentence inside a quotation) and a sentence cut off where the page ends are
  never a 做法 or a 成效 (“这季卖了500多万斤…”; 党支部带领党员在春季接羔、秋).
"""

from __future__ import annotations

import re

from casegraph.kg.extract.text import Sentence

_CLAUSE = re.compile(r"[^，,；;]+[，,；;]?")
# a clause that reports what came of a deed: its effect on people or the collective (使得…成为,
# 带动了…, 村民的…得到提升, 户均增收…), not an aim (确保…, 推动…) or a deed
_EFFECT = re.compile(
    r"^(?:使|使得|让|带动了|实现了|得到了?|获得了?|赢得了?|受到了?|吸引了?|惠及|覆盖)"
    r"|(?:实现了|得到(?:了|明显|显著|大幅)?(?:提升|提高|改善|增强)|空前增强|明显(?:提升|提高|改善|增强)"
    r"|大幅(?:提升|提高|增长)|(?:增收|增长|增加|提高|达到|突破)[^，；]{0,8}\d)"
)
_FIGURE = re.compile(r"\d")
_RESULT_VERB = re.compile(r"实现|达到|增收|增长|增加|提高|提升|突破|超过|带动|吸纳|惠及|覆盖")
_PURPOSE = re.compile(r"为了?|旨在|针对|围绕")
# someone's words reported: 狄荣说，“2018年，村里…
_SAYS = re.compile(
    r"^[^，。“]{1,16}(?:说|介绍|表示|坦言|回忆|告诉记者|感慨|建言献策|建议|提议|倡议|呼吁)[，：:]?“"
)
# someone's words without quotation marks (张涛说，从那以后…; 村民…告诉我，他…): a result told by a
# person with no figure is their impression, not the article's report
_TOLD = re.compile(
    r"^[^，。“]{1,20}(?:说|坦言|回忆|感慨道?|告诉(?:记者|我|笔者)|笑着说|高兴地说)[，：:]"
)
_DEED_OPENING = re.compile(r"将|把|对|为|在|从|向|按|以|用|通过")
_TERMINAL = ("。", "！", "？", "!", "?", "；", ";", "…", "”", "’", "」", "）", ")")


# a reporter's scene or a person's story told as it happens, not what came of a practice (走进山谷
# 枫林，农户…正在劳作; 记者看到…)
_SCENE = re.compile(
    r"^(?:走进|来到|走在|站在|记者|只见|推开|掀开|说起|谈起|提起)|^[^。]{0,20}(?:正在|正忙着|一边)"
    # one occasion told as a story (一次，志愿者…; 上门一看…; 暮色四合…; 冬日里…)
    r"|^(?:有一次|一次|那天|当天|那时|当时|暮色|夜幕|清晨|傍晚|[春夏秋冬]日里?)[，,]?|^[^，。]{0,6}一看[，,]"
)
# a speech tag opening a sentence that reports a fact (赵会杰介绍，去年，小庙子村…; 据…书记介绍，…):
# the fact is the card's, the tag is who told it (its words in quotation marks stay someone's words)
_TAG = re.compile(
    r"^据?[^，。“”：:；]{1,20}?(?:介绍|说|表示|坦言|告诉记者|回忆说?)[，：:]\s*(?![“「])"
)
_AFTER_TAG = 15  # characters: what follows a tag must still say something
# an item's place in the article's list (一是…, 其次，…, 第三，…): a card quotes the item alone
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]是|首先|其次|再次|第[一二三四五六七八九十][，、,：:]|[一二三四五六七八九十]、)[，,：:]?"
)


def without_tag(s: Sentence) -> Sentence:
    """A sentence without the list marker or the speech tag it opens on, when what it reports is
    long enough."""
    for rx in (_ORDINAL, _TAG):
        m = rx.match(s.text)
        if m is not None and len(s.text) - m.end() >= _AFTER_TAG:
            s = Sentence(s.text[m.end() :], s.start + m.end(), s.passage_id)
    return s


_SAYS_LITTLE = 8  # Han characters: 受到广泛关注。 is a cut piece, not a result


def not_a_result(text: str) -> bool:
    """A scene, someone's account, or too short to say what came of a practice."""
    short = len(re.findall(r"[\u4e00-\u9fff]", text)) < _SAYS_LITTLE and not _FIGURE.search(text)
    told = _TOLD.match(text) and not _FIGURE.search(text)  # an account with no figure
    return bool(_SCENE.search(text) or told) or short


def is_cut(s: Sentence, passages) -> bool:
    """The article's last sentence, ending without a stop: the page was cut off in it."""
    last = passages[-1] if passages else None
    return bool(last) and s.end >= last.end and not s.text.endswith(_TERMINAL)


def cut_to_clause(s: Sentence) -> Sentence | None:
    """A cut sentence up to its last whole clause, if that says enough (15 characters)."""
    at = max(s.text.rfind(c) for c in "，,；;")
    return Sentence(s.text[:at], s.start, s.passage_id) if at >= 15 else None


def is_speech(text: str) -> bool:
    """A sentence inside someone's words: it opens a quotation that runs on (not a quoted name
    such as “公司+村集体”模式), or closes one it did not open."""
    if _SAYS.match(text):
        return True
    if text.startswith(("“", "「")):
        close = text.find("”" if text[0] == "“" else "」")
        whole = close >= len(text.rstrip("。！？")) - 1  # the sentence is all quotation
        return close < 0 or close > 16 or whole
    return text.rstrip("。！？").endswith(("”", "」")) and text.count("“") < text.count("”")


def in_quotation(s: Sentence, passages) -> bool:
    """A sentence inside a quotation opened by an earlier sentence of its paragraph and still
    open (“2018年种了两个大棚…；另外种了13亩…；打工挣了一万元。”)."""
    p = next((p for p in passages if p.start <= s.start < p.end), None)
    if p is None:
        return False
    return quotation_open(p.text[: s.start - p.start])


def quotation_open(before: str) -> bool:
    """Whether the text before a sentence leaves a quotation open (a name in quotes ends in its
    sentence)."""
    return before.rfind("“") > before.rfind("”")


# a result not (yet) achieved: an expectation or a forecast (可望每棚增收…, 预计产值将达…)
_FORECAST = re.compile(r"预计|可望|有望|将达|将破|将实现|力争|争取|计划|目标是")


# a tally of what stands now (目前，已建设大棚6座…; 截至去年底，全村…达到…): a result, however
# it is worded
_NOW = re.compile(r"^(?:目前|如今|截至|截止|至今|现已|到(?:19|20)\d\d年(?:底|末)?)[^。]*\d")


def is_tally(text: str) -> bool:
    return bool(_NOW.match(text))


def is_forecast(text: str) -> bool:
    return bool(_FORECAST.search(text))


# a plan, not a deed done (今年，…将深化这一模式; 正筹备让…转产; 下一步，村里计划…): 将 before a verb
# or a word of intent, in the sentence's first clause (将闲置校舍改造成… is 把, a deed)
_PLAN = re.compile(
    r"^[^，。；]{0,24}?(?:拟|计划|准备|筹备|(?<!随)即将|打算|力争|下一步|将(?:进一步|继续|持续|加快|全面|"
    r"深化|重点|着力|逐步|在|把|对|以|为|于|会|要))"
)
# a first clause that only sets the time (从2019年至2022年，; 下一步，)
_TIME_ONLY = re.compile(r"^.{0,12}(?:年|月|日|以来|下一步|今后|未来|近期|接下来|当前|目前)$")
_WILL = re.compile(r"将([\u4e00-\u9fff]{2})")


def is_plan(text: str) -> bool:
    from casegraph.kg.extract.placenames import is_verb

    clauses = re.split(r"[，。；]", text)
    opening = clauses[:2] if _TIME_ONLY.match(clauses[0]) else clauses[:1]  # 今年，…将…
    for clause in opening:
        m = _WILL.search(clause)
        if _PLAN.search(clause) or (m and is_verb(m.group(1))):
            return True
    return False


def result_clause(clause: str) -> bool:
    from casegraph.kg.extract.facts import _acts
    from casegraph.kg.extract.sections import has_action, role

    c = clause.strip()
    if _EFFECT.search(c):
        return True
    # a tally (年收益近50万元, 累计实现收入140多万元), not a deed done with a figure
    # (将机关大支部拆分成7到10人的小支部)
    if not _FIGURE.search(c) or _DEED_OPENING.match(c) or role(c) != "result":
        return False
    # a clause opening with its verb is a deed done with a figure (安装路灯191盏), unless the verb
    # reports a result (实现…, 增收…)
    return not has_action(c[:6]) and (not _acts(c) or bool(_RESULT_VERB.match(c)))


def reports_result(sentence: str, surface: str) -> bool:
    """Whether the clause of ``sentence`` that holds the figure ``surface`` reports a result
    (…，收入达到400万元), not what a deed used or made (抽调12名干部组成工作专班)."""
    for m in _CLAUSE.finditer(sentence):
        clause = m.group(0)
        if surface not in clause:
            continue
        if _TALLIED.search(clause) or _EFFECT.search(clause):
            return True
        if result_clause(clause) and not _deed_before(clause[: clause.find(surface)]):
            return True
    return False


def _deed_before(head: str) -> bool:
    """A verb of doing before the figure (抽调12名干部), not one of reporting a result (收入达到)."""
    from casegraph.core.segment import pos_tags
    from casegraph.kg.extract.placenames import is_verb

    return any(is_verb(w) and not _RESULT_VERB.search(w) for w, _ in pos_tags(head))


# a figure told as a running total is what the work has come to (累计培育合作社2100多家)
_TALLIED = re.compile(r"累计|共计|总计|已经?[\u4e00-\u9fff]{0,3}\d")


def split_result(s: Sentence) -> tuple[Sentence | None, Sentence | None]:
    """A practice sentence as (its deed, its result tail): the longest run of closing clauses that
    report results, after at least one clause that does not."""
    parts = [(m.start(), m.group(0)) for m in _CLAUSE.finditer(s.text)]
    cut = len(parts)
    while cut > 1 and result_clause(parts[cut - 1][1]):
        cut -= 1
    if cut == len(parts):
        return s, None
    at = parts[cut][0]
    head = s.text[:at].rstrip("，,；; ")
    if len(head) < 8 or all(_PURPOSE.match(p.strip()) for _, p in parts[:cut]):
        return s, None  # no deed before the results (为解决百姓出行难题，安装路灯191盏…)
    return (
        Sentence(head, s.start, s.passage_id),
        Sentence(s.text[at:], s.start + at, s.passage_id),
    )


CARD_LABEL_MAX = 14  # on dev, labels of 11-14 characters are as often right as shorter ones
# (35 of 37 against 607 of 637 by the gold's labels); past it they read as clauses


def card_label(indicator: str) -> str:
    """A figure's label as a card shows it: none rather than a list cut into a label (饮水安全等民生
    问题数) or a clause (more than 14 characters; 培育村党组织领办合作社数 is a label)."""
    if re.search(r"等|、|，", indicator) or len(indicator) > CARD_LABEL_MAX:
        return ""
    return indicator
