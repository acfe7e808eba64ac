"""The practice-clause encoder as the extraction uses it: on with the named-entity model, off
without it (the fast build), and what it keeps of an article written for this test (no gold
sentence)."""

from __future__ import annotations

import pytest

from casegraph.ingest.model import Article, Passage
from casegraph.kg.extract import clause_encoder, ner
from casegraph.kg.extract.facts import extract

TEXT = (
    "2023年以来，青石镇党委推行“村民说事”制度，每月组织党员和村民代表围坐议事。"
    "镇里还成立了农产品销售专班，帮助农户对接城里的超市。"
    "记者走进青石镇，只见道路干净整洁，村民们在广场上跳舞。"
)


def _measures() -> list[str]:
    art = Article("t", "青石镇抓党建促乡村振兴", False, None, None, text=TEXT)
    art.passages = [Passage("t-p0", TEXT, 0, len(TEXT))]
    return [m.label for m in extract(art).measures]


def test_the_encoder_runs_with_the_named_entity_model_and_not_without_it(monkeypatch):
    assert clause_encoder.model() is not None  # the committed files, and LAC on by default
    assert clause_encoder.model().spec["card"]["gate"] == clause_encoder.GATE
    monkeypatch.setattr(ner, "ENABLED", False)
    assert clause_encoder.model() is None


def test_practices_are_kept_and_a_reporters_scene_is_not():
    found = _measures()
    assert any("村民说事" in m for m in found), found
    assert any("销售专班" in m for m in found), found
    assert not any("记者" in m or "跳舞" in m for m in found), found


@pytest.mark.parametrize("on", [True, False])
def test_probabilities_are_probabilities_of_each_clause(monkeypatch, on):
    monkeypatch.setattr(clause_encoder, "ENABLED", on)
    p = clause_encoder.probabilities(["成立了农产品销售专班", "只见道路干净整洁"], [{}, {}])
    assert len(p) == 2 and all(0.0 <= x <= 1.0 for x in p)
    if on:
        assert p[0] > p[1]
    else:
        assert p == [0.0, 0.0]  # off: nothing is read
