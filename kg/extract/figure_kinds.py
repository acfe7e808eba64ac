"""What a reported figure is: an achieved value (approximate when hedged), at least so much
(60%以上的村…), a condition (收入5万元以下的村, 3个工作日内办结, 不超过…) or a goal (力争达到…)."""

from __future__ import annotations

import re

from casegraph.kg.extract.numbers import TIME_UNIT, Spoken
from casegraph.kg.extract.units import _BOUND_PRE

# a number that is a condition (收入5万元以下的村) or a goal (力争达到…), not a result
# (35岁以下、大专以上学历的大学生: a list of conditions before 的 is one condition)
_THRESHOLD_AFTER = re.compile(
    r"^(?:及)?(?:以上|以下|以内|及以上|及以下)(?:、[^，。；、的]{1,12})*的"
)
_TARGET_BEFORE = re.compile(r"力争|目标|计划|预计|将要|有望|争取到|到20\d\d年(?:底|末)?")
_TARGET_AFTER = re.compile(r"^(?:的)?(?:目标|任务)")

_LIMIT_BEFORE = re.compile(r"(?:不超过|不高于|不多于|不大于)$")  # a cap is a condition


def written_kind(sentence: str, m: re.Match, approx: bool) -> str:
    """What a figure written in digits or with its magnitude is: a result (value, approximate),
    at least (lower_bound), a condition (threshold) or a goal (target)."""
    after = sentence[m.end() :]
    if (
        m.group("post") == "以上"
        and after.startswith("的")
        and m.group("unit") in ("%", "％")
        and m.start() == max(sentence.rfind(c, 0, m.start()) for c in "，。；：,;") + 1
    ):
        return "lower_bound"  # 60%以上的村实现了…, opening its clause: a share, at least
    if _THRESHOLD_AFTER.match(after) or (m.group("post") == "以上" and after.startswith("的")):
        return "threshold"
    if _LIMIT_BEFORE.search(
        sentence[max(0, m.start() - 3) : m.start() + len(m.group("pre") or "")]
    ):
        return "threshold"
    clause_start = max(sentence.rfind(c, 0, m.start()) for c in "。；;") + 1
    if _TARGET_BEFORE.search(sentence[clause_start : m.start()]) or _TARGET_AFTER.match(after):
        return "target"
    if m.group("post") == "以上" or (m.group("pre") and re.fullmatch(_BOUND_PRE, m.group("pre"))):
        return "lower_bound"
    if re.search(rf"(?:{_BOUND_PRE})$", sentence[max(0, m.start() - 3) : m.start()]):
        return "lower_bound"
    return "approximate" if approx else "value"


def within(sentence: str, end: int, unit: str) -> bool:
    """A span of time followed by 内 is a limit (3个工作日内办结, 两个月以内)."""
    return unit in TIME_UNIT.values() and sentence.startswith(("内", "以内"), end)


def spoken_kind(sentence: str, q: Spoken) -> str:
    """The same for a number as people speak it (kg/extract/numbers.py)."""
    if within(sentence, q.end, q.unit):
        return "threshold"
    after = sentence[q.end :]
    clause_start = max(sentence.rfind(c, 0, q.start) for c in "。；;") + 1
    if _THRESHOLD_AFTER.match(after):
        return "threshold"
    if _TARGET_BEFORE.search(sentence[clause_start : q.start]) or _TARGET_AFTER.match(after):
        return "target"
    if q.lower or after.startswith("以上"):
        return "lower_bound"
    return "approximate" if q.approximate else "value"
