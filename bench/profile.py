"""Profile what the benchmark measures, with pyinstrument (a dev tool: ``pip install pyinstrument``).

    python bench/profile.py rerun [--app baseline]   # AppTest: a rerun after a filter change
    python bench/profile.py first [--app baseline]   # AppTest: the first run of a new session (warm process)
    python bench/profile.py cold [--app baseline]    # AppTest: the first run in a fresh process (imports, loads)
    python bench/profile.py export png|pdf|svg|html|brief
    python bench/profile.py facilities N             # build_map + render with N synthetic facilities

Prints pyinstrument's call tree (only frames ≥ 2 % of the time).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _text(session) -> str:
    from pyinstrument.renderers import ConsoleRenderer

    return ConsoleRenderer(unicode=True, color=False, show_all=False, short_mode=False,
                           processor_options={"filter_threshold": 0.02}).render(session)  # fmt: skip


def apptest(kind: str, app: str) -> None:
    from pyinstrument.session import Session
    from streamlit.testing.v1 import AppTest

    target = ROOT / ("bench/baseline_app.py" if app == "baseline" else "app.py")
    key = "reach" if app == "baseline" else "f_reach"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(YREB_PROFILE_DIR=tmp, YREB_PROFILE_APP=str(target))
        script = str(ROOT / "bench" / "_profiled_app.py")
        at = AppTest.from_file(script, default_timeout=300)
        at.run()  # cold: imports and caches (profiled only for "cold")
        if kind != "cold":
            for f in Path(tmp).glob("*.pyisession"):
                f.unlink()
            at = AppTest.from_file(script, default_timeout=300)
            at.run()
        if kind == "rerun":
            for f in Path(tmp).glob("*.pyisession"):
                f.unlink()
            at.sidebar.multiselect(key=key).set_value(["upper"]).run()
        (session,) = [Session.load(str(f)) for f in Path(tmp).glob("*.pyisession")]
        print(_text(session))


def export(fmt: str) -> None:
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    from pyinstrument import Profiler

    from exports.registry import export as run_export
    from exports.snapshot import SnapshotOptions
    from geo.basemap import generalise_for_web, load_basemap
    from geo.dataset import DATA_DIR, load_dataset
    from geo.filters import FilterSpec

    data = load_dataset()
    basemap, web = load_basemap(DATA_DIR), generalise_for_web(data.places, tolerance=0.02)
    options = SnapshotOptions(size="a4-landscape", framed=True, date=dt.date(2024, 1, 1))
    run_export(fmt, data, basemap, web, FilterSpec(), options)  # warm
    with Profiler(interval=0.001) as p:
        run_export(fmt, data, basemap, web, FilterSpec(), options)
    print(_text(p.last_session))


def facilities(n: int) -> None:
    from pyinstrument import Profiler

    from bench.make_facilities import make
    from exports.web_map import build_map
    from geo.basemap import generalise_for_web, load_basemap
    from geo.dataset import DATA_DIR, load_dataset
    from geo.facilities import load_facilities
    from geo.filters import FilterSpec
    from present.scene import MapView

    data = load_dataset()
    basemap, web = load_basemap(DATA_DIR), generalise_for_web(data.places, tolerance=0.02)
    with tempfile.TemporaryDirectory() as tmp:
        frame = load_facilities(make(n, Path(tmp) / "f.csv"), data.places)
    build_map(data, basemap, web, FilterSpec(), MapView(), facilities=frame).get_root().render()  # warm
    with Profiler(interval=0.001) as p:
        build_map(data, basemap, web, FilterSpec(), MapView(), facilities=frame).get_root().render()
    print(_text(p.last_session))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("rerun", "first", "cold", "export", "facilities"))
    parser.add_argument("arg", nargs="?")
    parser.add_argument("--app", choices=("ours", "baseline"), default="ours")
    args = parser.parse_args()
    if args.what in ("rerun", "first", "cold"):
        apptest(args.what, args.app)
    elif args.what == "export":
        export(args.arg or "png")
    else:
        facilities(int(args.arg or 10000))


if __name__ == "__main__":
    main()
