"""Which measures an article's facts keep: the clause model (kg/extract/clauses.py) reads every
clause of the body; a measure the rules read is kept when its clause passes the model's keep
threshold (or lies in no clause), and a clause that passes the model's threshold and holds no
measure becomes a measure of its own (kind clause). Outcomes and practice units then point at
the measures that are left."""

from __future__ import annotations

from dataclasses import replace

from casegraph.kg.extract import clauses as cl
from casegraph.kg.extract import sections as sx
from casegraph.kg.extract.clause_score import scorer
from casegraph.kg.extract.vocab import match_practices, match_themes


def _clauses(facts):
    """Every clause of the article's body paragraphs with what the model reads around it: its
    sentence's role, whether that is a topic sentence, its paragraph and the paragraph count."""
    paras = sx.paragraphs(facts.article)
    for p, sents in enumerate(paras):
        for s in sents:
            role, topic = sx.role(s), sx.is_topic(s)
            for c in cl.clauses(s):
                yield c, (role, topic, p, len(paras), False)


def scored(facts) -> list[tuple[cl.Clause, float]]:
    """Every clause of the article's body paragraphs with the model's probability."""
    m = cl.model()
    rules = [(x.start, x.end, x.kind) for x in facts.measures]
    return [(c, m.predict_proba(cl.features(c, rules, *ctx))["1"]) for c, ctx in _clauses(facts)]


def _region(facts, c: cl.Clause):
    here = [x.place for x in facts.mentions if c.start <= x.start and x.end <= c.end]
    return here or ([facts.primary] if facts.primary else [])


def _decisions(facts, m, rules) -> list[tuple[cl.Clause, list, bool]]:
    """Each body clause, the rules' measures inside it and whether it passes: the character model's thresholds, or, with the
    clause encoder on, the encoder's thresholds on the clauses past the character model's gate
    (a rule's measure: the keep threshold)."""
    from casegraph.kg.extract import clause_encoder

    fast = scorer(m)

    def passes(threshold: float, c: cl.Clause, ctx) -> bool:
        if fast is not None:
            return fast.passes(threshold, c, rules, *ctx)
        return m.predict_proba(cl.features(c, rules, *ctx))["1"] >= threshold

    enc = clause_encoder.model()
    card = (enc or m).spec["card"]
    t = float(card.get("threshold", 0.5))
    t_keep = float(card.get("keep_threshold", t))
    items = [
        (c, ctx, [x for x in facts.measures if c.start <= x.start and x.end <= c.end])
        for c, ctx in _clauses(facts)
    ]
    if enc is None:
        return [(c, inner, passes(t_keep if inner else t, c, ctx)) for c, ctx, inner in items]
    gate = float(card["gate"])
    read = [(c, ctx) for c, ctx, _ in items if passes(gate, c, ctx)]
    p = dict(
        zip(
            (id(c) for c, _ in read),
            clause_encoder.probabilities(
                [c.text for c, _ in read], [cl.features(c, rules, *ctx) for c, ctx in read]
            ),
            strict=True,
        )
    )
    return [(c, inner, p.get(id(c), 0.0) >= (t_keep if inner else t)) for c, _, inner in items]


def choose_measures(facts) -> None:
    """Keep, add and renumber ``facts.measures`` by the clause model; relink outcomes and units."""
    from casegraph.kg.extract.facts import MeasureFact

    m = cl.model()
    if m is None:
        return
    rules = [(x.start, x.end, x.kind) for x in facts.measures]
    kept, new, placed = [], [], set()
    for c, inner, ok in _decisions(facts, m, rules):
        placed.update(id(x) for x in inner)
        if inner:
            if ok:
                kept.extend(x for x in inner if x not in kept)
            continue
        if not ok:
            continue
        label = cl.label(c)
        at = facts.article.text.find(label, c.start, c.end)
        start = at if at >= 0 else c.start
        new.append(
            MeasureFact(
                "",
                label,
                start,
                start + len(label),
                c.sentence,
                "clause",
                _region(facts, c),
                match_themes(label, c.sentence.text),
                match_practices(label, c.sentence.text),
            )
        )
    kept.extend(x for x in facts.measures if id(x) not in placed)  # read outside any clause
    measures = sorted([*kept, *new], key=lambda x: x.start)
    ids = {}
    renumbered = []
    for n, x in enumerate(measures):
        nid = f"{facts.article.id}-m{n:03d}"
        if x.id:
            ids[x.id] = nid  # only kept measures: a dropped one's outcomes are relinked below
        renumbered.append(replace(x, id=nid))
    facts.measures = renumbered
    for k, o in enumerate(facts.outcomes):
        if o.measure in ids:  # its measure is kept: the same link, renumbered
            facts.outcomes[k] = replace(o, measure=ids[o.measure])
            continue
        same = [x for x in renumbered if x.sentence.start == o.sentence.start]
        before = [x for x in same if x.start <= o.start]
        earlier = [  # else the last measure of an earlier sentence of the same passage
            x
            for x in renumbered
            if x.sentence.passage_id == o.sentence.passage_id
            and x.sentence.start < o.sentence.start
        ]
        target = before[-1] if before else same[0] if same else earlier[-1] if earlier else None
        facts.outcomes[k] = replace(o, measure=target.id if target else None)
    for u in facts.units:
        u.measures = [x.id for x in renumbered if u.span.start <= x.start < u.span.end]
