"""Which line of a page is its headline: the lines near the top are ranked by a linear model
fitted on the field gold (benchmarks/train_titles.py) over the line model's verdicts and evidence
only a whole page shows: where the line stands against the byline and the first paragraph, how
many of its words the article repeats, whether it is repeated (原标题：…, a photo caption). The
best line is the title when its probability passes the fitted threshold; a headline broken over
two lines (重庆九龙坡： / 共和村奏响“共富曲”) is joined."""

from __future__ import annotations

import math
import re
from pathlib import Path

from casegraph.core.linear import LinearModel, load_model
from casegraph.core.text import HAN

from .boilerplate import ends_sentence
from .lines import IMAGE, LABELS, LineVerdict, is_caption

MODEL = Path(__file__).parent / "data" / "title_model.json"
SCAN = 15  # real lines from the top of the page that may hold the title
JOIN_MAX = 60
SURE = 0.8
_HAN = re.compile(f"[{HAN}]")
_PHOTO = re.compile(r"摄|供图|资料图|图片|图为|照片|组图")


def _pairs(t: str) -> set[str]:
    return {t[i : i + 2] for i in range(len(t) - 1) if _HAN.match(t[i]) and _HAN.match(t[i + 1])}


def _body_at(real: list[tuple[int, str, LineVerdict]]) -> int:
    """Where the article's text begins: the first line read as a body sentence."""
    return next(
        (j for j, (_, u, w) in enumerate(real) if w.label == "body" and ends_sentence(u)), len(real)
    )


def candidates(real: list[tuple[int, str, LineVerdict]]) -> list[int]:
    """Indices (into ``real``) of the lines that may be the title: near the top, above the
    article's first sentence, and not a line that says it describes a picture (资料图：…)."""
    top = real[: min(SCAN, _body_at(real))]
    return [
        k
        for k, (_, t, _) in enumerate(top)
        if _HAN.search(t) and len(t) <= 80 and not is_caption(t)
    ]


def features(real: list[tuple[int, str, LineVerdict]], k: int) -> dict[str, float]:
    _, t, v = real[k]
    f: dict[str, float] = {"p:" + lab: v.proba.get(lab, 0.0) for lab in LABELS}
    # the line model sure of a verdict: a probability alone weighs 0.6 and 0.95 nearly alike
    f["sure:" + v.label] = float(v.proba[v.label] >= SURE)
    body_at = _body_at(real)
    meta_at = next((j for j, (_, _, w) in enumerate(real) if w.label == "byline"), None)
    f["before_body"] = float(k < body_at)
    f["dist_body"] = min(max(body_at - k, -3), 6) / 6
    if meta_at is not None:
        f["just_above_byline"] = float(k == meta_at - 1)
        f["above_byline"] = float(k < meta_at)
    after = [u for _, u, w in real[k + 1 :] if w.label in ("body", "heading")][:8]
    body = "".join(after)
    mine = _pairs(t)
    if mine:
        f["shared_pairs"] = len(mine & _pairs(body)) / len(mine)
    f["len"] = math.log1p(len(t)) / 5
    f["title_len"] = float(6 <= len(t) <= 40)
    f["ends"] = float(ends_sentence(t))
    f["colon_inside"] = float("：" in t[1:-1] or ":" in t[1:-1])
    f["colon_end"] = float(t.endswith(("：", ":")))
    f["dash_start"] = float(t.startswith(("——", "--", "—")))
    f["quoted"] = float("“" in t)
    f["space_inside"] = float(" " in t.strip())
    f["first_candidate"] = float(k == 0)
    others = [u for j, (_, u, _) in enumerate(real) if j != k]
    f["repeated"] = float(any(t in u for u in others if len(u) < len(t) + 12))
    f["photo"] = float(bool(_PHOTO.search(t)))
    if k > 0:
        prev = real[k - 1][1]
        f["after_title_shape"] = float(6 <= len(prev) <= 40 and not ends_sentence(prev))
    return f


def model() -> LinearModel | None:
    return load_model(str(MODEL)) if MODEL.exists() else None


def choose(real: list[tuple[int, str, LineVerdict]]) -> tuple[str | None, set[int]]:
    """-> (the title or None, the line numbers it was read from)."""
    m = model()
    cands = candidates(real)
    if m is None or not cands:
        return None, set()
    scored = [(m.predict_proba(features(real, k))["1"], k) for k in cands]
    p, k = max(scored)
    if p < float(m.spec["card"].get("threshold", 0.5)):
        return None, set()
    i, text, _ = real[k]
    used = {i}
    nxt = real[k + 1] if k + 1 < len(real) else None
    if nxt is not None and nxt[1] != IMAGE and text.endswith(("：", ":")):
        joined = text + nxt[1]
        if len(joined) <= JOIN_MAX and not ends_sentence(nxt[1]):
            text, used = joined, used | {nxt[0]}
    return text, used
