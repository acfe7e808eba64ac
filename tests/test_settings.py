from __future__ import annotations

from casegraph.settings import SETTINGS, load_settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"| `{s.name}` |" in readme, s.name


def test_precedence_defaults_config_environment_overrides(tmp_path, monkeypatch):
    inst = tmp_path / "inst"
    inst.mkdir()
    (inst / "config.py").write_text("PASSAGE_CHARS = 200\nPORT = 6000\n", encoding="utf-8")
    monkeypatch.setenv("CASEGRAPH_PORT", "7000")
    cfg = load_settings(inst, host="0.0.0.0")
    assert cfg["passage_chars"] == 200 and cfg["port"] == 7000 and cfg["host"] == "0.0.0.0"
    assert cfg["instance"] == str(inst) and cfg["segmenter"] == "rjieba"
