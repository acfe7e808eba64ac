"""A card's title chosen from its spans by the fitted title model (cases/titles.py); the spans and
sentences are made up for the test."""

from casegraph.cases.titles import best_title, model, spans, without_places
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
    # a time told in words opens no title either, with no comma after it (前些年…, 当时…)
    for when in ("前些年", "当时", "2020年底"):
        got = spans("", [_q(f"{when}村里建起了蔬菜大棚，带动农户种菜。")], None)
        assert "建起蔬菜大棚" in [s.text for s in got], when


def test_the_model_prefers_a_named_deed_to_a_cut_clause_an_aim_or_a_figure():
    assert model() is not None
    practice = [
        _q("为了推动产业升级，村里多次协调，建成300亩高标准茶园，实现产业提质增效。"),
        _q("随后，再到周边各村推广，共培训茶农260人次。"),
    ]
    title = best_title("", practice, None)
    assert title == "建成300亩高标准茶园", title


def test_a_clause_is_also_offered_tidied_of_its_linking_word_its_place_and_its_count():
    """还新建了两座…, 蒲汪镇打造… and 新组建2438个“尖刀班” are cut from their sentences; tidied, they
    name the deed. A word the place only begins (湘潭市委) and a word that only opens on a
    linking character (就近) stay whole."""
    practice = [
        _q("蒲汪镇打造标准化养殖模式，还建起两个村级光伏电站，新组建2438个“尖刀班”。"),
        _q("湘潭市委组织部开展一对一培养，就近安排村民务工。"),
    ]
    got = {s.text: s.source for s in spans("", practice, None, place="蒲汪镇")}
    for tidy in ("打造标准化养殖模式", "建起村级光伏电站", "新组建“尖刀班”"):
        assert got.get(tidy) == "tidy", (tidy, got)
    assert "还建起两个村级光伏电站" not in got  # it points back to its sentence: tidied only
    assert not any(t.startswith(("委组织部", "近安排")) for t in got)
    got = {s.text for s in spans("", practice[1:], None, place="湘潭市")}
    assert not any(t.startswith("委") for t in got), got


def test_a_tidied_clause_drops_an_empty_adverb_another_actor_and_a_closing_count():
    """共成立了…, a city or a person before the verb, and a count after what was built are not
    the practice's name; an adverb that says how (就近) stays."""
    practice = [
        _q("全镇共成立了瓜菜合作社，镇江组建了临时党支部，王建国组织村民种植菌菇。"),
        _q("村里建成高位蓄水池2处，就近安排村民务工。"),
    ]
    got = {s.text: s.source for s in spans("", practice, None)}
    for tidy in ("成立瓜菜合作社", "组建临时党支部", "组织村民种植菌菇", "建成高位蓄水池"):
        assert got.get(tidy) == "tidy", (tidy, got)
    assert "就近安排村民务工" in got and "安排村民务工" not in got


def test_a_clause_that_points_back_to_its_sentence_is_no_title():
    """A clause opening on a demonstrative or a linking adverb (这片…, 均已…) names nothing on its
    own; tidied of the adverb it may (还建起… -> 建起…); 就业扶贫 only opens on 就."""
    practice = [
        _q("村里流转荒坡300亩，这片荒坡种上了茶树，均已通上自来水，还建起就业扶贫车间。"),
    ]
    texts = {s.text for s in spans("", practice, None)}
    assert "流转荒坡300亩" in texts
    assert not any(t.startswith(("这", "均", "还")) for t in texts), texts
    assert "建起就业扶贫车间" in texts


def test_a_title_does_not_name_again_the_places_the_card_names_before_it():
    path = ["海南省", "琼海市"]
    assert without_places("海南省琼海市推进“小散乱污”整治", path) == "推进“小散乱污”整治"
    assert without_places("琼海市在贫困地区推广远程会诊", path) == "在贫困地区推广远程会诊"
    assert without_places("琼海市委", path) == "琼海市委"  # too short without it: stays whole
    assert without_places("建立薪酬增长机制", path) == "建立薪酬增长机制"
