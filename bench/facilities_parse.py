"""How long parse_facilities takes on large files: CSV UTF-8, CSV GB18030, XLSX, and a 1 M-row rejection.

    .venv/bin/python bench/facilities_parse.py [--rows 200000] [--rounds 3]

Files are generated once (bench/make_facilities.py, synthetic data) and read into memory; the clock
covers ``parse_facilities(raw, ...)`` only, i.e. what an upload costs the app. Rows are located by
city (the budget: 200,000 in at most 10 s on the 2-core test machine) and, for comparison, by
coordinates (one spatial join). The baseline is the committed ``geo/facilities.py`` (``git show
HEAD:…``) on the one input it understands, UTF-8 CSV with English headers and city ids; it is
skipped when git or that revision is unavailable. Medians over rounds; the gazetteer's name index
is warmed first, as it is in the app after the first upload.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_facilities import make  # noqa: E402
from geo.errors import GeoDataError  # noqa: E402
from geo.facilities import MAX_ROWS, parse_facilities  # noqa: E402
from geo.places import load_places  # noqa: E402

BUDGET_S = 10.0
REJECT_BUDGET_S = 2.0


def _baseline():
    """The committed parse_facilities, or None."""
    try:
        source = subprocess.run(["git", "show", "HEAD:geo/facilities.py"], cwd=ROOT, capture_output=True,
                                text=True, check=True, timeout=30).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    module = types.ModuleType("facilities_baseline")
    exec(compile(source, "HEAD:geo/facilities.py", "exec"), module.__dict__)  # our own committed code
    return module.parse_facilities


def _time(fn, rounds: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            outcome = f"{len(fn()):,} rows"
        except GeoDataError as exc:
            outcome = str(exc.problems[0])[-60:]
        times.append(time.perf_counter() - started)
    return statistics.median(times), outcome


def _files(folder: Path, n: int) -> dict[str, tuple[Path, float]]:
    """label → (file, budget in seconds or nan)."""
    nan = float("nan")
    zh = {"by_city": 1.0, "lang": "zh"}
    return {
        "csv utf-8, by city id": (make(n, folder / "en.csv", by_city=1.0), BUDGET_S),
        "csv utf-8 BOM, zh headers, by 城市名": (make(n, folder / "zh8.csv", encoding="utf-8-sig", **zh), BUDGET_S),
        "csv gb18030, zh headers, by 城市名": (make(n, folder / "gb.csv", encoding="gb18030", **zh), BUDGET_S),
        "xlsx, zh headers, by 城市名": (make(n, folder / "zh.xlsx", **zh), nan),
        "csv utf-8, 90% by lon/lat": (make(n, folder / "mixed.csv", by_city=0.1), nan),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_ROWS)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    places = load_places(ROOT / "data")
    parse_facilities(b"name,category,city\nA,b,wuxi\n", "warm.csv", places)
    baseline = _baseline()
    print(f"parse_facilities, {args.rows:,} rows, median of {args.rounds}; {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'input':44} {'MB':>6} {'seconds':>8} {'budget':>7}  result")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, (path, budget) in _files(folder, args.rows).items():
            raw = path.read_bytes()
            seconds, outcome = _time(lambda raw=raw, path=path: parse_facilities(raw, path.name, places), args.rounds)
            shown = f"{budget:.0f} s" if budget == budget else "-"
            print(f"{label:44} {len(raw) / 1e6:6.1f} {seconds:8.2f} {shown:>7}  {outcome}")
            if baseline is not None and label.startswith("csv utf-8, by city id"):
                seconds, outcome = _time(lambda raw=raw: baseline(raw, "en.csv", places), args.rounds)
                shown_label = "  baseline (HEAD) on the same file"
                print(f"{shown_label:44} {len(raw) / 1e6:6.1f} {seconds:8.2f} {'-':>7}  {outcome}")
        big = b"name,category,city\n" + b"A,b,wuxi\n" * 1_000_000
        seconds, outcome = _time(lambda: parse_facilities(big, "1m.csv", places), args.rounds)
        print(f"{'1,000,000 rows (rejected)':44} {len(big) / 1e6:6.1f} {seconds:8.2f} "
              f"{REJECT_BUDGET_S:6.0f} s  {outcome}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
