"""Facts -> RDF triples (rdflib terms). Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from casegraph.kg.extract.facts import EntityFact, Facts
from casegraph.kg.extract.gazetteer import Place
from casegraph.kg.extract.vocab import practices, themes
from casegraph.kg.graph.namespace import (
    CG,
    article_iri,
    fact_iri,
    passage_iri,
    practice_iri,
    region_iri,
    theme_iri,
)

Triple = tuple[URIRef, URIRef, object]


def _lit(v, dt=None) -> Literal:
    return Literal(v, datatype=dt) if dt else Literal(v)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def region_triples(place: Place) -> Iterator[Triple]:
    """The place and its chain up to the province."""
    for p in place.chain():
        s = region_iri(p.key)
        yield s, RDF.type, CG.Region
        yield s, RDFS.label, _zh(p.name)
        yield s, CG.adminLevel, _lit(p.level)
        if p.code:
            yield s, CG.adminCode, _lit(p.code)
        if p.parent is not None:
            yield s, CG.partOf, region_iri(p.parent.key)
        for above in p.chain()[1:]:  # materialized: every region above, and the province
            yield s, CG.within, region_iri(above.key)
        yield s, CG.province, region_iri(p.province().key)


def vocabulary_triples() -> Iterator[Triple]:
    """The theme and practice schemes as SKOS."""
    for t in themes():
        s = theme_iri(t.slug)
        yield s, RDF.type, CG.Theme
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, CG.ThemeScheme
        yield s, SKOS.prefLabel, _zh(t.label)
        yield s, SKOS.prefLabel, Literal(t.alt[0], lang="en")
        yield s, RDFS.label, _zh(t.label)
        yield s, CG.pattern, _lit(t.cue)
    for c in practices():
        s = practice_iri(c.slug)
        yield s, RDF.type, CG.Practice
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, CG.PracticeScheme
        yield s, SKOS.prefLabel, _zh(c.label)
        yield s, RDFS.label, _zh(c.label)
        for alt in c.alt:
            yield s, SKOS.altLabel, _zh(alt)
        yield s, CG.pattern, _lit(c.cue)


def _span(s: URIRef, start: int, end: int, sentence, passage: URIRef) -> Iterator[Triple]:
    yield s, CG.startOffset, _lit(start, XSD.integer)
    yield s, CG.endOffset, _lit(end, XSD.integer)
    yield s, CG.sentence, _lit(sentence.text)
    yield s, PROV.wasDerivedFrom, passage


def _entity(e: EntityFact, art: URIRef) -> Iterator[Triple]:
    s = fact_iri("org" if e.kind == "organization" else "policy", e.id)
    yield s, RDF.type, CG.Organization if e.kind == "organization" else CG.PolicyDocument
    yield s, RDFS.label, _zh(e.label)
    if e.kind == "policy":
        yield s, DCTERMS.title, _lit(e.label)
    yield art, CG.organization if e.kind == "organization" else CG.policyDocument, s
    if e.region is not None:
        yield s, CG.region, region_iri(e.region.key)
    yield from _span(s, e.start, e.end, e.sentence, passage_iri(e.sentence.passage_id))


def _units(facts: Facts, art: URIRef) -> Iterator[Triple]:
    for u in facts.units:
        s = fact_iri("unit", u.id)
        yield art, CG.practiceUnit, s
        yield s, RDF.type, CG.PracticeUnit
        yield s, RDFS.label, _zh(u.title)
        yield s, CG.startOffset, _lit(u.span.start, XSD.integer)
        yield s, CG.endOffset, _lit(u.span.end, XSD.integer)
        for pid in u.passages:
            yield s, PROV.wasDerivedFrom, passage_iri(pid)
        if u.span.section:
            yield s, CG.section, _lit(u.span.section)
        if u.span.context:
            yield s, CG.contextStart, _lit(u.span.context[0].start, XSD.integer)
            yield s, CG.contextEnd, _lit(u.span.context[-1].end, XSD.integer)
            yield s, CG.genericContext, _lit(u.span.opening)
        if u.region is not None:
            yield s, CG.region, region_iri(u.region.key)
            yield from region_triples(u.region)
        for t in u.themes:
            yield s, CG.theme, theme_iri(t.slug)
        for c in u.practices:
            yield s, CG.practice, practice_iri(c.slug)
        for m in u.measures:
            yield fact_iri("measure", m), CG.inUnit, s
        for o in facts.outcomes:
            if u.span.start <= o.start < u.span.end:
                yield fact_iri("outcome", o.id), CG.inUnit, s


def to_triples(facts: Facts) -> Iterator[Triple]:
    a = facts.article
    art = article_iri(a.id)
    yield art, RDF.type, CG.Article
    yield art, DCTERMS.title, _lit(a.title)
    yield art, RDFS.label, _zh(a.title)
    yield art, DCTERMS.identifier, _lit(a.id)
    yield art, CG.titleDerived, _lit(a.title_derived)
    if a.date:
        yield art, DCTERMS.issued, _lit(a.date, XSD.date)
    if a.source:
        yield art, DCTERMS.publisher, _lit(a.source)
    if a.url:
        yield art, CG.url, _lit(a.url, XSD.anyURI)
    for au in a.authors:
        yield art, DCTERMS.creator, _lit(au["name"])
    for n, r in enumerate(a.reprints, 1):  # the same text published again elsewhere
        pub = fact_iri("publication", f"{a.id}-p{n}")
        yield art, CG.reprint, pub
        yield pub, RDF.type, CG.Publication
        yield pub, RDFS.label, _zh(r.get("source") or r.get("url") or "转载")
        if r.get("source"):
            yield pub, DCTERMS.publisher, _lit(r["source"])
        if r.get("url"):
            yield pub, CG.url, _lit(r["url"], XSD.anyURI)
        if r.get("date"):
            yield pub, DCTERMS.issued, _lit(r["date"], XSD.date)
    for p in a.passages:
        ps = passage_iri(p.id)
        yield art, CG.passage, ps
        yield ps, RDF.type, CG.Passage
        yield ps, DCTERMS.identifier, _lit(p.id)
        yield ps, CG.text, _lit(p.text)
        yield ps, CG.startOffset, _lit(p.start, XSD.integer)
        yield ps, CG.endOffset, _lit(p.end, XSD.integer)
        yield ps, CG.passageKind, _lit(p.kind)
        if p.heading:
            yield ps, CG.heading, _lit(p.heading)
    for place in facts.places():
        yield from region_triples(place)
        yield art, CG.region, region_iri(place.key)
    if facts.primary is not None:
        yield art, CG.primaryRegion, region_iri(facts.primary.key)
    for n, m in enumerate(facts.mentions):
        pid = next((p.id for p in a.passages if p.start <= m.start < p.end), None)
        if pid is None:  # a mention in a heading line
            continue
        ps, ms = passage_iri(pid), fact_iri("mention", f"{a.id}-r{n:03d}")
        yield ps, CG.region, region_iri(m.place.key)
        yield art, CG.mention, ms
        yield ms, RDF.type, CG.RegionMention
        yield ms, RDFS.label, _zh(m.surface)
        yield ms, CG.region, region_iri(m.place.key)
        yield ms, CG.surfaceForm, _lit(m.surface)
        yield ms, CG.startOffset, _lit(m.start, XSD.integer)
        yield ms, CG.endOffset, _lit(m.end, XSD.integer)
        yield ms, PROV.wasDerivedFrom, ps
    for m in facts.measures:
        s = fact_iri("measure", m.id)
        yield art, CG.measure, s
        yield s, RDF.type, CG.Measure
        yield s, RDFS.label, _zh(m.label)
        yield from _span(s, m.start, m.end, m.sentence, passage_iri(m.sentence.passage_id))
        for r in m.regions:
            yield s, CG.region, region_iri(r.key)
        for t in m.themes:
            yield s, CG.theme, theme_iri(t.slug)
        for c in m.practices:
            yield s, CG.practice, practice_iri(c.slug)
    for o in facts.outcomes:
        q = o.quantity
        # a result (cg:Outcome), a goal (cg:Target) or a condition (cg:Threshold)
        cls, link = {
            "target": (CG.Target, CG.target),
            "threshold": (CG.Threshold, CG.threshold),
        }.get(q.kind, (CG.Outcome, CG.outcome))
        s = fact_iri("outcome", o.id)
        yield art, link, s
        if o.measure:
            yield fact_iri("measure", o.measure), link, s
        yield s, RDF.type, cls
        yield s, RDFS.label, _zh(f"{q.indicator}：{q.surface}" if q.indicator else q.surface)
        yield s, CG.value, _lit(q.value, XSD.decimal)
        if q.value_max is not None:
            yield s, CG.valueMax, _lit(q.value_max, XSD.decimal)
        yield s, CG.unit, _lit(q.unit)
        yield s, CG.approximate, _lit(q.approximate)
        yield s, CG.lowerBound, _lit(q.kind == "lower_bound")
        if q.indicator:
            yield s, CG.indicator, _lit(q.indicator)
        yield s, CG.surfaceForm, _lit(q.surface)
        if o.region is not None:
            yield s, CG.region, region_iri(o.region.key)
            yield from region_triples(o.region)
        yield from _span(s, o.start, o.end, o.sentence, passage_iri(o.sentence.passage_id))
    yield from _units(facts, art)
    for e in facts.entities:
        if e.region is not None:
            yield from region_triples(e.region)
        yield from _entity(e, art)
    for m in facts.measures:
        for r in m.regions:
            yield from region_triples(r)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term, whose str() is its N-Triples form (any text escaped:
    line breaks, quotes, control characters; a lone surrogate, which no RDF text may hold, is
    replaced)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    text = _SURROGATE.sub("\ufffd", str(term))
    if term.language:
        return ox.Literal(text, language=term.language)
    if term.datatype is not None and term.datatype != XSD.string:
        return ox.Literal(text, datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(text)


def ntriples(triples) -> str:
    """N-Triples text, every term serialized by pyoxigraph (never rdflib's ``n3()``, which writes
    a literal with a line break as a Turtle long string)."""
    return "".join(f"{_ox(s)} {_ox(p)} {_ox(o)} .\n" for s, p, o in triples)
