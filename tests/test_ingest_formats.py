"""Every input format and encoding a user drops into corpus/."""

from __future__ import annotations

import json

import pytest

from casegraph.ingest import Article, Problem, read_path
from casegraph.ingest.normalize import normalize_line, normalize_query, strip_pinyin
from tests.conftest import SHARED

BODY = "近年来，某县实施“头雁工程”，全县村党组织领办合作社175个，带动群众增收2.6万元。"


def articles(path):
    return [x for x in read_path(path) if isinstance(x, Article)]


def problems(path):
    return [x for x in read_path(path) if isinstance(x, Problem)]


def test_html_body_without_scripts_nav_or_footer(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        f"""<html><head><title>某县抓党建促乡村振兴_新闻中心_某网</title>
        <meta name="PubDate" content="2023-05-06 10:00"><script>var x = "恶意脚本内容";</script>
        <link rel="canonical" href="https://example.org/a.html"></head><body>
        <nav>首页 | 新闻 | 政务 | 服务 | 互动 | 专题</nav><div class="breadcrumb">当前位置：首页 > 新闻</div>
        <h1>某县抓党建促乡村振兴</h1>
        <div class="article"><p>{BODY}</p><p><img src="x.jpg"></p><p>村党组织书记培训现场</p>
        <p>该县还建立了“积分制”管理机制，推动乡村治理提质增效。</p>
        <script>document.write("注入的文字")</script></div>
        <div class="share">分享到：微信 微博</div><footer>某网 版权所有 京ICP备123号</footer>
        </body></html>""",
        encoding="utf-8",
    )
    [a] = articles(page)
    assert a.title == "某县抓党建促乡村振兴"
    assert (a.date, a.url) == ("2023-05-06", "https://example.org/a.html")
    assert a.text.startswith("近年来，某县实施")
    for junk in ("恶意脚本", "注入的文字", "当前位置", "版权所有", "分享到", "首页"):
        assert junk not in a.text
    assert [p.kind for p in a.passages] == ["body", "caption", "body"]


def test_markdown_daily_file_gives_one_article_per_item():
    day = SHARED / "data" / "xwlb-days" / "20230105.md"
    if not day.exists():
        pytest.skip("shared data not present")
    items = articles(day)
    assert len(items) == day.read_text(encoding="utf-8").count("\n### ")
    first = items[0]
    assert first.title == "【开好局 起好步】广东锚定高质量 开启发展新篇章"
    assert (first.date, first.source) == ("2023-01-05", "新闻联播")
    assert "<p>" not in first.text
    # the news agency's opening (央视网消息（新闻联播）：) and the "查看原文" link are not the story
    assert first.text.startswith("习近平主席在二〇二三年新年贺词中指出")
    assert "查看原文" not in first.text
    assert all(a.origin.endswith(f"#{i}") for i, a in enumerate(items, 1))


def test_jsonl_records_with_html_content(tmp_path):
    f = tmp_path / "news.jsonl"
    recs = [
        {
            "title": "乡村振兴新闻",
            "date": "2024-01-02",
            "source": "新闻联播",
            "url": "https://x/1",
            "content": f"<p><strong>央视网消息</strong>（新闻联播）：{BODY}</p><p>第二段，村集体经济收入增长。</p>",
        },
        {
            "title": "第二条",
            "date": "2024-01-03",
            "source": "新闻联播",
            "url": None,
            "content": "纯文本内容：村里开展了“四议两公开”工作。",
        },
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    a, b = articles(f)
    assert (a.title, a.date, a.source, a.url) == (
        "乡村振兴新闻",
        "2024-01-02",
        "新闻联播",
        "https://x/1",
    )
    assert len(a.passages) == 2 and a.origin.endswith(":1")
    assert b.text == "纯文本内容：村里开展了“四议两公开”工作。" and b.origin.endswith(":2")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_encodings_are_detected_not_guessed_from_the_name(tmp_path, encoding):
    f = tmp_path / "article.txt"
    f.write_bytes(("标题：村党组织领办合作社\n\n" + BODY + "\n").encode(encoding))
    [a] = articles(f)
    assert BODY in a.text


def test_traditional_input_is_converted_at_phrase_level(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text(
        "鄉村振興中，黨組織書記帶頭發展集體經濟，乾隆年間的古村煥發新生。\n", encoding="utf-8"
    )
    [a] = articles(f)
    assert a.text == "乡村振兴中，党组织书记带头发展集体经济，乾隆年间的古村焕发新生。"


def test_pinyin_annotations_are_removed_only_when_the_text_carries_them():
    assert strip_pinyin("學(xué)習(xí)“千萬工程”經(jīng)驗(yàn)") == "學習“千萬工程”經驗"
    lone = "推广应用“包头农牧”APP(app)，打造品牌(brand)。"
    assert strip_pinyin(lone) == lone
    # a character the page's encoding lost ("?"), with or without its opening bracket
    assert strip_pinyin("量化為具體分?jǐn)?shù)，促使") == "量化為具體分，促使"
    assert strip_pinyin("具體分?(jǐn)數(shù)") == "具體分數"
    assert strip_pinyin("为什么?(app) 好?ok)") == "为什么?(app) 好?ok)"  # not pinyin


def test_widths_and_punctuation_are_normalized_consistently():
    assert (
        normalize_line("全市１２３个村，占比８７％,  共计3.5万元")
        == "全市123个村，占比87%， 共计3.5万元"
    )
    assert (
        normalize_line("时间 10:15:00 ,村民小组(70户左右)")
        == "时间 10:15:00 ，村民小组（70户左右）"
    )
    assert normalize_query(" 從鄉村振興一線選拔幹部　") == "从乡村振兴一线选拔干部"


def test_a_source_line_gives_the_publisher_without_its_timestamp(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "村里建起了冷库\n来源：湖南日报 2022-04-11 09:45:48\n"
        "今年以来，村党支部带领村民建起冷库，储存能力达到800吨。\n",
        encoding="utf-8",
    )
    (art,) = read_path(page)
    assert (art.source, art.date, art.title) == ("湖南日报", "2022-04-11", "村里建起了冷库")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("来源：某某新闻网 记者 王小明", "某某新闻网"),  # the reporter named after the publisher
        ("发布时间：2024-03-05 09:46:55 来源： xw20240305", None),  # a site's code, no name
        ("某某晚报 2019-05-06 20:04", "某某晚报"),  # the publisher before the date, no 来源
    ],
)
def test_a_source_line_names_the_publisher_only(tmp_path, line, source):
    page = tmp_path / "p.txt"
    page.write_text(
        f"村里建起了冷库\n{line}\n今年以来，村党支部带领村民建起冷库，储存能力达到800吨。\n",
        encoding="utf-8",
    )
    (art,) = read_path(page)
    assert art.source == source


def test_a_source_line_with_only_a_share_widget_names_no_publisher(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "村里建起了冷库\n发布日期：2024-07-04 21:16 来源： 分享到：\n"
        "今年以来，村党支部带领村民建起冷库，储存能力达到800吨。\n",
        encoding="utf-8",
    )
    (art,) = read_path(page)
    assert (art.source, art.date) == (None, "2024-07-04")


def test_reporters_names_before_the_first_sentence_are_not_the_story(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "村里建起了冷库\n\n某县融媒 张明 李华 为带动村民增收，村党支部带领村民建起冷库。\n"
        "冷库储存能力达到800吨。\n",
        encoding="utf-8",
    )
    (art,) = read_path(page)
    assert "\n为带动村民增收" in "\n" + art.text and "张明" not in art.text
