"""Line-level boilerplate rules that hold across news sites, not just the seed articles.

Each rule returns a reason (for debugging and tests) or None. Lines are already normalized."""

from __future__ import annotations

import functools
import re

from casegraph.core.text import HAN

_HAN = re.compile(rf"[{HAN}]")
_TERMINAL = "。！？；…!?;"
RANDOM_TEXT = "random characters (keyword stuffing)"
# reasons sure enough to drop a line whatever the line model says (none fired on a dev body line)
FURNITURE_RULES = (
    "newspaper masthead",
    "copyright/licence line",
    "copyright/licence notice",
    "breadcrumb",
    "click counter",
    "editor line",
    "credit line",
    "porn or gambling advertising",
    "attribution line",
    "person named by post",
    "contact line",
    "e-paper or share control",
    "site link or rating widget",
    RANDOM_TEXT,
)
# reasons whose lines say nothing of the article's author, source or date
NOT_METADATA = (RANDOM_TEXT, "porn or gambling advertising", "attribution line")
RANDOM_PAIRS = 0.1  # below this share of word-forming pairs a line is random characters
_PAIRS_READ = 200  # characters of a line read for it (a long line is judged by its opening)

BREADCRUMB = re.compile(r"^(当前位置|您的位置|你的位置|所在位置|您现在的位置|当前页面)\s*[：:]")
COPYRIGHT = re.compile(
    r"版权所有|ICP备|ICP证|公网安备|网安备|Copyright|©|All Rights Reserved|主办单位[：:]|"
    r"承办单位[：:]|技术支持[：:]|未经授权|不得转载|违法和不良信息举报"
)
WIDGET = re.compile(
    r"^(微信公众号|微信公众平台|官方微博|官方微信|微信|微博|QQ空间|分享到[：:]?.*|分享|扫一扫.*|"
    r"扫码.*|手机版|客户端|打印本页|打印|关闭窗口|关闭|返回顶部|收藏|【?字号.*|上一篇.*|下一篇.*|"
    r"相关阅读|相关新闻|延伸阅读|推荐阅读|热点推荐|返回首页|首页|查看原文|阅读原文|点击查看原文)$"
)
# a row of social buttons (分享 收藏 点赞 在看), a follow prompt (点击蓝字 关注我们)
SOCIAL = re.compile(
    r"^(?:(?:分享|收藏|点赞|在看|转发|评论|赞|喜欢|推荐)\s*){2,}$"
    r"|^(?:点击|长按|扫描)[^。，]{0,12}(?:关注|订阅)[^。，]{0,8}$"
)
# the heading of a list of other articles: what follows it is titles, not the story
RELATED = re.compile(
    r"^(?:相关阅读|相关新闻|相关链接|延伸阅读|推荐阅读|热点推荐|往期推荐|往期回顾|精彩推荐|更多阅读)[：:]?$"
)


def box_label(lines: list[str], i: int) -> bool:
    """A label such as 延伸阅读 over a paragraph, not over a list of titles: it heads a box of text
    beside the story (what a province did, printed beside a village's story)."""
    if not RELATED.match(lines[i]):
        return False  # most lines: no look ahead (every line of every page is asked)
    nxt = next((t for t in lines[i + 1 :] if t.strip()), "")
    return len(nxt) > 20 and ends_sentence(nxt)


FONT_PRINT = re.compile(r"字体[：:]?\s*[\[【]?\s*[大中小]|[\[【]\s*(打印|关闭|大|中|小)\s*[\]】]")
COUNTER = re.compile(r"^(点击|点击数|点击量|阅读|阅读数|浏览|浏览次数|访问量)[：:]?\s*\d*\s*次?$")
EDITOR = re.compile(
    r"^[（(【\[]?\s*(责编|责任编辑|编辑|审核|审校|校对|终审|初审|监制|值班编辑|美术编辑|版式设计|"
    r"版面设计|采访整理|统筹|制图|摄像|视频制作)\s*[：:]"
)
# who took the picture or filed the copy, and who the author is: 张三摄（人民视觉）, 王 五摄 (a
# two-character name set apart), 李四摄影报道,
# （据新华社电）, （作者为浙江师范大学教授）
CREDIT = re.compile(
    r"^[（(]?(?:[\u4e00-\u9fff·](?:\s?[\u4e00-\u9fff·]){1,7}\s?(?:摄|摄影|摄影报道|供图)(?:[（(][^（）()]{1,12}[）)])?"
    r"|据[\u4e00-\u9fff]{2,8}电|作者(?:为|系|是)[^（）()]{2,40})[）)]?$"
)
# a line of credits only, each a role and its names (（执笔：郭庆松）, 本版摄影：张三 版式设计：李四)
_CREDIT_ROLE = (
    r"(?:本版|本文)?(?:执笔|主笔|撰稿|撰文|文字|摄影|摄像|图片|制图|设计|版式设计|美编|整理|记者|"
    r"通讯员|作者|编辑|责编|校对|审核|监制|策划|统筹)"
)
_CREDIT_NAMES = r"[\u4e00-\u9fff·]{2,4}(?:[ 、][\u4e00-\u9fff·]{2,4})*"
CREDIT_PAIRS = re.compile(
    rf"^[（(]?{_CREDIT_ROLE}\s*[：:]\s*{_CREDIT_NAMES}"
    rf"(?:\s+{_CREDIT_ROLE}\s*[：:]\s*{_CREDIT_NAMES})*[）)]?$"
)
# the same with a slash (文/何某 李某, 图/张某): a web page's credit
_SLASH_ROLE = r"(?:文|图|文图|图文|记者|作者|文字|撰文|摄影)\s*[/／|｜]\s*"
SLASH_CREDIT = re.compile(
    rf"^[（(【]?{_SLASH_ROLE}{_CREDIT_NAMES}(?:\s+{_SLASH_ROLE}{_CREDIT_NAMES})*[）)】]?$"
)
# a notice of rights and liability, however long (版权声明：…不承担相关法律责任)
LEGAL_NOTICE = re.compile(
    r"版权声明|版权(?:均|皆)?(?:属|归)|转载请注明|不承担[^。]{0,8}法律责任|仅代表作者(?:本人)?(?:观点)?|"
    r"未经[^。，]{0,6}(?:授权|许可)[^。]{0,6}不得"
)
MASTHEAD = re.compile(r"国内统一刊号|国内统一连续出版物号|邮发代号|\bCN\s?\d{2}\s?-\s?\d{4}")
# mis-decoded text: GBK's replacement pattern (锟斤拷), uninitialised memory (烫烫, 屯屯), and
# UTF-8 read as Latin-1 (æ¹–, åŒ—)
MOJIBAKE = re.compile(
    r"锟斤拷|烫烫|屯屯|[ÃÂåæçèéäïð][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u2026\u2030\u00a0-\u00bf]"
)
# the vocabulary of pirate-video, porn and betting sites that spam hosts paste over a page
# (国产精品一区二区, 中文字幕, 在线观看, 百家乐, 真人娱乐, 体育投注): two of them on one line are
# an advertisement, never an article's sentence (none in the People's Daily or 新闻联播 corpora)
_ADVERT = re.compile(
    r"一区二区|二区三区|精品[一二三]区|中文字幕|无码|有码|国产精品|在线观看|高清在线|"
    r"成人(?:视频|影院|网站|电影)|色情|AV|av(?=[\u4e00-\u9fff])|福利[视影]|午夜|"
    r"百家乐|真人娱乐|娱乐城|博彩|赌场|彩票平台|时时彩|六合彩|体育投注|投注|下注|棋牌|老虎机|"
    r"[^\u4e00-\u9fff]?官网(?:入口|登录|下载)|登录入口|注册送|首存|返水|彩金"
)


# a line that only says whose words stand above it, or what the section below is
# (——习近平, ——编 者, ——中央芭蕾舞团团长冯英, ——技术分论坛侧记): never a sentence of the article
_ATTRIBUTION = re.compile(r"^——[^，。！？；,;!?]{1,38}$")


# a person named after their post, the name set off by a space, alone on a line: a reporter's
# byline (本报记者 白剑峰) or the speaker under their words (研究院院长 赵子忠, 县委书记 黄贤昌)
_POST = (
    r"(?:书记|主任|主席|院长|社长|局长|处长|科长|部长|厅长|县长|市长|镇长|乡长|村长|经理|总监|编辑|"
    r"记者|通讯员|教授|研究员|专家|队长|委员|代表|秘书长|会长|理事长|校长|所长|站长|馆长|团长|"
    r"董事长|总裁|[总首][\u4e00-\u9fff]{0,3}官|冠军|负责人|创始人|主播|主持人)"
)
_POST_NAME = re.compile(
    rf"^[^，。！？；：:、“”\s]{{2,24}}{_POST}\s(?:[\u4e00-\u9fff]{{2,3}}|[\u4e00-\u9fff]\s[\u4e00-\u9fff]{{1,2}})$"
)


# where to write or send pictures (栏目投稿邮箱：…@163.com, 欢迎广大读者赐图投稿、提供线索): the
# column's notice, not the article
_EMAIL = re.compile(r"[\w.\-]+@[\w\-]+\.[A-Za-z]{2,}")
_CALL_FOR_COPY = re.compile(
    r"^欢迎.{0,20}(?:投稿|提供.{0,6}线索)|^(?:看|查看|了解|获取)更多.{0,30}请(?:登录|关注|访问|扫描|下载)"
)
# a site's own links standing alone (联系我们, 网站地图, 图集) and a reader's rating widget
# (网友为此稿件打分的平均分是：): none in the People's Daily or 新闻联播 corpora, so, unlike
# WIDGET's words (首页, 分享, 收藏: the line model weighs those), sure enough to drop a line
_SITE_LINK = re.compile(
    r"^(?:联系我们|关于我们|网站地图|网站导航|图集|组图|视频|意见反馈|帮助中心)$"
)
_RATING = re.compile(r"(?:稿件|文章|新闻|本文)(?:打分|评分)|(?:打分|评分)的?平均分")


# an e-paper's or a share button's controls (按日期查阅, 多媒体数字版, 上一版, 点击右上角…分享)
_PAPER_CONTROL = re.compile(
    r"数字版$|电子版$|按日期查阅|往期回顾|版面导航|^上一版|^下一版|^上一期|^下一期|^点击右上角|^长按(?:识别)?二维码"
)


def _advertising(line: str) -> bool:
    return len({m.group(0) for m in _ADVERT.finditer(line[:_PAIRS_READ])}) >= 2


_REPEAT = re.compile(r"^(.{2,12}?)(?:\s*\1){2,}\s*$")
_LINK_SEP = re.compile(r"\s*[|｜]\s*|\s{2,}|\s*/\s*")


def is_link_list(line: str) -> bool:
    """A run of short, unpunctuated items separated by | or wide spaces (nav bars, place lists)."""
    if "|" not in line and "｜" not in line and "  " not in line and "/" not in line:
        return False
    parts = [p for p in _LINK_SEP.split(line) if p]
    if len(parts) < 5:
        return False
    short = sum(1 for p in parts if len(p) <= 10 and not any(c in p for c in "，。；,"))
    return short >= 0.8 * len(parts)


def is_breadcrumb(line: str) -> bool:
    if BREADCRUMB.search(line):
        return True
    if ">" not in line and "»" not in line and "＞" not in line:
        return False
    parts = [p.strip() for p in re.split(r"\s*(?:>>|>|»|＞|→)\s*", line)]
    parts = [p for p in parts if p]
    if len(parts) == 1 and len(line) <= 16 and re.search(r"(?:>|»|＞)\s*$", line):
        return True  # a channel's name pointing on (河北频道 >)
    return line.count(">") + line.count("»") + line.count("＞") >= 2 and all(
        len(p) <= 15 for p in parts
    )


def _random_characters(line: str) -> bool:
    """Characters strung together at random: few adjacent pairs form a word of the dictionary
    (keyword stuffing scores under 0.05, no line of the news corpora under 0.2)."""
    from casegraph.core.segment import word_pair_share

    share = word_pair_share(line[:_PAIRS_READ]) if len(_HAN.findall(line)) >= 20 else None
    return share is not None and share < RANDOM_PAIRS


@functools.lru_cache(maxsize=1 << 16)
def boilerplate_reason(line: str) -> str | None:
    """Why a (normalized, non-empty) line is boilerplate, or None if it is content."""
    if not _HAN.search(line):
        return "no Chinese text"
    if MOJIBAKE.search(line) and len(_HAN.findall(MOJIBAKE.sub("", line))) < 8:
        return "mojibake"
    if _REPEAT.match(line):
        return "one phrase repeated (spam tail)"
    if _random_characters(line):
        return RANDOM_TEXT
    if _advertising(line):
        return "porn or gambling advertising"
    if _ATTRIBUTION.match(line):
        return "attribution line"
    if len(line) <= 30 and _POST_NAME.match(line):
        return "person named by post"
    if len(line) <= 80 and (_EMAIL.search(line) or _CALL_FOR_COPY.match(line)):
        return "contact line"
    if len(line) <= 20 and _PAPER_CONTROL.search(line):
        return "e-paper or share control"
    if _SITE_LINK.match(line) or (
        len(line) <= 30 and _RATING.search(line) and not any(c in line for c in "。！？")
    ):
        return "site link or rating widget"
    if len(line) <= 120 and MASTHEAD.search(line):
        return "newspaper masthead"
    if len(line) <= 80 and COPYRIGHT.search(line):
        return "copyright/licence line"
    if len(line) <= 300 and len(LEGAL_NOTICE.findall(line)) >= 2:
        return "copyright/licence notice"
    if is_breadcrumb(line):
        return "breadcrumb"
    if WIDGET.match(line) or SOCIAL.match(line):
        return "share/print widget"
    if FONT_PRINT.search(line) and len(line) <= 40:
        return "font-size/print controls"
    if COUNTER.match(line):
        return "click counter"
    if EDITOR.match(line) and len(line) <= 40:
        return "editor line"
    if CREDIT.match(line) or CREDIT_PAIRS.match(line) or SLASH_CREDIT.match(line):
        return "credit line"
    if is_link_list(line):
        return "link list"
    return None


def ends_sentence(line: str) -> bool:
    return line.rstrip("”’」）)】》\"' ")[-1:] in _TERMINAL if line else False
