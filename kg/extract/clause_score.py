"""The practice-clause model's probability of a clause without building its feature dict: the
weights of kg/extract/clauses.py's features looked up directly and added in the order that
``features`` inserts them, so the probability is the very float ``predict_proba`` gives.

Most clauses are far below the model's threshold: ``passes`` first bounds the score, with the
part-of-speech tags (the one feature that needs segmentation) at their highest weight and
without the cues that only lower it, and reads those only when the bound reaches the
threshold."""

from __future__ import annotations

import functools
import itertools
import math
import re

from casegraph.core.linear import LinearModel
from casegraph.core.text import HAN
from casegraph.kg.extract import clauses as cl
from casegraph.kg.extract.sections import has_action

# features of one value each, in the order ``features`` inserts them after the rule spans
_FLAT = (
    "len short long action_start action programme quote digit first_clause only_clause "
    "clause_pos topic_sentence heading lead_para para_pos led"
).split()
_PAIRS = re.compile(rf"(?=([{HAN}]{{2}}))")  # two Han characters, overlapping
_MARGIN = 1e-9  # on the bound's logit: float sums in another order differ by far less


class ClauseScorer:
    def __init__(self, model: LinearModel) -> None:
        w = model._binary
        if w is None:
            raise ValueError(f"{model.name} is not a binary model")
        self.model = model
        self.w = w
        self.intercept = float(model.intercept[0])
        self.flat = tuple(w.get(k) for k in _FLAT)
        self.cues = [(rx, w["cue:" + name]) for name, rx in cl._CUES.items() if "cue:" + name in w]
        self.raising_cues = [(rx, wk) for rx, wk in self.cues if wk > 0]
        self.bigrams = {k[3:]: v for k, v in w.items() if k.startswith("bg:")}
        self.uni = {k[3:]: v for k, v in w.items() if k.startswith("cu:")}
        self.pairs = {k[3:]: v for k, v in w.items() if k.startswith("cb:")}
        # the most the two part-of-speech features can add
        self.pos_max = sum(
            max([0.0, *(v for k, v in w.items() if k.startswith(f"pos{i}:"))]) for i in (0, 1)
        )

    def _head(self, c: cl.Clause, rule_spans, sent_role, topic, para, n_paras, heading):
        """The weighted features before the part-of-speech tags (those the model has), and the
        bare label (the tags' input)."""
        w = self.w
        t = c.text
        bare = cl.label(c)
        head = [x for x in (w.get("bias"), w.get("sent:" + sent_role)) if x is not None]
        kinds = [k for a, b, k in rule_spans if a < c.end and c.start < b]
        if kinds:
            for k in dict.fromkeys(kinds):
                if (wk := w.get("rule:" + k)) is not None:
                    head.append(wk)
            if (wk := w.get("rule:any")) is not None:
                head.append(wk)
        n = len(bare)
        action = has_action(bare)
        # the one-value features in _FLAT's order; a zero value adds nothing
        (
            w_len,
            w_short,
            w_long,
            w_action_start,
            w_action,
            w_programme,
            w_quote,
            w_digit,
            w_first,
            w_only,
            w_clause_pos,
            w_topic,
            w_heading,
            w_lead,
            w_para_pos,
            w_led,
        ) = self.flat
        add = head.append
        if w_len is not None and n:
            add(w_len * (math.log1p(n) / 4))
        if w_short is not None and n <= 6:
            add(w_short)
        if w_long is not None and n >= 25:
            add(w_long)
        if w_action_start is not None and action and has_action(bare[:4]):
            add(w_action_start)
        if w_action is not None and action:
            add(w_action)
        if w_programme is not None and cl._PROGRAMME.search(bare):
            add(w_programme)
        if w_quote is not None and cl._QUOTE.search(t):
            add(w_quote)
        if w_digit is not None and cl._DIGIT.search(t):
            add(w_digit)
        if w_first is not None and c.index == 0:
            add(w_first)
        if w_only is not None and c.count == 1:
            add(w_only)
        if w_clause_pos is not None and c.index:
            add(w_clause_pos * (c.index / max(c.count - 1, 1)))
        if w_topic is not None and topic:
            add(w_topic)
        if w_heading is not None and heading:
            add(w_heading)
        if w_lead is not None and para == 0:
            add(w_lead)
        if w_para_pos is not None and para:
            add(w_para_pos * (para / max(n_paras - 1, 1)))
        if w_led is not None and bare != t:
            add(w_led)
        return head, bare

    def _word_keys(self, t: str, bare: str) -> tuple:
        """(weights, keys) of the opening bigrams, then of the clause's characters and pairs, in
        the order ``features`` adds them (after the cues)."""
        chars, pairs = cl.char_keys(t)
        opening = dict.fromkeys(_PAIRS.findall(bare[:4]))
        return ((self.bigrams, opening), (self.uni, chars), (self.pairs, pairs))

    @staticmethod
    def _words(keys) -> list:
        return [wk for weights, ks in keys for k in ks if (wk := weights.get(k)) is not None]

    @staticmethod
    def _words_sum(keys) -> float:
        """The sum of ``_words`` in another order (for the bound only: the order changes the float
        by far less than the margin)."""
        zero = itertools.repeat(0.0)
        return sum(sum(map(weights.get, ks, zero)) for weights, ks in keys)

    def _cues(self, t: str, cues) -> list:
        return [wk for rx, wk in cues if rx.search(t)]

    def _probability(self, head, tail, bare) -> float:
        w = self.w
        pos = [w.get(f"pos{k}:{tag[:2]}") for k, tag in enumerate(cl._pos(bare))]
        z = sum([*head, *(x for x in pos if x is not None), *tail])
        z = self.intercept + z
        return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))

    def probability(self, c: cl.Clause, rule_spans, sent_role, topic, para, n_paras, heading):
        """``model.predict_proba(features(...))["1"]``, the same float."""
        head, bare = self._head(c, rule_spans, sent_role, topic, para, n_paras, heading)
        tail = self._cues(c.text, self.cues) + self._words(self._word_keys(c.text, bare))
        return self._probability(head, tail, bare)

    def passes(
        self, threshold: float, c: cl.Clause, rule_spans, sent_role, topic, para, n_paras, heading
    ) -> bool:
        """Whether the probability reaches ``threshold``."""
        if threshold <= 0.0:
            return True  # every probability does
        head, bare = self._head(c, rule_spans, sent_role, topic, para, n_paras, heading)
        # at most: without the cues that only lower the score, the tags at their highest
        up = self._cues(c.text, self.raising_cues)
        keys = self._word_keys(c.text, bare)
        bound = self.intercept + sum(head) + sum(up) + self._words_sum(keys) + self.pos_max
        if bound + _MARGIN < _logit(threshold):
            return False
        tail = self._cues(c.text, self.cues) + self._words(keys)
        return self._probability(head, tail, bare) >= threshold


def _logit(p: float) -> float:
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return math.inf
    return math.log(p / (1.0 - p))


@functools.cache
def scorer(model: LinearModel) -> ClauseScorer | None:
    return ClauseScorer(model) if model._binary is not None else None
