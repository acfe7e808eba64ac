"""China's administrative divisions from the dataset jionlp ships (provinces to villages).

Provinces, prefectures and counties carry codes and short forms (包头市 / 包头, 土默特右旗 / 土右旗);
townships and villages are names under their county. Read once per process from jionlp's zip,
shipped in kg/data/jionlp/ (its origin and license are in the README there)."""

from __future__ import annotations

import functools
import gc
import zipfile
from dataclasses import dataclass, field
from importlib import resources

LEVELS = ("province", "prefecture", "county", "township", "village")


@dataclass(eq=False)
class Place:
    name: str
    level: str
    code: str | None
    alias: str | None
    parent: Place | None
    children: list[Place] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A stable identifier: the admin code, or the county code and the names below it."""
        if self.code:
            return self.code
        parts, node = [], self
        while node is not None and not node.code:
            parts.append(node.name)
            node = node.parent
        return "-".join([node.code if node else "x", *reversed(parts)])

    def chain(self) -> list[Place]:
        """This place and its ancestors, most specific first."""
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def province(self) -> Place:
        return self.chain()[-1]

    def __repr__(self) -> str:
        return f"Place({self.name}, {self.level}, {self.key})"


JIONLP_DATA = resources.files("casegraph.kg.data") / "jionlp"


def jionlp_file(name: str) -> str:
    """A text file of the jionlp data shipped in kg/data/jionlp/."""
    return (JIONLP_DATA / name).read_text(encoding="utf-8")


@dataclass
class Gazetteer:
    places: list[Place]
    by_name: dict[str, list[Place]]  # full names and short forms of province/prefecture/county
    by_code: dict[str, Place]
    former: dict[str, Place] = field(default_factory=dict)  # 黔西县 -> 黔西市 (renamed in 2021)


# the standard short form of an autonomous division: its short name and the kind of division
# (大理白族自治州 -> 大理州, 富川瑶族自治县 -> 富川县, 莫力达瓦达斡尔族自治旗 -> 莫力达瓦旗)
_AUTONOMOUS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def _standard_short(p: Place) -> str | None:
    for suffix, kind in _AUTONOMOUS.items():
        if p.alias and p.name.endswith(suffix) and not p.alias.endswith(kind):
            return p.alias + kind
    return None


@functools.cache
def load() -> Gazetteer:
    with (JIONLP_DATA / "china_location.zip").open("rb") as fh, zipfile.ZipFile(fh) as z:
        text = z.read("china_location.txt").decode("utf-8")
    places: list[Place] = []
    stack: list[Place] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        del stack[depth:]
        parent = stack[-1] if stack else None
        name = parts[0]
        code = parts[1] if len(parts) > 1 else None
        alias = parts[2] if len(parts) > 2 else None
        if depth == 1 and parent is not None and name == parent.name:
            # municipalities (北京市 > 北京市 > 东城区): the repeated level is skipped
            stack.append(parent)
            continue
        level = LEVELS[min(depth, 4)]
        p = Place(name, level, code, alias, parent)
        if parent is not None:
            parent.children.append(p)
        places.append(p)
        stack.append(p)
    by_name: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}
    for p in places:
        if p.level in ("township", "village"):
            continue
        by_code[p.code] = p
        for n in {p.name, p.alias, _standard_short(p)} - {None}:
            if len(n) >= 2:
                by_name.setdefault(n, []).append(p)
    former = _former_names(by_name)
    for old, p in former.items():
        by_name[old] = [p]
    # 700,000 places and their lists of children live as long as the process: out of the
    # collector's full passes, each of which would otherwise walk them all (about 0.4 s)
    gc.freeze()
    return Gazetteer(places, by_name, by_code, former)


def _former_names(by_name: dict[str, list[Place]]) -> dict[str, Place]:
    """Full names that counties and prefectures had before a change that jionlp records
    (china_location_change.txt: 黔西县 became 黔西市 in 2021, 宜宾县 叙州区 in 2018), for the
    place they are now, when no place has that name today. Articles written before the change
    use the former name. Short forms are left out: a former short form is too often a word."""
    out: dict[str, Place] = {}
    for line in jionlp_file("china_location_change.txt").split("\n"):
        cols = line.strip().split("\t")
        arrow = next((i for i, c in enumerate(cols) if "=>" in c), None)
        if arrow is None:
            continue
        old = cols[arrow - 1]
        new = [cols[arrow].split("=>")[1], *cols[arrow + 1 :]]
        now = [p for p in by_name.get(new[-1], []) if [a.name for a in reversed(p.chain())] == new]
        if len(old) >= 2 and old not in by_name and len(now) == 1:
            out[old] = now[0]
    return out
