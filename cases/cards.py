"""Case cards, built from the graph: every sentence on a card is quoted from an
article and cites the passage it came from; nothing is written by hand.

A card is one practice unit of one article (kg/extract/sections.py): 标题 (the unit's own name and
its region), 地区, 背景 (its section's framing sentence or its own; the article's opening only when
nothing closer exists), 做法 (its sentences, in order), 成效 (its result sentences and figures,
each once), 出处 (article, publisher, date, url, paragraph)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from casegraph.cases.is_case import article_cues
from casegraph.cases.later_results import later_results
from casegraph.cases.related import Related
from casegraph.cases.results import (
    card_label,
    cut_to_clause,
    in_quotation,
    is_cut,
    is_forecast,
    is_plan,
    is_speech,
    is_tally,
    not_a_result,
    reports_result,
    split_result,
    without_tag,
)
from casegraph.cases.scope import (
    about_a_person,
    names_other_place,
    speaks_for_other,
    speaks_wider,
)
from casegraph.cases.sentence_roles import (
    PRACTICE,
    card_name,
    name_candidates,
    sentence_roles,
)
from casegraph.cases.specific import is_generic
from casegraph.cases.titles import best_title, without_places
from casegraph.core.errors import quoted
from casegraph.ingest.model import Passage
from casegraph.kg import queries
from casegraph.kg.extract.sections import bare
from casegraph.kg.extract.text import sentences
from casegraph.kg.extract.vocab import match_practices
from casegraph.kg.graph.nodes import iri, local
from casegraph.kg.queries.nodes import outcome_fields, region_path, select_found
from casegraph.kg.store import GraphStore


@dataclass
class Quote:
    text: str
    passage_id: str


@dataclass
class Card:
    id: str  # the practice unit
    title: str
    region: list[str]  # 省 > 市 > 县
    background: Quote | None
    practice: list[Quote]
    outcomes: list[dict]
    source: dict
    results: list[Quote] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    section: str | None = None
    # other context sentences, in order of preference, for when another card quotes the first
    contexts: list[Quote] = field(default_factory=list, repr=False)
    practice_share: float = field(default=0.0, repr=False)  # of the unit's sentences
    names_a_deed: bool = field(
        default=True, repr=False
    )  # its 做法 say in a few words what was done
    boxed: bool = field(default=False, repr=False)  # it stands in a box beside the story
    # how many provinces its article's passages name: one for a place's report, many for a
    # round-up in which the place is one example among several provinces'
    article_provinces: int = field(default=0, repr=False)
    article_cues: dict = field(default_factory=dict, repr=False)  # cases/is_case.py article_cues

    @property
    def passages(self) -> list[str]:
        quotes = ([self.background] if self.background else []) + self.practice + self.results
        ids = [q.passage_id for q in quotes] + [o["passage_id"] for o in self.outcomes]
        return list(dict.fromkeys(ids))

    def to_json(self) -> dict:
        d = {
            k: getattr(self, k)
            for k in ("id", "title", "region", "outcomes", "source", "themes", "practices")
        }
        d["section"] = self.section
        d["background"] = vars(self.background) if self.background else None
        d["practice"] = [vars(q) for q in self.practice]
        d["results"] = [vars(q) for q in self.results]
        d["passages"] = self.passages
        return d


_LEADER = re.compile(r"习近平|总书记|李克强|总理")


def _sentences(passages: list[Passage], start: int, end: int) -> list:
    """The sentences of the article text between ``start`` and ``end``."""
    out = []
    for p in passages:
        if p.end > start and p.start < end:
            out += [s for s in sentences(p) if start <= s.start and s.end <= end]
    return out


# a newspaper's box beside the story (核心阅读, 编者按, 延伸阅读): a summary, a comment or what a
# wider area did, not the story's case
BOX = re.compile(
    r"^(?:核心阅读|开栏的话|编者按|编后|记者手记|短评|相关链接|相关阅读|延伸阅读|链接|背景)$"
)
# a byline standing as a heading (本报记者 王浩): no section of the story
_BYLINE = re.compile(r"(?:记者|通讯员|编辑|摄影|撰稿)\s*[\u4e00-\u9fff]{2,4}(?:\s|$)")


def _section(heading: str | None) -> str | None:
    """The heading a card stands under, unless it is page furniture (小字号, a site menu), a
    newspaper's box label or a byline."""
    from casegraph.ingest.boilerplate import boilerplate_reason

    if not heading or len(heading) < 4 or BOX.search(heading) or _BYLINE.search(heading):
        return None
    return None if any(boilerplate_reason(h) for h in heading.split(" ")) else heading


def build_card(store: GraphStore, unit_id: str) -> Card:
    u = iri("unit", unit_id)
    r = select_found(store, "unit", f"没有这个案例：{quoted(unit_id)}", u=u)[0]
    label = r["label"]
    passages = [  # the article's body passages, read once for the unit and its context
        Passage(p["pid"], p["text"], p["start"], p["start"] + len(p["text"]))
        for p in queries.select(store, "article_passages", article=r["article"])
    ]
    own = _sentences(passages, r["start"], r["end"])
    framing = _sentences(passages, r["cs"], r["ce"])[:1] if r["cs"] is not None else []
    roles = sentence_roles(passages, [*framing, *own])
    # a sentence in which the extraction read a measure is evidence of a practice: it is shown
    # as one unless the role model reads it as background or a result
    named = {x["sentence"] for x in queries.select(store, "unit_measure_sentences", u=u)}
    for x in own:
        if x.text in named and roles[x.start] == "其他":
            roles[x.start] = "做法"
    # 背景: the section's framing sentence or the unit's own, when the model reads it as background
    framing = [s for s in framing if not is_speech(s.text)]
    contexts = [] if r["generic"] else [s for s in framing if roles[s.start] == "背景"]
    contexts += [
        s
        for s in own[1:]
        if roles[s.start] == "背景" and not is_speech(s.text) and not in_quotation(s, passages)
    ][:1]
    if r["generic"]:  # the article's opening: only a short one, and only after the unit's own
        contexts += [s for s in framing if len(s.text) <= 100 and roles[s.start] == "背景"]
    where = r["region"] or r["primary"]
    found = region_path(store, where) if where else []
    path = [p["label"] for p in found]
    place, level = (path[-1], found[-1]["level"]) if path else ("", None)
    practice, results = [], []
    for i, s in enumerate(own):
        if i == 0 and bare(s.text) == label:
            continue  # the topic sentence is the card's title
        if is_speech(s.text) or in_quotation(s, passages) or _LEADER.search(s.text):
            continue  # someone's words; a leader's instruction is no place's practice
        if roles[s.start] in PRACTICE and is_generic(s.text):
            continue  # a general lead made of stock phrases
        if roles[s.start] in PRACTICE and is_plan(s.text):
            continue  # what is to be done (今年，…将深化…), not a practice yet
        if speaks_wider(s.text, path, level):
            continue  # what a wider area did (近年来全省…, 镇党委… on a village's card)
        if roles[s.start] == "成效" and (is_forecast(s.text) or not_a_result(s.text)):
            continue  # not achieved yet, a scene, a cut piece
        if is_cut(s, passages):  # the page ends in it: its clauses up to the last whole one
            s = cut_to_clause(s)
            if s is None:
                continue
        role = roles[s.start]
        s = without_tag(s)  # 赵会杰介绍，去年，小庙子村…: the fact, not who told it
        if role in PRACTICE and is_tally(s.text):
            results.append(Quote(s.text, s.passage_id))  # what stands now: a result
        elif role in PRACTICE:  # 做法 (and what came of it, under 成效)
            deed, tail = split_result(s)
            if tail is not None and (is_forecast(tail.text) or not_a_result(tail.text)):
                deed, tail = s, None  # an expected or a thin result stays with its deed
            practice.append(Quote(deed.text, deed.passage_id))
            if tail is not None:
                results.append(Quote(tail.text, tail.passage_id))
        elif role == "成效":
            results.append(Quote(s.text, s.passage_id))
    deeds = label + "".join(q.text for q in practice)
    if practice and not results:
        related = Related(deeds)
        starts = [
            int(x["start"])
            for x in queries.select(
                store, "passage_article_units", p=iri("passage", passages[0].id)
            )
        ]
        until = min((x for x in starts if x > int(r["start"])), default=None)
        later = later_results(
            passages,
            (int(r["start"]), int(r["end"])),
            place,
            sentence_roles,
            until=until,
            home=r["primary"] in (None, r["region"]),
            # read after the unit: a wider area's, a person's, another place's or another
            # practice's result is not what the practice brought its place
            keep=lambda s: (
                not speaks_wider(s.text, path, level)
                and not about_a_person(s.text)
                and not names_other_place(s.text, path, deeds)
                and related(s.text)
            ),
        )
        results = [Quote(without_tag(s).text, s.passage_id) for s in later]
    results = [q for q in results if not speaks_for_other(q.text, path, deeds)]
    seen: set[tuple[str, str]] = set()
    result_texts = {q.text for q in results}
    outcomes = []
    for o in queries.select(store, "unit_outcomes", u=u):
        if (o["surface"], o["sentence"]) in seen:
            continue
        seen.add((o["surface"], o["sentence"]))
        found = {**outcome_fields(o), "passage_id": o["pid"]}
        found["indicator"] = card_label(found["indicator"])
        # a sentence split into its deed and its results: the part the figure is in
        part = next(
            (
                q.text
                for q in practice + results
                if q.text in found["sentence"] and found["surface"] in q.text
            ),
            None,
        )
        if part is None:
            continue  # its sentence is not on the card (someone's words, a scene, no role)
        if part not in result_texts and not reports_result(part, found["surface"]):
            continue  # what a deed used or made (抽调12名干部, 新建大棚30座): no 成效
        outcomes.append(found | {"sentence": part})
    labels = defaultdict(list)
    for x in queries.select(store, "unit_labels", u=u):
        labels[x["kind"]].append(x["label"])
    if not labels["practice"]:  # the kind of practice its 做法 sentences name
        text = "".join(q.text for q in practice)
        labels["practice"] = [c.label for c in match_practices(label, text)]
    quotes = [Quote(s.text, s.passage_id) for s in contexts]
    cands = name_candidates(label, practice)
    section = _section(r["section"])
    rules = card_name(label, cands, labels["practice"], labels["theme"])
    name = without_places(best_title(label, practice, section, rules, place) or rules, path)
    return Card(
        id=unit_id,
        title=f"{place}：{name}" if place else name,
        region=path,
        background=quotes[0] if quotes else None,
        practice=practice,
        outcomes=outcomes,
        source={
            "article_id": local(r["article"]).split("/", 1)[1],
            "title": r["title"],
            "publisher": r["publisher"],
            "date": r["date"],
            "url": r["url"],
        },
        results=results,
        themes=labels["theme"],
        practices=labels["practice"],
        section=section,
        contexts=quotes,
        practice_share=len(practice) / max(len(own), 1),
        names_a_deed=bool(cands),
        boxed=bool(r["section"] and BOX.search(r["section"])),
        article_provinces=sum(
            int(x["n"]) for x in queries.select(store, "article_provinces", article=r["article"])
        ),
        article_cues=article_cues("".join(p.text for p in passages)),
    )
