"""app.py (or the baseline) run under pyinstrument, for ``bench/profile.py`` only (AppTest runs a script in
its own thread, so the profiler has to start inside the script). Each run appends a session to
``$YREB_PROFILE_DIR/run-<n>.pyisession``."""

from __future__ import annotations

import os
import runpy
import sys
import time
from pathlib import Path

from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
target = os.environ.get("YREB_PROFILE_APP", str(ROOT / "app.py"))
out = Path(os.environ["YREB_PROFILE_DIR"])
profiler = Profiler(interval=0.001)
profiler.start()
try:
    runpy.run_path(target, run_name="__main__")
finally:
    profiler.stop()
    out.mkdir(parents=True, exist_ok=True)
    profiler.last_session.save(str(out / f"run-{time.time_ns()}.pyisession"))
