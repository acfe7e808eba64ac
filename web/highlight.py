"""Escaped HTML with marks: query terms in search results, extracted facts in article text."""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def mark_terms(text: str, terms: list[str]) -> Markup:
    """Each occurrence of a term marked, the longest term first (a query's phrase, 驻村第一书记,
    is one mark); terms that touch (第一 + 书记) make one mark too."""
    terms = sorted({t for t in terms if len(t) >= 2}, key=len, reverse=True)
    if not terms:
        return escape(text)
    rx = re.compile("|".join(map(re.escape, terms)))
    spans: list[list[int]] = []
    for m in rx.finditer(text):
        if spans and spans[-1][1] == m.start():
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    out, pos = [], 0
    for a, b in spans:
        out.append(escape(text[pos:a]))
        out.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def mark_hit(text: str, terms: list[str], best: list[int] | None) -> Markup:
    """Query terms marked; the sentence nearest the query (``best``: [start, end]) set apart."""
    if not best:
        return mark_terms(text, terms)
    a, b = best
    return (
        mark_terms(text[:a], terms)
        + Markup('<span class="best" title="与检索语义最接近的句子">')
        + mark_terms(text[a:b], terms)
        + Markup("</span>")
        + mark_terms(text[b:], terms)
    )


KIND_LABEL = {
    "region": "地区",
    "measure": "举措",
    "outcome": "成效",
    "organization": "机构",
    "policy": "政策文件",
}


def mark_facts(text: str, offset: int, spans: list[dict]) -> Markup:
    """``text`` starts at ``offset`` in the article; spans are article offsets. Overlaps: the span
    that starts first (and is longest) wins."""
    chosen, end = [], offset
    for s in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if s["start"] >= end and s["start"] >= offset and s["end"] <= offset + len(text):
            chosen.append(s)
            end = s["end"]
    out, pos = [], 0
    for s in chosen:
        a, b = s["start"] - offset, s["end"] - offset
        out.append(escape(text[pos:a]))
        inner = escape(text[a:b])
        title = escape(f"{KIND_LABEL.get(s['kind'], s['kind'])}：{s['label']}")
        if s.get("link"):
            inner = Markup('<a href="/{}">').format(s["link"]) + inner + Markup("</a>")
        out.append(
            Markup('<span class="fact fact-{}" title="{}">').format(s["kind"], title)
            + inner
            + Markup("</span>")
        )
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)
