"""Practice units: the genre's own structure (headings, framing paragraphs, topic sentences,
enumerators, parallel opening clauses), on texts written for these tests."""

from __future__ import annotations

from casegraph.ingest import read_path
from casegraph.kg.extract.facts import extract
from casegraph.kg.extract.sections import role, split_units


def _article(tmp_path, text: str):
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    return next(a for a in read_path(p) if hasattr(a, "passages"))


HEADED = """某县：党建引领产业兴旺

2023年5月6日 来源：某县融媒体中心

近年来，江西省赣州市于都县坚持以党建引领产业发展，推动乡村全面振兴。

一、建强组织体系，夯实发展根基

围绕补齐组织短板，把支部建在产业链上，让党组织成为发展的主心骨。

推行产业链党建。于都县在蔬菜、油茶两大产业上组建产业链党委4个，吸纳企业和合作社党员320名。目前，全县蔬菜种植面积达到12万亩。

开展支部结对共建。组织县直机关党支部与村党支部结对，每月开展一次联学联建活动，共解决实际问题150余个。

二、创新联农机制，拓宽增收渠道

推广“支部+合作社+农户”模式，由村党支部领办合作社，统一采购农资、统一销售，带动农户2600户。

下一步，于都县将继续深化产业链党建，推动更多村集体增收。
"""


def test_units_follow_headings_framing_paragraphs_and_topic_sentences(tmp_path):
    a = _article(tmp_path, HEADED)
    units = split_units(a)
    firsts = [u.sentences[0].text for u in units]
    assert firsts[0].startswith("推行产业链党建") and firsts[1].startswith("开展支部结对共建")
    assert firsts[2].startswith("推广“支部+合作社+农户”模式")
    assert len(units) == 3  # the opening frames, the plan (下一步) makes no case
    assert units[0].context[0].text.startswith("围绕补齐组织短板")  # the section's framing
    assert units[0].section == "一、建强组织体系，夯实发展根基"
    assert not units[2].context  # its section has no framing paragraph
    roles = [role(s) for s in units[0].sentences]
    assert roles[-1] == "result"  # 目前，… 达到12万亩
    f = extract(a)
    assert [u.title for u in f.units][:2] == ["推行产业链党建", "开展支部结对共建"]
    assert all(u.region is not None and u.region.name == "于都县" for u in f.units)


ENUMERATED = """某市多措并举选育村级后备力量

2024年3月1日 来源：某市组织部

湖南省郴州市把村级后备力量建设作为基层组织建设的基础工程。一是拓宽来源渠道，从返乡大学生、退役军人中摸排人选，建立后备人才库，入库1200人。二是强化实践锻炼，安排后备人才到村“两委”岗位跟班学习，每人明确一名导师。三是严格动态管理，每年对后备人才进行一次考评，对考评不合格的及时调整。
"""


def test_an_enumerated_paragraph_gives_one_unit_per_item_and_its_lead_frames_them(tmp_path):
    a = _article(tmp_path, ENUMERATED)
    units = split_units(a)
    assert [u.opener for u in units] == ["enumerator"] * 3
    assert units[0].context[0].text.startswith("湖南省郴州市把村级后备力量建设")
    f = extract(a)
    assert [u.title for u in f.units] == ["拓宽来源渠道", "强化实践锻炼", "严格动态管理"]


PARALLEL = """某旗推进嘎查村集体经济发展

2024年8月9日 来源：某旗新闻中心

内蒙古通辽市科尔沁左翼中旗聚焦集体经济薄弱村，推动发展壮大村级集体经济。强化项目带动，谋划储备集体经济项目86个，由旗级领导包联推进。强化资金保障，整合涉农资金2400万元投向村级项目，撬动社会资本参与。强化人才支撑，选派45名农牧业技术人员驻村指导。
"""


def test_parallel_opening_clauses_split_a_paragraph_that_has_no_topic_sentence(tmp_path):
    a = _article(tmp_path, PARALLEL)
    units = split_units(a)
    assert [u.opener for u in units] == ["clause"] * 3
    assert [u.sentences[0].text[:4] for u in units] == ["强化项目", "强化资金", "强化人才"]
    f = extract(a)
    assert [u.title for u in f.units] == ["强化项目带动", "强化资金保障", "强化人才支撑"]


SPEECH = """某省召开乡村振兴工作推进会

2024年2月2日 来源：某省电视台

2月1日，全省乡村振兴工作推进会在贵阳召开。

会议强调，要持续巩固拓展脱贫攻坚成果，扎实推进乡村建设，健全防止返贫监测帮扶机制。

记者：村里的合作社是怎么办起来的？

贵州省遵义市湄潭县某村党支部书记：我们先由支部领办茶叶合作社，统一品种、统一技术、统一收购，去年带动120户茶农增收。
"""


def test_speech_events_and_questions_make_no_case(tmp_path):
    a = _article(tmp_path, SPEECH)
    units = split_units(a)
    assert len(units) == 1 and "领办茶叶合作社" in units[0].sentences[0].text


def test_a_unit_opening_with_another_place_is_about_that_place(tmp_path):
    text = """各地创新服务群众机制

2024年6月1日 来源：某报

开展学习教育以来，各地把解决群众急难愁盼问题作为重点。

学习教育开展以来，福建三明持续完善“一线办结”机制，建立问题台账，逐项销号。

学习教育开展以来，甘肃张掖组建党员志愿服务队，推行“上门办”服务，累计办理事项3000余件。
"""
    f = extract(_article(tmp_path, text))
    assert [u.region.name for u in f.units] == ["三明市", "张掖市"]
    assert all(not u.title.endswith("以来") for u in f.units)  # a time is not a name


DIGEST = """快讯集锦

2024年5月6日 来源：某台

成都试点社区食堂

四川成都在120个社区开设社区食堂，由社区党组织牵头，为老年人提供平价餐食，日均服务3万人次。

杭州推广共富工坊

浙江杭州推广共富工坊，组织农村妇女在家门口就业，已建成工坊800余家。

全国春播进度过半

各地组织农机手抢抓农时，推进春播，全国春播粮食进度已过半。
"""


def test_in_a_digest_each_story_is_about_its_own_place_or_none(tmp_path):
    f = extract(_article(tmp_path, DIGEST))
    regions = {u.span.section: (u.region.name if u.region else None) for u in f.units}
    assert regions["成都试点社区食堂"] == "成都市" and regions["杭州推广共富工坊"] == "杭州市"
    assert regions.get("全国春播进度过半") is None  # a national story is no local case


HEADINGLESS = """某市抓党建促振兴

2024年7月1日 来源：某市融媒

近年来，甘肃省天水市以组织振兴带动乡村振兴，取得明显成效。

坚持把教育培训作为基础工程，在提升本领上下功夫。

抓实村干部培训，依托市委党校开设乡村振兴专题班，每年轮训村党组织书记一遍。

抓实党员技能培训，组织农技专家进村授课，帮助党员掌握果树管护技术。

市委统筹推进，建立市级领导联系乡镇制度，每季度召开一次推进会。
"""


def test_a_framing_paragraph_without_headings_frames_only_the_run_that_opens_alike(tmp_path):
    units = split_units(_article(tmp_path, HEADINGLESS))
    firsts = [u.sentences[0].text[:6] for u in units]
    assert firsts == ["抓实村干部培", "抓实党员技能", "市委统筹推进"]
    assert units[0].context[0].text.startswith("坚持把教育培训作为基础工程")
    assert units[1].context == units[0].context
    assert not units[2].context or units[2].opening  # past the run: the opening, if anything


STORY = """村里的“甜蜜”产业

2024年3月2日 来源：某日报

“以前山上的花都白开了。”站在蜂场边，老周笑着说。

2021年，桃源村党支部领办养蜂合作社，统一收购蜂蜜，统一打出品牌。

如今，合作社养蜂3000箱，去年蜂蜜销售收入达到260万元，带动86户农户户均增收1.2万元。

延伸阅读

近年来，某省出台扶持政策，全省累计投入资金5亿元发展特色产业，覆盖全部脱贫县。
"""


def test_a_deed_told_after_its_year_is_a_unit_and_a_box_beside_the_story_is_apart(tmp_path):
    units = extract(_article(tmp_path, STORY)).units
    assert [u.span.section for u in units] == [None, "延伸阅读"]
    assert units[0].span.sentences[0].text.startswith("2021年，桃源村党支部领办养蜂合作社")
    assert role("2021年，桃源村党支部领办养蜂合作社。") == "action"
    assert role("2021年，合作社养蜂3000箱。") == "result"


def test_a_box_label_over_a_list_of_titles_is_no_heading(tmp_path):
    text = STORY.replace(
        "近年来，某省出台扶持政策，全省累计投入资金5亿元发展特色产业，覆盖全部脱贫县。",
        "某县养蜂产业见闻\n\n某乡合作社的甜蜜事业",
    )
    a = _article(tmp_path, text)
    assert all(p.heading != "延伸阅读" for p in a.passages)
    assert not any("见闻" in p.text for p in a.passages)


VILLAGES = """美丽乡村的两个样本

2024年6月3日 来源：某刊

一、黄杜村

位于浙江省湖州市安吉县溪龙乡，村党总支带领村民种植白茶，成立白茶合作社，统一品牌、统一销售，全村茶园面积达到1.2万亩。

二、高家堂村

位于安吉县山川乡，村党支部发动党员带头整治环境，发展民宿和竹林休闲旅游，村集体年收入超过300万元。
"""


def test_a_section_headed_by_a_village_is_that_villages_not_the_place_that_locates_it(tmp_path):
    f = extract(_article(tmp_path, VILLAGES))
    regions = {u.span.section: (u.region.name if u.region else None) for u in f.units}
    assert regions == {"一、黄杜村": "黄杜村", "二、高家堂村": "高家堂村"}
