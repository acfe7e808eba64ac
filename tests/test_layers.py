"""The import contract (tests/layers.py) holds for the project, and the checker catches what it
is there to catch, on a small project written for the test."""

from __future__ import annotations

from tests.layers import ROOT, check, draw

PYPROJECT = """
[tool.setuptools.package-dir]
app = "app"
"app.low" = "low"
"app.mid" = "mid"
"app.left" = "left"
"app.right" = "right"

[[tool.casegraph.layers]]
name = "low -> mid -> left | right -> app"
layers = ["app", "app.left | app.right", "app.mid", "app.low"]

[[tool.casegraph.layers]]
name = "inside mid"
layers = ["app.mid.top", "app.mid.bottom"]
"""


def _project(tmp_path, files: dict[str, str]):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for folder in ("app", "low", "mid", "left", "right", "tests", "benchmarks"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_project_keeps_its_import_contract():
    assert check(ROOT) == []
    assert draw(ROOT).splitlines()[-1].split() == ["core", "->", "(nothing)"]


def test_a_clean_project_passes(tmp_path):
    root = _project(
        tmp_path,
        {
            "app/cli.py": "from app.left import a\nfrom app.right import b\n",
            "left/a.py": "from app.mid import m\n",
            "right/b.py": "from ..mid import m\n",
            "mid/m.py": "def f():\n    from app.low import x\n",
            "low/x.py": "import os\n",
            "tests/test_x.py": "from app.low import x\n",
        },
    )
    assert check(root) == []


def test_upward_sideways_indirect_two_way_and_bare_imports_are_caught(tmp_path):
    root = _project(
        tmp_path,
        {
            "low/x.py": "def f():\n    import app.cli\n",  # upward, inside a function
            "app/cli.py": "import os\n",
            "left/a.py": "import app.right.b\n",  # between neighbours
            "right/b.py": "import os\n",
            "mid/bottom.py": "from . import util\n",  # up through a module in no layer
            "mid/util.py": "from .top import f\n",
            "mid/top.py": "from app.low import x\n\n\ndef f():\n    pass\n",
            "low/y.py": "import app.mid.util\n",  # low -> mid, and so low <-> mid
            "benchmarks/bench.py": "import low.x\n",  # a folder by its bare name
        },
    )
    found = "\n".join(check(root))
    assert "app.low.x -> app.cli" in found
    assert "app.left.a -> app.right.b" in found
    assert "inside mid: app.mid.bottom -> app.mid.util -> app.mid.top" in found
    assert "app.low.y -> app.mid.util" in found
    assert "packages import each other: app.low -> app.mid -> app.low" in found
    assert "benchmarks/bench.py: imports low.x; low is app.low" in found
