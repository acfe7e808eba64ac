"""Practice units: the genre's own structure. A 经验材料 has a lead, then sections (a heading
line, or a paragraph that frames what follows), and inside them units: a paragraph or a run of
sentences opened by a topic sentence (推行村书记“定标评星”。), an enumerator (一是, 首先, （二）)
or one of several parallel opening clauses (坚持组织领动，… 坚持资金推动，…). A unit's sentences
are its actions and its results; the section's framing paragraph, or the unit's own framing
sentences, are its context.

Everything here is shape: lengths, punctuation, enumerators and action verbs, no list of
phrases from any article."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from casegraph.core.text import HAN
from casegraph.kg.extract.measures import ACTIONS
from casegraph.kg.extract.text import Sentence, sentences

ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|其一|其二|其三|"
    r"第[一二三四五六七八九十]+[，、,]|[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[.、．](?!\d))"
)
MIN_ITEM = 15  # characters of an enumerated item that is a case by itself (三是严格动态管理，…)
TOPIC_MAX = 24  # characters of a topic sentence (推行村书记“定标评星”。, 全面摸排储备一批。)
LEAD_CLAUSE = (3, 12)  # an opening clause that can name a unit (坚持组织领动，)
_SPEAKER = re.compile(rf"^[{HAN}]{{2,4}}[：:]")  # 毕海霞：… in an interview
_DIGIT = re.compile(r"\d")
_END = "。；;！!…"
_RESULT_OPENING = re.compile(
    r"^(?:目前|截至|截止|至今|如今|现已|当前|近日|日前|近期|今天|今年|去年|眼下|"
    r"今年以来|近年来|[^，。]{0,12}以来|(?:19|20)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?=[，,]))[，,]?"
)
_RESULT_VERB = re.compile(
    r"实现|达到|达|增长|增加|提高|提升|带动|覆盖|惠及|增收|获评|入选|成为|占比|全部|累计|共计|均"
)
_FRAME = re.compile(
    r"^(?:正是|也是|就是)?(?:在|据|当|随着|为了|为|对于|通过)"
    r"|(?:以来|期间|之际|时|中|后|上|下|方面|来看)$"
)
# reported speech and exhortation: 会议强调，… 要… 必须… (what should be done, not what was done)
_SPEECH = re.compile(
    r"^(?:[^，。：]{0,14}(?:强调|指出|表示|认为|说|要求|提出|希望)[，：:]"
    r"|(?:[^，。]{0,10}[，,])?(?:要(?![素求点闻害件案道])|必须|应当|应该|务必))"
)
# an event reported, not a practice: …大会在山东临沂举行。
_EVENT = re.compile(r"(?:举行|召开|开幕|闭幕|落幕|启幕)[。；！]?$")
_IMPERATIVE = ("要", "必须", "应当", "应该", "务必", "需要")
# plans and goals, not practice: 下一步…, 西藏将大力发展…, 力争到“十五五”末…
_PLAN = re.compile(
    r"^(?:下一步|下步|今后|未来|接下来)"
    r"|将(?:大力|以|着力|加快|进一步|继续|持续|全面|深入|重点)|力争|预计|计划到|到20\d\d年"
    r"|^“?十[一二三四五六七八九]五”?(?:时期|期间)"
)
# the measure verbs, plus general verbs of doing that are not names of programmes
_DOING = "领办 牵头 带领 开设 配备 招聘 培训 投入 整合 引进 修建 新建 改造 帮扶 指导 调整 办理 吸纳".split()
_ACTION_RE = re.compile("|".join(sorted({*ACTIONS, *_DOING}, key=len, reverse=True)))


@dataclass
class UnitSpan:
    sentences: list[Sentence]
    section: str | None  # the heading line above it
    context: list[Sentence]  # the section's framing sentences, when there are any
    opener: str  # topic, enumerator, clause, paragraph
    opening: bool = False  # its context is the article's opening paragraph, nothing closer

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def led_by_topic(self) -> bool:
        """Opened by a topic sentence (推行村书记“定标评星”。), enumerated or not."""
        return self.opener == "topic" or (
            self.opener == "enumerator" and is_topic(self.sentences[0])
        )


def bare(text: str) -> str:
    """A sentence without its enumerator, speaker and closing punctuation."""
    text = _SPEAKER.sub("", text.strip())
    text = ENUMERATOR.sub("", text).lstrip("，、,： ")
    return text.rstrip(_END + "，,")


def is_topic(s: Sentence) -> bool:
    """A short framing sentence that names what follows: no figure, no question."""
    return _is_topic(s.text)


@functools.lru_cache(maxsize=1024)
def _is_topic(text: str) -> bool:
    b = bare(text)
    return (
        2 <= len(b) <= TOPIC_MAX
        and not _DIGIT.search(b)
        and not text.rstrip().endswith(("？", "?", "：", ":"))
    )


@functools.lru_cache(maxsize=1024)
def lead_clause(text: str) -> str | None:
    """The opening clause when it is short, figure-free and names something (坚持融合联动，…),
    not a time or a frame (学习教育开展以来，… 在项目支撑上，…)."""
    b = ENUMERATOR.sub("", _SPEAKER.sub("", text)).lstrip("，、, ")
    m = re.match(r"[^，,。；;：:“”]+(?=[，,])", b)
    if not m or not LEAD_CLAUSE[0] <= len(m.group(0)) <= LEAD_CLAUSE[1]:
        return None
    c = m.group(0)
    if _DIGIT.search(c) or _RESULT_OPENING.match(c + "，") or _FRAME.search(c):
        return None
    return c


def has_action(text: str) -> bool:
    return bool(_ACTION_RE.search(text))


_TALLY = re.compile(r"累计|共计|已有|先后|总计")


def role(s: Sentence | str) -> str:
    """result (what came of it: a figure in a clause without an action, or in a tally: 累计…),
    action (something was done: an action verb before the first figure or in its clause), or
    context (framing, speech, an event)."""
    return _role(s.text if isinstance(s, Sentence) else s)


@functools.lru_cache(maxsize=1024)
def _role(text: str) -> str:
    if _SPEECH.match(text) or _EVENT.search(text):
        return "context"
    frame = _RESULT_OPENING.match(text)
    body = text[frame.end() :] if frame else text  # 2021年以来，… / 目前，…
    digit = _DIGIT.search(body)
    if digit:
        before = body[: digit.start()]
        cut = max(before.rfind(c) for c in "，,；;：:") + 1
        end = re.search(r"[，,；;。！？]", body[digit.start() :])
        earlier = before[:cut]  # …组建服务队，
        clause = body[cut : digit.start() + end.start()] if end else body[cut:]
        # the figure's own clause: 在120个社区开设社区食堂 (an action) / 累计办理事项3000余件 (a tally)
        acted = has_action(earlier) or (has_action(clause) and not _TALLY.search(clause))
        return "action" if acted else "result"
    if has_action(text):
        return "action"
    return "result" if _RESULT_VERB.search(text[:12]) else "context"


def paragraphs(article) -> list[list[Sentence]]:
    """Body paragraphs as sentence lists (a long paragraph cut into several passages is one)."""
    out: list[list[Sentence]] = []
    prev = None
    for p in article.passages:
        if p.kind != "body":
            prev = None
            continue
        same = prev is not None and "\n" not in article.text[prev.end : p.start]
        if same and p.heading == prev.heading:
            out[-1].extend(sentences(p))
        else:
            out.append(sentences(p))
        prev = p
    return [p for p in out if p]


def _parallel_openers(para: list[Sentence]) -> set[int]:
    """Sentences whose short opening clauses start alike (坚持组织领动，… 坚持融合联动，…):
    at least two in the paragraph."""
    heads: dict[str, list[int]] = {}
    for i, s in enumerate(para):
        c = lead_clause(s.text)
        if c:
            heads.setdefault(c[:2], []).append(i)
    return {i for idx in heads.values() if len(idx) >= 2 for i in idx}


def _framing(para: list[Sentence], opening: bool) -> bool:
    """A paragraph that frames what follows: short, no figures, no question (the article's
    opening may ask one), and not itself a unit (a topic sentence with sentences after it,
    except in the opening, or an enumerated list)."""
    if len(para) > 3 or any(_DIGIT.search(s.text) for s in para):
        return False
    if not opening and any(s.text.rstrip().endswith(("？", "?")) for s in para):
        return False
    if len(para) > 1 and is_topic(para[0]) and not opening:
        return False
    return not any(ENUMERATOR.match(_SPEAKER.sub("", s.text)) for s in para)


def _parallel_after(paras: list[list[Sentence]], n: int) -> int:
    """How many of the next paragraphs open with short clauses that start alike (at least two
    for a run; 0 when there is none)."""
    heads = [lead_clause(p[0].text) or "" for p in paras[n + 1 :]]
    run = 0
    while run < len(heads) and heads[run] and heads[run][:2] == heads[0][:2]:
        run += 1
    return run if run >= 2 else 0


def _starts(para: list[Sentence]) -> list[str | None]:
    """What opens a unit at each sentence of a paragraph: an enumerator, a topic sentence (not one
    right after another opener: 其次，“雏雁”展翅…。高平市高起点…。 is one unit), or parallel
    opening clauses (only in a paragraph that has no topic sentence of its own)."""
    out: list[str | None] = []
    parallel = set() if is_topic(para[0]) else _parallel_openers(para)
    for i, s in enumerate(para):
        text = _SPEAKER.sub("", s.text)
        kind = None
        if ENUMERATOR.match(text):
            kind = "enumerator"
        elif i in parallel:
            kind = "clause"
        elif is_topic(s) and s.text.rstrip()[-1:] not in "；;" and (i + 1 < len(para) or i == 0):
            kind = "topic" if not (out and out[-1]) else None
        out.append(kind)
    return out


def split_units(article) -> list[UnitSpan]:
    """The article's practice units, in text order. The opening paragraph and a section's first
    paragraph frame what follows when they are short and figure-free; so do the sentences of a
    paragraph before its first enumerated or topic sentence. Questions make no unit, nor does a
    run of sentences without an action."""
    paras = paragraphs(article)
    heading_of = {p.id: p.heading for p in article.passages}
    units: list[UnitSpan] = []
    context: list[Sentence] = []
    opening: list[Sentence] = []
    run_context: list[Sentence] = []
    run_left = 0
    section: object = object()
    for n, para in enumerate(paras):
        heading = heading_of[para[0].passage_id]
        first_in_section = heading != section
        if first_in_section:
            section, context = heading, []
        if para[-1].text.rstrip().endswith(("？", "?")):
            continue  # an interviewer's question
        if _SPEECH.match(para[0].text) and not para[0].text.startswith(_IMPERATIVE):
            continue  # 会议强调，…: a paragraph of reported speech
        # without headings: a short figure-free paragraph before paragraphs that open alike
        # (抓实干部能力培训，… 抓实农牧民党员技能培训，…) frames that run of paragraphs only
        if _framing(para, False) and (run := _parallel_after(paras, n)):
            run_context, run_left = para, run
            continue
        lone_topic = len(para) == 1 and is_topic(para[0])  # 高平推行“四化联动”，为组织振兴赋能。
        frames = lone_topic or (first_in_section and _framing(para, n == 0))
        if n + 1 < len(paras) and frames:
            context = para
            opening = para if n == 0 else opening
            continue
        starts = _starts(para)
        current: list[Sentence] = []
        opener = "paragraph"
        local = run_context if run_left > 0 else context
        run_left -= 1
        if sum(1 for k in starts if k) >= 2 and not starts[0]:
            # 聚焦力量储备，…。以…为抓手，…。全面摸排储备一批。…: the lead frames the list
            k = next(i for i, x in enumerate(starts) if x)
            local = para[:k]
            para, starts = para[k:], starts[k:]
        for s, kind in zip(para, starts, strict=True):
            if kind and current:
                units.append(UnitSpan(current, heading, local, opener, local is opening))
                current = []
            if not current:
                opener = kind or "paragraph"
            current.append(s)
        if current:
            units.append(UnitSpan(current, heading, local, opener, local is opening))
    return [
        u
        for u in units
        # an action, or the genre's own structure around something that is not speech
        if (
            any(role(s) == "action" for s in u.sentences)
            or (u.opener != "paragraph" and any(role(s) != "context" for s in u.sentences[1:]))
            or (u.opener == "enumerator" and len(bare(u.sentences[0].text)) >= MIN_ITEM)
        )
        and not _PLAN.search(u.sentences[0].text)
        and not _EVENT.search(u.sentences[0].text)  # an event and what happened at it
    ]


def unit_title(u: UnitSpan, measures: list[str]) -> str:
    """The unit's own name: its topic sentence; else its opening clause when short (with the next
    clause when very short) or an action clause of up to 18 characters; else its first named
    measure; else its opening words."""
    first = u.sentences[0]
    if u.led_by_topic:
        return bare(first.text)
    head = bare(first.text)
    clause = lead_clause(first.text)
    if clause:
        rest = head[len(clause) + 1 :]
        nxt = re.match(r"[^，,。；;]+", rest)
        if len(clause) < 6 and nxt and len(clause) + len(nxt.group(0)) < 24:
            return f"{clause}，{nxt.group(0)}"
        return clause
    frame = re.match(r"[^，,。；;：:]+[，,]", head)
    if frame and (_FRAME.search(frame.group(0)[:-1]) or _RESULT_OPENING.match(frame.group(0))):
        head = head[frame.end() :]  # 在学习教育中，西藏那曲市党员干部通过…
    opening = re.match(r"[^，,。；;：:]+", head)
    if (
        opening
        and len(opening.group(0)) <= 18
        and not _DIGIT.search(opening.group(0))
        and not _RESULT_OPENING.match(opening.group(0))
        and not _FRAME.search(opening.group(0))
    ):
        return opening.group(0)
    if measures:
        return measures[0]
    m = re.match(r"[^，,。；;]+(?:[，,][^，,。；;]+)?", head)
    title = m.group(0) if m else head
    return title if len(title) <= 30 else title[:28].rstrip("，、,") + "…"
