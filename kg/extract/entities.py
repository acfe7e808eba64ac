"""Organisations (市委组织部, 清华大学继续教育学院, 农业银行 …) and policy documents (《…》 titles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from casegraph.core.text import HAN as _HAN  # noqa: E402

_PARTY = rf"(?P<cpc>中共)?(?P<pre>(?:(?![部和与及同会由])[{_HAN}]){{2,8}}?)?(?:省委|市委|县委|区委|旗委|州委|盟委|旗县区党委|旗县区|党委)"
# every organisation name holds one of 部委局厅, 银(行), 编(办) or 党(校) within its first 19
# characters (the longest name is 19): a position without one is passed over at once
_BUREAUS = (
    "农业农村|财政|民政|人社|人力资源和社会保障|营商|住建|司法|文旅广电|文旅|商务|自然资源|"
    "生态环境|乡村振兴|林业和草原|水利|教育|卫健|审计"
)
ORG = re.compile(
    r"(?=[^部委局厅银编党]{0,18}[部委局厅银编党])(?:"
    r"中组部|中央组织部|"
    rf"{_PARTY}(?:组织部|宣传部|统战部|政法委|编办|纪委监委|纪委|党校)(?!门)|"
    r"(?:中国)?(?:农业|工商|建设|交通|邮政储蓄|农村商业|农商|农村信用|开发)银行|"
    rf"(?:[{_HAN}]{{2,6}}?(?:省|自治区|市|县|区|旗))?(?:{_BUREAUS})(?:局|厅|部)(?!门)|"
    r"(?:国家|[省市县区])?(?:发改|发展改革|卫健|民宗|教育)委(?![员]))"
)
# what every organisation name holds (a sentence without any has none: most sentences)
_ORG_ANCHOR = re.compile(rf"委|局|厅|编办|党校|银行|组织部|宣传部|统战部|中组部|(?:{_BUREAUS})部")
# a Party committee as an actor: 赤峰市委把…, 县委每年… (not 市委书记, 市委常委, 市委组织部)
_COMMITTEE = re.compile(
    rf"(?<![{_HAN}])(?P<place>[{_HAN}]{{2,6}}?)?(?:省委|市委|县委|区委|旗委|州委|盟委)"
    r"(?![书常副组宣统政编纪党办巡委机])"
)
# a named Party organisation or leading group: “…党总支”, 成立…工作领导小组
_NAMED = re.compile(
    rf"“([{_HAN}·]{{2,20}}(?:党总支|党支部|联合党委|党委|党工委|党组织))”|"
    rf"(?:成立|组建|设立)了?(?:全[市县区旗省])?([{_HAN}]{{4,24}}?领导小组)"
)
_LEADING = re.compile(r"^(?:会同|联合|由|在|和|与|向|对|经|及|同)")
POLICY = re.compile(r"《([^《》]{4,80})》")
_POLICY_WORDS = re.compile(
    r"办法|方案|意见|措施|规定|细则|通知|决定|条例|规划|纲要|计划|制度|清单|指引|标准|要点|"
    r"若干|实施|决议|规范|导则|工作法"
)


@dataclass(frozen=True)
class Span:
    label: str
    start: int  # offsets in the searched text
    end: int


def _universities(text: str) -> list[Span]:
    """A university is a dictionary word ending in 大学 (清华大学), with a 学院 that follows it."""
    from casegraph.core.segment import default_segmenter

    out, pos = [], 0
    tokens = default_segmenter().cut(text) if "大学" in text else []
    for i, tok in enumerate(tokens):
        if tok.endswith("大学") and len(tok) >= 4:
            end = pos + len(tok)
            tail = "".join(tokens[i + 1 : i + 4])
            if (m := re.match(rf"^[{_HAN}]{{0,8}}?学院", tail)) is not None:
                end += m.end()
            out.append(Span(text[pos:end], pos, end))
        pos += len(tok)
    return out


def find_organizations(text: str) -> list[Span]:
    out = _universities(text)
    from casegraph.kg.extract.gazetteer import load

    names = load().by_name
    for m in ORG.finditer(text) if _ORG_ANCHOR.search(text) else ():
        start = m.start()
        if m.group("pre") and m.group("pre") not in names and m.group("pre") + "市" not in names:
            start = m.end("pre")  # 部和省委组织部 -> 省委组织部; 中共济南市委组织部 keeps 济南
        elif lead := _LEADING.match(m.group(0)):
            start += len(lead.group(0))
        out.append(Span(text[start : m.end()], start, m.end()))
    taken = [(o.start, o.end) for o in out]
    for m in _COMMITTEE.finditer(text) if "委" in text else ():
        place = m.group("place") or ""
        k = next((k for k in range(len(place)) if {place[k:], place[k:] + "市"} & names.keys()), -1)
        if k >= 0:
            start = m.start() + k  # 内蒙古包头市委 -> 包头市委
        else:
            start = m.end("place") if place else m.start()
            if start > 0 and text[start - 1] not in "，。；：、“（ ":
                continue  # 他在县委工作: a bare 市委 is an actor only after a clause break
        if not any(a < m.end() and start < b for a, b in taken):
            out.append(Span(text[start : m.end()], start, m.end()))
    for m in _NAMED.finditer(text):
        group = 1 if m.group(1) else 2
        out.append(Span(m.group(group), m.start(group), m.end(group)))
    return sorted(out, key=lambda s: s.start)


def find_policies(text: str) -> list[Span]:
    """《…》 titles that name a policy document (not 《党建》杂志 or a TV programme)."""
    out = []
    for m in POLICY.finditer(text):
        title = m.group(1)
        after = text[m.end() : m.end() + 2]
        if after.startswith(("杂志", "报", "节目", "栏目")) or not _POLICY_WORDS.search(title):
            continue
        out.append(Span(title, m.start(), m.end()))
    return out
