"""The labels the models are trained and scored on agree with the texts they label: every line of
the field gold and of the articles labelled in part is labelled once, every sentence marker opens
its sentence, every value parses (benchmarks/field_check.py)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED


@pytest.mark.skipif(not (SHARED / "data" / "rmrb-rural.jsonl").exists(), reason="../shared absent")
def test_every_label_file_agrees_with_the_texts_it_labels():
    r = subprocess.run(
        [sys.executable, "field_check.py"],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout[-3000:]
    assert r.stderr.strip() == "0 problems"
