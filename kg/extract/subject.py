"""The subject region: every place on the chains of the places an article names is a candidate,
described by weighted evidence (in the title, where and how often it and the places under it are
named, its level, whether it is named as a helper, the rules' own choice). A linear score fitted
on the dev split of the field gold (benchmarks/train_subject.py) ranks them against each other and
against "no subject" (a national text, a digest of many provinces), whose score has its own
evidence: one choice per article, probabilities by a softmax over the choices. The best candidate
is the subject when its probability passes the fitted threshold."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from casegraph.core.linear import LinearModel, model_at
from casegraph.kg.extract.gazetteer import LEVELS, Place

MODEL = Path(__file__).parent.parent / "data" / "subject_model.json"
# words that make the place named right before or after them a helper, not the subject
_HELPER = re.compile(
    r"帮扶|对口|援建|援助|支援|派驻|选派|驻村|挂职|协作|结对|包联|联系点|定点|来自|牵头单位|工作队"
)
_WINDOW = 12
# a place that opens a company's or a bank's name (台安县某某农业发展有限公司) is its seat, not the
# article's subject
FIRM = re.compile(r"^[^，。；、\s]{0,10}?(?:有限公司|公司|集团|银行|合作社|协会|大学|学院|医院)")


# the nation as the actor (全国, 我国, 中央, 国务院, 各地): many of them say the text is national
_NATIONAL = re.compile(r"全国|我国|中央|国务院|国家|各地|各省")
# an opinion column named in the title's brackets: a commentary, an official's or a delegate's
# column (（今日谈）, （人民时评）, （新论）, （话说新农村）, （治理者说）, （代表之声）)
OPINION_COLUMN = re.compile(
    r"[（(][^（）()]*(?:时评|今日谈|新论|话说|纵横|手笔|观点|者说|之声|热评|微言)[^（）()]*[）)]"
)
# a column of comment, explanation or interview named after the title (（政策解读·…）, 人民时评,
# （…视角）, （权威访谈）, 社论)
_COLUMN = re.compile(
    r"[（(][^（）()]*(?:谈|评|论|观察|解读|言论|视角|访谈|纵横|手笔)[^（）()]*[）)]\s*$"
    r"|时评|评论|短评|社论"
)
# a place where a meeting or an event is held (在北京召开, 在西安举行) is a venue, not a subject
_VENUE = re.compile(r"^[^，。；]{0,6}(?:召开|举行|举办|开幕|闭幕|落幕)")


@functools.lru_cache(maxsize=8)
def _national(text: str) -> float:
    """How much of the text speaks of the nation: such words per thousand characters, capped."""
    return min(len(_NATIONAL.findall(text)) / max(len(text) / 1000, 1), 10) / 10


def _lead_end(text: str) -> int:
    return text.find("\n") if "\n" in text else len(text)


def candidates(title_mentions, mentions) -> list[Place]:
    seen: dict[int, Place] = {}
    for m in [*title_mentions, *mentions]:
        for p in m.place.chain():
            seen.setdefault(id(p), p)
    return list(seen.values())


def features(
    cand: Place, title_mentions, mentions, once, text: str, rule_choice: Place | None
) -> dict[str, float]:
    f: dict[str, float] = {"level:" + cand.level: 1, "bias": 1}
    depth = LEVELS.index(cand.level)
    title_chains = [m.place.chain() for m in title_mentions]
    if any(cand in c for c in title_chains):
        f["title:chain"] = 1
    if any(m.place is cand for m in title_mentions):
        f["title:named"] = 1
    if title_mentions and max(title_chains, key=len)[0] is cand:
        f["title:deepest"] = 1
    total = max(len(once), 1)
    under = [m for m in once if cand in m.place.chain()]
    direct = [m for m in mentions if m.place is cand]
    f["share"] = len(under) / total
    f["share>=0.6"] = float(len(under) >= 0.6 * total)
    f["direct"] = math.log1p(len(direct)) / 3
    f["direct_share"] = len(direct) / max(len(mentions), 1)
    kids = {id(m.place) for m in under if m.place is not cand}
    f["descendants"] = math.log1p(len(kids)) / 3
    deeper = [m.place for m in once if cand in m.place.chain()[1:]]
    if deeper:
        best = max(sum(1 for m in once if p in m.place.chain()) for p in deeper)
        f["deeper_share"] = best / total
    first = min((m.start for m in under), default=None)
    if first is not None:
        f["first_pos"] = 1 - min(first / max(len(text), 1), 1)
        f["in_lead"] = float(first <= _lead_end(text))
        f["in_first_200"] = float(first < 200)
    helped = sum(
        1 for m in direct if _HELPER.search(text[max(0, m.start - _WINDOW) : m.end + _WINDOW])
    )
    f["national"] = _national(text)
    f["provinces"] = math.log1p(len({id(m.place.province()) for m in once})) / 3
    if direct:
        f["helper_share"] = helped / len(direct)
        f["venue_share"] = sum(1 for m in direct if _VENUE.match(text[m.end : m.end + 14])) / len(
            direct
        )
        firm = sum(1 for m in direct if FIRM.match(text[m.end : m.end + 16]))
        f["firm_share"] = firm / len(direct)
    counts = [
        sum(1 for m in mentions if m.place is c)
        for c in {id(m.place): m.place for m in mentions}.values()
    ]
    if direct and len(direct) == max(counts, default=0):
        f["most_named"] = 1
    if (
        under
        and len(under) >= 0.5 * total
        and not any(sum(1 for m in once if p in m.place.chain()) >= 0.5 * total for p in deeper)
    ):
        f["deepest_half"] = 1
    if rule_choice is cand:
        f["rule:choice"] = 1
    if rule_choice is not None and cand in rule_choice.chain()[1:]:
        f["rule:above"] = 1
    if rule_choice is not None and rule_choice in cand.chain()[1:]:
        f["rule:below"] = 1
    f[f"depth_x_share:{depth}"] = f["share"]
    return f


def none_features(cands: list[Place], text: str, once, title: str = "") -> dict[str, float]:
    """Evidence for "no subject": how national the text is, how many provinces and candidates,
    a title that names the nation as the actor or a commentary column."""
    f = {
        "none:bias": 1,
        "none:national": _national(text),
        "none:provinces": math.log1p(len({id(m.place.province()) for m in once})) / 3,
        "none:candidates": math.log1p(len(cands)) / 3,
    }
    if _NATIONAL.search(title):
        f["none:title_national"] = 1
    if _COLUMN.search(title) or OPINION_COLUMN.search(title):
        f["none:title_column"] = 1
    return f


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    e = [math.exp(s - top) for s in scores]
    total = sum(e)
    return [x / total for x in e]


def model() -> LinearModel | None:
    return model_at(MODEL)


def choose(
    title_mentions, mentions, once, text: str, rule_choice: Place | None, title: str = ""
) -> tuple[Place | None, list[tuple[Place, float]]]:
    """-> (the subject or None, every candidate with its probability, best first)."""
    m = model()
    cands = candidates(title_mentions, mentions)
    if m is None or not cands:
        return rule_choice, []
    feats = [features(c, title_mentions, mentions, once, text, rule_choice) for c in cands]
    feats.append(none_features(cands, text, once, title))
    probs = softmax([float(m.scores(f)[0]) for f in feats])
    scored = sorted(zip(cands, probs[:-1], strict=True), key=lambda t: -t[1])
    threshold = float(m.spec["card"].get("threshold", 0.5))
    best, p = scored[0]
    return (best if p >= threshold else None), scored
