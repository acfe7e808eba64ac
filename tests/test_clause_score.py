"""The practice-clause scorer gives the very probability the model gives the feature dict."""

from __future__ import annotations

from casegraph.kg.extract import clauses as cl
from casegraph.kg.extract import facts as fx
from casegraph.kg.extract.clause_score import scorer
from casegraph.kg.extract.measure_choice import _clauses


def test_scorer_probability_is_the_models(seed_articles, monkeypatch):
    m = cl.model()
    fast = scorer(m)
    monkeypatch.setattr(fx, "CLAUSE_MODEL", False)
    n = 0
    for article in seed_articles.values():
        facts = fx.extract(article)
        rules = [(x.start, x.end, x.kind) for x in facts.measures]
        for c, ctx in _clauses(facts):
            p = m.predict_proba(cl.features(c, rules, *ctx))["1"]
            assert fast.probability(c, rules, *ctx) == p, c.text
            for t in (0.0, 0.5, cl.threshold()):
                assert fast.passes(t, c, rules, *ctx) == (p >= t), (c.text, t)
            n += 1
    assert n > 100
