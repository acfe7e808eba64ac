"""What a card shows as 成效: a practice sentence's result tail, quoted speech and cut sentences
(sentences made up for the test)."""

import pytest

from casegraph.cases.results import (
    cut_to_clause,
    is_cut,
    is_plan,
    is_speech,
    reports_result,
    split_result,
    without_tag,
)
from casegraph.cases.scope import (
    about_a_person,
    names_other_place,
    speaks_for_other,
    speaks_wider,
)
from casegraph.ingest.model import Passage
from casegraph.kg.extract.text import Sentence


def _s(text: str, start: int = 0) -> Sentence:
    return Sentence(text, start, "p1")


def test_a_result_tail_is_split_from_the_deed_both_quoted_exactly():
    s = _s("村党支部领办养蜂合作社，统一收购蜂蜜，带动了60户农户养蜂，户均增收3000元。")
    deed, tail = split_result(s)
    assert deed.text == "村党支部领办养蜂合作社，统一收购蜂蜜"
    assert tail.text == "带动了60户农户养蜂，户均增收3000元。"
    assert s.text[tail.start - s.start :].startswith(tail.text)


def test_an_effect_on_people_is_a_result_but_an_aim_or_a_deed_with_a_figure_is_not():
    deed, tail = split_result(_s("镇里成立调解室，邻里纠纷明显减少，群众满意度得到提升。"))
    assert tail is not None and tail.text == "群众满意度得到提升。"
    for text in (
        "乡党委组织党员开展夜校培训，确保每户有一名明白人。",  # an aim
        "县里把机关支部拆分成8人的小组，分片联系村庄。",  # a deed done with a figure
        "村里修建文化广场，用实际行动带动村民。",  # no result reported
    ):
        assert split_result(_s(text))[1] is None, text


def test_a_figure_is_a_result_when_its_clause_reports_one_not_when_a_deed_used_it():
    s = "镇里抽调12名干部组成工作专班，两年来帮助农户增收80万元，新建大棚30座。"
    assert reports_result(s, "80万元")
    assert not reports_result(s, "12名")  # the people the deed used
    assert not reports_result(s, "30座")  # what the deed built, told as the deed
    s = "全县累计培育家庭农场460家，带动村集体增收1200多万元。"
    assert reports_result(s, "460家") and reports_result(s, "1200多万元")
    assert not reports_result("乡里先后投资300万元，修通了环村路。", "300万元")


def test_a_fact_told_by_someone_is_quoted_without_the_speech_tag():
    """The card quotes what the official reports, from where the tag ends, at its offset; words
    in quotation marks and a tag with little after it stay as they are."""
    s = _s("镇党委书记王海介绍，去年村里流转土地1200亩，建起了高标准蔬菜大棚。", 40)
    t = without_tag(s)
    assert t.text == "去年村里流转土地1200亩，建起了高标准蔬菜大棚。"
    assert t.start == 40 + s.text.index("去年") and t.passage_id == s.passage_id
    assert without_tag(
        _s("据村支书介绍：合作社统一收购蜂蜜，统一包装销售到城里。")
    ).text.startswith("合作社")
    # an item of the article's list is quoted without its marker
    assert without_tag(_s("三是组建红色代办队，为留守老人上门代办各类事项。")).text.startswith(
        "组建"
    )
    assert without_tag(_s("其次，村里统一规划宅基地，腾出闲置土地建设停车场。")).text.startswith(
        "村里"
    )
    for text in (
        "村民李强说：“合作社办起来以后，我们的收入翻了一番。”",  # someone's own words
        "他说，这是好事。",  # too little after the tag
        "村里修建文化广场，用实际行动带动村民。",  # no tag
    ):
        assert without_tag(_s(text)).text == text


def test_speech_and_quoted_names():
    assert is_speech("“今年大棚里的菜卖得好，家里多挣了两万元。”")
    assert is_speech("家里多挣了两万元。”")  # the end of a quotation opened before
    assert not is_speech("“村社一体”模式在全乡推开。")
    assert not is_speech("村里推行“积分超市”，村民以积分换物品。")


def test_a_sentence_cut_where_the_page_ends_keeps_its_whole_clauses():
    text = "合作社统一采购农资，统一技术指导，统一品牌销售，并与超市签"
    passages = [Passage("p1", text, 0, len(text))]
    s = _s(text)
    assert is_cut(s, passages)
    assert cut_to_clause(s).text == "合作社统一采购农资，统一技术指导，统一品牌销售"
    assert not is_cut(_s("合作社统一采购农资。"), [Passage("p1", "合作社统一采购农资。", 0, 10)])


def test_a_general_lead_of_stock_phrases_is_no_practice_but_a_named_deed_is():
    from casegraph.cases.specific import is_generic

    assert is_generic(
        "某镇党委以乡村振兴为统领，聚焦群众急难愁盼，紧盯薄弱环节，持续推动工作落实。"
    )
    assert not is_generic("某镇党委聚焦群众急难愁盼，组建12支志愿服务队上门服务。")
    assert not is_generic("村党支部牵头成立“红色管家”服务站，为老人代办事务。")


def test_sentences_inside_a_quotation_and_forecasts_are_no_results():
    from casegraph.cases.results import in_quotation, is_forecast

    text = (
        "老李算了笔账：“今年养了两百只鸡，收入三万元；另外种了五亩菜，又挣了一万元。”村里很热闹。"
    )
    passages = [Passage("p1", text, 0, len(text))]
    inner = text.index("另外")
    after = text.index("村里")
    assert in_quotation(Sentence("另外种了五亩菜，又挣了一万元。”", inner, "p1"), passages)
    assert not in_quotation(Sentence("村里很热闹。", after, "p1"), passages)
    assert is_forecast("合作社的大棚可望每棚增收一万元。")
    assert not is_forecast("合作社的大棚去年每棚增收一万元。")


def test_reported_words_statements_and_deeds_with_figures():
    from casegraph.cases.specific import is_generic

    assert is_speech("老支书说，“那年村里办起了砖厂，吸纳40人务工；")
    assert is_generic("人居环境整治，是提升群众幸福感的关键之举。")
    # a deed done with a figure stays a deed; the result after it is split off
    deed, tail = split_result(_s("为方便群众夜间出行，安装路灯120盏，全村道路全部实现了亮化。"))
    assert deed.text == "为方便群众夜间出行，安装路灯120盏"
    assert tail.text == "全村道路全部实现了亮化。"
    assert split_result(_s("为方便群众夜间出行，年收益近50万元。"))[1] is None  # no deed before


# a sentence whose actor is a wider area than the card's place is that area's, not the card's
VILLAGE = (["山东省", "济南市", "济阳区", "新市镇", "东岭村"], "village")
COUNTY = (["青海省", "海南藏族自治州", "共和县"], "county")
CITY = (["河北省", "邯郸市"], "prefecture")


@pytest.mark.parametrize(
    "text, where, wider",
    [
        ("近年来，全省累计培训农牧民5万人次，稳定就业率达六成。", COUNTY, True),
        ("海南藏族自治州在全州推行牧区合作社股份制改造。", COUNTY, True),
        ("新市镇党委成立扶贫工作专班，统筹各村资源。", VILLAGE, True),
        ("据悉，近年来，济阳持续开展强村工程。", VILLAGE, True),
        ("同时，河北提出村干部养老保险由财政补贴一半。", CITY, True),
        ("全市推行村级事务“小微权力”清单。", CITY, False),  # the city's own
        ("县里举办的挖掘机培训班，共培训牧民80人。", COUNTY, False),  # the county's own
        ("村支书带着支委跑县里，引进一家蔬菜公司。", VILLAGE, False),  # a destination
        ("在镇党委的指导下，东岭村成立了土地股份合作社。", VILLAGE, False),  # names its place
        ("省农业厅驻村工作队帮助村里建起冷库。", VILLAGE, False),  # stationed in it
        ("在“县级谋划、乡级统筹”下，村里建起光伏电站。", VILLAGE, False),  # a frame
    ],
)
def test_a_wider_areas_sentence_is_not_the_cards(text, where, wider):
    assert speaks_wider(text, *where) is wider


@pytest.mark.parametrize(
    "text, other",
    [
        # another prefecture opens the sentence on a province's card whose deeds name a third
        ("如今信阳市光山县一个村的村委会挂起了新牌子。", True),
        ("截至3月底，洛阳市已有200家企业复工。", True),
        # the card's own places, or a place its deeds name, or no place at all
        ("郑州市新增就业岗位1200个。", False),
        ("开封市各村建起了便民服务站。", False),
        ("全省新增就业岗位1200个。", False),
        ("新乡贤回到村里办起了合作社。", False),  # a short name opening a common word
    ],
)
def test_a_result_that_opens_on_another_place_is_not_the_cards(text, other):
    deeds = "开封市组织党员干部下沉到村，帮助农户销售蔬菜。"
    assert speaks_for_other(text, ["河南省", "郑州市"], deeds) is other


@pytest.mark.parametrize(
    "text, person",
    [
        ("如今王德海缓过劲来，家里的蘑菇大棚越搭越多。", True),  # one person's lot
        ("两年后，他把加工厂搬回了村里。", True),
        ("赵春梅说，如今全村的蘑菇种植面积达到800亩。", False),  # she tells the place's result
        ("他们手把手教农户种蘑菇，全村种植面积达到800亩。", False),  # they: the team
        ("其他村也建起了冷库，年收益30万元。", False),
    ],
)
def test_a_sentence_about_one_person_is_told_apart_from_the_places_result(text, person):
    assert about_a_person(text) is person


@pytest.mark.parametrize(
    "text, other",
    [
        ("长青村变成了远近闻名的旅游村，年接待游客10万人次。", True),  # a village of the city
        ("在江苏省对口帮扶下，全区贫困人口显著下降。", True),  # the helper province
        ("如今，临沂每天运出鸡蛋30万斤。", False),  # the card's own city, short
        ("全镇蛋鸡产业年收入1.5亿元。", False),
        ("东岭村的合作社年分红80万元。", False),  # a village its deeds name
    ],
)
def test_a_result_that_names_another_place_is_not_the_cards(text, other):
    region = ["山东省", "临沂市", "兰陵县", "向阳镇"]
    deeds = "向阳镇党委在东岭村试点土地股份合作社。"
    assert names_other_place(text, region, deeds) is other


def test_a_plan_is_no_practice_but_a_deed_with_jiang_as_ba_is():
    for text in (
        "今年，镇里将深化这一模式，推动各村结对共建。",
        "下一步，村里计划建设一座冷库。",
        "该村将建设200亩蔬菜大棚，带动周边农户。",
    ):
        assert is_plan(text), text
    for text in (
        "村里将闲置校舍改造成文化活动中心。",  # 将 as 把: done
        "村党支部将土地流转给合作社统一经营。",
        "村里成立合作社，将进一步扩大规模。",  # the deed comes first
        "随即将全村分为四个网格，党员分片包干。",
    ):
        assert not is_plan(text), text


def test_a_box_label_or_a_byline_is_no_section_of_a_card():
    from casegraph.cases.cards import _section

    for heading in ("核心阅读", "开栏的话", "本报记者 王浩", "湖北日报全媒记者 许旷"):
        assert _section(heading) is None, heading
    for heading in ("集体产权改革释放红利", "联村发力 抱团致富", "记者走进村里看变化"):
        assert _section(heading) == heading


def test_a_card_in_a_box_beside_the_story_is_not_shown():
    from types import SimpleNamespace

    from casegraph.cases.is_case import shown

    # what a province did, printed under 延伸阅读 beside a village's story
    assert not shown(SimpleNamespace(names_a_deed=True, boxed=True))


@pytest.mark.parametrize(
    "practice,below",
    [
        ("疫情发生以来，全省从省到村层层压实责任，出台10条措施。", False),
        ("省市县乡村五级书记一起抓，统筹推进各项任务。", False),
        ("该县在每个村设立调解室，由村党支部书记牵头。", True),
    ],
)
def test_a_provinces_card_needs_a_body_below_it_acting_not_a_run_of_levels(
    monkeypatch, practice, below
):
    from types import SimpleNamespace

    from casegraph.cases import is_case as ic

    monkeypatch.setattr(ic, "model", lambda: None)  # the rule alone, before the fitted model
    card = SimpleNamespace(
        source={"title": "一手抓防控 一手抓发展"},
        region=["某省"],
        practice=[SimpleNamespace(text=practice)],
    )
    assert ic.is_case(card, 1.0) is below


def _article(paragraphs: list[str]) -> list[Passage]:
    from casegraph.ingest.passages import build_passages

    return build_passages("a1", [("body", t, None) for t in paragraphs], max_chars=500)[1]


def test_the_results_of_a_story_about_the_cards_place_are_its_leads_tally_and_later_results():
    from casegraph.cases.later_results import later_results
    from casegraph.cases.sentence_roles import sentence_roles

    paragraphs = [
        "如今，全村集体经济年收入达到52万元，村民人均可支配收入增长了三成。",
        "老李的儿子考上了大学，全家的日子越过越好。",
        "村党支部带头成立土地股份合作社，把农户分散的土地集中流转，统一种植高山蔬菜。",
        "村里还组建了电商服务站，帮助农户在网上销售蔬菜。",
        "他笑着说，日子越过越有奔头。",
    ]
    passages = _article(paragraphs)
    unit = passages[2]
    span = (unit.start, unit.end)

    def shown(home: bool) -> list[str]:
        return [s.text for s in later_results(passages, span, "石门村", sentence_roles, home=home)]

    lead = paragraphs[0]
    # the article tells this village's story: its tally in the lead is the card's result
    assert lead in shown(home=True)
    # on a card of another place, a result that does not name it is not its own
    assert lead not in shown(home=False)
    assert not any("笑着说" in t or "电商服务站" in t for t in shown(home=True))
    # before the unit, past the lead, the article tells another story
    assert not any("老李" in t for t in shown(home=True))


def test_a_result_of_the_units_practice_reads_closer_than_another_practices():
    from casegraph.cases.related import Related

    related = Related("领办马铃薯合作社。村党支部领办马铃薯种植合作社，统一收购村民的马铃薯。")
    about = "合作社去年收购马铃薯400吨，社员户均增收3000元。"
    other = "村里的两座光伏电站去年发电收入62万元。"
    assert related(about)
    assert related.closeness(about) > related.closeness(other) + 0.1


def test_a_result_two_cards_read_goes_to_the_one_that_has_no_other():
    """An article's tally read after two of its units: the card that has another result leaves
    it to the card that has none; no sentence is on two cards, and a deed stays a deed."""
    from casegraph.cases.book import distinct_cards
    from casegraph.cases.cards import Card, Quote

    def card(uid, practice, results):
        return Card(
            uid,
            uid,
            ["某省", "某县"],
            None,
            [Quote(t, "p") for t in practice],
            [],
            {},
            results=[Quote(t, "p") for t in results],
        )

    tally = "全村集体经济年收入达到52万元，村民人均可支配收入增长了三成。"
    first = card(
        "u1",
        ["村党支部带头成立土地股份合作社，统一种植高山蔬菜。"],
        ["合作社去年分红60万元，入社农户户均增收4000元。", tally],
    )
    second = card("u2", ["村里组建电商服务站，帮助农户在网上销售蔬菜和土特产。"], [tally])
    out = distinct_cards([first, second])
    assert [q.text for q in out[1].results] == [tally]
    assert tally not in [q.text for q in out[0].results] and out[0].results
    quoted = [q.text for c in out for q in c.practice + c.results]
    assert len(quoted) == len(set(quoted))


def test_a_figures_label_on_a_card_is_a_name_not_a_list_or_a_clause():
    from casegraph.cases.results import card_label

    assert card_label("培育村党组织领办合作社数") == "培育村党组织领办合作社数"
    assert card_label("饮水安全等民生问题数") == ""  # a list cut into a label
    assert card_label("在全村范围内推广种植高产优质新品种的农户数") == ""  # a clause
