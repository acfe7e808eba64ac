"""extract(article) -> Facts: regions, measures, outcomes, organisations and policy documents,
each with the passage and the character span it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import Article
from ingest.segment import Segmenter
from kg.extract.entities import find_organizations, find_policies
from kg.extract.gazetteer import Place
from kg.extract.measures import find_measures
from kg.extract.quantities import Quantity, find_quantities
from kg.extract.regions import Mention, chains_once, covering, resolve_regions
from kg.extract.sections import UnitSpan, split_units, unit_title
from kg.extract.text import Sentence, sentences
from kg.extract.vocab import Concept, match_practices, match_themes


@dataclass
class MeasureFact:
    id: str
    label: str
    start: int
    end: int
    sentence: Sentence
    kind: str
    regions: list[Place]
    themes: list[Concept]
    practices: list[Concept]


@dataclass
class OutcomeFact:
    id: str
    quantity: Quantity  # value, range, unit, indicator as found (its offsets are in the sentence)
    start: int  # offsets in the article text
    end: int
    sentence: Sentence
    measure: str | None
    region: Place | None


@dataclass
class UnitFact:
    """A practice unit: one practice of the article with its actions and results (a card)."""

    id: str
    title: str
    span: UnitSpan
    region: Place | None
    measures: list[str]
    themes: list[Concept]
    practices: list[Concept]

    @property
    def passages(self) -> list[str]:
        return list(dict.fromkeys(s.passage_id for s in self.span.sentences))


@dataclass
class EntityFact:
    id: str
    label: str
    kind: str  # organization or policy
    start: int
    end: int
    sentence: Sentence
    region: Place | None


@dataclass
class Facts:
    article: Article
    primary: Place | None
    mentions: list[Mention]  # region mentions in the text (offsets in article.text)
    title_places: list[Place]
    measures: list[MeasureFact] = field(default_factory=list)
    outcomes: list[OutcomeFact] = field(default_factory=list)
    entities: list[EntityFact] = field(default_factory=list)
    units: list[UnitFact] = field(default_factory=list)

    def places(self) -> list[Place]:
        seen: dict[int, Place] = {}
        for p in [*self.title_places, *(m.place for m in self.mentions)]:
            seen.setdefault(id(p), p)
        if self.primary is not None:
            seen.setdefault(id(self.primary), self.primary)
        return list(seen.values())


_NAMED = re.compile(r"“([^“”]{2,24})”")


def measure_key(label: str) -> str:
    """What makes two measure labels one measure of an article: the quoted name when there is one
    (“乡村振兴大比武” and 村党组织“乡村振兴大比武”; “主题党日+阳光议事” and …制度), else the label
    without quotes (“乡村党校” and 乡村党校)."""
    named = _NAMED.search(label)
    return named.group(1) if named else label.strip("“”")


def _in(mentions: list[Mention], start: int, end: int) -> list[Place]:
    out: dict[int, Place] = {}
    for m in mentions:
        if start <= m.start and m.end <= end:
            out.setdefault(id(m.place), m.place)
    return list(out.values())


def _level_place(label: str, primary: Place | None) -> Place | None:
    """市委组织部 in an article about 高平市 is 高平市's; 省委 is the province's."""
    if primary is None:
        return None
    chain = primary.chain()
    if label.startswith(("省委", "自治区党委")):
        return chain[-1]
    if label.startswith("市委"):
        return next((p for p in chain if p.name.endswith("市")), None)
    if label.startswith(("县委", "旗委", "区委", "旗县区")):
        return next((p for p in chain if p.level == "county"), None)
    return primary


def extract(article: Article, seg: Segmenter | None = None) -> Facts:
    seg = seg or Segmenter()
    res = resolve_regions(article.title, article.text, seg)
    facts = Facts(article, res.primary, res.mentions, [m.place for m in res.title_mentions])
    aid = article.id
    seen_labels: dict[str, MeasureFact] = {}
    seen_entities: dict[tuple[str, str], EntityFact] = {}
    # places above the subject region (its province, its prefecture) named in a sentence are
    # context, not what the sentence is about
    above = {id(p) for p in res.primary.chain()[1:]} if res.primary else set()
    for passage in article.passages:
        last_measure: MeasureFact | None = None
        for i, s in enumerate(sentences(passage)):
            here = [p for p in _in(res.mentions, s.start, s.end) if id(p) not in above]
            sentence_measures: list[MeasureFact] = []
            for mm in find_measures(s, i == 0):
                key = measure_key(mm.label)
                if key in seen_labels:
                    if seen_labels[key] not in sentence_measures:
                        sentence_measures.append(seen_labels[key])
                    continue
                regions = here or ([res.primary] if res.primary else [])
                clause = s.text
                mf = MeasureFact(
                    f"{aid}-m{len(facts.measures):03d}",
                    mm.label,
                    mm.start,
                    mm.end,
                    s,
                    mm.kind,
                    regions,
                    match_themes(mm.label, s.text),
                    match_practices(mm.label, clause),
                )
                facts.measures.append(mf)
                seen_labels[key] = mf
                sentence_measures.append(mf)
            for q in find_quantities(s.text):
                qs, qe = s.start + q.start, s.start + q.end
                before = [m for m in sentence_measures if m.start <= qs]
                target = (
                    before[-1]
                    if before
                    else sentence_measures[0]
                    if sentence_measures
                    else last_measure
                )
                region_here = [m.place for m in res.mentions if m.end <= qs and m.start >= s.start]
                region = (
                    region_here[-1]
                    if region_here
                    else (target.regions[0] if target and target.regions else res.primary)
                )
                facts.outcomes.append(
                    OutcomeFact(
                        f"{aid}-o{len(facts.outcomes):03d}",
                        q,
                        qs,
                        qe,
                        s,
                        target.id if target else None,
                        region,
                    )
                )
            if sentence_measures:
                last_measure = sentence_measures[-1]
            # an organisation without a place inside its name belongs to the level it names
            # (市委组织部 -> the prefecture); a policy document to the article's region
            for kind, spans, fallback in (
                (
                    "organization",
                    find_organizations(s.text),
                    lambda lb: _level_place(lb, res.primary),
                ),
                ("policy", find_policies(s.text), lambda lb: res.primary),
            ):
                for span in spans:
                    if (kind, span.label) in seen_entities:
                        continue  # one node per organisation (or document) per article
                    inner = _in(res.mentions, s.start + span.start, s.start + span.end)
                    ef = EntityFact(
                        f"{aid}-g{len(facts.entities):03d}",
                        span.label,
                        kind,
                        s.start + span.start,
                        s.start + span.end,
                        s,
                        inner[-1] if inner else fallback(span.label),
                    )
                    facts.entities.append(ef)
                    seen_entities[(kind, span.label)] = ef
    facts.units = _units(facts, res.title_mentions)
    return facts


_SCOPE = re.compile(r"(?:^|[，、])(?:全市|全县|全旗|全区|全省|全州|全盟|市级|县级|市委|县委)")
_KIND_ORDER = {"quoted": 0, "programme": 1, "lead": 2}


def _heading_places(facts: Facts, heading: str | None, before: int) -> list[Mention]:
    """Place mentions in the heading line a unit stands under."""
    if not heading:
        return []
    h = facts.article.text.rfind(heading, 0, before)
    return [m for m in facts.mentions if h >= 0 and h <= m.start and m.end <= h + len(heading)]


def _multi_subject(facts: Facts) -> bool:
    """Sections headed (in the heading or their first words) by places in two or more
    provinces: a digest of stories (国内联播快讯), whose subject region belongs to one story."""
    first: dict[str, int] = {}  # heading -> where its first passage starts
    for p in facts.article.passages:
        if p.heading:
            first.setdefault(p.heading, p.start)
    provinces = set()
    for h, start in first.items():
        opening = [m for m in facts.mentions if start <= m.start < start + 16]
        named = _heading_places(facts, h, start) + opening  # in the heading or its first words
        provinces |= {id(m.place.province()) for m in named}
    return len(provinces) >= 2


def _unit_region(facts: Facts, u: UnitSpan, title: str, digest: bool = False) -> Place | None:
    """The region a unit is about: a place named in its title or opening words, or in the heading
    it stands under; the subject region when it speaks for the whole (全市统一建立…); else the
    most specific region covering 60% of the places it names, when that is the subject region or
    below it, or when the unit names its own place in its opening (a report going from place to
    place); else the subject region, except in a digest of stories from several provinces
    (``digest``), where a story that names no place has none."""
    primary = facts.primary
    above = {id(p) for p in primary.chain()[1:]} if primary else set()
    inside = chains_once(
        [
            m
            for m in facts.mentions
            if u.start <= m.start and m.end <= u.end and id(m.place) not in above
        ]
    )
    first = u.sentences[0]
    head = [m for m in inside if m.start < first.start + max(len(title), 8) + 2]
    if head:
        return head[-1].place
    named = chains_once(_heading_places(facts, u.section, u.start))
    if named:
        return named[-1].place  # 深圳加大高层厂房建设力度…: the story's heading names its place
    if primary is not None and _SCOPE.search(first.text[:12]) and not digest:
        return primary
    subject = [m for m in inside if m.start < first.start + 16]  # 湖北武汉持续完善…
    place = covering(inside) if len(inside) >= 2 or subject else None
    if place is not None and (primary is None or primary in place.chain() or subject):
        return place  # below the subject region, or a place of its own (a multi-place report)
    return None if digest else primary


def _units(facts: Facts, title_mentions) -> list[UnitFact]:
    out = []
    digest = _multi_subject(facts)
    for u in split_units(facts.article):
        ms = [m for m in facts.measures if u.start <= m.start < u.end]
        named = sorted(ms, key=lambda m: (_KIND_ORDER.get(m.kind, 9), m.start))
        title = unit_title(
            u, [measure_key(m.label) if m.kind == "quoted" else m.label for m in named]
        )
        themes: dict[str, Concept] = {}
        practices: dict[str, Concept] = {}
        for t in match_themes(title, "".join(s.text for s in u.sentences), share=0.5):
            themes.setdefault(t.slug, t)
        for m in ms:
            for c in m.practices:
                practices.setdefault(c.slug, c)
        out.append(
            UnitFact(
                f"{facts.article.id}-u{len(out):02d}",
                title,
                u,
                _unit_region(facts, u, title, digest),
                [m.id for m in ms],
                list(themes.values())[:3],
                list(practices.values()),
            )
        )
    return out
