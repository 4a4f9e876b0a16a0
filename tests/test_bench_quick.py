"""The benchmark in quick mode (one round, 1k facilities, PNG and HTML exports): it must still run.

Asserts that every metric is produced as a number, never how fast it is: timings on shared CI
machines are benchmark figures (docs/performance.md), not test criteria.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_quick_benchmark_runs_and_reports_every_metric(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == []
    metrics = report["metrics"]
    keys = report["expected_keys"]
    assert "apptest_rerun_s" in keys and "browser_ws_initial_bytes" in keys and "export_png_s" in keys
    assert "facilities_1k_build_s" in keys and "facilities_1k_server_hwm_mb" in keys
    for key in keys:
        value = metrics.get(key)
        assert isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value), (key, value)
    for key in ("apptest_rerun_s", "apptest_first_session_s", "browser_open_clickable_s", "browser_ws_initial_bytes"):
        base = metrics.get(f"{key}_baseline")
        assert isinstance(base, int | float) and math.isfinite(base), (key, base)
