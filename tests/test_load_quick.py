"""The load script in reduced form: 5 concurrent sessions against one app process, one round each.

Asserts correctness only (no errors, data loaded once per process, every session completed);
the latencies it prints are benchmark figures, not test criteria (see docs/reliability.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SESSIONS = 5


def test_five_concurrent_sessions_share_one_load_and_finish_cleanly(tmp_path):
    out = tmp_path / "load.json"
    cmd = [sys.executable, str(ROOT / "bench" / "load.py"), "--sessions", str(SESSIONS), "--rounds", "1",
           "--deadline", "240", "--no-file-watcher", "--json", str(out)]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=480)
    assert out.exists(), f"no report written (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == 0, json.dumps(report["error_list"], ensure_ascii=False, indent=1)[:4000]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    loads = report["loads"]
    assert (loads["places"], loads["catalogue"], loads["basemap"]) == (1, 1, 1), loads
    assert loads["shared"] is True
    assert report["sessions_completed"] == SESSIONS
    assert report["rounds_completed"] == SESSIONS
    steps = report["steps"]
    assert steps["open"]["ok"] == SESSIONS and steps["export"]["ok"] == SESSIONS
    assert steps["click"]["ok"] >= 2 * SESSIONS
