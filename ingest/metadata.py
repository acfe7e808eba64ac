"""Article metadata from text lines: date/source/author lines, bylines, copyright, titles."""

from __future__ import annotations

import itertools
import re

from casegraph.core.text import HAN, HAN_CHAR

DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})(?!\d)\s*日?"
)
SOURCE = re.compile(
    r"(?:来源|来自|稿源|出处)\s*[：:]\s*(.+?)(?=\s{1,}(?:作者|编辑|点击|发布|字体|时间|浏览|阅读)|$)"
)
AUTHOR = re.compile(
    r"(?:作者|文)\s*[：:]\s*(.+?)(?=\s*(?:来源|点击|编辑|发布时间|字体|浏览|阅读)\s*[：:]|$)"
)
BYLINE = re.compile(r"^[（(]\s*(?:作者|文)\s*[：:]\s*(.+?)\s*[）)]$")
COPYRIGHT_OWNER = re.compile(r"^(?:©\s*)?(?:Copyright\s*)?(?:\d{4}\s*)?(.+?)\s*版权所有")
ROLES = (
    "作者",
    "记者",
    "通讯员",
    "实习生",
    "见习记者",
    "特约记者",
    "摄影",
    "摄",
    "编辑",
    "文",
    "图",
)
_META_KEY = re.compile(r"(来源|作者|发布时间|发布日期|时间|日期|点击|浏览|阅读|编辑)\s*[：:]")
_WEEKDAY_TIME = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]|\d{1,2}:\d{2}(?::\d{2})?")
# a byline without a colon: 本报记者 阿依古丽 艾克热木, 记者 王某 通讯员 李某
BARE_BYLINE = re.compile(
    rf"^(?:本报|新华社|特约|见习)?(?:记者|通讯员|实习生|摄影|编辑)(?:\s+[{HAN}·]{{2,6}})+"
    rf"(?:\s+(?:本报|特约|见习)?(?:记者|通讯员|实习生)(?:\s+[{HAN}·]{{2,6}})+)*$"
)
ORIGINAL_TITLE = re.compile(r"^[（(【]?\s*原标题\s*[：:]\s*(.+?)\s*[）)】]?$")
# the opening of a news item: 本报讯, 中新网南宁2月24日电（记者 韦晓明）, 央视网消息（新闻联播）：
DATELINE = re.compile(
    rf"^(?:本报[{HAN}]{{0,4}}讯|[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯)|[{HAN}]{{2,6}}消息)"
    r"\s*(?:[（(][^（）()]{0,40}[）)])?\s*[：:]?\s*"
)


# an outlet and its reporters' names written before the first sentence (琼海融媒 张三 李四 为…,
# 记者 张三 通讯员 李四 今年以来…)
_REPORTER = r"(?:记者|通讯员|见习记者|实习生|特约记者|融媒记者)"
BYLINE_LEAD = re.compile(
    rf"^(?:[{HAN}]{{2,8}}(?:融媒体?(?:中心)?|日报|晚报|新闻网?|电视台|在线|客户端)"
    rf"(?:\s+{_REPORTER}?\s*[{HAN}]{{2,3}}){{1,4}}"
    rf"|(?:{_REPORTER}\s*[{HAN}]{{2,3}}\s*){{1,4}})\s+(?=[{HAN}“])"
)


def parse_date(text: str) -> str | None:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_meta_line(line: str) -> bool:
    """A header line carrying date / source / author rather than content."""
    if len(line) > 120:
        return False
    has_date = DATE.search(line) is not None
    rest = _WEEKDAY_TIME.sub("", DATE.sub("", line))
    if has_date and (_META_KEY.search(line) or len(rest.strip(" :：0123456789")) <= 2):
        return True
    if BARE_BYLINE.match(line):
        return True
    return bool(re.match(r"^(来源|作者|发布时间|发布日期)\s*[：:]", line))


_SOURCE_TAIL = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-年/.]|\d{1,2}:\d{2}|[|｜]"
    r"|\s(?:本报|特约|见习)?(?:记者|通讯员|实习生|作者|编辑|责编)).*$"
)


# a publisher written before the date with no 来源 (某某晚报 2016-06-27 20:04)
_PUBLISHER_DATED = re.compile(
    rf"^([{HAN}]{{2,12}}(?:报|网|电视台|广播电视台|融媒|融媒体中心|新闻|发布))\s+(?:19|20)\d{{2}}\s*[-年/.]"
)


def clean_source(text: str) -> str | None:
    """A publisher's name as written after 来源: without the date, time or widgets that follow it
    on the same line (湖南日报 2022-04-11 09:45:48 -> 湖南日报; 【宁夏日报】 -> 宁夏日报) or the reporter
    named after it (某某日报 记者 王某 -> 某某日报); none when what follows 来源: is a page's widget
    (来源： 分享到：) or a code with no name in it (sp20240101)."""
    from .boilerplate import SOCIAL, WIDGET

    name = _SOURCE_TAIL.sub("", text).strip(" ：:【】[]（）()")
    if not name or WIDGET.match(name) or SOCIAL.match(name):
        return None
    if re.search(r"\d", name) and not HAN_CHAR.search(name):
        return None  # a site's internal code (sp20241127), not a name
    return name


def parse_authors(text: str) -> list[dict]:
    """'周静文 通讯员 冯素军 实习生 裴诗萌' -> names with the role written before them."""
    authors: list[dict] = []
    role = "作者"
    for token in re.split(r"[\s,，、;；/]+", text.strip()):
        if not token:
            continue
        bare = token.rstrip("：:")
        if bare in ROLES:
            role = "作者" if bare == "文" else bare
            continue
        for r in ROLES:  # '通讯员冯素军' written without a space
            if bare.startswith(r) and 2 <= len(bare) - len(r) <= 4:
                role, bare = r, bare[len(r) :]
                break
        if 2 <= len(bare) <= 12:
            authors.append({"name": bare, "role": role})
    return authors


def parse_meta_line(line: str) -> dict:
    out: dict = {}
    if date := parse_date(line):
        out["date"] = date
    if (m := SOURCE.search(line)) and (source := clean_source(m.group(1))):
        out["source"] = source
    elif m := _PUBLISHER_DATED.match(line):
        out["source"] = m.group(1)
    if m := AUTHOR.search(line):
        out["authors"] = parse_authors(m.group(1))
    elif BARE_BYLINE.match(line):
        out["authors"] = parse_authors(line.replace("本报", "").replace("新华社", ""))
    return out


def parse_byline(line: str) -> dict | None:
    """'（作者：内蒙古自治区赤峰市委组织部副部长 彭立新）' -> name with affiliation."""
    m = BYLINE.match(line)
    if not m:
        return None
    parts = m.group(1).split()
    name = parts[-1]
    if not 2 <= len(name) <= 4:
        return None
    author = {"name": name, "role": "作者"}
    if len(parts) > 1:
        author["affiliation"] = " ".join(parts[:-1])
    return author


def copyright_owner(line: str) -> str | None:
    m = COPYRIGHT_OWNER.match(line)
    if m:
        owner = m.group(1).strip(" ：:")
        return owner or None
    return None


_LEAD_TIME = re.compile(
    r"^(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:以来|来|起|初|底|上半年|下半年)?|近年来|近期|今年以来|去年以来|近日|日前|目前)[，,]?"
)
# one level of a place's name (沈阳市, 辽中区) and a run of one to three of them opening a clause
_PLACE_UNIT = re.compile(rf"[{HAN}]{{2,9}}?(?:省|自治区|市|自治州|州|盟|县|区|旗)")
_PLACE = re.compile(rf"^(?:{_PLACE_UNIT.pattern}){{1,3}}")
_SENT = re.compile(r"[^。！？；\n]+")


# a sentence that cannot name an article: a time stamp (2016-03-08 09:15:27), or mostly digits,
# dates and symbols
_STAMP = re.compile(r"\d{1,2}:\d{2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def reads_as_text(sentence: str) -> bool:
    """A sentence that could name an article: six Han characters or more, most of it Han, no
    time stamp."""
    han = len(HAN_CHAR.findall(sentence))
    return han >= 6 and han >= 0.6 * len(sentence.strip()) and not _STAMP.search(sentence)


# a deed a place or a body did (…党总支邀请…, …县推行…, 村里建起…): what a made title names
_DEED = re.compile(
    r"成立|建立|建起|建成|组建|开展|实施|推行|推出|组织(?!部)|打造|创办|领办|流转|引进|探索|设立|"
    r"开设|实行|修建|整治|改造|创建|搭建|邀请|举办|试点"
)
# someone's words announced (…负责人表示, 他说): who speaks, not what was done
_SAYS = re.compile(r"(?:表示|说|介绍|指出|认为|强调|坦言)$")
# the time or the scene a story opens on (在今年重阳节期间, 初秋时节, 走进…, 记者来到…)
_SETTING = re.compile(
    r"^在?[^，,]{0,12}(?:期间|之际|时节|时分|前夕|当天|之时|时候)$"
    r"|^(?:走进|来到|行走在|漫步|记者|[初深隆盛仲暮金][春夏秋冬]|清晨|傍晚|[春夏秋冬]日)"
)
_DEED_SENTENCES = 5  # read for a deed: the lead, or the first sentences after a scene


def _deed_title(sentences: list[str], limit: int) -> str | None:
    """The first clause of the opening sentences that tells a deed, after the place it opens on
    (辽宁省沈阳市辽中区某某村党总支邀请… -> 辽中区：某某村党总支邀请…)."""
    for sentence in sentences[:_DEED_SENTENCES]:
        sentence = _LEAD_TIME.sub("", DATELINE.sub("", sentence.strip()))
        for clause in re.split(r"[，,；;：:]", sentence):
            clause = _LEAD_TIME.sub("", clause.strip().lstrip("”’」』）)"))
            if (
                not reads_as_text(clause)
                or _SETTING.search(clause)
                or _SAYS.search(clause)
                or not _DEED.search(clause)
            ):
                continue
            place = _PLACE.match(clause)
            if place and len(clause) - place.end() >= 6:
                last = _PLACE_UNIT.findall(place.group(0))[-1]
                clause = f"{last}：{clause[place.end() :]}"
            if len(clause) <= limit:  # a longer one would be cut
                return clause
    return None


def derive_title(text: str, limit: int = 32) -> str:
    """A short title for an article without one: its subject place plus its first named
    initiative (a clause with a quoted name), else the first deed its opening sentences tell
    (not a time or a scene the story opens on), else the first clause that reads as text of the
    first sentence that does (not a line of time stamps and symbols left at the top, a date or a
    scene's opening words)."""
    sentences = [m.group(0) for m in itertools.islice(_SENT.finditer(text), 12)]
    readable = [x for x in sentences if reads_as_text(x)]
    first = readable[0] if readable else sentences[0] if sentences else text
    first = _LEAD_TIME.sub("", first.strip())
    clauses = [c for c in re.split(r"[，,]", first) if c]
    place = _PLACE.match(clauses[0]) if clauses else None
    named = next((c for c in clauses if "“" in c), None)
    if place and named:
        clause = named if not named.startswith(place.group(0)) else named[len(place.group(0)) :]
        title = f"{place.group(0)}：{clause.strip()}"
    elif deed := _deed_title(readable, limit):
        title = deed
    else:  # the first clause that reads as text: not a date (5月14日) or a scene's opening (初秋时节)
        title = next(
            (c for c in clauses if reads_as_text(c)), clauses[0] if clauses else text[:limit]
        )
    return title if len(title) <= limit else title[: limit - 1] + "…"
