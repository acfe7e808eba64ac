"""What a reported number measures: an indicator label from the words around it (the counted
noun after it, or the subject before it), checked with jieba's part-of-speech tags, and left
empty rather than wrong."""

from __future__ import annotations

import functools
import re

from casegraph.core.segment import default_segmenter
from casegraph.core.text import HAN
from casegraph.kg.extract.units import QUANTITY_TAIL

_SCOPE = re.compile(
    r"^(?:全市|全县|全区|全旗|全省|全镇|全乡|各级|市级层面|市县两级|累计|共计|共|先后|已经|已|"
    r"目前|其中|同时|通过|总计|合计|今年以来|年来|\d+年来|\d+年以来)+"
)
_VERBS = frozenset(
    """
    推动 实现 带动 完成 建设 建成 组建 举办 开展 组织 培训 选派 吸引 注入 投入 发放
    新建 设立 创建 打造 储备 回引 选聘 招聘 调整 遴选 争取 落实 配齐配强 配备 成立 设置
    划分 解决 化解 受理 整合 实施 创办 培养 发展 评选 拿出 腾退 结亲 入户 聘任 吸纳
    安排 覆盖 建立 支持 扶持 宣讲 刊发 服务 举行 召开 开通 签约 表彰 提拔
    """.split()
)
_TRAIL = re.compile(
    r"(?:达到|达|为|超过|突破|增加到|增加|增长|提高到|提高|提升|共计|共|累计|约|近|有|"
    r"总计|总数|合计|占|以上的|的|分别)+$"
)
_CUT_AFTER = re.compile(
    r"实现|达到|受益|参加|参与|覆盖|获得|开展|进行|纳入|到村|回村|进入|走上|任职|完成|"
    r"带动|成立|建立|参训|以上|左右|的"
)
_SUFFIX = {
    "元": "金额",
    "比例": "占比",
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


def _place_names() -> dict:
    from casegraph.kg.extract.gazetteer import load

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


_COUNTED_AFTER = re.compile(rf"^(?:多|余)?[{HAN}](?<!的)")
_GROWTH = re.compile(r"(?:同比|环比)?(?:增长|下降|提高|增加|减少|上升|降低|增速|增幅)了?$")
_MEASURES = frozenset(
    "米 吨 公斤 斤 立方米 千瓦时 千瓦 兆瓦 克 千克 毫米 厘米 公顷 平方米 平方公里 公里 年".split()
)


_NOUNISH = ("n", "vn", "j", "l", "nz", "ng", "an", "zg", "x")  # x: the domain dictionary's words
_MONEY = ("资金", "经费", "补贴", "奖金", "费", "款", "贷款", "收入")
_AGGREGATES = frozenset("平均 人均 户均 村均 总".split())
_CLAUSE_END = re.compile(r"[，。；：（）,;:()\s]")


_NOUN_AFTER = re.compile(rf"^[{HAN}“”]{{1,14}}?(?=[，。；、：（）\s]|和|及|(?<!参)与|等|$)")


def _counted_noun(after: str) -> str:
    """What a number counts, from the words right after it: 386名党员干部 -> 党员干部. A clause
    before 的 gives the head after it: 168位修筑公路的战士 -> 战士, 1900余名年龄大、能力弱的村
    党组织书记 -> 村党组织书记, 21条含金量高的扶持政策 -> 扶持政策; a noun before it is what
    was counted: 137项技艺的非遗馆 -> 技艺. Words that act (农民出村进厂, 小朋友演奏古筝) are
    not a name for what was counted: jieba's tags are too unsure there to cut at the verb."""
    from casegraph.core.postag import hmm_pos_tags

    phrase = _SCOPE.sub("", _CLAUSE_END.split(after, 1)[0])
    cut = _CUT_AFTER.search(phrase)  # 运动员参与总决赛的角逐: the verb comes before 的
    if "的" in phrase[:14] and cut is not None and cut.group() == "的":
        mod, head = phrase.split("的", 1)
        flags = [f for _, f in hmm_pos_tags(mod)]
        if "、" in mod or any(f[:1] in ("v", "a", "d") and f != "vn" for f in flags):
            if (cut := _CUT_AFTER.search(head)) is not None:
                head = head[: cut.start()]
            m = _NOUN_AFTER.match(head)
            tags = hmm_pos_tags(m.group(0) if m else "")
            if tags and len(m.group(0)) <= 10 and tags[-1][1].startswith(_NOUNISH):
                return m.group(0)  # the head is whole, verbs included (扶持政策)
            return ""
        after = mod
    m = _NOUN_AFTER.match(after)
    noun = m.group(0) if m else ""
    if (cut := _CUT_AFTER.search(noun)) is not None:
        noun = noun[: cut.start()]
    if not noun.strip("“”") or noun.count("“") != noun.count("”"):
        return ""
    tags = [f for w, f in hmm_pos_tags(noun) if w.strip("“”")]
    return "" if any(f.startswith(("v", "a", "d")) and f != "vn" for f in tags) else noun


def _raw_indicator(sentence: str, start: int, end: int, unit: str, prev: str | None) -> str:
    clause_start = max(sentence.rfind(c, 0, start) for c in "，。；：、（）,;") + 1
    before = sentence[clause_start:start]
    if unit == "年":
        return ""  # a duration (50多年): what lasted is rarely the words around it
    if unit == "比例" and _GROWTH.search(before):
        base = _subject(_GROWTH.sub("", before)).removesuffix("同比")
        return base + "增幅" if base else ""
    subject = _subject(before)
    after = sentence[end:]
    noun = _counted_noun(re.sub(r"^(?:以上|以下)?的", "", after) if unit == "比例" else after)
    suffix = "" if unit in _MEASURES and unit not in _SUFFIX else _SUFFIX.get(unit, "数")
    if unit == "比例":
        base = (
            subject
            if subject not in ("", "占比", "比例", "占")
            else noun  # 60%以上的村实现… -> 村占比
            if noun
            else (prev or "").removesuffix("数").removesuffix("占比")
        )
        return base + "占比" if base else ""
    if unit == "元":
        lead = next(iter(default_segmenter().cut(after)), "")  # 120万元党费支持…: 党费
        noun = lead if lead.endswith(_MONEY) and len(lead) >= 2 else noun
        money = noun.endswith(_MONEY)
        base = noun if money else subject or noun
        if not base:
            return ""
        return (
            base
            if base.endswith(("资金", "金额", "收入", "经费", "投入", "补贴", "奖金", "额", "费"))
            else base + "金额"
        )
    head = noun if noun and unit not in ("次", "平方米", "平方公里", "亩") else subject
    if not noun and unit not in _SUFFIX and _COUNTED_AFTER.match(after):
        return ""  # 3个乡镇整乡搬迁: the counted noun is after it, cut unsurely; the words before count something else
    head = head or subject or noun
    if not head:
        return ""
    return head + suffix if not head.endswith(suffix) else head


# a label may not start with a particle or preposition (了数, 在面积, 对…的贡献率)
FUNCTION_WORDS = frozenset("了在向管的和与及把被将对从为以也就都还")
_DOUBLED = re.compile(r"(占比|倍数|数)\1+$")


_LABEL_SUFFIXES = tuple(
    "占比 金额 面积 人次 场次 户次 倍数 年龄 天数 时长 里程 次数 人数 数".split()
)
# modals, a verb's complement and sums in a label make it a clause (可获取, 申请来, 一共收入)
_CLAUSE_WORDS = frozenset("可 可以 能 能够 会 要 将 不到 一共 不仅 来 到".split())
_NOUN_FLAGS = ("n", "vn", "l", "j", "zg", "an", "ng", "nz", "nt", "ns", "nr")
HAN_WORD = re.compile(rf"[{HAN}]{{2,}}")
_SCOPE_WORDS = frozenset("全国 全省 全市 全县 全区 全镇 全乡 全村 各地 各级 其中 全部 总".split())
_FIGURE_IN = re.compile(rf"(?<![A-Za-z.\d])\d+(?:\.\d+)?[{HAN}]")


@functools.lru_cache(maxsize=1 << 15)
def _is_noun_phrase(core: str, unit: str) -> bool:
    """A head-noun check with jieba's part-of-speech tags: no aspect particle (了, 着, 过),
    not opened by a preposition, adverb, pronoun, locative or time word, and ending in a noun
    (a verb may end a money label: 注入金额, 投入金额)."""
    from casegraph.core.postag import hmm_pos_tags

    if core in _SCOPE_WORDS or len(core) > 16 or core.startswith(("较", "比")):
        return False
    if core in _place_names():
        return False  # 海拔5200米的喀喇昆仑高原: a place is where, not what was measured
    if _FIGURE_IN.search(core):
        return False  # 明确6个方面: a clause with a figure in it
    # words of the domain dictionary come untagged (x): they are names of practices and roles
    tagged = [
        (w, "nz" if f == "x" and HAN_WORD.fullmatch(w) else f)
        for w, f in hmm_pos_tags(core)
        if w.strip("“”")
    ]
    if not tagged:
        return False
    if any(f in ("uz", "ul", "ug", "uv", "y", "e") or w in ("了", "着", "过") for w, f in tagged):
        return False
    if any(f[:1] in ("d", "r", "p", "t") and w not in "与及" for w, f in tagged):
        return False  # an adverb, pronoun, preposition or time word: a clause, not a name
    if any(
        (f[:1] == "c" and w not in "与及和或")
        or (f[:1] == "m" and w not in ("年", "月"))
        or (w in _CLAUSE_WORDS and "可支配" not in core)
        for w, f in tagged
    ):
        return False  # 可以节省, 不仅销售, 养两张蚕, 申请来: a clause, not a name (年出口额 is)
    if unit != "元" and all(w in _VERBS or f == "v" for w, f in tagged):
        return False  # 建设数, 调整人数: an act, not what was counted
    first, last = tagged[0], tagged[-1]
    if first[1][:1] in ("p", "d", "r", "c", "u", "f", "t", "m", "q"):
        return False
    if len(core) == 1 and core not in "村户镇乡":
        return False
    return last[1].startswith(_NOUN_FLAGS) or (unit == "元" and last[1].startswith("v"))


def indicator(sentence: str, start: int, end: int, unit: str, prev: str | None) -> str:
    """The noun phrase the number measures, or "" when the text does not say: a label made only
    of the unit (个数, 人数) or cut in the middle of a phrase says nothing true."""
    label = _raw_indicator(sentence, start, end, unit, prev)
    tokens = default_segmenter().cut(label)
    while tokens and (tokens[0] in FUNCTION_WORDS or tokens[0].endswith("也")):
        tokens.pop(0)
    label = _DOUBLED.sub(r"\1", "".join(tokens)).replace("倍倍数", "倍数")
    if label in (f"{unit}数", unit, _SUFFIX.get(unit, "数"), "数") or len(label) > 24:
        return ""
    own = _SUFFIX.get(unit, "数")  # 独居老人数 is 独居老人 + 数, not 独居老 + 人数
    suffix = next(
        (x for x in (own, *_LABEL_SUFFIXES) if label.endswith(x) and len(label) > len(x)), ""
    )
    core = label[: len(label) - len(suffix)]
    if suffix == "占比" and core.endswith(("率", "比例", "比重", "占比")):
        label = core  # 贡献率占比 -> 贡献率
    if core in _AGGREGATES:
        return label
    # the dictionary-only check first: the noun-phrase check tags with jieba's HMM (slow)
    return label if _plausible(core) and _is_noun_phrase(core, unit) else ""


_PLACE_HEAD = re.compile(
    rf"^[{HAN}]{{1,8}}?(?:省|市|县|区|旗|镇|乡|村|嘎查|社区|街道)(?:和|、|及)?"
)
_OPENERS = ("d", "p", "r", "c", "u", "y", "i", "l", "m", "q", "f")
_OPENING_VERBS = frozenset("让 有 使 令 如 因 据 随 给 叫 要 能 会 可".split())


@functools.lru_cache(maxsize=1 << 14)
def _plausible(core: str) -> bool:
    """A label says what was counted, not where (潭门镇和万泉镇数, 岗上村占比), nor how or why
    (让全市…, 如甸头村…, 因地制宜培育…), nor two things at once (…茶叶和脱毒马铃薯): empty is
    better than wrong."""
    from casegraph.core.segment import pos_tags

    rest = core
    while (shorter := _PLACE_HEAD.sub("", rest, count=1)) != rest:
        rest = shorter
    if rest != core and len(rest) < 2:
        return False
    words = pos_tags(core)
    if not words or words[0][0] in _OPENING_VERBS or words[0][1].startswith(_OPENERS):
        return False
    if ("和" in core or "、" in core or "的" in core) and len(core) > 8:
        return False
    return len(core) <= 12
