from __future__ import annotations

import pytest

from casegraph.core.segment import Segmenter, load_terms

TERMS = [
    "两委",
    "一肩挑",
    "嘎查村",
    "苏木",
    "软弱涣散",
    "领办合作社",
    "头雁",
    "第一书记",
    "四议两公开",
    "枫桥经验",
]


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_domain_terms_stay_whole(engine):
    seg = Segmenter(engine=engine)
    text = (
        "全市2060个嘎查村实现全覆盖，村“两委”换届后书记主任“一肩挑”，苏木干部下沉，整顿软弱涣散党组织，"
        "推行领办合作社，选好头雁，选派第一书记，落实四议两公开，坚持新时代枫桥经验。"
    )
    tokens = seg.cut(text)
    for term in TERMS:
        assert term in tokens, (term, tokens)


def test_rjieba_gives_jieba_identical_tokens_on_the_seeds(seed_articles):
    ref, fast = Segmenter(engine="jieba"), Segmenter(engine="rjieba")
    for a in seed_articles.values():
        for p in a.passages:
            assert fast.cut(p.text) == ref.cut(p.text), p.id


def test_terms_drop_punctuation_and_stop_words():
    terms = Segmenter().terms("如何发展村集体经济？我们的做法是：领办合作社。")
    assert "？" not in terms and "的" not in terms and "如何" not in terms
    assert "村集体经济" in terms and "领办合作社" in terms


def test_dictionary_is_a_data_file_with_the_required_terms():
    words = {w for w, _, _ in load_terms()}
    assert set(TERMS) <= words


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(ValueError, match="known: jieba, rjieba"):
        Segmenter(engine="pkuseg")


def test_hmm_pos_tags_are_jiebas_on_the_seeds(seed_articles):
    """core/postag.py's tagger gives jieba.posseg's words and tags (with its HMM), on whole
    sentences and on the short phrases the figure labels tag."""
    from casegraph.core.postag import hmm_pos_tags
    from casegraph.core.segment import pos_tagger

    texts = ["", " ", "3.5%的村", "ABC 12.5万元abc", "a b\r\nc", "户均增收", "老乡们腰包鼓"]
    for a in seed_articles.values():
        for line in a.text.splitlines():
            texts += [line, *(line[i : i + 7] for i in range(0, len(line), 5))]
    for text in texts:
        want = [(t.word, t.flag) for t in pos_tagger().cut(text)]
        assert list(hmm_pos_tags.__wrapped__(text)) == want, text
