"""SPARQL JSON results as a plain-text table for a terminal: IRIs shortened with the graph's
prefixes, columns sized by display width (a Han character takes two columns)."""

from __future__ import annotations

import json
import unicodedata

MAX_CELL = 40


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, limit: int = MAX_CELL) -> str:
    out, w = [], 0
    for c in s:
        cw = _width(c)
        if w + cw > limit - 1:
            return "".join(out) + "…"
        out.append(c)
        w += cw
    return s


def _cell(term: dict | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = term["value"].replace("\n", " ")
    if term["type"] == "uri":
        for prefix, ns in prefixes.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns) :]}"
    return value


def render_table(body: bytes, prefixes: dict[str, str]) -> str:
    data = json.loads(body)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    names = data["head"]["vars"]
    rows = [[_clip(_cell(b.get(v), prefixes)) for v in names] for b in data["results"]["bindings"]]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} 行)")
    return "\n".join(s.rstrip() for s in out)
