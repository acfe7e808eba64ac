"""China's administrative divisions from the dataset jionlp ships (provinces to villages).

Provinces, prefectures and counties carry codes and short forms (包头市 / 包头, 土默特右旗 / 土右旗);
townships and villages are names under their county. Read once per process from jionlp's zip,
shipped in kg/data/jionlp/ (its origin and license are in the README there)."""

from __future__ import annotations

import functools
import re
import threading
import zipfile
from dataclasses import dataclass, field
from importlib import resources

_READING = threading.Lock()
LEVELS = ("province", "prefecture", "county", "township", "village")


@dataclass(eq=False)
class Place:
    name: str
    level: str
    code: str | None
    alias: str | None
    parent: Place | None
    _children: list[Place] = field(default_factory=list, repr=False)
    # a county's lines below it in jionlp's text (text, start, end), read when first asked for
    _below: tuple[str, int, int] | None = field(default=None, repr=False)

    @property
    def children(self) -> list[Place]:
        if self._below is not None:
            with _READING:  # one thread reads a county's lines; another waits for all of them
                if self._below is not None:
                    text, start, end = self._below
                    _read_below(self, text[start:end])
                    self._below = None
        return self._children

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


# jionlp's name for the counties a province governs directly, filed as if a prefecture
_DIRECT = "省直辖行政区划"
# a line of jionlp's text down to the counties: its indentation (0-2 tabs) and its columns
_UPPER = re.compile(r"^(\t{0,2})([^\t\r\n][^\r\n]*)", re.M)


@functools.cache
def load() -> Gazetteer:
    """Provinces, prefectures and counties; the 700,000 townships and villages under a county are
    read from the text when its children are first asked for (a build that names a few counties
    does not pay for all of them)."""
    with (JIONLP_DATA / "china_location.zip").open("rb") as fh, zipfile.ZipFile(fh) as z:
        text = z.read("china_location.txt").decode("utf-8")
    places: list[Place] = []
    stack: list[Place] = []
    county: Place | None = None
    for m in _UPPER.finditer(text):
        if county is not None:
            county._below = (text, county._below[1], m.start())
            county = None
        depth = len(m.group(1))
        name, code, alias = (m.group(2).split("\t") + [None, None])[:3]
        del stack[depth:]
        parent = stack[-1] if stack else None
        if depth == 1 and parent is not None and name in (parent.name, _DIRECT):
            # municipalities (北京市 > 北京市 > 东城区) and the counties a province governs
            # directly (海南省 > 省直辖行政区划 > 琼海市): the level in between is no place
            stack.append(parent)
            continue
        p = _add(Place(name, LEVELS[depth], code, alias, parent))
        places.append(p)
        stack.append(p)
        if depth == 2:
            county, p._below = p, (text, m.end(), m.end())
    if county is not None:
        county._below = (text, county._below[1], len(text))
    by_name: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}
    for p in places:
        by_code[p.code] = p
        for n in {p.name, p.alias, _standard_short(p)} - {None}:
            if len(n) >= 2:
                by_name.setdefault(n, []).append(p)
    former = _former_names(by_name)
    for old, p in former.items():
        by_name[old] = [p]
    return Gazetteer(places, by_name, by_code, former)


def written_names(p: Place) -> tuple[str, ...]:
    """The names articles give a township or village: its own, and for one of Beijing's area
    offices (瀛海地区, 卢沟桥地区), which are towns or townships too, X镇 and X乡."""
    if p.level == "township" and p.name.endswith("地区") and len(p.name) >= 4:
        return (p.name, p.name[:-2] + "镇", p.name[:-2] + "乡")
    return (p.name,)


def _add(p: Place) -> Place:
    if p.parent is not None:
        p.parent._children.append(p)
    return p


def _read_below(county: Place, block: str) -> None:
    """The townships (one tab deeper than the county) and villages (two) in ``block``."""
    town: Place | None = None
    for line in block.split("\n"):
        name = line.strip().split("\t")[0]
        if not name:
            continue
        if line.startswith("\t\t\t\t"):
            if town is not None:
                _add(Place(name, "village", None, None, town))
        else:
            town = _add(Place(name, "township", None, None, county))


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
