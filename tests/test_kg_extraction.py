"""What a researcher checks in the graph: which regions an article gets, exact normalized values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casegraph.kg.extract.facts import extract
from casegraph.kg.extract.quantities import find_quantities
from casegraph.kg.extract.regions import resolve_regions
from tests.conftest import CORPUS, ROOT


def _regions(article):
    r = resolve_regions(article.title, article.text)
    return r, {m.surface: m.place for m in r.mentions + r.title_mentions}


@pytest.mark.parametrize(
    "key,primary,province",
    [
        ("000", "齐齐哈尔市", "黑龙江省"),
        ("001", "包头市", "内蒙古自治区"),
        ("002", "高平市", "山西省"),
        ("003", "赤峰市", "内蒙古自治区"),
        ("004", "济南市", "山东省"),
    ],
)
def test_primary_region_and_its_province(seed_articles, key, primary, province):
    r, _ = _regions(seed_articles[key])
    assert r.primary.name == primary
    assert r.primary.province().name == province


def test_short_forms_and_chains_resolve_to_the_gazetteer(seed_articles):
    _, by_surface = _regions(seed_articles["001"])
    assert by_surface["土右旗"].name == "土默特右旗" and by_surface["土右旗"].code == "150221"
    assert by_surface["达茂旗"].name == "达尔罕茂明安联合旗"
    assert by_surface["内蒙古"].name == "内蒙古自治区"
    assert [p.name for p in by_surface["香房村"].chain()] == [
        "香房村",
        "怀朔镇",
        "固阳县",
        "包头市",
        "内蒙古自治区",
    ]
    assert (
        by_surface["西斗铺"].name == "西斗铺镇"
    )  # a town written without its suffix, after its county


def test_same_name_in_different_places_is_resolved_by_context(seed_articles):
    _, by_surface = _regions(seed_articles["001"])
    assert by_surface["青山区"].code == "150204"  # 包头's, not 武汉's 420107
    alone = resolve_regions("", "青山区开展了培训。")
    assert not alone.mentions  # no context: left out rather than guessed


def test_words_that_contain_place_names_are_not_places(seed_articles):
    _, by_surface = _regions(seed_articles["004"])
    assert "长治" not in by_surface  # 长治久安
    _, by_surface = _regions(seed_articles["002"])
    assert "佛山" not in by_surface  # “七佛山乡村旅游党总支”
    _, by_surface = _regions(seed_articles["000"])
    assert "组织村" not in by_surface


@pytest.mark.parametrize(
    "text,surface,place",
    [
        ("在苏州打工多年，他回村办起了合作社。", "苏州", "苏州市"),  # ends like 州 (自治州)
        ("沧州的梨农今年增收了。", "沧州", "沧州市"),
        ("督查组来到江西南昌，听取汇报。", "南昌", "南昌市"),  # not 南昌县 under it
        ("广东梅县松口镇的柚农", "梅县", "梅县区"),
    ],
)
def test_a_city_short_form_that_ends_like_a_full_name_is_the_city(text, surface, place):
    by_surface = {m.surface: m.place for m in resolve_regions("", text).mentions}
    assert by_surface[surface].name == place


def test_a_short_form_that_is_an_ordinary_word_counts_beside_its_full_name():
    # jieba's dictionary tags 信阳 as a common noun: alone in a title it is no place, but the
    # article names 信阳市 in full
    body = "河南省信阳市的油茶产业带动了周边农户。"
    assert [m.place.name for m in resolve_regions("老区信阳走新路", body).title_mentions] == [
        "信阳市"
    ]
    assert not resolve_regions("老区信阳走新路", "这里的油茶产业带动了周边农户。").title_mentions


def test_a_village_the_gazetteer_lacks_is_placed_under_the_town_written_before_it():
    """An article naming places in two provinces: each unlisted village is under its own town."""
    text = (
        "去年，云南省大理州洱源县凤羽镇新凤村成立了合作社。"
        "随后，湖南省湘西州花垣县双龙镇新洞村的干部也来学习。"
    )
    chains = {
        m.surface: [p.name for p in m.place.chain()[:3]] for m in resolve_regions("", text).mentions
    }
    assert chains["新凤村"] == ["新凤村", "凤羽镇", "洱源县"]
    assert chains["新洞村"] == ["新洞村", "双龙镇", "花垣县"]


def test_a_town_of_a_county_the_article_does_not_name_is_found_under_its_prefecture():
    def chain(title: str, text: str, name: str) -> list[str]:
        m = next(m for m in resolve_regions(title, text).mentions if m.surface == name)
        return [p.name for p in m.place.chain()][::-1]

    # written right after its prefecture, though the article names another county
    text = "德清县的干部到湖州市天荒坪镇学习民宿经营。"
    assert chain("", text, "天荒坪镇") == ["浙江省", "湖州市", "安吉县", "天荒坪镇"]
    # named alone, in an article that names two other counties of that prefecture
    text = "湖州市德清县和长兴县的干部，到天荒坪镇学习民宿经营。"
    assert chain("", text, "天荒坪镇") == ["浙江省", "湖州市", "安吉县", "天荒坪镇"]


def test_a_beijing_area_office_is_found_by_its_town_name():
    # jionlp lists Beijing's area offices (X地区), which are towns too; articles write X镇 or X乡
    text = "北京市昌平区南口镇组织村民开展环境整治。"
    last = resolve_regions("", text).mentions[-1]
    assert last.surface == "南口镇"
    assert [p.name for p in last.place.chain()[:2]] == ["南口地区", "昌平区"]


def test_a_community_the_tagger_cut_before_its_suffix_keeps_it():
    # the named-entity model tags 百三河 and leaves 社区 out
    text = "湖北省十堰市张湾区花果街道百三河社区的居民自发组织巡逻。"
    last = resolve_regions("", text).mentions[-1]
    assert last.surface == "百三河社区"
    assert [p.name for p in last.place.chain()[:3]] == ["百三河社区", "花果街道", "张湾区"]


def test_a_one_character_county_still_needs_its_parent():
    assert not resolve_regions("", "我们和县里的干部一起入户走访。").mentions
    assert [m.place.name for m in resolve_regions("", "安徽和县的农民").mentions] == [
        "安徽省",
        "和县",
    ]


def test_a_short_form_inside_a_set_phrase_is_no_place():
    text = "上海市青浦区的荒坡变成了金山银山。"
    assert [m.place.name for m in resolve_regions("", text).mentions] == ["上海市", "青浦区"]
    assert [m.place.name for m in resolve_regions("", "上海市金山区的农户").mentions] == [
        "上海市",
        "金山区",
    ]


def test_name_scan_is_the_greedy_longest_match(seed_articles):
    """regions._scan against the plain reading: from left to right, the longest name (of at most
    MAX_NAME characters) that starts at each position not inside the name before."""
    from casegraph.kg.extract import regions
    from casegraph.kg.extract.gazetteer import load
    from casegraph.kg.extract.placenames import MAX_NAME

    names = load().by_name
    heads = regions._heads(id(load()))
    for a in seed_articles.values():
        text = a.title + "\n" + a.text
        want, i = [], 0
        while i < len(text):
            last = min(len(text), i + MAX_NAME)
            j = next((j for j in range(last, i, -1) if text[i:j] in names), None)
            if j is not None:
                want.append((i, j, text[i:j]))
            i = j if j is not None else i + 1
        assert regions._scan(text, names, heads) == want


def test_county_level_city_gets_its_prefecture_even_when_unnamed(seed_articles):
    r, _ = _regions(seed_articles["002"])
    assert [p.name for p in r.primary.chain()] == ["高平市", "晋城市", "山西省"]


@pytest.mark.parametrize(
    "text,chain",
    [
        (  # 宜宾县 became 叙州区 in 2018
            "2018年，四川宜宾县高场镇凉山村成立合作社。凉山村党支部书记带头入股。",
            ["凉山村", "高场镇", "叙州区", "宜宾市", "四川省"],
        ),
        (  # 长治县 became 上党区 in 2018
            "去年，山西长治县推行村级财务公开。长治县的村党支部书记带头入股。",
            ["上党区", "长治市", "山西省"],
        ),
    ],
)
def test_a_county_named_as_it_was_before_a_change_is_the_place_it_is_now(text, chain):
    r = resolve_regions("", text)
    assert [p.name for p in r.primary.chain()] == chain


@pytest.mark.parametrize(
    "text,value,unit,approx,vmax",
    [
        ("累计培训县乡村干部2.6万名。", "26000", "人", False, None),
        ("争取资金1.45亿元。", "145000000", "元", False, None),
        ("占比87%。", "0.87", "比例", False, None),
        ("自然增长率为4.95‰。", "0.00495", "比例", False, None),
        ("覆盖全市5400余名干部。", "5400", "人", True, None),
        ("建立3000人左右的信息库。", "3000", "人", True, None),
        ("每村配备3—5人。", "3", "人", False, "5"),
        ("投入一千二百万元。", "12000000", "元", False, None),
        ("带动村集体增收2600多万元。", "26000000", "元", True, None),
        ("腾退办公用房3.3万平方米。", "33000", "平方米", False, None),
        ("新米一斤卖到四块五。", "4.5", "元", False, None),
        ("收购价一块八毛五一斤。", "1.85", "元", False, None),
        ("土豆每斤卖5毛5。", "0.55", "元", False, None),
        ("品相好的能卖15块一斤。", "15", "元", False, None),
        ("他家承包了四块地。", "4", "块", False, None),
    ],
)
def test_quantities_are_normalized(text, value, unit, approx, vmax):
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.approximate) == (Decimal(value), unit, approx)
    assert q.value_max == (Decimal(vmax) if vmax else None)


@pytest.mark.parametrize(
    "text,value,unit,kind",
    [
        ("组建 12 个服务队，培训 600 余场。", "12", "个", "value"),
        ("好果子每斤能卖到 8 块钱。", "8", "元", "value"),
        ("亩产达到 5000 斤以上。", "5000", "斤", "lower_bound"),
        ("高产田块达到每亩820.5公斤。", "820.5", "公斤", "value"),
        ("编写出60首谚语。", "60", "首", "value"),
        ("他研究了50余年。", "50", "年", "approximate"),
        ("销售收入突破3000万元大关。", "30000000", "元", "lower_bound"),
        ("收入50万元以上的村达到311个。", "500000", "元", "threshold"),
        ("年收入5万元以下的农户已基本清零。", "50000", "元", "threshold"),
        ("力争到2025年底建成工坊50个。", "50", "个", "target"),
        ("人均纯收入超过2万元。", "20000", "元", "lower_bound"),
        ("争取资金1.45亿元。", "145000000", "元", "value"),
        ("对投资额不超过50万元的小型工程实行简易审批。", "500000", "元", "threshold"),
        ("面向40岁以下、本科以上学历的青年公开招聘。", "40", "岁", "threshold"),
        ("今年朝着人均3万元的目标努力。", "30000", "元", "target"),
        ("75%以上的社区建成了养老驿站。", "0.75", "比例", "lower_bound"),
        ("寒潮来时气温跌到零下18摄氏度。", "-18", "摄氏度", "value"),
        ("村史馆收藏了3部老电影的拷贝。", "3", "部", "value"),
    ],
)
def test_units_spacing_and_what_kind_of_figure(text, value, unit, kind):
    q = find_quantities(text)[0]
    assert (q.value, q.unit, q.kind) == (Decimal(value), unit, kind)


def test_figures_in_quoted_speech_count_but_quoted_names_do_not():
    speech = "“现在在家门口就能挣钱，一个月能多收入2000多元。”"
    assert [(q.value, q.unit) for q in find_quantities(speech)] == [(Decimal(2000), "元")]
    assert find_quantities("推行“10种模式”。") == []
    assert find_quantities("8时30分开会。") == []
    assert find_quantities("联合5部门印发通知，两部委派员督导。") == []  # offices, not works


@pytest.mark.parametrize(
    "text,figures",
    [
        ("该县贫困人口由2016年的12万减少到去年的1.5万。", [("120000", "人"), ("15000", "人")]),
        ("景区去年接待游客人次超过80万，营业收入翻了一番。", [("800000", "人次"), ("2", "倍")]),
        ("他家种的西瓜今年卖了3万多。", [("30000", "元")]),
        ("全镇6万多建档立卡贫困户都住上了安全房。", [("60000", "户")]),
        ("平台已覆盖2万多家客户。", [("20000", "家")]),
    ],
)
def test_a_magnitude_without_its_unit_counts_what_its_clause_names(text, figures):
    """12万 after 贫困人口 counts people; 3万多 that was sold is money; 6万多 before 贫困户 are
    households."""
    got = [(q.value, q.unit) for q in find_quantities(text)]
    assert got == [(Decimal(v), u) for v, u in figures]


def test_numbers_inside_set_phrases_are_no_figures():
    """三番五次 and 四处奔走 say "again and again" and "everywhere"; three squares are three."""
    assert find_quantities("他三番五次上门，四处奔走筹钱，处处碰壁。") == []
    [q] = find_quantities("村里建成三处文化广场。")
    assert (q.value, q.unit) == (Decimal(3), "处")


@pytest.mark.parametrize(
    "text, value, value_max, unit",
    [
        ("选派两名工作队员驻村。", "2", None, "人"),
        ("村里七八万元的收入。", "70000", "80000", "元"),
        ("十几个人一起干。", "10", "19", "人"),
        ("发展茶园上万亩。", "10000", None, "亩"),
        ("将近八成走电商。", "0.8", None, "比例"),
        ("近1/3的农户参与。", "0.3333", None, "比例"),
        ("总投资一个多亿。", "100000000", None, "元"),
        ("年收入60万元至72万元。", "600000", "720000", "元"),
        ("上级项目资金50万，镇里配套50万。", "500000", None, "元"),
        ("村里筹集20万，修了一座桥。", "200000", None, "元"),
        ("一个月能挣几千元。", "1000", "9999", "元"),
        ("每天五六十元的工钱。", "50", "60", "元"),
        ("投入二三十万元建大棚。", "200000", "300000", "元"),
        ("免交了每户数百元的入户费。", "100", "999", "元"),
        ("村里人口不足百人。", "100", None, "人"),
        ("用了6个月时间建成。", "6", None, "个月"),
        ("干了3个多小时。", "3", None, "小时"),
        ("企业开办压缩到三个工作日。", "3", None, "工作日"),
        ("十年间产值翻了两番。", "4", None, "倍"),
        ("每户补贴两千元。", "2000", None, "元"),
        ("一年能多挣一万八千元。", "18000", None, "元"),
        ("合作社分红两万五千元。", "25000", None, "元"),
        ("存款有十七万八千元。", "178000", None, "元"),
        ("卖苗收入一万三元。", "13000", None, "元"),
        ("村里两三千元的开销。", "2000", "3000", "元"),
        ("全省累计报告确诊病例326例。", "326", None, "例"),
    ],
)
def test_figures_written_as_people_speak(text, value, value_max, unit):
    q = find_quantities(text)[0]
    want = (Decimal(value), Decimal(value_max) if value_max else None, unit)
    assert (q.value, q.value_max, q.unit) == want
    assert all(x.unit == unit for x in find_quantities(text))


def test_from_one_figure_to_another_is_a_change_not_a_range():
    """从时速35公里到350公里 names two speeds; 60万元至72万元 is one range."""
    got = [(q.value, q.value_max) for q in find_quantities("从时速35公里到350公里，变化巨大。")]
    assert got == [(Decimal(35), None), (Decimal(350), None)]


def test_a_span_of_time_followed_by_within_is_a_limit_however_it_is_written():
    """3个工作日内 and 两个工作日内 are limits; 两个月后 is a span that passed."""
    for text in ("一个3个工作日内办结的承诺。", "申请后两个工作日内办结，两个月后回访。"):
        kinds = [q.kind for q in find_quantities(text)]
        assert kinds[0] == "threshold", text
    assert kinds[1] == "value"


def test_a_count_whose_noun_follows_takes_no_label_from_the_words_before():
    """4个组集中连片种植茶叶 counts groups: 西岭 before it is not what was counted, and the
    groups' phrase runs into a verb, so the label stays empty rather than wrong."""
    [q] = find_quantities("目前，东岭、西岭4个组集中连片种植茶叶。")
    assert q.indicator == ""
    [q] = find_quantities("全县选派386名党员干部，覆盖所有贫困村。")
    assert q.indicator == "党员干部数"


def test_a_label_that_is_a_clause_is_left_empty():
    """可以节约用水 says what a greenhouse can do, not what 40% measures; 可支配收入 is a name."""
    [q] = find_quantities("新式大棚可以节约用水40%。")
    assert q.indicator == ""
    [q] = find_quantities("村民人均可支配收入达到1.2万元。")
    assert q.indicator == "村民人均可支配收入"


def test_several_as_a_word_is_no_figure():
    for text in ("多数百姓都参加了。", "几十年如一日守护山林。", "报名人数十分踊跃。"):
        assert find_quantities(text) == [], text


def test_articles_and_ordinals_are_no_counts():
    """一 is mostly an article (一个典型), 二 an ordinal or a name (二期, 二台坪村)."""
    for text in ("这是一个缩影。", "二期工程在二台坪村开工。", "大家一起干。", "一次性补贴。"):
        assert find_quantities(text) == [], text


def test_dates_ordinals_and_quoted_names_are_not_outcomes():
    assert (
        find_quantities(
            "2019年以来，第二届“比武争星”活动出台“26条”规定，形成三位一体格局，2022年7月21日。"
        )
        == []
    )


def test_outcome_indicator_and_measure_link(seed_articles):
    f = extract(seed_articles["000"])
    o = next(o for o in f.outcomes if o.quantity.value == 175)
    assert o.quantity.indicator == "村党组织领办合作社数" and o.quantity.unit == "个"
    m = next(m for m in f.measures if m.id == o.measure)
    assert "领办合作社" in m.label
    assert o.region.name == "依安县"  # the county named in the same sentence
    assert f.article.text[o.start : o.end] == o.quantity.surface


def test_measures_have_themes_practices_and_evidence(seed_articles):
    f = extract(seed_articles["004"])
    coop = next(m for m in f.measures if m.label == "村党组织领办合作社")
    assert "party-led-cooperatives" in {p.slug for p in coop.practices}
    assert "集体经济" in {t.label for t in coop.themes}
    assert f.article.text[coop.start : coop.end] == coop.label
    assert coop.label in coop.sentence.text
    star = [m for m in f.measures if "star-rating" in {p.slug for p in m.practices}]
    assert star, "评星定级 is linked to the shared practice 星级化管理"


def test_organisations_and_policy_documents_with_issuing_region(seed_articles):
    f = extract(seed_articles["002"])
    policies = {e.label: e.region.name for e in f.entities if e.kind == "policy"}
    assert policies["高平市农村干部薪酬待遇管理办法"] == "高平市"
    orgs = {e.label: e.region for e in f.entities if e.kind == "organization"}
    assert orgs["市委组织部"].name == "高平市"  # 市委 of a county-level city is that city's
    f = extract(seed_articles["001"])
    assert {"清华大学继续教育学院", "农业银行"} <= {
        e.label for e in f.entities if e.kind == "organization"
    }


@pytest.mark.parametrize(
    "text,label",
    [
        ("累计走访800余名年纪大、行动不便的独居老人。", "独居老人数"),
        ("出台9条操作性强的帮扶措施。", "帮扶措施数"),
        ("拿出120万元党费支持社区建设。", "党费"),
        ("选派14名干部到村任职。", "干部数"),
        ("建成7个党群服务中心，覆盖全镇。", "党群服务中心数"),
        ("三年来培育了5个、认定了2个示范基地。", ""),  # a clause with a figure is no label
        ("种下9万株月季竞相开放。", ""),  # jieba's tags are unsure: no label rather than 月季竞相
    ],
)
def test_indicator_is_the_counted_noun_or_nothing(text, label):
    assert find_quantities(text)[0].indicator == label


def test_organisations_one_node_each_with_their_level():
    from casegraph.ingest.model import Article, Passage

    text = (
        "近年来，江苏省盐城市委把村干部队伍建设摆在突出位置。"
        "市委每年听取县委书记述职，中共盐城市委组织部牵头，市委组织部定期通报。"
        "市发改委、民政部和国家发展改革委给予支持，成立了全市农村集体经济工作领导小组，"
        "建成“青墩村农旅融合联合党委”。他在县委工作多年。"
    )
    art = Article("t", "盐城市抓党建促乡村振兴", False, None, None, text=text)
    art.passages = [Passage("t-p0", text, 0, len(text))]
    orgs = {e.label: (e.region.name if e.region else None) for e in extract(art).entities}
    assert orgs == {
        "盐城市委": "盐城市",  # and 市委 later is the same committee
        "中共盐城市委组织部": "盐城市",  # and 市委组织部 later is the same department
        "市发改委": "盐城市",
        "民政部": None,  # a ministry is national
        "国家发展改革委": None,
        "农村集体经济工作领导小组": "盐城市",
        "青墩村农旅融合联合党委": "盐城市",
    }


def test_extraction_meets_targets_on_the_seed_gold():
    """tests/data/seed_gold.json: the five seeds read by hand (see its _comment)."""
    from benchmarks.evaluate import averaged, evaluate

    res = evaluate(ROOT / "tests" / "data" / "seed_gold.json", CORPUS)
    assert len(res) == 5
    for name, r in res.items():
        assert r["primary_ok"], name
        assert r["gold_not_in_text"] == [], name  # every gold measure is a span of the text
        assert min(r["regions"]) >= 0.95, (name, r["regions_missing"], r["regions_extra"])
        assert min(r["outcomes"]) >= 0.9, (name, r["outcomes_missing"])
        assert r["conditions"] == 1.0, (name, r["conditions_wrong"])
    precision, recall = averaged(res, "measures")
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)
    assert averaged(res, "labels")[0] >= 0.9


def test_one_measure_per_name_but_a_body_named_after_it_is_its_own():
    from casegraph.kg.extract.measures import measure_key

    assert measure_key("“三下乡”活动") == measure_key("三下乡") == measure_key("村里“三下乡”")
    assert measure_key("“三下乡”服务队") != measure_key("“三下乡”")  # a team, not the programme


@pytest.mark.parametrize(
    "text,labels",
    [
        ("全镇搭建起“家门口”就业服务平台。", ["“家门口”就业服务平台"]),  # not 起“家门口”…
        ("力争到2028年建成全省统一的养老服务平台。", []),  # a goal, not a practice
        ("当地推出多种文旅活动。", []),  # a count of generic activities
        ("各村编制“十五五”规划。", []),  # a plan period's plan
        ("组织村民们开展电商技能培训。", []),  # a clause, not a name
        ("县里推出“一村一景”打造百余个特色项目。", ["“一村一景”"]),  # a count ends the name
        ("深入实施“青苗培育”工程，选派干部驻村。", ["“青苗培育”工程"]),
    ],
)
def test_what_is_and_is_not_a_measure(text, labels):
    from casegraph.kg.extract.measures import find_measures
    from casegraph.kg.extract.text import Sentence

    assert [m.label for m in find_measures(Sentence(text, 0, "p"), False)] == labels


def test_a_countys_towns_and_villages_are_read_whole_by_threads_at_once():
    """The gazetteer reads a county's townships and villages when first asked: threads asking at
    once all see every one of them, each once, under the county it belongs to."""
    import threading

    from casegraph.kg.extract.gazetteer import load

    [county] = [p for p in load().by_name["土默特右旗"] if p.level == "county"]
    seen: list[list[str]] = []

    def read():
        seen.append([f"{t.name}/{v.name}" for t in county.children for v in t.children])

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4 and all(s == seen[0] for s in seen) and len(seen[0]) > 100
    assert all(t.parent is county and t.level == "township" for t in county.children)


def test_a_county_a_province_governs_directly_sits_under_the_province():
    # jionlp files such counties under a pseudo-prefecture, 省直辖行政区划, which is no place
    text = "湖北省仙桃市的龙虾养殖户组建了合作社，海南省琼海市的村民办起了民宿。"
    chains = {
        m.surface: [p.name for p in m.place.chain()][::-1]
        for m in resolve_regions("", text).mentions
    }
    assert chains["仙桃市"] == ["湖北省", "仙桃市"]
    assert chains["琼海市"] == ["海南省", "琼海市"]
