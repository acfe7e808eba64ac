"""extract(article) -> Facts: regions, measures, outcomes, organisations and policy documents,
each with the passage and the character span it came from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from casegraph.core.segment import Segmenter
from casegraph.core.text import HAN
from casegraph.ingest import Article
from casegraph.kg.extract.entities import find_organizations, find_policies
from casegraph.kg.extract.figure_place import figure_place
from casegraph.kg.extract.gazetteer import Place
from casegraph.kg.extract.measures import find_measures, measure_key
from casegraph.kg.extract.quantities import Quantity, find_quantities
from casegraph.kg.extract.regions import Mention, resolve_regions
from casegraph.kg.extract.text import Sentence, sentences
from casegraph.kg.extract.unit_facts import UnitFact, practice_units
from casegraph.kg.extract.vocab import Concept, match_practices, match_themes


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


def _in(mentions: list[Mention], start: int, end: int) -> list[Place]:
    out: dict[int, Place] = {}
    for m in mentions:
        if start <= m.start and m.end <= end:
            out.setdefault(id(m.place), m.place)
    return list(out.values())


def _bare_org(label: str, region: Place | None) -> str:
    """中共济南市委组织部 and 市委组织部 (of 济南市) are one organisation; so are 包头市委 and 市委."""
    label = label.removeprefix("中共")
    if region is not None:
        for name in (region.name[:-1], region.name):  # 盐城市委 -> 市委, not 委
            if len(name) >= 2 and label.startswith(name):
                return label[len(name) :]
    return label


def _level_place(label: str, primary: Place | None) -> Place | None:
    """市委组织部 in an article about 高平市 is 高平市's; 省委 is the province's; a ministry (民政部),
    中央… and 国家… are national and a university is where its name says: no region here."""
    if primary is None or label.startswith(("中央", "中组部", "国家")) or "大学" in label:
        return None
    if label.endswith("部") and "委" not in label and not label.startswith(("省", "市", "县")):
        return None
    chain = primary.chain()
    if label.startswith(("省委", "自治区党委")):
        return chain[-1]
    if label.startswith("市委"):
        return next((p for p in chain if p.name.endswith("市")), None)
    if label.startswith(("县委", "旗委", "区委", "旗县区")):
        return next((p for p in chain if p.level == "county"), None)
    return primary


# the training script switches this off to read the rules alone
CLAUSE_MODEL = True


def extract(article: Article, seg: Segmenter | None = None) -> Facts:
    seg = seg or Segmenter()
    captions = [(p.start, p.end) for p in article.passages if p.kind == "caption"]
    res = resolve_regions(article.title, article.text, seg, captions)
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
                region = figure_place(
                    article.text,
                    res.mentions,
                    s.start,
                    qs,
                    target.regions[0] if target and target.regions else res.primary,
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
                    inner = _in(res.mentions, s.start + span.start, s.start + span.end)
                    region = inner[-1] if inner else fallback(span.label)
                    key = (kind, region.key if region else "", _bare_org(span.label, region))
                    if key in seen_entities:
                        continue  # one node per organisation (or document) per article
                    ef = EntityFact(
                        f"{aid}-g{len(facts.entities):03d}",
                        span.label,
                        kind,
                        s.start + span.start,
                        s.start + span.end,
                        s,
                        region,
                    )
                    facts.entities.append(ef)
                    seen_entities[key] = ef
    facts.units = practice_units(facts)
    _topic_measures(facts)
    if CLAUSE_MODEL:
        from casegraph.kg.extract.measure_choice import choose_measures

        choose_measures(facts)
    return facts


_SLOGAN = re.compile(rf"[{HAN}]{{4}}、[{HAN}]{{4}}")  # 党建搭台、经济唱戏: a motto


def _shape(label: str) -> tuple[int, str]:
    """What parallel headings share: length and last character (管理规范化, 制度标准化), or length
    and an opening quoted name (“雏雁”展翅, “群雁”齐飞)."""
    bare = re.sub(r"“[^”]*”", "Q", label)
    return (len(bare), "Q") if bare.startswith("Q") else (len(bare), bare[-1])


_MODAL = frozenset("要 应 应当 将 能 必须 是 有 得到 取得".split())


def _acts(label: str) -> bool:
    """A practice's name opens with what was done (深化农村改革, 全面摸排储备一批, 提升学历专项
    训), with a quoted name (“雏雁”展翅) or is a short 化 pattern (管理规范化); a result (教育事业迅速
    发展), a frame (过去一年, 在教育方面), a modal (要大力发展…) or a statement (我国是…) is not."""
    from casegraph.core.postag import hmm_pos_tags

    label = label.lstrip("—-－ ")
    if re.search(r"是|不(?!断)|^“[^”]*”的", label):
        return False  # 运动的发展是不平衡的, 自主创新能力不强, “稳”的态势巩固延续
    if label.startswith("“") or (label.endswith("化") and len(label) <= 6):
        return True
    words = [(w, f) for w, f in hmm_pos_tags(label) if not f.startswith(("d", "ad"))]
    return bool(words) and words[0][1] in ("v", "vn") and words[0][0] not in _MODAL


def _topic_measures(facts: Facts) -> None:
    """Parallel topic sentences name practices (管理规范化。… 制度标准化。…; “雏雁”展翅，… “群雁”
    齐飞，…): the first clause of a unit's topic sentence is a measure (kind topic) when another
    unit of the article opens with a different clause of the same shape, unless a measure read
    in that sentence covers it. A lone topic sentence (春节将至，…) is a lead, not a practice."""
    text = facts.article.text
    found = []
    for u in facts.units:
        first = u.span.sentences[0]
        if not u.span.led_by_topic:
            continue
        label = re.split(r"[，,；;]", u.title, maxsplit=1)[0]
        start = text.find(label, first.start, first.end)
        if len(label) < 4 or start < 0 or _SLOGAN.fullmatch(label):
            continue
        end = start + len(u.title) if text.startswith(u.title, start) else start + len(label)
        if any(m.start < end and start < m.end for m in facts.measures):
            continue  # 聚焦“能者上”，创新“四个一批”多元选配体系: the measure it names is read
        found.append((u, first, label, start))
    shapes = Counter(_shape(label) for label in {f[2] for f in found})
    for u, first, label, start in found:
        if shapes[_shape(label)] < 2 or not _acts(label):
            continue
        mf = MeasureFact(
            f"{facts.article.id}-m{len(facts.measures):03d}",
            label,
            start,
            start + len(label),
            first,
            "topic",
            [u.region] if u.region else ([facts.primary] if facts.primary else []),
            match_themes(label, first.text),
            match_practices(label, first.text),
        )
        facts.measures.append(mf)
        u.measures.append(mf.id)
