"""A card's title chosen from its spans by the fitted title model (cases/titles.py); the spans and
sentences are made up for the test."""

from casegraph.cases.titles import best_title, model, spans
from casegraph.kg.extract.text import Sentence


def _q(text: str) -> Sentence:
    return Sentence(text, 0, "p1")


def test_spans_are_the_name_the_heading_and_the_trimmed_clauses_once_each():
    practice = [_q("2019年以来，村党支部带头成立了蔬菜种植合作社，统一销售，户均增收3000元。")]
    got = spans("村党支部带头成立了蔬菜种植合作社", practice, "支部领办 抱团发展")
    texts = [s.text for s in got]
    assert texts[0] == "村党支部带头成立了蔬菜种植合作社" and got[0].source == "name"
    assert "支部领办 抱团发展" in texts
    assert "成立蔬菜种植合作社" in texts  # time, actor, manner and 了 taken off
    assert len(texts) == len(set(texts))


def test_the_model_prefers_a_named_deed_to_a_cut_clause_an_aim_or_a_figure():
    assert model() is not None
    practice = [
        _q("为了推动产业升级，村里多次协调，建成300亩高标准茶园，实现产业提质增效。"),
        _q("随后，再到周边各村推广，共培训茶农260人次。"),
    ]
    title = best_title("", practice, None)
    assert title == "建成300亩高标准茶园", title
