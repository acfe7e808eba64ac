"""What a sentence of a case is: 背景 (the situation the practice answers), 做法 (what a local
actor did), 成效 (what came of it), both 做法 and 成效, or 其他 (scene, quote, evaluation, plan,
exhortation, policy). A model fitted on the field gold's dev sentences (benchmarks/train_roles.py)
weighs what no single rule can: the sentence as read by the shipped bge-small-zh encoder
fine-tuned on those sentences (cases/role_encoder.py), the rules' own reading of it (kg/extract/sections.py: action, result
or context; speech, plans, events, frames), its figures, aspect and tense (了/已/累计/实现 against
将/要/力争), its place in the paragraph and the article. The encoder's updates and the linear
layer over its vectors and these features are fitted together."""

from __future__ import annotations

import math
import re
from pathlib import Path

from casegraph.core.linear import LinearModel, load_model
from casegraph.core.text import HAN

MODEL = Path(__file__).parent / "data" / "role_model.json"
ROLES = ("背景", "做法", "成效", "做法+成效", "其他")
PRACTICE = ("做法", "做法+成效")

_DIGIT = re.compile(r"\d|[两三四五六七八九十百千万亿]+[个名户家座项人元亩次]")
_CUES = {
    "done": re.compile(r"了|已|已经|累计|共计|先后|目前|截至|如今|现在"),
    "plan": re.compile(r"将|下一步|今后|力争|计划|预计|争取|未来|拟"),
    "must": re.compile(r"要|必须|应当|应该|务必|需要"),
    "speech": re.compile(r"说|表示|介绍|坦言|感慨|告诉记者|笑着|认为|指出|强调"),
    "scene": re.compile(r"记者|走进|来到|眼前|只见|清晨|傍晚|冬日|初春|午后|一大早|看到"),
    "judge": re.compile(r"典型|缩影|生动|体现|彰显|见证|写照|成为|探索出|闯出|走出"),
    "past": re.compile(r"曾是|曾经|过去|以前|原来|昔日|当年|此前|一度"),
    "problem": re.compile(r"难|问题|短板|薄弱|落后|贫困|缺|不足|空心|涣散|矛盾|困境"),
    "result": re.compile(
        r"实现|达到|增加|增长|提高|提升|带动|受益|增收|收入|分红|脱贫|摘帽|获评|荣获"
    ),
    "act": re.compile(
        r"建立|成立|组建|开展|实施|推行|探索|打造|引进|选派|培训|组织|建设|推动|整合|流转|创新|"
        r"设立|搭建|推广|发展|实行|制定|出台|落实|派驻|领办|牵头|投入|修建|新建|改造|招商"
    ),
    "policy": re.compile(r"中央|全国|国家|党中央|习近平|总书记|一号文件|国务院"),
    "quote": re.compile(r"^[“「『]"),
    "place_subject": re.compile(
        rf"^[{HAN}]{{1,8}}(?:省|市|县|区|旗|镇|乡|村|街道|社区|党委|党支部|党总支)"
    ),
}


def _rule(text: str) -> dict[str, float]:
    from casegraph.kg.extract import sections as sx

    f: dict[str, float] = {"rule:" + sx.role(text): 1}
    if sx._SPEECH.match(text):
        f["rule:speech"] = 1
    if sx._PLAN.search(text):
        f["rule:plan"] = 1
    if sx._EVENT.search(text):
        f["rule:event"] = 1
    if sx._RESULT_OPENING.match(text):
        f["rule:result_opening"] = 1
    b = sx.bare(text)
    if 2 <= len(b) <= sx.TOPIC_MAX and not sx._DIGIT.search(b) and not text.endswith(("？", "?")):
        f["rule:topic"] = 1
    if sx.ENUMERATOR.match(text):
        f["rule:enumerator"] = 1
    return f


def _policy_density(doc: str) -> float:
    """How much an article speaks of national policy: policy words per thousand characters."""
    return min(len(_CUES["policy"].findall(doc)) / max(len(doc) / 1000, 1) / 5, 1.0)


def sentence_features(
    text: str,
    i: int,
    n: int,
    para: int,
    n_paras: int,
    heading: bool = False,
    before: str = "",
    doc: str = "",
) -> dict[str, float]:
    """Features of sentence ``i`` of ``n`` in paragraph ``para`` of ``n_paras``; ``before``: its
    paragraph up to it, ``doc``: the article's text (how national the article is)."""
    f = _rule(text)
    if before.count("“") > before.count("”"):
        f["ctx:in_quote"] = 1  # a quotation opened before it runs on
    if before and _CUES["speech"].search(before[-12:]):
        f["ctx:after_speech"] = 1
    if doc:
        f["doc:policy"] = _policy_density(doc)
    f["bias"] = 1
    f["len"] = math.log1p(len(text)) / 5
    f["short"] = float(len(text) <= 24)
    f["digits"] = min(len(_DIGIT.findall(text)), 4) / 4
    f["commas"] = min(text.count("，"), 6) / 6
    f["first_in_para"] = float(i == 0)
    f["last_in_para"] = float(i == n - 1)
    f["alone"] = float(n == 1)
    f["para_pos"] = para / max(n_paras - 1, 1)
    f["first_para"] = float(para == 0)
    f["last_para"] = float(para == n_paras - 1)
    f["heading"] = float(heading)
    f["quote_inside"] = float("“" in text[1:])
    f["question"] = float(text.rstrip("”’」").endswith(("？", "?")))
    head = text[:12]
    for name, rx in _CUES.items():
        if rx.search(text):
            f["cue:" + name] = 1
        if rx.search(head):
            f["head:" + name] = 1
    return f


def encoder_features(texts: list[str]) -> list[dict[str, float]]:
    """The sentences' vectors by the fine-tuned encoder as features h:0 … h:1023."""
    from casegraph.cases.role_encoder import pooled

    if not texts:
        return []
    return [{f"h:{i}": float(x) for i, x in enumerate(v)} for v in pooled(list(texts))]


def model() -> LinearModel | None:
    return load_model(str(MODEL)) if MODEL.exists() else None


def predict_many(features: list[dict[str, float]], texts: list[str]) -> list[dict[str, float]]:
    """Role probabilities of sentences from their features and their texts (embedded here)."""
    m = model()
    if m is None:
        raise RuntimeError(f"the sentence-role model {MODEL} is missing; run make train")
    return [m.predict_proba(f | e) for f, e in zip(features, encoder_features(texts), strict=True)]


def decide(proba: dict[str, float], threshold: float | None = None) -> str:
    """The role shown: 做法 (or 做法+成效) only when their probability passes the model card's
    threshold (a non-practice shown as practice is the worst error), else the likeliest other."""
    m = model()
    t = threshold if threshold is not None else float(m.spec["card"].get("practice_p", 0.5))
    if sum(proba.get(r, 0.0) for r in PRACTICE) >= t:
        return max(PRACTICE, key=lambda r: proba.get(r, 0.0))
    return max((r for r in ROLES if r not in PRACTICE), key=lambda r: proba.get(r, 0.0))
