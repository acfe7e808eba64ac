"""Practices named by clauses: every clause of a body sentence (and every heading) is a candidate
measure, described by what the rules see in it (a measure the rules read, an action verb, a
programme word, a quoted name), what would make it no practice (a figure of a result, a plan, a
speech, a problem), and where it stands (first clause, topic sentence, heading, lead). A linear
model fitted on the field gold's dev measures (benchmarks/train_measures.py) decides; its label
is the clause without its enumerator, time phrase or trailing particles. Beside these, the
clause's characters and character pairs (those seen in at least three dev articles) let the fit
weigh the words a named practice is made of."""

from __future__ import annotations

import functools
import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path

from casegraph.core.linear import LinearModel, model_at
from casegraph.core.text import HAN
from casegraph.kg.extract.text import Sentence

MODEL = Path(__file__).parent.parent / "data" / "measure_model.json"
_PART = re.compile(r"[^，；：。！？,;:!?]+")
_HAN = re.compile(f"[{HAN}]")
_LEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|同时|此外|另外|其中|一方面|另一方面|"
    r"[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[.、．])?\s*"
    r"(?:(?:19|20)\d\d年(?:\d{1,2}月)?(?:以来|起|初|底|份)?|今年以来|近年来|近年|近期|去年|今年|目前|"
    r"如今|当前|此前|随后|之后|后来)?[，,]?\s*"
)
_TAIL = re.compile(r"[的了等]+$")
_DIGIT = re.compile(r"\d|[两三四五六七八九十百千万亿][个名户家座项人元亩次万]")
_QUOTE = re.compile(r"“[^“”]{1,24}”")
_PROGRAMME = re.compile(
    r"模式|机制|制度|工程|行动|计划|平台|中心|基地|合作社|公司|联盟|工作队|服务队|站|超市|积分|"
    r"清单|书屋|工坊|夜校|讲堂|协会|联合体|党委|支部|示范|产业|项目|品牌|网格|议事|公开|培训|评比"
)
_CUES = {
    "plan": re.compile(r"将|力争|计划|预计|争取|下一步|今后|拟"),
    "must": re.compile(r"^(?:要|必须|应当|应该|需要)|要把|要让"),
    "speech": re.compile(r"说|表示|介绍|认为|感慨|坦言"),
    "result": re.compile(
        r"实现|达到|增长|增加|提高|提升|增收|受益|覆盖|惠及|脱贫|摘帽|获评|荣获|成为"
    ),
    "problem": re.compile(r"难|问题|短板|薄弱|落后|缺|不足|困境|矛盾"),
    "done": re.compile(r"了|已|先后|累计"),
    "scene": re.compile(r"记者|走进|来到|眼前|只见"),
}


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offsets in the article text
    end: int
    sentence: Sentence
    index: int  # in its sentence
    count: int  # clauses in its sentence


def clauses(s: Sentence) -> list[Clause]:
    """The runs between clause punctuation that hold a Han character, stripped."""
    parts = []
    for m in _PART.finditer(s.text):
        raw = m.group()
        seg = raw.strip()
        if _HAN.search(seg):
            a = s.start + m.start() + len(raw) - len(raw.lstrip())
            parts.append((seg, a, a + len(seg)))
    n = len(parts)
    return [Clause(t, a, b, s, i, n) for i, (t, a, b) in enumerate(parts)]


def label(c: Clause) -> str:
    """The clause as a measure's name: no enumerator, time phrase or trailing particle."""
    text = _LEAD.sub("", c.text, count=1)
    return _TAIL.sub("", text) or c.text


@functools.lru_cache(maxsize=1 << 15)
def _pos(text: str) -> tuple[str, ...]:
    """Part-of-speech tags of the first two words (jieba's dictionary, no HMM: fast)."""
    from casegraph.core.segment import pos_tags

    return tuple(flag for _, flag in pos_tags(text[:8]))[:2]


def features(
    c: Clause,
    rule_spans: list[tuple[int, int, str]],
    sent_role: str,
    topic: bool,
    para: int,
    n_paras: int,
    heading: bool,
    practice_p: float | None = None,
) -> dict[str, float]:
    from casegraph.kg.extract.sections import has_action

    t = c.text
    bare = label(c)
    f: dict[str, float] = {"bias": 1, "sent:" + sent_role: 1}
    inside = [k for a, b, k in rule_spans if a < c.end and c.start < b]
    for k in inside:
        f["rule:" + k] = 1
    if inside:
        f["rule:any"] = 1
    f["len"] = math.log1p(len(bare)) / 4
    f["short"] = float(len(bare) <= 6)
    f["long"] = float(len(bare) >= 25)
    f["action_start"] = float(has_action(bare[:4]))
    f["action"] = float(has_action(bare))
    f["programme"] = float(bool(_PROGRAMME.search(bare)))
    f["quote"] = float(bool(_QUOTE.search(t)))
    f["digit"] = float(bool(_DIGIT.search(t)))
    f["first_clause"] = float(c.index == 0)
    f["only_clause"] = float(c.count == 1)
    f["clause_pos"] = c.index / max(c.count - 1, 1)
    f["topic_sentence"] = float(topic)
    f["heading"] = float(heading)
    f["lead_para"] = float(para == 0)
    f["para_pos"] = para / max(n_paras - 1, 1)
    f["led"] = float(bare != t)
    for k, tag in enumerate(_pos(bare)):
        f[f"pos{k}:{tag[:2]}"] = 1
    if practice_p is not None:
        f["sent:practice_p"] = practice_p
    for name, rx in _CUES.items():
        if rx.search(t):
            f["cue:" + name] = 1
    for a, b in zip(bare[:3], bare[1:4], strict=False):
        if _HAN.match(a) and _HAN.match(b):
            f["bg:" + a + b] = 1
    for g in ngrams(t):
        f[g] = 1
    return f


def char_keys(t: str) -> tuple[dict[str, None], dict[str, None]]:
    """The clause's characters and its character pairs, each in order of first appearance."""
    return dict.fromkeys(t), dict.fromkeys(map(operator.add, t, t[1:]))


# the prefixes of the features that are characters or character pairs (the opening pairs, "bg:",
# and the clause's own, "cu:" and "cb:")
CHARACTERS = ("bg:", "cb:", "cu:")


def ngrams(t: str) -> dict[str, None]:
    """The clause's characters and character pairs as feature names: the words a practice is
    named with (推行, 领办, 积分) that no cue list holds."""
    chars, pairs = char_keys(t)
    out = dict.fromkeys("cu:" + ch for ch in chars)
    out.update(dict.fromkeys("cb:" + p for p in pairs))
    return out


def model() -> LinearModel | None:
    return model_at(MODEL)


def threshold() -> float:
    m = model()
    return float(m.spec["card"].get("threshold", 0.5)) if m else 1.0
