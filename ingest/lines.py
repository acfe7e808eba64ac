"""What each line of a page is: title, subtitle, byline (author, editor, source, date), navigation
or widget, spam, caption, heading or body, decided by a linear model fitted on the field gold
(benchmarks/train_lines.py, tests/data/field) from features no single rule weighs together:
position on the page, length, punctuation, digits and Latin letters, the lines around it,
repetition, and the boilerplate and metadata rules' verdicts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from casegraph.core.linear import LinearModel, load_model
from casegraph.core.text import HAN

from . import metadata as md
from .boilerplate import (
    COPYRIGHT,
    COUNTER,
    EDITOR,
    FONT_PRINT,
    MOJIBAKE,
    RELATED,
    SOCIAL,
    WIDGET,
    boilerplate_reason,
    ends_sentence,
    is_breadcrumb,
    is_link_list,
)

MODEL = Path(__file__).parent / "data" / "line_model.json"
LABELS = ("title", "subtitle", "byline", "nav", "spam", "caption", "heading", "body")
IMAGE = "\\"  # an image placeholder line, as the readers write it

_HAN = re.compile(f"[{HAN}]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[，。、；：？！“”‘’（）《》【】—…,.;:?!()\[\]<>/|·\-_=+*#@&%~^]")
_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]\D|第[一二三四五六七八九十]+)"
)
_BULLET = re.compile(r"^[■●◆▲◇□★☆▶►•※]")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_CAPTION = re.compile(
    r"^图为|^图[：:]|^资料图|图片来源|\s摄$|摄影[：:]|^[（(]?图[/／]"
    # a picture's credit closing the line (…摄）, （新华社发）, （某某供图）, （资料图片）)
    r"|[（(][^（）()]{0,12}(?:摄|社发|供图|图片|资料图)[）)]$"
    # a short line that only names what a picture shows (某村全景。, 村民合影。, 新建的文化广场一角。)
    r"|^[^，,；;。]{2,14}(?:合影|留影|全景|近景|远景|夜景|美景|景色|风光|风貌|新貌|一角|一隅|掠影|剪影|俯瞰|鸟瞰|航拍|远眺|村景|实景|外景)。$"
)
_SUBTITLE = re.compile(r"^[—-]{2}|^——")
_ATTRIBUTION = re.compile(rf"^——[{HAN}·]{{2,8}}$")
_QUOTE_OPEN = re.compile(r"^[“「『\"]")
_PHOTO = re.compile(r"摄|供图|资料图|图片|图为|照片|组图|视频")
_LEGAL = re.compile(r"版权|转载|授权|声明|免责|联系我们|违者|追究|备案|举报")
_ENDS_NAME = re.compile(rf"[\s：:][{HAN}]{{1,3}}\s?[{HAN}]{{0,2}}$")
_ONLY_NAME = re.compile(rf"^[{HAN}]{{2,3}}$")
_MAX_GRAM_CHARS = 24
# the name of a site, a channel or a paper standing alone (英德市人民政府门户网站, 乡村干部报网)
_SITE = re.compile(
    r"(?:门户网站|网站|网|频道|客户端|在线|日报|晚报|时报|报社|融媒|新闻中心|公众号|APP)$"
)
_SLASH_AUTHOR = re.compile(r"^[（(【]?(?:文|图|记者|作者|文字|撰文)\s*[/／|｜]")


def is_caption(line: str) -> bool:
    """A line that says it describes a picture (图为…, 资料图：…, …摄)."""
    return _CAPTION.search(line) is not None


@dataclass(frozen=True)
class LineVerdict:
    label: str
    proba: dict[str, float]


def _han_share(t: str) -> float:
    return len(_HAN.findall(t)) / max(len(t), 1)


def _single_chars(t: str) -> float:
    """The share of one-character words among a line's Han words: text made of random characters
    (keyword stuffing) segments into single characters."""
    from casegraph.core.segment import default_segmenter

    words = [w for w in default_segmenter().cut(t[:80]) if _HAN.match(w)]
    return sum(1 for w in words if len(w) == 1) / len(words) if len(words) >= 4 else 0.0


def _shares(t: str) -> dict[str, float]:
    n = max(len(t), 1)
    return {
        "han": len(_HAN.findall(t)) / n,
        "latin": len(_LATIN.findall(t)) / n,
        "digit": len(_DIGIT.findall(t)) / n,
        "punct": len(_PUNCT.findall(t)) / n,
        "space": t.count(" ") / n,
        "qmark": (t.count("?") + t.count("？")) / n,
    }


def _rules(t: str) -> dict[str, float]:
    """The rule layer's verdicts, as features."""
    f: dict[str, float] = {}
    reason = boilerplate_reason(t)
    if reason:
        f["rule:" + reason.split(" ")[0]] = 1
    checks = {
        "meta": md.is_meta_line(t),
        "date": md.DATE.search(t) is not None,
        "time": _TIME.search(t) is not None,
        "byline": md.parse_byline(t) is not None,
        "bare_byline": md.BARE_BYLINE.match(t) is not None,
        "original": md.ORIGINAL_TITLE.match(t) is not None,
        "source": md.SOURCE.search(t) is not None,
        "author": md.AUTHOR.search(t) is not None,
        "editor": EDITOR.match(t) is not None,
        "copyright": COPYRIGHT.search(t) is not None,
        "owner": md.copyright_owner(t) is not None,
        "widget": WIDGET.match(t) is not None,
        "social": SOCIAL.match(t) is not None,
        "related": RELATED.match(t) is not None,
        "font": FONT_PRINT.search(t) is not None,
        "counter": COUNTER.match(t) is not None,
        "linklist": is_link_list(t),
        "crumb": is_breadcrumb(t),
        "mojibake": MOJIBAKE.search(t) is not None,
        "caption": _CAPTION.search(t) is not None,
        "dateline": md.DATELINE.match(t) is not None,
        "enum": _ENUM.match(t) is not None,
        "bullet": _BULLET.match(t) is not None,
        "subtitle": _SUBTITLE.match(t) is not None,
        "quote": _QUOTE_OPEN.match(t) is not None,
        "ends": ends_sentence(t),
        "colon_end": t.endswith(("：", ":")),
        "gt": ">" in t or "»" in t,
        "photo": _PHOTO.search(t) is not None,
        "legal": _LEGAL.search(t) is not None,
        "ends_name": _ENDS_NAME.search(t) is not None,
        "only_name": _ONLY_NAME.match(t) is not None,
        "slash_author": _SLASH_AUTHOR.match(t) is not None,
        "site": len(t) <= 20 and _SITE.search(t) is not None,
        "underscore": "_" in t,
        "short_sentence": len(t) <= 25 and ends_sentence(t) and "，" not in t,
        "title_shape": 5 <= len(t) <= 45 and not ends_sentence(t) and _han_share(t) >= 0.6,
        "bar": "|" in t or "｜" in t,
    }
    f.update({"is:" + k: 1 for k, v in checks.items() if v})
    return f


def _grams(t: str) -> dict[str, float]:
    """Character pairs of the line's opening (the training script keeps only pairs seen in
    lines of many articles: words of layout, not of one story)."""
    t = t[:_MAX_GRAM_CHARS]
    return {
        "bg:" + a + b: 1 for a, b in zip(t, t[1:], strict=False) if _HAN.match(a) or _HAN.match(b)
    }


def _own(t: str) -> dict[str, float]:
    n = len(t)
    f = {"len": math.log1p(n) / 6, "short": float(n <= 12), "long": float(n >= 60)}
    f.update({"share:" + k: v for k, v in _shares(t).items()})
    f["commas"] = min(t.count("，") + t.count(","), 6) / 6
    f["periods"] = min(t.count("。"), 6) / 6
    f["single_chars"] = _single_chars(t)
    return f


def _is_long_body(t: str) -> bool:
    """A line that reads as a sentence of the article: it ends one, with a clause break or some
    length (the first such line is where the article's text begins)."""
    return ends_sentence(t) and len(_HAN.findall(t)) >= 12 and ("，" in t or len(t) >= 30)


def line_features(lines: list[str], title_hint: str | None = None) -> list[dict[str, float]]:
    """Features of every line of ``lines`` (normalized, blank lines and image markers included;
    both get an empty dict and are not classified)."""
    real = [i for i, t in enumerate(lines) if t.strip() and t != IMAGE]
    n = len(real)
    counts: dict[str, int] = {}
    for i in real:
        counts[lines[i]] = counts.get(lines[i], 0) + 1
    first_body = next((k for k, i in enumerate(real) if _is_long_body(lines[i])), n)
    last_body = max((k for k, i in enumerate(real) if _is_long_body(lines[i])), default=-1)
    related = next((k for k, i in enumerate(real) if RELATED.match(lines[i])), -1)
    out: list[dict[str, float]] = [{} for _ in lines]
    for k, i in enumerate(real):
        t = lines[i]
        f = _own(t) | _rules(t) | _grams(t)
        f["pos"] = k / max(n - 1, 1)
        f[f"rank:{min(k, 6)}"] = 1
        f[f"tail:{min(n - 1 - k, 3)}"] = 1
        f["before_body"] = float(k < first_body)
        f["just_before_body"] = float(k == first_body - 1)
        f["after_body"] = float(k > last_body >= 0 and not ends_sentence(t))
        f["after_related"] = float(k > related >= 0)
        f["after_image"] = float(i > 0 and lines[i - 1] == IMAGE) or float(
            i > 1 and lines[i - 2] == IMAGE and not lines[i - 1].strip()
        )
        f["repeated"] = float(counts[t] > 1)
        # a deck above the text: a clause-shaped line with no full stop, an epigraph over its
        # attribution (——习近平), a bulleted summary, all before the first sentence of the text
        top = k <= first_body
        f["top_clause"] = float(top and "，" in t and len(t) >= 18 and not ends_sentence(t))
        f["top_bullet"] = float(top and bool(_BULLET.match(t)))
        f["over_attribution"] = float(
            any(_ATTRIBUTION.match(lines[real[j]]) for j in range(k + 1, min(k + 3, n)))
            and k < first_body + 3
        )
        f["inside_other"] = float(
            len(t) >= 6 and any(t in lines[j] and j != i for j in real[: first_body + 3])
        )
        if title_hint and t == title_hint:
            f["is_hint_title"] = 1
        for side, kk in (("prev", k - 1), ("next", k + 1)):
            if 0 <= kk < n:
                u = lines[real[kk]]
                f[side + ":len"] = math.log1p(len(u)) / 6
                f[side + ":ends"] = float(ends_sentence(u))
                f[side + ":meta"] = float(md.is_meta_line(u))
                f[side + ":widget"] = float(bool(WIDGET.match(u)))
                f[side + ":short_sentence"] = float(
                    len(u) <= 25 and ends_sentence(u) and "，" not in u
                )
                f[side + ":photo"] = float(bool(_PHOTO.search(u)))
            else:
                f[side + ":none"] = 1
        out[i] = f
    return out


def model() -> LinearModel | None:
    return load_model(str(MODEL)) if MODEL.exists() else None


def classify_lines(lines: list[str], title_hint: str | None = None) -> list[LineVerdict | None]:
    """A verdict for every real line (None for blank lines and image markers)."""
    m = model()
    if m is None:
        raise RuntimeError(f"the line model {MODEL} is missing; run benchmarks/train_lines.py")
    feats = line_features(lines, title_hint)
    out: list[LineVerdict | None] = []
    for _t, f in zip(lines, feats, strict=True):
        if not f:
            out.append(None)
            continue
        p = m.predict_proba(f)
        out.append(LineVerdict(max(p, key=p.get), p))
    return out
