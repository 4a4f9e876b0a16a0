"""How long the hostile corpus takes to reject or accept: every case must be done within a second of CPU.

    .venv/bin/python bench/hostile_timing.py

Timed here rather than in the tests (a timed test flakes on a busy machine); CPU time of this process is
reported with the wall-clock time beside it. The bad catalogues of tests/data/bad_catalogues are timed too.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.dataset import dataset_from_bytes  # noqa: E402
from geo.errors import GeoDataError  # noqa: E402
from geo.layers import parse_layer  # noqa: E402
from geo.places import load_places  # noqa: E402
from tests.test_hostile import CASES, DEFAULT_GEOMETRY, REQUIRED, materialise  # noqa: E402

LIMIT_S = 1.0


def _time(fn) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.suppress(GeoDataError):  # rejections are expected: only their cost is measured here
        fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    import tempfile

    places = load_places(ROOT / "data")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            path = materialise(case, Path(tmp))
            raw = path.read_bytes()
            if case["kind"] == "catalogue":
                cpu, wall = _time(lambda raw=raw, path=path: dataset_from_bytes(raw, str(path), places))
            else:
                types = tuple(case.get("geometry_types") or DEFAULT_GEOMETRY)
                cpu, wall = _time(lambda raw=raw, path=path, types=types: parse_layer(
                    raw, str(path), geometry_types=types, required=REQUIRED))  # fmt: skip
            rows.append((case["file"], case["outcome"], cpu, wall))
        for path in sorted((ROOT / "tests" / "data" / "bad_catalogues").glob("*.yaml")):
            raw = path.read_bytes()
            cpu, wall = _time(lambda raw=raw, path=path: dataset_from_bytes(raw, str(path), places))
            rows.append((path.name, "reject", cpu, wall))
    rows.sort(key=lambda r: -r[2])
    print("| case | outcome | CPU s | wall s |\n|---|---|---|---|")
    for name, outcome, cpu, wall in rows[:10]:
        print(f"| {name} | {outcome} | {cpu:.3f} | {wall:.3f} |")
    over = [r for r in rows if r[2] >= LIMIT_S]
    print(f"\n{len(rows)} cases; slowest {rows[0][2]:.3f} s CPU; over {LIMIT_S:.0f} s: {len(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
