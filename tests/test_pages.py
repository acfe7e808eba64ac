"""Extraction on messy pages it was not built from (tests/data/pages/: page-like texts written
for the set, one failure kind each, and real items read from ../shared/data when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.pages_eval import evaluate_pages, is_junk_label, totals
from tests.conftest import ROOT, SHARED

GOLD = ROOT / "tests" / "data" / "pages" / "gold.json"


@pytest.fixture(scope="module")
def results():
    return evaluate_pages(GOLD, SHARED / "data")


def test_targets_on_the_messy_pages(results):
    t = totals(results)
    assert t["pages"] >= 12
    assert t["primary"] >= t["pages"] - max(1, t["pages"] // 20), results  # ≥ 19/20
    assert t["titles"] == t["pages"] and t["dates"] == t["pages"]
    assert t["quantity_recall"] >= 0.97
    assert t["kinds_right"] >= 0.95
    assert t["junk_labels"] == 0 and t["wrong_regions"] == 0
    assert t["furniture_pages"] == 0


@pytest.mark.parametrize(
    "page,why",
    [
        ("s01_dateline.txt", "a dateline (中新网南宁…电) is not the subject"),
        pytest.param(
            "s02_city_opens_with_village.txt",
            "a city report that opens with one village",
            # the subject model fitted on the field gold takes the village told first: in the
            # dev articles a village told as "…的缩影" is as often the labelled subject as not
            marks=pytest.mark.xfail(strict=True, reason="known miss of the fitted subject model"),
        ),
        ("s03_short_form_prefecture.txt", "大理州 is 大理白族自治州"),
        ("s05_ordinary_words.txt", "河南村 is not 河南省, 突破…大关 is not 大关县"),
        ("s11_province_opens_with_village.txt", "a province report that opens with a village"),
    ],
)
def test_subject_region_of_the_whole_article(results, page, why):
    assert results[page]["primary_ok"], (why, results[page]["primary"])


def test_a_national_report_has_no_subject_region(results):
    r = results["2025年中华人民共和国国务院政府工作报告"]
    if r is None:
        pytest.skip("../shared/data not present")
    assert r["primary"] is None


def test_junk_labels_are_recognised():
    for junk in (
        "了数",
        "在数",
        "向数",
        "管数",
        "网格也数",
        "倍倍数",
        "35周岁以下占比占比",
        "个数",
    ):
        assert is_junk_label(junk), junk
    for fine in ("村党组织领办合作社数", "从业人员数", "集体经济收入", ""):
        assert not is_junk_label(fine), fine


def test_html_pages_keep_the_story_and_drop_the_furniture():
    """Portal, county-government, WeChat-style and GBK pages with comments: the title, every
    sentence of the story, and no navigation, share rows, related lists, counters or comments."""
    import json
    import re

    from casegraph.ingest import Article, read_path

    d = Path(__file__).parent / "data" / "html"
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))["pages"]
    for name, g in gold.items():
        a = next(x for x in read_path((d / name).resolve()) if isinstance(x, Article))
        body = "".join(p.text for p in a.passages if p.kind == "body")
        flat = re.sub(r"\s+", "", body)
        assert a.title == g["title"], name
        for s in g["body"]:
            assert s in flat, (name, s)
            flat = flat.replace(s, "")
        assert not re.search(r"[\u4e00-\u9fff]", flat), (name, flat)  # nothing else
        assert all("阅读" not in au["name"] for au in a.authors), a.authors


def test_stuffing_credits_and_notices_never_reach_a_passage(tmp_path):
    """A page padded with characters drawn at random (keyword stuffing), a photo credit, a wire
    credit, an author's note, design and writing credits and a long notice of rights: the story is read,
    none of those lines is."""
    import random

    from casegraph.ingest import Article, read_path

    pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    stuffing = "".join(random.Random(7).choice(pool) for _ in range(90))
    story = [
        "凤鸣镇把闲置的村小学改成了党群服务中心，村里的老人每天都来这里读报下棋。",
        "镇党委组织党员骨干成立志愿服务队，每周上门为独居老人打扫卫生、测量血压。",
        "一年来，志愿服务队累计服务群众一千多人次，群众满意度明显提高。",
    ]
    furniture = [
        stuffing,
        "王小明摄（新华视觉）",
        "（据新华社电）",
        "（作者为某某大学教授）",
        "版式设计：赵一",
        "（执笔：钱二）",
        "本版摄影：孙三 版式设计：李四 周五",
        "版权声明：本文内容由网友上传，仅代表作者本人观点，本站不承担任何法律责任，如有侵权请联系删除。",
    ]
    page = "\n\n".join(["凤鸣镇：闲置校舍变身党群服务中心", story[0], furniture[1], story[1]])
    page += "\n\n" + "\n\n".join([furniture[0], story[2], *furniture[2:]])
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    a = next(x for x in read_path(path) if isinstance(x, Article))
    text = "\n".join(p.text for p in a.passages) + "\n".join(p.heading or "" for p in a.passages)
    for s in story:
        assert s in text
    for line in furniture:
        assert line[:8] not in text, line


def test_a_line_of_credits_is_furniture_whatever_the_model_says():
    """Role：name pairs alone on a line are credits (the line model, which has few of them, reads
    some as captions); a sentence that opens on a role word is not."""
    from casegraph.ingest.boilerplate import boilerplate_reason

    for line in (
        "（执笔：钱二）",
        "本版摄影：孙三 版式设计：李四 周五",
        "本版制图：赵一",
        "文/何某某 李某",
        "刘 某摄（某某视觉）",  # a two-character name set apart
    ):
        assert boilerplate_reason(line) == "credit line", line
    # whose words stand above, or what the section below is: never a sentence of the article
    for line in ("——习近平", "——编 者", "——某某协会主席王某某", "——某某分论坛侧记"):
        assert boilerplate_reason(line) == "attribution line", line
    assert boilerplate_reason("——这是村民们最朴素的愿望，也是村里的奋斗目标。") is None
    # a person named after their post, the name set off: a byline or the speaker under a quote
    for line in ("本报记者 王某某", "某某大学农学院教授 李某", "某某县委书记 赵 某"):
        assert boilerplate_reason(line) == "person named by post", line
    for line in ("第一书记 田间助农", "农技主播 成了网红"):  # a heading: post, then a deed
        assert boilerplate_reason(line) is None, line
    # where to send copy: the column's notice
    for line in ("栏目投稿邮箱：abc123@163.com", "欢迎广大读者赐图投稿、提供线索。"):
        assert boilerplate_reason(line) == "contact line", line
    assert boilerplate_reason("村里开通了服务热线，村民有事打个电话就能办。") is None
    assert boilerplate_reason("看更多图片和活动信息，请登录某某平台专题页。") == "contact line"
    assert boilerplate_reason("看更多的是村民的笑脸，请大家放心。") is None
    # a site's own links standing alone, a reader's rating widget
    for line in ("联系我们", "网站地图", "图集", "读者为此文章打分的平均分是："):
        assert boilerplate_reason(line) == "site link or rating widget", line
    for line in ("联系我们的是村里的网格员。", "视频会议开到了村里", "评委为稿件打分。"):
        assert boilerplate_reason(line) is None, line
    # an e-paper's and a share button's controls, a channel pointing on
    for line in ("某某晚报多媒体数字版", "按日期查阅", "点击右上角分享给好友", "某某频道 >"):
        assert boilerplate_reason(line) is not None, line
    assert boilerplate_reason("村里的老照片被做成了电子版，挂在村史馆里。") is None
    for line in ("作者：为了让村民过上好日子，村里办起了合作社。", "编辑部设在村委会二楼"):
        assert boilerplate_reason(line) is None, line


def test_a_porn_or_betting_advertisement_is_spam_but_news_words_are_not():
    """Two terms of pirate-video, porn or betting sites on one line are an advertisement pasted on
    the page; one such word in a sentence of the article is not."""
    from casegraph.ingest.boilerplate import boilerplate_reason

    for line in (
        "精品国产一区二区_中文字幕在线观看_高清无码视频",
        "某某体育官网入口-百家乐真人娱乐城，注册送彩金",
    ):
        assert boilerplate_reason(line) == "porn or gambling advertising", line
    for line in (
        "直播间在线观看人数超过10万，村里的农产品一晚上卖出3000多单。",
        "采购商来自欧美、日韩等30多个国家和地区。",
        "村里成立彩票站，吸纳2名残疾人就业。",
    ):
        assert boilerplate_reason(line) is None, line


def test_a_line_that_says_what_a_picture_shows_is_a_caption():
    """A picture's credit closing the line, or a short line naming only what a picture shows, is
    a caption; a heading with the same words and a sentence of the article are not."""
    from casegraph.ingest.lines import is_caption

    for line in ("某某村的新民居。（某某社发）", "某某村全景。", "村民在新建的广场前合影。"):
        assert is_caption(line), line
    for line in (
        "乡村新貌",
        "村里拍了一张全家福，挂在文化礼堂的墙上。",
        "群众纷纷前来合影留念，场面热闹。",
    ):
        assert not is_caption(line), line
