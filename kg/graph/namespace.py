"""The cg: vocabulary as a DefinedNamespace (a typo is an error, not a new IRI) and IRI minting."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

# the ontology file, shipped in the package (kg/data/ontology.ttl links to the top-level file)
ONTOLOGY = Path(str(resources.files("casegraph.kg.data") / "ontology.ttl"))
BASE = "https://w3id.org/casegraph/"
ID = Namespace(BASE + "id/")


class CG(DefinedNamespace):
    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Article: URIRef
    Passage: URIRef
    Measure: URIRef
    PracticeUnit: URIRef
    practiceUnit: URIRef
    inUnit: URIRef
    section: URIRef
    contextStart: URIRef
    contextEnd: URIRef
    genericContext: URIRef
    PracticeUnitShape: URIRef
    Outcome: URIRef
    Region: URIRef
    Organization: URIRef
    PolicyDocument: URIRef
    Theme: URIRef
    RegionMention: URIRef
    mention: URIRef
    Practice: URIRef
    ThemeScheme: URIRef
    PracticeScheme: URIRef
    passage: URIRef
    text: URIRef
    startOffset: URIRef
    endOffset: URIRef
    heading: URIRef
    passageKind: URIRef
    titleDerived: URIRef
    Publication: URIRef
    reprint: URIRef
    url: URIRef
    sentence: URIRef
    primaryRegion: URIRef
    region: URIRef
    adminLevel: URIRef
    adminCode: URIRef
    partOf: URIRef
    within: URIRef
    province: URIRef
    surfaceForm: URIRef
    measure: URIRef
    outcome: URIRef
    Quantity: URIRef
    Target: URIRef
    Threshold: URIRef
    target: URIRef
    threshold: URIRef
    lowerBound: URIRef
    value: URIRef
    valueMax: URIRef
    unit: URIRef
    approximate: URIRef
    indicator: URIRef
    theme: URIRef
    practice: URIRef
    organization: URIRef
    policyDocument: URIRef
    pattern: URIRef
    ArticleShape: URIRef
    PassageShape: URIRef
    MeasureShape: URIRef
    OutcomeShape: URIRef
    RegionShape: URIRef
    ProvinceShape: URIRef
    QuantityShape: URIRef
    OrganizationShape: URIRef
    PolicyDocumentShape: URIRef
    RegionMentionShape: URIRef
    ThemeShape: URIRef
    PracticeShape: URIRef


def article_iri(aid: str) -> URIRef:
    return ID[f"article/{aid}"]


def passage_iri(pid: str) -> URIRef:
    return ID[f"passage/{pid}"]


def region_iri(key: str) -> URIRef:
    return ID[f"region/{key}"]


def theme_iri(slug: str) -> URIRef:
    return ID[f"theme/{slug}"]


def practice_iri(slug: str) -> URIRef:
    return ID[f"practice/{slug}"]


def fact_iri(kind: str, fid: str) -> URIRef:
    return ID[f"{kind}/{fid}"]
