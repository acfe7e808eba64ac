"""What a reader of the seed articles checks: metadata, clean text, headings, captions, offsets."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CORPUS, SHARED

BOILERPLATE = [
    "当前位置",
    "版权所有",
    "ICP备",
    "公网安备",
    "微信公众号",
    "官方微博",
    "字体",
    "打印",
    "点击",
    "责编",
    "临邑县",
    "涡阳县",
    "基层党组织建设网",
]


def test_corpus_holds_the_seeds_byte_identical():
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds not present")
    for s in seeds:
        assert (CORPUS / s.name).read_bytes() == s.read_bytes(), s.name


@pytest.mark.parametrize(
    "key,title,date,source",
    [
        ("001", "内蒙古包头：打造北疆抓党建促乡村振兴样板", "2022-07-21", "《党建》杂志"),
        (
            "002",
            "学习“千万工程”经验，持续赋能乡村振兴——访山西省高平市委常委、组织部部长毕海霞",
            "2024-03-15",
            "乡村干部报",
        ),
        ("003", "抓党建促乡村振兴思与行丨建设过硬嘎查村带头人队伍", "2024-07-25", "乡村干部报网"),
        ("004", "济南市：以组织振兴引领推进乡村振兴", "2021-12-23", "灯塔-党建在线"),
    ],
)
def test_metadata_from_header_lines(seed_articles, key, title, date, source):
    a = seed_articles[key]
    assert (a.title, a.date, a.source, a.title_derived) == (title, date, source, False)


def test_article_without_title_gets_a_derived_one_and_publisher_from_copyright(seed_articles):
    a = seed_articles["000"]
    assert a.title_derived is True
    assert "齐齐哈尔" in a.title and len(a.title) <= 32
    assert a.source == "共产党员网"
    assert a.date is None


def test_authors_with_roles_and_affiliation(seed_articles):
    assert seed_articles["002"].authors == [
        {"name": "周静文", "role": "作者"},
        {"name": "冯素军", "role": "通讯员"},
        {"name": "裴诗萌", "role": "实习生"},
    ]
    assert seed_articles["003"].authors == [
        {"name": "彭立新", "role": "作者", "affiliation": "内蒙古自治区赤峰市委组织部副部长"}
    ]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_no_boilerplate_reaches_the_text(seed_articles, key):
    a = seed_articles[key]
    for junk in BOILERPLATE:
        assert junk not in a.text, (key, junk)
    assert not re.search(r"^\s*\\\s*$", a.text, re.M), "lone backslash line"
    assert a.title not in a.text.split("\n")[0]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_passage_offsets_index_the_normalized_text(seed_articles, key):
    a = seed_articles[key]
    assert a.passages
    for p in a.passages:
        assert a.text[p.start : p.end] == p.text
        assert p.kind in ("body", "caption")
    assert len({p.id for p in a.passages}) == len(a.passages)


def test_traditional_with_pinyin_becomes_clean_simplified(seed_articles):
    a = seed_articles["002"]
    assert "(" not in a.text and "xué" not in a.text
    assert "学习“千万工程”经验" in a.text
    assert "鄉" not in a.text and "乡村振兴" in a.text


def test_section_headings_are_kept_as_headings_not_passages(seed_articles):
    a = seed_articles["000"]
    texts = [p.text for p in a.passages]
    assert not any(t.startswith("抓人才、提动能") for t in texts)
    under = [p for p in a.passages if p.heading and "抓人才、提动能" in p.heading]
    assert any("“三乡”工程" in p.text for p in under)
    assert under[0].heading == "抓人才、提动能 念好乡村振兴“人才经”"


def test_photo_captions_are_caption_passages(seed_articles):
    captions = [p.text for p in seed_articles["001"].passages if p.kind == "caption"]
    assert "全市嘎查村党组织书记抓乡村振兴培训班" in captions
    assert "包头市固阳县怀朔镇香房村驻村第一书记周俊平（左）入户开展工作" in captions
    assert len(captions) == 5
    assert not [p for p in seed_articles["004"].passages if p.kind == "caption"]


def test_long_paragraphs_are_split_at_sentence_ends(seed_articles):
    for a in seed_articles.values():
        for p in a.passages:
            assert len(p.text) <= 400, p.text[:40]
            if p.kind == "body" and len(p.text) > 100:
                assert p.text[-1] in "。！？；”）", p.text[-20:]


def test_ids_are_stable(seed_articles):
    from casegraph.ingest import read_path

    again = next(iter(read_path(CORPUS / "001_51482a68ca020c80.txt")))
    first = seed_articles["001"]
    assert again.id == first.id
    assert [p.id for p in again.passages] == [p.id for p in first.passages]
    assert len({a.id for a in seed_articles.values()}) == 5


def test_a_derived_title_skips_time_stamps_and_symbols_left_at_the_top():
    from casegraph.ingest.metadata import derive_title

    text = (
        "★2016-03-08 09:15:27 2016-03-08\n平山县在全县推行“村级事务阳光工程”，群众满意度明显提升。"
    )
    title = derive_title(text)
    assert title.startswith("平山县") and "2016" not in title
    # nor from a date or the opening words of a scene
    assert derive_title("5月14日，记者来到平山县，合作社的车间里机器轰鸣。") == "记者来到平山县"
    assert derive_title("初秋时节，走进平山县的一个小山村。") == "走进平山县的一个小山村"
    # a first line without a full stop is a sentence of its own, not joined to the next
    assert derive_title("乡村振兴进行时\n张家村的合作社越办越红火。") == "乡村振兴进行时"
    # the first deed its opening tells, after the time or scene it opens on, with its place
    assert (
        derive_title("在今年端午节期间，某某省某某市某某县某某村党支部组织村民包粽子、赛龙舟。")
        == "某某县：某某村党支部组织村民包粽子、赛龙舟"
    )
    scene = "初冬时节，山里飘起了雪。走进某某村，村党支部在新建的文化广场上举办冬季运动会。"
    assert derive_title(scene) == "村党支部在新建的文化广场上举办冬季运动会"
