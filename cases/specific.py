"""How specific a practice is: a named thing (“…”), a body, a facility, a rule or a figure makes a
sentence or a name say what was done; stock phrases of the genre (以…为抓手, 聚焦…, 紧盯…, 充分发挥
…作用, 激励…牢记初心使命) say only that something was.

A 做法 sentence made of such phrases and naming nothing specific is the general lead of a
report, not a practice a trainer can hand out."""

from __future__ import annotations

import re

CONCRETE = re.compile(
    r"“[^”]{2,}”|《[^》]+》|合作社|公司|电站|基地|[^民]队|中心|平台|园区|工厂|[^工]厂|协会|联盟|制度|"
    r"讲堂|课堂|工程|项目|大棚|商标|民宿|网格|评比|积分|超市|书屋|食堂|议事|理事会|台账|清单|班子|\d"
)
VAGUE_END = re.compile(
    r"(?:作用|理念|作为|经济|产业|发展|服务|工作|建设|增收|振兴|升级|力量|能力|水平|思路|路子|观念|方向)$"
)
# a clause that is a stock phrase: a frame (以…为抓手), a stance or an exhortation (聚焦, 紧盯,
# 坚持, 充分发挥…作用, 牢记…使命), an aim (推动…发展)
_STOCK = re.compile(
    r"^以.{2,14}为(?:抓手|核心|引领|纽带|载体|重点|突破口|主线|目标|契机|统领)$"
    r"|^(?:聚焦|紧盯|紧扣|围绕|坚持|强化|充分发挥|发挥|激励|激发|筑牢|夯实|牢记|勇于|敢于|着力|"
    r"全力|合力|持续|不断|始终|积极探索|探索|推动|促进|助推|助力|切实|扎实|深入|大力)"
    r"|(?:作用|意识|能力|水平|使命|活力|动力|保障|引领|优势|堡垒|担当作为)$"
    # effort and praise, not a deed (加班加点, 迎难而上, 圆满完成各项任务)
    r"|加班加点|迎难而上|攻坚克难|全力以赴|任劳任怨|真抓实干|圆满完成|夜以继日|冲锋在前|挺身而出"
    r"|(?:典型|缩影|写照|样板|名片)$"
)
_CLAUSES = re.compile(r"[，,；;。！？]")


# a statement of what something is (…建设，是推进…的基础性工作): a frame, not a deed
_STATEMENT = re.compile(
    r"^[^。；]{2,30}是[^。；]{2,40}的[^。；，]{0,10}(?:工作|基础|关键|前提|保障|举措|途径|任务|要求|之举|所在)。?$"
)


# what unnamed places do (有的地方，…; 一些村…; 各地…): a survey, not one place's practice
_UNNAMED = re.compile(r"^(?:有的|有些|一些|不少|许多|很多|部分|各)(?:地方|地区|村|乡镇|县|地)")


def is_generic(text: str) -> bool:
    """Whether a 做法 sentence only frames: a statement of what something is, what unnamed places
    do, or no specific thing named and most of its clauses (two at least) stock phrases."""
    if _STATEMENT.match(text) or _UNNAMED.match(text):
        return True
    if CONCRETE.search(text):
        return False
    clauses = [c.strip() for c in _CLAUSES.split(text) if c.strip()]
    clauses = [re.sub(r"^(?:近年来|同时|此外|为此)", "", c) for c in clauses]
    clauses = [
        re.sub(r"^[^，]{0,12}?(?:党委|党总支|党支部|县|镇|乡|村|区)(?=以|通过|坚持)", "", c)
        for c in clauses
    ]
    stock = sum(bool(_STOCK.search(c)) for c in clauses)
    return stock >= 2 and stock * 2 >= len(clauses)
