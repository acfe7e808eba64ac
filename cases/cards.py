"""Case cards and case books, built from the graph: every sentence on a card is quoted from an
article and cites the passage it came from; nothing is written by hand.

A card is one measure in one region: 标题, 地区 (with province), 背景 (the framing sentence),
做法 (the measure's sentences), 成效 (its outcomes), 出处 (article, publisher, date, url)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from kg.extract.text import sentence_texts
from kg.graph.namespace import region_iri
from kg.graph.nodes import BASE, check_key, iri, local, region_path, select_found
from kg.store import GraphStore


@dataclass
class Quote:
    text: str
    passage_id: str


@dataclass
class Card:
    measure_id: str
    title: str
    region: list[str]  # 省 > 市 > 县
    background: Quote | None
    practice: list[Quote]
    outcomes: list[dict]
    source: dict
    themes: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)

    @property
    def passages(self) -> list[str]:
        ids = [q.passage_id for q in ([self.background] if self.background else []) + self.practice]
        ids += [o["passage_id"] for o in self.outcomes]
        return list(dict.fromkeys(ids))

    def to_json(self) -> dict:
        d = asdict(self)
        d["passages"] = self.passages
        return d


_CARD = """
SELECT ?label ?sentence ?passage ?pid ?ptext ?article ?title ?date ?publisher ?url ?primary ?region WHERE {
  ?m a cg:Measure ; rdfs:label ?label ; cg:sentence ?sentence ; prov:wasDerivedFrom ?passage .
  ?passage dcterms:identifier ?pid ; cg:text ?ptext .
  ?article cg:measure ?m ; dcterms:title ?title .
  OPTIONAL { ?article dcterms:issued ?date } OPTIONAL { ?article dcterms:publisher ?publisher }
  OPTIONAL { ?article cg:url ?url } OPTIONAL { ?article cg:primaryRegion ?primary }
  OPTIONAL { ?m cg:region ?region }
}"""
_LEAD = """
SELECT ?text ?pid ?start WHERE { ?article cg:passage ?p . ?p cg:text ?text ; dcterms:identifier ?pid ;
  cg:startOffset ?start ; cg:passageKind "body" } ORDER BY ?start LIMIT 1"""
_CARD_OUTCOMES = """
SELECT ?o ?value ?valueMax ?unit ?approx ?lower ?indicator ?surface ?sentence ?pid WHERE {
  ?m cg:outcome ?o . ?o cg:value ?value ; cg:unit ?unit ; cg:approximate ?approx ;
     cg:surfaceForm ?surface ; cg:sentence ?sentence ; prov:wasDerivedFrom/dcterms:identifier ?pid .
  OPTIONAL { ?o cg:valueMax ?valueMax } OPTIONAL { ?o cg:indicator ?indicator }
  OPTIONAL { ?o cg:lowerBound ?lower }
} ORDER BY ?o"""
_CARD_LABELS = """
SELECT ?kind ?label WHERE {
  { ?m cg:theme/skos:prefLabel ?label . BIND ("theme" AS ?kind) }
  UNION { ?m cg:practice/skos:prefLabel ?label . BIND ("practice" AS ?kind) }
  FILTER (lang(?label) = "zh")
}"""


def build_card(store: GraphStore, measure_id: str) -> Card:
    m = iri("measure", measure_id)
    r = select_found(store, _CARD, {"m": m}, f"没有这项举措：'{measure_id}'")[0]
    sents = sentence_texts(r["ptext"])
    practice = [Quote(r["sentence"], r["pid"])]
    outcomes = [
        {
            "indicator": o["indicator"] or "",
            "surface": o["surface"],
            "value": o["value"],
            "value_max": o["valueMax"],
            "unit": o["unit"],
            "approximate": o["approx"],
            "lower_bound": bool(o["lower"]),
            "sentence": o["sentence"],
            "passage_id": o["pid"],
        }
        for o in store.select(_CARD_OUTCOMES, bind={"m": m})
    ]
    # the sentence after the measure's own, when it reports this measure's results
    if r["sentence"] in sents:
        i = sents.index(r["sentence"])
        if i + 1 < len(sents) and any(o["sentence"] == sents[i + 1] for o in outcomes):
            practice.append(Quote(sents[i + 1], r["pid"]))
    # background: the passage's opening sentence when the measure is later in it, else the article's lead
    background = None
    if sents and sents[0] != r["sentence"]:
        background = Quote(sents[0], r["pid"])
    else:
        lead = store.select(_LEAD, bind={"article": r["article"]})
        if lead and lead[0]["pid"] != r["pid"]:
            background = Quote(sentence_texts(lead[0]["text"])[0], lead[0]["pid"])
    where = r["region"] or r["primary"]
    path = [p["label"] for p in region_path(store, where)] if where else []
    labels = defaultdict(list)
    for x in store.select(_CARD_LABELS, bind={"m": m}):
        labels[x["kind"]].append(x["label"])
    place = path[-1] if path else ""
    label = r["label"]
    if label.startswith("“") and label.endswith("”") and label.count("“") == 1:
        label = label[1:-1]
    return Card(
        measure_id=measure_id,
        title=f"{place}：{label}" if place else label,
        region=path,
        background=background,
        practice=practice,
        outcomes=outcomes,
        source={
            "article_id": local(r["article"]).split("/", 1)[1],
            "title": r["title"],
            "publisher": r["publisher"],
            "date": r["date"],
            "url": r["url"],
        },
        themes=labels["theme"],
        practices=labels["practice"],
    )


_SELECT = """
SELECT DISTINCT ?m ?article ?date ?practice ?kindOrder WHERE {
  ?article cg:measure ?m .
  ?m cg:sentence ?s .
  OPTIONAL { ?article dcterms:issued ?date }
  OPTIONAL { ?m cg:practice ?practice }
  FILTERS
} ORDER BY ?article ?m"""


def select_measures(
    store: GraphStore,
    theme: str | None = None,
    practice: str | None = None,
    region_keys: set[str] | None = None,
    year: int | None = None,
) -> list[str]:
    """Measure ids matching all the given selectors, in article order."""
    filters = []
    if theme:
        filters.append(f'?m cg:theme/skos:prefLabel "{_safe(theme)}"@zh .')
    if practice:
        filters.append(f"?m cg:practice <{BASE}practice/{_safe(practice)}> .")
    if region_keys:
        values = " ".join(f"<{region_iri(_safe(k))}>" for k in region_keys)
        filters.append(f"VALUES ?within {{ {values} }} ?m cg:region/cg:partOf* ?within .")
    if year:
        filters.append(f"FILTER (BOUND(?date) && YEAR(?date) = {int(year)})")
    q = _SELECT.replace("FILTERS", "\n  ".join(filters)).replace("?kindOrder ", "")
    seen: set[tuple[str, str]] = set()
    out = []
    for r in store.select(q):
        mid = r["m"].rsplit("/", 1)[-1]
        key = (r["article"], r["practice"] or mid)  # the same practice from the same article once
        if key in seen or mid in out:
            continue
        seen.add(key)
        out.append(mid)
    return out


def _safe(s: str) -> str:
    return check_key(s, "筛选值")


_NEAREST = """
SELECT ?m ?start WHERE {
  ?a cg:passage ?p . ?a cg:passage ?q . ?q cg:startOffset ?start .
  ?m prov:wasDerivedFrom ?q ; a cg:Measure .
}"""


def measures_for_passages(
    store: GraphStore, passage_ids: list[str], nearest: bool = False
) -> list[str]:
    """Measures read from these passages, in the passages' order (for a book chosen by a query).
    With ``nearest``, a passage without a measure gives the measure of its article read closest
    to it (the practice unit it belongs to), so any search hit can be added to a book."""
    out: list[str] = []
    for pid in passage_ids:
        rows = store.select(
            "SELECT ?m WHERE { ?m prov:wasDerivedFrom ?p ; a cg:Measure } ORDER BY ?m",
            bind={"p": iri("passage", pid)},
        )
        if not rows and nearest:
            here = store.select(
                "SELECT ?s WHERE { ?p cg:startOffset ?s }", bind={"p": iri("passage", pid)}
            )
            cands = store.select(_NEAREST, bind={"p": iri("passage", pid)})
            if here and cands:
                pos = here[0]["s"]
                # the closest measure before the passage (its section), else after it
                before = [c for c in cands if c["start"] <= pos]
                pick = (
                    max(before, key=lambda c: c["start"])
                    if before
                    else min(cands, key=lambda c: c["start"])
                )
                rows = [pick]
        out += [r["m"].rsplit("/", 1)[-1] for r in rows if r["m"].rsplit("/", 1)[-1] not in out]
    return out


@dataclass
class Book:
    title: str
    groups: list[tuple[str, list[Card]]]
    selection: dict

    def sources(self) -> list[dict]:
        """Numbered sources, in the order cards cite them."""
        seen: dict[str, dict] = {}
        for _, cards in self.groups:
            for c in cards:
                seen.setdefault(c.source["article_id"], c.source)
        return list(seen.values())

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "selection": self.selection,
            "groups": [{"heading": h, "cards": [c.to_json() for c in cs]} for h, cs in self.groups],
            "sources": self.sources(),
        }


MIN_ACTION = 15  # characters of the shortest 做法 sentence that can carry a card


def distinct_cards(cards: list[Card]) -> list[Card]:
    used: set[str] = set()
    out = []
    for c in cards:
        fresh = [q for q in c.practice if q.text not in used]
        if not any(len(q.text) >= MIN_ACTION for q in fresh):
            continue  # no action of its own: another card's sentences, or a fragment
        c.practice = fresh
        used.update(q.text for q in fresh)
        out.append(c)
    for c in out:
        if c.background is not None and c.background.text in used:
            c.background = None  # another card's action is not this one's context
        elif c.background is not None:
            used.add(c.background.text)
    return out


def assemble_book(
    cards: list[Card],
    title: str,
    order: str = "theme",
    selection: dict | None = None,
    distinct: bool = True,
) -> Book:
    """Group cards under headings: by theme then region (``order='theme'``), by region, or keep
    the given (relevance) order under one heading. No two cards quote the same sentence: a card
    whose 做法 is already another card's is left out, and a 背景 already quoted elsewhere is
    dropped from the later card (``distinct``; a book a person put together card by card is kept
    as chosen)."""
    if distinct:
        cards = distinct_cards(cards)
    if order == "relevance":
        return Book(title, [("检索结果", cards)], selection or {})
    groups: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        if order == "region":
            key = " > ".join(c.region[:2]) or "地区未识别"
        else:
            key = c.themes[0] if c.themes else "其他"
        groups[key].append(c)
    for key in groups:
        groups[key].sort(key=lambda c: (c.region, c.source["date"] or ""))
    return Book(title, sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])), selection or {})
