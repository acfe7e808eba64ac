"""Which place a figure belongs to: the last place its sentence names before it, unless that place
is where something came from or went to (从山东聘请…, 运到北京, 向武汉捐赠) or is inside a body's
name (…（青岛）食品有限公司, 成都中医药大学); else the place of the measure it counts, else the
article's subject."""

from __future__ import annotations

import re

from casegraph.kg.extract.gazetteer import Place
from casegraph.kg.extract.regions import Mention

# a place right after one of these is an origin or a destination, not where the figure happened
_MOVED = re.compile(r"(?:从|自|到|往|向|赴|至|来自|运往|发往|销往|前往|飞往)$")
# a place followed by these (within a name, no punctuation) names a body, not where it happened
# (凤羽镇引进某农业公司: a verb or a preposition between them ends the name)
_BODY = re.compile(
    r"^[）)]?(?:(?!引进|与|和|同|联合|成立|组建|创办|为|向|在|到|从)[\u4e00-\u9fff]){0,6}?"
    r"(?:公司|集团|大学|学院|医院|研究院|研究所|银行)"
)
# between two places of one list (从云南、四川等地, 从四川达州): the second shares the first's role
_JOIN = frozenset(("", "、", "和", "及", "与"))


def local_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions (in order) that can carry a figure: not an origin or destination, not part of
    a body's name."""
    out, moved, last_end = [], False, 0
    for m in mentions:
        moved = bool(_MOVED.search(text[max(0, m.start - 3) : m.start])) or (
            moved and text[last_end : m.start] in _JOIN
        )
        last_end = m.end
        if not moved and not _BODY.match(text[m.end : m.end + 14]):
            out.append(m)
    return out


def figure_place(
    text: str, mentions: list[Mention], sentence_start: int, at: int, fallback: Place | None
) -> Place | None:
    """The place of a figure starting at ``at`` in ``text`` whose sentence starts at
    ``sentence_start``; ``mentions`` are the article's, in order."""
    before = [m for m in mentions if m.start >= sentence_start and m.end <= at]
    here = local_mentions(text, before)
    return here[-1].place if here else fallback
