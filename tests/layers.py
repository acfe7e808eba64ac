"""The import contract, checked from the source: imports are read with ``ast`` (those inside
functions included), each repository folder named by its installed name (the package-dir table of
pyproject.toml: kg/ is casegraph.kg), and the layer lists of ``[[tool.casegraph.layers]]`` in
pyproject.toml applied. import-linter cannot be used here: grimp finds a package's modules by
walking its folder, and casegraph's subpackages live in sibling folders.

Three rules:
- a module imports only from its own layer or the layers below, and "a | b" in one layer are
  neighbours that import nothing of each other; a chain through modules in no layer counts;
- no two packages import each other (the packages that are children of one package, a package's
  own modules counting as one more), at every level;
- nothing (package, tests, benchmarks) imports a repository folder by its bare name (``web``,
  ``kg``): outside the source tree those names do not exist.

    .venv/bin/python -m tests.layers [--graph]   (exit 1 on a broken rule; --graph prints the
                                                   package-level import graph)"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("tests", "benchmarks")  # read for bare imports only


def package_dirs(root: Path = ROOT) -> dict[str, Path]:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return {name: root / d for name, d in config["tool"]["setuptools"]["package-dir"].items()}


def contracts(root: Path = ROOT) -> list[dict]:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["casegraph"]["layers"]


def modules(dirs: dict[str, Path]) -> dict[str, Path]:
    """Installed module name -> file, for every module of every mapped folder."""
    out = {}
    for name, folder in dirs.items():
        for f in sorted(folder.rglob("*.py")):
            parts = f.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join((name, *parts))] = f
    return out


def imported_names(path: Path, module: str) -> list[str]:
    """The absolute names ``module`` (the file at ``path``) imports, relative imports resolved;
    for ``from a import b`` both ``a`` and ``a.b`` (one of them is a module)."""
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if is_pkg else module.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join([*here, base] if base else here)
            out.append(base)
            out += [f"{base}.{a.name}" for a in node.names]
    return out


def import_graph(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project's modules it names in an import (``import a.b`` names a.b; the
    parent package a, which Python runs first, is not counted)."""
    graph = {}
    for mod, path in mods.items():
        graph[mod] = {n for n in imported_names(path, mod) if n in mods and n != mod}
    return graph


def _layer_of(mod: str, entries: list[str]) -> str | None:
    found = [e for e in entries if mod == e or mod.startswith(e + ".")]
    return max(found, key=len) if found else None


def _chain(graph: dict[str, set[str]], start: str, goal) -> list[str] | None:
    """The shortest import chain from ``start`` to a module for which ``goal`` holds (``start``
    itself included, so a chain can be a cycle)."""
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        mod = queue.popleft()
        for nxt in sorted(graph[mod]):
            if goal(nxt):
                chain = [nxt, mod]
                while came_from[chain[-1]] is not None:
                    chain.append(came_from[chain[-1]])
                return chain[::-1]
            if nxt not in came_from:
                came_from[nxt] = mod
                queue.append(nxt)
    return None


def layer_problems(graph: dict[str, set[str]], contract: dict) -> list[str]:
    """One line per pair of layer parts where a lower (or neighbouring) part reaches another."""
    parts = [[p.strip() for p in layer.split("|")] for layer in contract["layers"]]
    entries = [p for layer in parts for p in layer]
    level = {p: i for i, layer in enumerate(parts) for p in layer}
    problems, reported = [], set()
    for mod in sorted(graph):
        own = _layer_of(mod, entries)
        if own is None:
            continue

        def above(other: str, own: str = own) -> bool:
            to = _layer_of(other, entries)
            return to is not None and to != own and level[to] <= level[own]

        chain = _chain(graph, mod, above)
        if chain and (own, _layer_of(chain[-1], entries)) not in reported:
            reported.add((own, _layer_of(chain[-1], entries)))
            problems.append(f"{contract['name']}: {' -> '.join(chain)}")
    return problems


def package_graph(graph: dict[str, set[str]], parent: str, mods) -> dict[str, set[str]]:
    """Imports between the children of ``parent``: its subpackages, and its own modules as one
    node named ``parent``."""
    depth = parent.count(".") + 1
    packages = {
        m
        for m, path in mods.items()
        if m.startswith(parent + ".") and m.count(".") == depth and path.name == "__init__.py"
    }

    def node(mod: str) -> str | None:
        if mod != parent and not mod.startswith(parent + "."):
            return None
        return next((p for p in packages if mod == p or mod.startswith(p + ".")), parent)

    out: dict[str, set[str]] = {n: set() for n in (*packages, parent)}
    for mod, targets in graph.items():
        src = node(mod)
        for t in targets:
            dst = node(t)
            if src and dst and src != dst:
                out[src].add(dst)
    return out


def cycle_problems(graph: dict[str, set[str]], mods: dict[str, Path]) -> list[str]:
    problems, seen = [], set()
    for parent in sorted(m for m, p in mods.items() if p.name == "__init__.py"):
        pg = package_graph(graph, parent, mods)
        for a in sorted(pg):
            cycle = _chain(pg, a, lambda n, a=a: n == a)
            if cycle and frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                problems.append(f"packages import each other: {' -> '.join(cycle)}")
    return problems


def bare_import_problems(root: Path, dirs: dict[str, Path], mods: dict[str, Path]) -> list[str]:
    folders = {p.name: name for name, p in dirs.items() if name != p.name}
    files = list(mods.items())
    files += [(f.stem, f) for s in SCRIPTS for f in sorted((root / s).rglob("*.py"))]
    problems = []
    for mod, path in files:
        for name in imported_names(path, mod):
            if name.split(".")[0] in folders:
                top = name.split(".")[0]
                problems.append(
                    f"{path.relative_to(root)}: imports {name}; {top} is {folders[top]}"
                )
                break
    return problems


def check(root: Path = ROOT) -> list[str]:
    dirs = package_dirs(root)
    mods = modules(dirs)
    graph = import_graph(mods)
    problems = bare_import_problems(root, dirs, mods)
    for contract in contracts(root):
        problems += layer_problems(graph, contract)
    return problems + cycle_problems(graph, mods)


def draw(root: Path = ROOT) -> str:
    """The package-level import graph below casegraph, one line per package, top to bottom."""
    mods = modules(package_dirs(root))
    pg = package_graph(import_graph(mods), "casegraph", mods)
    order = [p.strip() for layer in contracts(root)[0]["layers"] for p in layer.split("|")]

    def short(name: str) -> str:
        return "casegraph (own modules)" if name == "casegraph" else name.removeprefix("casegraph.")

    return "\n".join(
        f"{short(n):24s} -> {', '.join(sorted(map(short, pg[n]))) or '(nothing)'}" for n in order
    )


if __name__ == "__main__":
    if "--graph" in sys.argv:
        print(draw())
    found = check()
    for line in found:
        print(line, file=sys.stderr)
    print(f"import contract: {'broken' if found else 'kept'} ({len(found)} problems)")
    sys.exit(1 if found else 0)
