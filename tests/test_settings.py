from __future__ import annotations

from casegraph.core.settings import SETTINGS, load_settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_reference():
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"| `{s.name}` |" in reference, s.name


def test_precedence_defaults_config_environment_overrides(tmp_path, monkeypatch):
    inst = tmp_path / "inst"
    inst.mkdir()
    (inst / "config.py").write_text("PASSAGE_CHARS = 200\nPORT = 6000\n", encoding="utf-8")
    monkeypatch.setenv("CASEGRAPH_PORT", "7000")
    cfg = load_settings(inst, host="0.0.0.0")
    assert cfg["passage_chars"] == 200 and cfg["port"] == 7000 and cfg["host"] == "0.0.0.0"
    assert cfg["instance"] == str(inst) and cfg["segmenter"] == "rjieba"


def test_progress_has_a_total_per_step_and_is_silent_with_nothing_to_do():
    import io

    from casegraph.progress import Progress

    out = io.StringIO()
    p = Progress([("extracting", 0), ("embedding", 3)], out=out, every=0)
    for _ in range(3):
        p.callback("embedding")()
    p.callback("extracting")()  # a step with nothing to do is not shown
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("embedding 3/3") and not any("extracting" in x for x in lines)
    assert "left" not in out.getvalue()  # no time estimate before the step has run a while
