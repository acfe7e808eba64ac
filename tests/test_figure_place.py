"""Which place a SPARQL user sees on a figure: where it happened, not where something came from or
went to, nor a city inside a company's or a university's name."""

from __future__ import annotations

from casegraph.kg.extract.figure_place import figure_place
from casegraph.kg.extract.regions import resolve_regions


def _place(text: str, figure: str) -> str | None:
    mentions = resolve_regions("", text).mentions
    at = text.index(figure)
    start = max(text.rfind(c, 0, at) for c in "。！？") + 1
    p = figure_place(text, mentions, start, at, None)
    return p.name if p else None


def test_the_place_named_before_the_figure_is_its_place():
    text = "湖南省花垣县双龙镇新洞村去年种植猕猴桃300亩。"
    assert _place(text, "300亩") == "新洞村"


def test_an_origin_or_a_destination_is_not_where_the_figure_happened():
    text = "云南省洱源县凤羽镇新凤村从山东聘请师傅，种植杞柳200亩，向北京销售蔬菜30吨。"
    assert _place(text, "200亩") == "新凤村"
    assert _place(text, "30吨") == "新凤村"
    # a list of origins shares the role of its first place
    text = "洱源县凤羽镇从云南、四川等地调运苗木12万株。"
    assert _place(text, "12万株") == "凤羽镇"


def test_a_city_inside_a_body_name_is_not_the_figure_place():
    text = "云南省洱源县凤羽镇引进杭州某农业有限公司，建成大棚80座。"
    assert "杭州" in {m.surface for m in resolve_regions("", text).mentions}
    assert _place(text, "80座") == "凤羽镇"
    # with nothing local before it, the caller's fallback (here none) stands
    text = "浙江大学的专家测算，亩产提高了两成。"
    assert _place(text, "两成") is None
