"""Is a card a local case at all: what a named place or body below the national level did (a
county, a town, a village, a cooperative, a Party branch, a first secretary), not a meeting
report, a speech, a delegation, national policy or a quote without an action. A linear model
fitted on cards of the field gold's dev articles (benchmarks/train_cases.py) weighs the card's
region and its level, how much of it the role model reads as practice, and what its article is
(a meeting, a forum, an editorial, national policy, a round-up of several provinces' work)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from casegraph.core.linear import LinearModel, load_model
from casegraph.kg.extract.subject import OPINION_COLUMN

MODEL = Path(__file__).parent / "data" / "case_model.json"
_CUES = {
    "national": re.compile(r"中央|全国|国务院|党中央|总书记|国家|中共中央|部委|各地"),
    "meeting": re.compile(r"会议|召开|座谈|论坛|大会|研讨|发布会|委员|政协|代表团|考察团"),
    "speech": re.compile(r"说|表示|指出|强调|认为|介绍|讲话"),
    "local_actor": re.compile(r"村|镇|乡|社区|合作社|党支部|党总支|第一书记|驻村|工作队|嘎查"),
    "figure": re.compile(r"\d"),
    # a city's compounds and residents, a firm or an office: rural work names few of them
    "urban": re.compile(r"小区|居民|街道|城区|物业|业主|楼栋|市民|网格员|老旧|商户|写字楼"),
    "farm": re.compile(r"农民|农户|村民|种植|养殖|合作社|脱贫|贫困户|第一书记|驻村|田|亩"),
    "firm": re.compile(r"企业|公司|银行|集团|医院|学校|工厂|车间|园区|股份"),
}
_GENRE = re.compile(r"社论|评论|论坛|侧记|会议|座谈|讲话|访谈|解读|综述|政协|人民要论|新知新觉")


def features(card, practice_share: float) -> dict[str, float]:
    text = " ".join(q.text for q in card.practice + card.results)
    f: dict[str, float] = {"bias": 1, f"depth:{min(len(card.region), 4)}": 1}
    f["practice_n"] = math.log1p(len(card.practice)) / 2
    f["results_n"] = math.log1p(len(card.results)) / 2
    f["outcomes_n"] = math.log1p(len(card.outcomes)) / 2
    f["practice_share"] = practice_share
    f["text_len"] = math.log1p(len(text)) / 8
    for name, rx in _CUES.items():
        f["cue:" + name] = min(len(rx.findall(text)), 5) / 5
    # a round-up names several provinces, a place's report one (and a national text none)
    f[f"provinces:{min(card.article_provinces, 4)}"] = 1
    title = card.source.get("title") or ""
    f["genre_title"] = float(bool(_GENRE.search(title) or OPINION_COLUMN.search(title)))
    f["national_title"] = float(bool(_CUES["national"].search(title)))
    for name, v in card.article_cues.items():
        f["article:" + name] = v
    return f


def article_cues(text: str) -> dict[str, float]:
    """How much the whole article speaks of the nation, meetings, speech, local bodies, a city,
    farming and firms: each cue's words per thousand characters, capped."""
    k = max(len(text) / 1000, 1)
    return {
        name: min(len(rx.findall(text)) / k, 20) / 20
        for name, rx in _CUES.items()
        if name != "figure"
    }


def model() -> LinearModel | None:
    return load_model(str(MODEL)) if MODEL.exists() else None


def case_probability(card, practice_share: float) -> float:
    m = model()
    return 1.0 if m is None else m.predict_proba(features(card, practice_share))["1"]


# a central document or report by its title: national policy, never a local case
_CENTRAL = re.compile(
    r"^(?:中共中央|中央|国务院|中办|国办|全国人大|全国政协)|(?:工作报告|公报)$"
    r"|在.{2,30}(?:会议|大会|论坛)上的(?:讲话|报告)"
)
# what rural work names; a card without any of it in a rural theme is about a city, a firm or an
# office (a residential compound's epidemic control, a workshop's Party branch)
_RURAL = re.compile(
    r"村|乡|农|牧|渔|林|嘎查|苏木|屯|寨|田|种植|养殖|合作社|扶贫|脱贫|贫困|第一书记|驻村"
)


def is_rural(card) -> bool:
    """Rural work: it names some, and more of it than of a city's compounds, residents and firms
    (a 新村 whose residents sort rubbish in their compound is a city's). Read from the card's
    place, section and quotes, never its title: the title is chosen among the cards shown."""
    place = card.region[-1] if card.region else ""
    quotes = "".join(q.text for q in card.practice + card.results)
    text = place + (card.section or "") + quotes
    urban = len(_CUES["urban"].findall(text))
    return len(_RURAL.findall(text)) > urban


# a body below the province that acts (a county, a village, a cooperative, a first secretary)
# (农村, 乡村, 村民 and 城乡 name the countryside, not a body in it)
_BELOW_PROVINCE = re.compile(
    r"(?<![农乡各])村(?!民)|(?<!各)[县镇]|(?<![城家返回下])乡(?!村|亲)|旗|合作社|党支部|党总支|第一书记|"
    r"驻村|工作队|嘎查|苏木"
)


# the levels of government named as a range or a run (从省到村, 省市县乡村五级, 县乡村三级书记): every
# level at once, which is the province speaking, not a body below it acting
_LEVEL_RUN = re.compile(r"从[省市县区乡镇]级?到[市县区乡镇村]级?|[省市县区乡镇村]{3,}")


# an article that comments, explains or answers rather than reports: an opinion column
# (subject.py OPINION_COLUMN), an interview, a reading of policy, an editorial (every such dev
# article of the field gold is labelled no case)
_COMMENT = re.compile(r"[（(][^（）()]*(?:访谈|解读)[^（）()]*[）)]|社论")


def is_case(card, practice_share: float) -> bool:
    """A local case: the model's reading, and never a central document, a commentary, an
    interview or a reading of policy, nor a province's policy in which no body below the
    province acts (a province-wide summary is not a place's experience a trainer hands out)."""
    title = card.source.get("title") or ""
    if _CENTRAL.search(title) or OPINION_COLUMN.search(title) or _COMMENT.search(title):
        return False
    practice = _LEVEL_RUN.sub("", "".join(q.text for q in card.practice))
    if len(card.region) == 1 and not _BELOW_PROVINCE.search(practice):
        return False
    m = model()
    if m is None:
        return True
    return case_probability(card, practice_share) >= float(m.spec["card"].get("threshold", 0.5))


def shown(card, rural: bool = True) -> bool:
    """Whether a book shows a card: its 做法 name a deed, it stands in the story (not in a box
    beside it: 延伸阅读, 编者按), it is a local case and, in a book of a rural theme (``rural``), it is
    rural work."""
    return (
        card.names_a_deed
        and not card.boxed
        and (not rural or is_rural(card))
        and is_case(card, card.practice_share)
    )
