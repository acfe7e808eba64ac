"""The roles of a card's sentences (cases/roles.py) and a name for the card that says what was
done."""

from __future__ import annotations

import re

from casegraph.cases.roles import PRACTICE, decide, predict_many, sentence_features
from casegraph.cases.specific import CONCRETE, VAGUE_END
from casegraph.core.text import HAN
from casegraph.kg.extract.text import sentences

__all__ = [
    "PRACTICE",
    "CLAUSES",
    "sentence_roles",
    "trimmed",
    "name_candidates",
    "card_name",
]


def sentence_roles(passages, chosen) -> dict[int, str]:
    """Role of each sentence in ``chosen`` (by start offset), read in its paragraph's context."""
    if not chosen:
        return {}
    feats, texts = [], []
    doc = "\n".join(p.text for p in passages)
    for s in chosen:
        k, p = next((k, p) for k, p in enumerate(passages) if p.start <= s.start < p.end)
        own = sentences(p)
        i = next((j for j, x in enumerate(own) if x.start == s.start), 0)
        before = p.text[: s.start - p.start]
        feats.append(sentence_features(s.text, i, len(own), k, len(passages), False, before, doc))
        texts.append(s.text)
    return {s.start: _shown(p) for s, p in zip(chosen, predict_many(feats, texts), strict=True)}


# a card shows one framing sentence as 背景, and only when the model is this sure of it: on dev
# cards read with held-out roles (benchmarks/field_cards.py --fields --roles), 11 of the 13 shown
# at any probability were something else (a result, a person's story); at 0.9, 3 of the 5
BACKGROUND_P = 0.9


def _shown(p: dict[str, float]) -> str:
    role = decide(p)
    return "其他" if role == "背景" and p.get(role, 0.0) < BACKGROUND_P else role


# what a card's name must not be: a date-led clause, a quotation, a question, a problem, a cut
_NOT_A_NAME = re.compile(
    r"^(?:(?:19|20)\d\d年|\d{1,2}月|“|「|目前|如今|近年来|今年)|[？?]$|难题|问题|短板|差异大|落后|"
    r"缺乏|不足$"
    # a list cut off (清洗、分拣、打蜡……), a word pointing back (他们, 这个小村): part of a sentence
    r"|(?:…|\.\.\.)$|他们|她们|^[他她]|这个|那个|这些|那些"
    # the means, not the deed (采取…等方式); what is safeguarded (保障…的权利): an aim
    r"|^(?:采取|采用|运用|利用|通过).*(?:方式|方法|办法|形式|手段|途径)$|^(?:保障|保证|满足|维护)"
)


# an aim, not a deed: a verb of strengthening before an abstract noun (增强…的带动作用,
# 激励党员干部牢记初心使命, 提升服务群众能力)
_AIM = re.compile(
    r"^(?:增强|强化|提升|提高|发挥|激励|激发|推动|促进|助力|确保|夯实|筑牢|彰显)"
    r".*(?:作用|能力|水平|意识|活力|动力|使命|力量|堡垒|保障|基础|效能|氛围)$"
    # a goal the deed serves (助推乡村振兴, 推动集体经济壮大, 在致富路上再起航)
    r"|^(?:推动|促进|助推|助力|推进|加快|带领|引领).*(?:振兴|发展|壮大|增收|致富|起航|转型|升级|增效|提质)$"
    r"|^(?:推动|促进|引导).*(?:从.+转向|由.+(?:变为|转向)|向.+转变)"
    # more income, lower cost (增加村集体收入, 降低生产成本): what a deed is for
    r"|^(?:增加|提高|增强|降低|减少|节约|节省).{0,10}(?:收入|成本|效益|效率|负担|开支)$"
    # a picture of the outcome (建成家家勤劳致富…的新农村, 走出…的新路子, 形成…新格局)
    r"|(?:新农村|新格局|新局面|新路子|新路径|新篇章|新气象|新面貌|新高地|新名片|新景象|好日子)$"
)


_LEADING = re.compile(
    r"^(?:(?:19|20)\d\d年(?:\d{1,2}月)?(?:以来|起|初|底|末|上半年|下半年)?|目前|如今|近年来|今年以来|"
    r"同时|此外|为此|随后|前些年|早些年|这些年|那些年|多年来|几年来|去年|前年|当年|当时|那时|此前|"
    r"以前|起初|当初|后来|眼下|现在|近期|近日|日前|一开始|刚开始)[，,]?"
)
# a degree before a verb (大幅促进了…, 真正实现…, 有效解决…): the name is the verb's clause, read
# for what it is (an aim, a result) without it
_DEGREE = re.compile(
    r"^(?:真正|正式|大幅度?|大大|有效|切实|显著|明显|极大地?|进一步|全面|逐步|不断|更好地?|"
    r"已经|已|一共|累计|先后)"
)
# a person's story or words, not a practice: 史立新说, 朱道华的故事, 王金堂家的境况
_STORY = re.compile(
    r"(?:说|介绍|感叹|表示|坦言|回忆|的故事|的境况|的变化)$|^(?:怎么|如何|为什么|为啥)"
)


_SUBORDINATE = re.compile(
    r"(?:后|时|中|前|之际|以来)$|^(?:即|并|还|也|又|就|才|都|经|为|在|对|把|被|让|使|顺便|顺带)"
    # the manner or ground of a deed (结合山区实际, 按照…要求, 立足资源优势), a state or a result
    # (成了…, 高于生产成本), not the deed
    r"|^(?:结合|根据|按照|依据|依托|围绕|立足|针对|通过|借助|对照|紧扣|聚焦|本着|作为|到)"
    r"|^(?:成了|成为|变成|高于|低于|达到|超过|实现了)"
    # where a place lies (位于溧阳市南部, 地处山区), not what it did
    r"|^(?:位于|地处|坐落|毗邻|距离?[\u4e00-\u9fff]{1,8}\d)"
    # what came of a deed or what it is for (带动了…的发展, 确保了…, 获得了…“点赞”, 形成…链条),
    # a passive (零散的田地被整合到一起) or a reporter's scene (掀开一间的门帘)
    r"|^(?:带动|确保|实现|获得|赢得|受到|得到|形成|留住|上演|吸引|加上|掀开|推开|走进|来到|只见|换来|换得)"
    r"|^(?:已经|已|均|都|也)?(?:成为|成了|变成)"  # a state (已经成为…的范例)
    r"|^(?:得知|听说|看到|发现|了解到|意识到)"  # what someone learnt, before the deed
    r"|^.{1,2}着"  # a manner (带着群众的“求助”, 顺着…)
    r"|^.{1,3}的"  # a thing, not a deed (引进的…公司)
    r"|被"
)


def _a_deed_with_figures(text: str) -> bool:
    """A clause with a figure names a deed only when it opens with the deed (建成35座日光大棚), not
    when it reports a result (年收益近50万元) or opens with something else."""
    from casegraph.cases.results import result_clause
    from casegraph.kg.extract.sections import has_action

    return not re.search(r"\d", text) or (has_action(text[:4]) and not result_clause(text))


def _names_an_action(text: str) -> bool:
    """Opens with what was done (a verb, a quoted name, a 化 pattern), and is no subordinate
    clause (养殖基地建成后, 为发挥…, 经党组织研究), figure or story."""
    from casegraph.kg.extract.facts import _acts

    return (
        not _STORY.search(text)
        and not _SUBORDINATE.search(text)
        and not _AIM.search(text)
        and _a_deed_with_figures(text)
        and _acts(text)
    )


def _clause_p(text: str) -> float:
    """How surely a clause names a practice, by the practice-clause model (kg/extract/clauses.py)
    read on the text alone."""
    from casegraph.kg.extract import clauses as cl
    from casegraph.kg.extract.sections import role
    from casegraph.kg.extract.text import Sentence

    m = cl.model()
    if m is None:
        return 0.0
    s = Sentence(text, 0, "")
    c = cl.Clause(text, 0, len(text), s, 0, 1)
    return m.predict_proba(cl.features(c, [], role(text), False, 1, 3, False))["1"]


_PREFER_OWN = 0.2
# who did it, before what was done (统一镇党委坚持…, 联村党委成立了合作社, 该乡联合…): the card
# names its place already
_ACTOR = re.compile(
    rf"^(?:(?:该|全|本)[县镇乡村区旗]|[{HAN}]{{0,10}}?(?:党委|党总支|党支部|村委会|工作队|联合社)"
    r"|(?:他|她|他们|她们|我们|大家|村里)(?:又|还|也|便|就|先后|专门|都)?)"
    rf"(?=[{HAN}])"
)
# a principle or a stance, not a deed (坚持因地制宜, 勇于担当作为, 转变经营理念)
_STANCE = re.compile(r"^(?:坚持|注重|突出|着力|勇于|敢于|善于|转变|牢记|始终|不断)")
_SPECIFIC = 0.25
_NAME_LONG = 18
_TO_A_PLACE = re.compile(
    rf"^(?:入驻|进驻|来到|回到|走进|扎根|落户|驻扎|前往|奔赴|落地)[{HAN}]{{1,8}}[村镇乡县区市]$"
)


# a decision or a manner before the deed (决定发展精品民宿, 带头发展…, 带领群众发展…, 积极…) and the
# aspect particle after its verb (成立了合作社): a name keeps the deed itself
_MANNER = re.compile(
    r"^(?:决定|提出|开始|带头|率先|主动|积极|先后|专门|"
    r"带领(?:党员群众|村民群众|党员|群众|村民|全村|大家|乡亲们?)?)"
    rf"(?=[{HAN}“])"
)
_ASPECT = re.compile(rf"^([{HAN}]{{2}})了(?=[{HAN}“])")


def _polish(clause: str) -> str:
    from casegraph.kg.extract.placenames import is_verb

    clause = _MANNER.sub("", clause)
    m = _ASPECT.match(clause)
    if m and is_verb(m.group(1)):
        clause = m.group(1) + clause[3:]
    return clause


CLAUSES = re.compile(
    r"[，,；;。：:！？]"
)  # where a sentence splits into clauses a name is read from


def trimmed(clause: str) -> str:
    """A clause without its time, degree, actor and manner (2019年以来，村党支部带头成立了… ->
    成立…)."""
    return _polish(_ACTOR.sub("", _DEGREE.sub("", _LEADING.sub("", clause.strip()))))


_PURPOSE = re.compile(r"^(?:为了|为)(?!主|基础|核心|重点|抓手|载体|纽带|平台|龙头|引领)")
_PURPOSE_CLAUSE = 8


def name_candidates(label: str, practice: list) -> list[str]:
    """The unit's own name and the clauses of its 做法 sentences that name what was done. A unit
    with none (only a person, a scene, an aim, a figure) reports no practice of its own."""
    cands = []
    if (
        label
        and not _NOT_A_NAME.search(label)
        and not _ACTOR.search(label)
        and not re.search(r"[，,]", label)  # a headline's couplet (…中见…，…间显…), not a deed
        and _a_deed_with_figures(label)
        and _names_an_action(label)
    ):
        cands.append(label)
    for q in practice:
        clauses = CLAUSES.split(q.text)
        if _PURPOSE.match(q.text):  # 为了改造危房，建设党员之家，他筹资…: the short clauses
            k = 1  # after a purpose are more of it, up to the one that tells who did what
            while k < len(clauses) and len(clauses[k]) <= _PURPOSE_CLAUSE:
                k += 1
            clauses = clauses[k:]
        for clause in clauses:
            clause = trimmed(clause)
            if (
                6 <= len(clause) <= 24  # 统一销售, 汇成组合拳: a part cut from its sentence
                and "又" not in clause[1:8]  # 回到村里又送货上门: the second of two deeds
                and clause.count("“") == clause.count("”")  # no cut quotation
                and not _STANCE.search(clause)
                and not _NOT_A_NAME.search(clause)
                and _names_an_action(clause)
            ):
                cands.append(clause)
    return cands


def _name_score(text: str) -> float:
    """How well a clause names a practice: the practice-clause model's reading, more for a named
    thing or a practice of the vocabulary, less for a bare field of work."""
    from casegraph.kg.extract.vocab import match_practices

    score = _clause_p(text)
    some = re.search(r"一[家个座支所]", text) and "“" not in text  # 成立了一家公司 says little
    plain = re.sub(r"\d", "", text)  # a figure makes a name read as an output (建成大棚6座)
    if (CONCRETE.search(plain) or match_practices(text)) and not some:
        score += _SPECIFIC
    elif VAGUE_END.search(text):
        score -= _SPECIFIC
    if plain != text:
        score -= _SPECIFIC
    if len(text) > _NAME_LONG or text.count("、") >= 2:  # a long clause, a list of deeds copied
        score -= _SPECIFIC
    if _TO_A_PLACE.search(text):  # 入驻白鹊山村: where, not what
        score -= 2 * _SPECIFIC
    return score


def card_name(label: str, cands: list[str], kinds: list[str] = (), themes: list[str] = ()) -> str:
    """What was done, in a few words: of the unit's own name and the clauses of its 做法 sentences,
    the one the practice-clause model reads most surely as naming a practice; never a date-led
    clause, a quote, a question, a problem, a person's story, a subordinate clause or a figure
    (2022年，排捧村经济合作社与…, 史立新介绍, 王金堂家的境况, 养殖基地建成后). With none, the kind
    of practice (驻村第一书记). ``cands``: its name_candidates."""
    if cands:
        score = {c: _name_score(c) for c in cands}
        best = max(cands, key=score.__getitem__)
        # the unit's own name (a topic sentence) stays unless a clause names a practice clearly
        # more surely
        if cands[0] == label and score[label] >= score[best] - _PREFER_OWN:
            return _polish(label)
        return best
    if kinds:
        return kinds[0]
    ok = label and not _NOT_A_NAME.search(label) and not _STORY.search(label)
    return label if ok else (themes[0] if themes else "做法")
