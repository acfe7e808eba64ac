"""What counts as a place name in this field: the suffixes of full names (市, 旗, 镇, 嘎查 …),
generic words that look like names (示范村, 园区), and short forms that are ordinary words (振兴,
和平) by jieba's own dictionary."""

from __future__ import annotations

import functools

FULL_SUFFIX = (
    "省",
    "自治区",
    "市",
    "自治州",
    "州",
    "盟",
    "地区",
    "县",
    "自治县",
    "区",
    "旗",
    "自治旗",
    "林区",
    "特区",
)
TOWN_SUFFIX = ("镇", "乡", "苏木", "街道", "民族乡")
VILLAGE_SUFFIX = ("村", "嘎查", "社区")
# one character after a short form that makes it part of a smaller place's name (河南村)
SETTLEMENT_SUFFIX = frozenset("村镇乡屯寨庄")
# words that look like names but are generic in this field
GENERIC = {
    "城区",
    "郊区",
    "矿区",
    "新区",
    "市区",
    "县区",
    "中心村",
    "示范村",
    "标杆村",
    "重点村",
    "行政村",
    "自然村",
    "贫困村",
    "脱贫村",
    "先进村",
    "薄弱村",
    "后进村",
    "新村",
    "社区",
    "城中村",
    "空心村",
    "本村",
    "全村",
    "该村",
    "各村",
    "一村",
    "每村",
    "强村",
    "富村",
    "美丽村",
    "红色村",
    "试点村",
    "样板村",
    "新农村",
    "大村",
    "小村",
    "邻村",
    "穷村",
    "村村",
    "全乡",
    "全镇",
    "乡镇",
    "各乡镇",
    "山区",
    "牧区",
    "景区",
    "园区",
    "片区",
    "辖区",
    "街道",
}
# set phrases in which a place's short form stands as an ordinary word (金山 of 金山区 in the
# slogan 绿水青山就是金山银山)
SET_PHRASES = ("金山银山",)
MAX_NAME = 12


# jieba's tags of ordinary words: verbs, adjectives, nouns, adverbs, time words, idioms …, and
# distinguishing words, numerals and conjunctions (大兴 in 大兴调查研究之风, 新兴, 三台, 无为)
_WORD_TAGS = {"v", "a", "n", "s", "d", "vn", "ad", "an", "j", "l", "i", "t", "f", "b", "m", "c"}
# tags of words that never open a place's name: time words, pronouns, conjunctions, prepositions,
# particles, adverbs (去年村 in 去年村集体收入…, 目前村)
_NOT_A_STEM_TAGS = {"t", "r", "c", "p", "u", "d"}


@functools.cache
def _jieba_tags() -> dict[str, tuple[str, int]]:
    """Part of speech and frequency of every word in jieba's own dictionary."""
    import os

    import jieba

    out = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (parts[2], int(parts[1]))
    return out


def is_common_word(name: str) -> bool:
    """A short form that is also an ordinary word (振兴, 复兴, 和平, 东方): jieba's dictionary tags it
    as something other than a place name, or as a frequent proper noun."""
    tag, freq = _jieba_tags().get(name, ("ns", 0))
    return tag in _WORD_TAGS or (tag == "nz" and freq >= 500)


def is_function_word(word: str) -> bool:
    """A time word, pronoun, conjunction, preposition, particle or adverb by jieba's dictionary."""
    return _jieba_tags().get(word, ("ns", 0))[0] in _NOT_A_STEM_TAGS


def is_verb(word: str) -> bool:
    """A verb by jieba's dictionary (成立, 开通, 组建)."""
    return _jieba_tags().get(word, ("", 0))[0] in ("v", "vn")


def is_full(name: str) -> bool:
    return name.endswith(FULL_SUFFIX)
