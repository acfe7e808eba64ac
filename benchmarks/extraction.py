"""Precision and recall of extraction against the hand-checked facts in tests/data/.

.venv/bin/python benchmarks/extraction.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import evaluate  # noqa: E402


def main() -> int:
    res = evaluate(ROOT / "tests" / "data" / "expected_facts.json", ROOT / "corpus")
    for name, r in res.items():
        print(f"{name}: primary region {'ok' if r['primary_ok'] else 'WRONG'}")
        for kind in ("regions", "measures", "outcomes"):
            p, rec = r[kind]
            print(f"  {kind:9s} P={p:.2f} R={rec:.2f}")
        for kind in ("regions_missing", "regions_extra", "measures_missing", "outcomes_missing"):
            if r[kind]:
                print(f"  {kind}: {r[kind]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
