"""Benchmark: the app against the naive folium + st_folium baseline (bench/baseline_app.py).

    python bench/run.py [--rounds N] [--quick] [--json out.json]

Baseline and ours run alternately (the order flips every round), several rounds; medians and
ratios (ours / baseline) are printed with the budgets of issue 6. See bench/README.md for what
each figure means and how it is measured. ``--quick`` is one round at small sizes (CI: checks
that the benchmark still runs, asserts no timing). Exit 0 when every measurement completed (a
missed budget is reported, not an error), 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import memory as vm  # noqa: E402  (one reader of /proc/<pid>/status for both scripts)

BASELINE = ROOT / "bench" / "baseline_app.py"
OURS = ROOT / "app.py"
APPS = {"baseline": BASELINE, "ours": OURS}
CHROMIUM = os.environ.get("YREB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# What "the map is clickable" means: a city marker exists and is visible in the map iframe.
CLICKABLE = {"baseline": "img.leaflet-marker-icon", "ours": ".yreb-city"}
# The city clicked in both apps; the first of these that is on top under its centre in both.
CLICK_CANDIDATES = ("chengdu", "wuxi", "wuhan", "changsha", "kunming", "guiyang", "nanchang", "hefei")
FILTER_REACHES = (["upper"], ["middle"], ["lower"])
EXPORTS_FULL = ("png", "pdf", "svg", "html", "brief")
EXPORTS_QUICK = ("png", "html")
STEP_TIMEOUT = 90  # seconds, any single browser wait
WORKER_TIMEOUT = 600  # seconds, any worker subprocess
SETTLE = 2.0  # seconds of websocket traffic still counted after the map is clickable

# Budgets: (metric key, kind, value). kind "ratio": ours/baseline ≤ value; "abs": ours ≤ value (s or MB).
BUDGETS = {
    "apptest_rerun_s": ("ratio", 0.1),
    "apptest_first_session_s": ("ratio", 0.5),
    "apptest_first_cold_s": ("ratio", 0.5),
    "browser_open_clickable_s": ("ratio", 0.5),
    "browser_click_panel_s": ("abs", 0.5),
    "browser_ws_initial_bytes": ("ratio", 0.25),
    "export_png_s": ("abs", 1.5),
    "export_brief_s": ("abs", 3.0),
    "facilities_10k_build_s": ("abs", 1.0),
    "facilities_100k_build_s": ("abs", 2.0),
    "facilities_100k_server_hwm_mb": ("abs", 1024),
}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------- workers (run in their own process)


def _quiet_streamlit() -> None:
    import logging

    for name in ("streamlit", "yreb"):
        logging.getLogger(name).setLevel(logging.ERROR)


def worker_apptest(app: str) -> dict:
    """First run in this fresh process (cold), first run of a new session (warm), reruns after a filter change."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    key = "reach" if Path(app).name == BASELINE.name else "f_reach"

    def first() -> tuple[float, float, AppTest]:
        t0, c0 = time.perf_counter(), time.process_time()
        at = AppTest.from_file(app, default_timeout=300)
        at.run()
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if at.exception:
            raise RuntimeError(f"{app}: {at.exception[0].value}")
        return elapsed, cpu, at

    cold, cold_cpu, _ = first()
    warm, warm_cpu, at = first()
    reruns, reruns_cpu = [], []
    for reaches in FILTER_REACHES:
        t0, c0 = time.perf_counter(), time.process_time()
        at.sidebar.multiselect(key=key).set_value(reaches).run()
        reruns.append(time.perf_counter() - t0)
        reruns_cpu.append(time.process_time() - c0)
        if at.exception:
            raise RuntimeError(f"{app}: {at.exception[0].value}")
    return {
        "first_cold_s": cold,
        "first_session_s": warm,
        "rerun_s": median(reruns),
        "reruns_s": reruns,
        "first_cold_cpu_s": cold_cpu,
        "first_session_cpu_s": warm_cpu,
        "rerun_cpu_s": median(reruns_cpu),
    }


def _export_inputs():
    sys.path.insert(0, str(ROOT))
    from geo.basemap import generalise_for_web, load_basemap
    from geo.dataset import DATA_DIR, load_dataset

    data = load_dataset()
    return data, load_basemap(DATA_DIR), generalise_for_web(data.places, tolerance=0.02)


def worker_exports(formats: str, repeats: str) -> dict:
    """Each export format, in-process and warm (one untimed run first), median of ``repeats`` timed runs."""
    import matplotlib

    matplotlib.use("Agg")
    from exports.registry import export
    from exports.snapshot import SnapshotOptions
    from geo.filters import FilterSpec

    data, basemap, web = _export_inputs()
    spec = FilterSpec()
    options = SnapshotOptions(size="a4-landscape", framed=True, date=dt.date(2024, 1, 1))
    out = {}
    for fmt in formats.split(","):
        payload, _, _ = export(fmt, data, basemap, web, spec, options)
        times = []
        for _ in range(int(repeats)):
            t0 = time.perf_counter()
            payload, _, _ = export(fmt, data, basemap, web, spec, options)
            times.append(time.perf_counter() - t0)
        out[fmt] = {"s": median(times), "runs_s": times, "bytes": len(payload)}
    return out


def worker_facilities(files_json: str, repeats: str) -> dict:
    """Load time of each facilities file, and map build (build_map + render) with it."""
    from exports.web_map import build_map
    from geo.facilities import load_facilities
    from geo.filters import FilterSpec
    from present.scene import MapView

    data, basemap, web = _export_inputs()
    files = json.loads(files_json)
    view, spec = MapView(), FilterSpec()
    t0 = time.perf_counter()
    html = build_map(data, basemap, web, spec, view, leaflet=None).get_root().render()
    out = {"none": {"build_s": time.perf_counter() - t0, "html_bytes": len(html)}}
    for label, path in files.items():
        loads, builds = [], []
        for _ in range(int(repeats)):
            t0 = time.perf_counter()
            frame = load_facilities(path, data.places)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            html = build_map(data, basemap, web, spec, view, leaflet=None, facilities=frame).get_root().render()
            builds.append(time.perf_counter() - t0)
        out[label] = {
            "rows": len(frame),
            "load_s": median(loads),
            "build_s": median(builds),
            "html_bytes": len(html),
            "app_build_s": median([_app_build(data, spec, view, frame) for _ in range(int(repeats))]),
        }
    return out


def _app_build(data, spec, view, frame) -> float:
    """The map as the app builds it: base layers by URL (published once per process), facilities spec
    (for a large file, its points encoded as the JSON the app publishes), overlays, and the render."""
    from exports.facilities_layer import POINTS_LIMIT, facilities_points, facilities_spec
    from exports.web_map import build_base_map, build_overlay_groups
    from present.scene import overlay_collections

    keys = ("ocean", "land", "neighbours", "reaches", "provinces", "prefectures", "lakes", "rivers")
    urls = {k: f"app/static/gen/{k}.json" for k in keys}
    t0 = time.perf_counter()
    url = None
    if len(frame) > POINTS_LIMIT:
        json.dumps(facilities_points(frame, view.crs), ensure_ascii=False, separators=(",", ":"))
        url = "app/static/gen/points.json"
    fac = facilities_spec(frame, data.places, view.lang, view.crs, url)
    m = build_base_map(view, urls, {"js": "leaflet.js", "css": "leaflet.css"}, fac)
    for group in build_overlay_groups(overlay_collections(data, spec, view), view):
        group.add_to(m)
    m.get_root().render()
    return time.perf_counter() - t0


WORKERS = {"apptest": worker_apptest, "exports": worker_exports, "facilities": worker_facilities}


def run_worker(name: str, *args: str, timeout: float = WORKER_TIMEOUT) -> dict:
    """Run a worker in a fresh Python process and return its JSON result."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as fh:
        out = fh.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--worker-out", out, *args]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {name} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out)


# ---------------------------------------------------------------- servers and the browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run <script>`` on a free localhost port, from the repo root (its .streamlit/config.toml)."""

    def __init__(self, script: Path, env: dict[str, str] | None = None, timeout: float = 120):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = Path(tempfile.gettempdir()) / f"yreb-bench-{script.stem}-{self.port}.log"
        self._log = self.log_path.open("w")
        cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--server.enableStaticServing", "true",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"},
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(self.url + "_stcore/health", timeout=2).read() == b"ok":
                    return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout:.0f} s; see {self.log_path}")

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process so far."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def hwm_mb(self) -> float | None:
        kb = vm(self.proc.pid).get("VmHWM")
        return kb / 1024 if kb else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()


def _names() -> dict[str, str]:
    data = json.loads((ROOT / "data" / "cities.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f"{f['properties']['name_en']} · {f['properties']['name_zh']}"
            for f in data["features"]}  # fmt: skip


def _city_selector(app: str, pid: str) -> str:
    return f'img.leaflet-marker-icon[alt="{pid}"]' if app == "baseline" else f".yreb-city-{pid}"


ON_TOP_JS = """(el) => {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  return r.width > 0 && document.elementFromPoint(x, y) === el;
}"""


RESOURCES_JS = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => [e.name, e.transferSize || 0, e.decodedBodySize || 0])"""


def _resource_bytes(page) -> tuple[int, int]:
    """HTTP bytes so far, every frame (Resource Timing): all transfers, and decoded bodies under app/static/."""
    total = static = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            for name, transfer, decoded in frame.evaluate(RESOURCES_JS):
                total += transfer
                if "/app/static/" in name:
                    static += decoded
    return total, static


class Browser:
    """Debian's Chromium via Playwright; every page gets a fresh context (empty cache), off-origin requests aborted."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.browser.close()
        with contextlib.suppress(Exception):
            self._pw.stop()

    def open(self, app: str, server: Server, city: str | None, names: dict[str, str]) -> dict:
        """Open the page; time to a clickable map, websocket bytes; then click ``city`` and time the panel."""
        ctx = self.browser.new_context(viewport={"width": 1500, "height": 1100})
        origin = server.url.rstrip("/")
        blocked: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith((origin, origin.replace("http", "ws"), "data:", "blob:", "about:")):
                return r.continue_()
            blocked.append(url)
            return r.abort()

        ctx.route("**/*", route)
        page = ctx.new_page()
        ws_bytes = [0]
        counting = [True]

        def on_frame(payload):
            if counting[0]:
                ws_bytes[0] += len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))

        def on_ws(ws):
            ws.on("framereceived", on_frame)

        page.on("websocket", on_ws)
        try:
            t0, c0 = time.perf_counter(), server.cpu_s()
            page.goto(server.url, timeout=STEP_TIMEOUT * 1000)
            frame = page.frame_locator(MAP_FRAME)
            frame.locator(CLICKABLE[app]).first.wait_for(state="visible", timeout=STEP_TIMEOUT * 1000)
            clickable, open_cpu = time.perf_counter() - t0, server.cpu_s() - c0
            page.wait_for_timeout(SETTLE * 1000)
            counting[0] = False
            http_bytes, static_bytes = _resource_bytes(page)
            result = {
                "open_clickable_s": clickable,
                "ws_initial_bytes": ws_bytes[0],
                "http_initial_bytes": http_bytes,
                "static_initial_bytes": static_bytes,
                "open_server_cpu_s": open_cpu,
            }
            on_top = []
            for pid in CLICK_CANDIDATES:
                loc = frame.locator(_city_selector(app, pid))
                with contextlib.suppress(Exception):
                    if loc.count() and loc.first.evaluate(ON_TOP_JS):
                        on_top.append(pid)
            result["on_top"] = on_top
            if city:
                # A real mouse click at the marker's centre (it is on top there).
                target = frame.locator(_city_selector(app, city)).first
                target.wait_for(state="visible", timeout=STEP_TIMEOUT * 1000)
                c0 = server.cpu_s()
                t0 = time.perf_counter()
                target.click(timeout=STEP_TIMEOUT * 1000)
                page.locator('[data-testid="stHeading"]', has_text=names[city]).first.wait_for(
                    timeout=STEP_TIMEOUT * 1000
                )
                result["click_panel_s"] = time.perf_counter() - t0
                result["click_server_cpu_s"] = server.cpu_s() - c0
            result["blocked"] = len(blocked)
            return result
        finally:
            ctx.close()


# ---------------------------------------------------------------- the run


def make_facility_files(sizes: dict[str, int], folder: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from bench.make_facilities import make

    out = {}
    for label, n in sizes.items():
        out[label] = str(make(n, folder / f"facilities-{label}.csv", seed=1))
    return out


def collect(args) -> tuple[dict, list[str]]:
    rounds = 1 if args.quick else args.rounds
    raw: dict = {"apptest": {"baseline": [], "ours": []}, "browser": {"baseline": [], "ours": []}}
    errors: list[str] = []

    def guarded(label, fn, *a):
        try:
            return fn(*a)
        except Exception as exc:  # noqa: BLE001 - a failed measurement is reported, the rest still runs
            errors.append(f"{label}: {exc}")
            log(f"ERROR {label}: {exc}")
            traceback.print_exc()
            return None

    # 1. AppTest: a fresh process per app per round, alternating.
    for r in range(rounds):
        order = ("baseline", "ours") if r % 2 == 0 else ("ours", "baseline")
        for app in order:
            res = guarded(f"apptest {app} round {r + 1}", run_worker, "apptest", str(APPS[app]))
            if res:
                raw["apptest"][app].append(res)
                log(f"apptest {app} round {r + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in res.items()
                                                                   if isinstance(v, float)))  # fmt: skip

    # 2. Browser: one server per app for all rounds; a fresh browser context (empty cache) per page open.
    names = _names()
    servers: dict[str, Server] = {}
    browser = None
    try:
        for app in ("baseline", "ours"):
            servers[app] = Server(APPS[app])
        browser = Browser()
        # Warm-up (not counted): the first page of a fresh server loads data and publishes files.
        warm = {}
        for app in ("baseline", "ours"):
            warm[app] = guarded(f"browser warm-up {app}", browser.open, app, servers[app], None, names)
        raw["browser_warmup"] = warm
        common = [c for c in CLICK_CANDIDATES if all(w and c in w["on_top"] for w in warm.values())]
        city = common[0] if common else "chengdu"
        raw["click_city"] = city
        for r in range(rounds):
            order = ("baseline", "ours") if r % 2 == 0 else ("ours", "baseline")
            for app in order:
                res = guarded(f"browser {app} round {r + 1}", browser.open, app, servers[app], city, names)
                if res:
                    raw["browser"][app].append(res)
                    log(f"browser {app} round {r + 1}: open→clickable {res['open_clickable_s']:.2f} s, "
                        f"click→panel {res.get('click_panel_s', float('nan')):.2f} s, "
                        f"ws {res['ws_initial_bytes']:,} B, http {res['http_initial_bytes']:,} B")  # fmt: skip
        raw["server_hwm_mb"] = {app: s.hwm_mb() for app, s in servers.items()}
    finally:
        if browser:
            browser.close()
        for s in servers.values():
            s.stop()

    # 3. Exports (ours only, in-process, warm).
    fmts = EXPORTS_QUICK if args.quick else EXPORTS_FULL
    raw["exports"] = guarded("exports", run_worker, "exports", ",".join(fmts), "1" if args.quick else "3")
    if raw["exports"]:
        log("exports: " + ", ".join(f"{k} {v['s']:.2f} s" for k, v in raw["exports"].items()))

    # 4. Facilities: synthetic files in a temp dir (never committed), load + map build, server memory at 100k.
    sizes = {"1k": 1000} if args.quick else {"1k": 1000, "10k": 10_000, "100k": 100_000}
    with tempfile.TemporaryDirectory(prefix="yreb-bench-fac-") as tmp:
        files = guarded("make facilities", make_facility_files, sizes, Path(tmp)) or {}
        if files:
            raw["facilities"] = guarded("facilities", run_worker, "facilities", json.dumps(files),
                                        "1" if args.quick else "3")  # fmt: skip
            if raw["facilities"]:
                parts = [f"{k}: build {v['build_s']:.2f} s" + (f", load {v['load_s']:.2f} s" if "load_s" in v else "")
                         for k, v in raw["facilities"].items()]  # fmt: skip
                log("facilities: " + ", ".join(parts))
            big = files.get("100k") or files.get("1k")
            label = "100k" if "100k" in files else "1k"
            server = None
            try:
                server = Server(OURS, env={"YREB_FACILITIES": big})
                b = Browser()
                try:
                    res = guarded(f"browser ours with {label} facilities", b.open, "ours", server, None, names)
                finally:
                    b.close()
                raw["facilities_server"] = {"label": label, "hwm_mb": server.hwm_mb(),
                                            "open_clickable_s": res and res["open_clickable_s"]}  # fmt: skip
                log(f"server with {label} facilities: VmHWM {raw['facilities_server']['hwm_mb']:.0f} MB")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"facilities server: {exc}")
            finally:
                if server:
                    server.stop()
    return raw, errors


def summarise(raw: dict, quick: bool) -> dict:
    """Metric key → {"baseline", "ours", "ratio", "budget", "met"}."""
    rows: dict[str, dict] = {}

    def pair(key, base, ours, unit):
        ratio = ours / base if (base and ours is not None) else None
        rows[key] = {"baseline": base, "ours": ours, "ratio": ratio, "unit": unit}

    for key, field in (("apptest_first_cold_s", "first_cold_s"), ("apptest_first_session_s", "first_session_s"),
                       ("apptest_rerun_s", "rerun_s"), ("apptest_first_cold_cpu_s", "first_cold_cpu_s"),
                       ("apptest_first_session_cpu_s", "first_session_cpu_s"),
                       ("apptest_rerun_cpu_s", "rerun_cpu_s")):  # fmt: skip
        pair(key, *(median([r[field] for r in raw["apptest"][a]]) for a in ("baseline", "ours")), "s")
    for key, field, unit in (("browser_open_clickable_s", "open_clickable_s", "s"),
                             ("browser_click_panel_s", "click_panel_s", "s"),
                             ("browser_ws_initial_bytes", "ws_initial_bytes", "B"),
                             ("browser_http_initial_bytes", "http_initial_bytes", "B"),
                             ("browser_static_initial_bytes", "static_initial_bytes", "B"),
                             ("browser_open_server_cpu_s", "open_server_cpu_s", "s"),
                             ("browser_click_server_cpu_s", "click_server_cpu_s", "s")):  # fmt: skip
        pair(key, *(median([r.get(field) for r in raw["browser"][a]]) for a in ("baseline", "ours")), unit)
    hwm = raw.get("server_hwm_mb") or {}
    pair("server_hwm_mb", hwm.get("baseline"), hwm.get("ours"), "MB")
    for fmt, v in (raw.get("exports") or {}).items():
        pair(f"export_{fmt}_s", None, v["s"], "s")
    fac = raw.get("facilities") or {}
    for label, v in fac.items():
        if label == "none":
            pair("map_build_no_facilities_s", None, v["build_s"], "s")
            continue
        pair(f"facilities_{label}_load_s", None, v["load_s"], "s")
        pair(f"facilities_{label}_build_s", None, v["build_s"], "s")
        pair(f"facilities_{label}_app_build_s", None, v.get("app_build_s"), "s")
    fs = raw.get("facilities_server") or {}
    if fs:
        pair(f"facilities_{fs['label']}_server_hwm_mb", None, fs["hwm_mb"], "MB")
        pair(f"facilities_{fs['label']}_open_clickable_s", None, fs["open_clickable_s"], "s")
    for key, row in rows.items():
        kind, value = BUDGETS.get(key, (None, None))
        row["budget"] = None if kind is None else (f"≤ {value:g} × baseline" if kind == "ratio" else f"≤ {value:g}")
        got = row["ratio"] if kind == "ratio" else row["ours"]
        row["met"] = None if kind is None or got is None else bool(got <= value)
    return rows


def expected_keys(quick: bool) -> list[str]:
    keys = ["apptest_first_cold_s", "apptest_first_session_s", "apptest_rerun_s", "apptest_first_cold_cpu_s",
            "apptest_first_session_cpu_s", "apptest_rerun_cpu_s", "browser_open_server_cpu_s",
            "browser_click_server_cpu_s", "browser_open_clickable_s",
            "browser_click_panel_s", "browser_ws_initial_bytes", "browser_http_initial_bytes",
            "browser_static_initial_bytes", "server_hwm_mb",
            "map_build_no_facilities_s"]  # fmt: skip
    keys += [f"export_{f}_s" for f in (EXPORTS_QUICK if quick else EXPORTS_FULL)]
    for label in ("1k",) if quick else ("1k", "10k", "100k"):
        keys += [f"facilities_{label}_load_s", f"facilities_{label}_build_s"]
    label = "1k" if quick else "100k"
    keys += [f"facilities_{label}_server_hwm_mb", f"facilities_{label}_open_clickable_s"]
    return keys


def fmt_value(v, unit) -> str:
    if v is None:
        return "—"
    if unit == "B":
        return f"{v / 1e6:.2f} MB" if v >= 1e5 else f"{v / 1e3:.1f} kB"
    if unit == "MB":
        return f"{v:.0f} MB"
    return f"{v:.2f} s"


def print_table(rows: dict) -> None:
    print(f"\n{'metric':38} {'baseline':>11} {'ours':>11} {'ratio':>7}  {'budget':18} met")
    for key, r in rows.items():
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        met = {True: "yes", False: "MISSED", None: ""}[r["met"]]
        print(f"{key:38} {fmt_value(r['baseline'], r['unit']):>11} {fmt_value(r['ours'], r['unit']):>11} "
              f"{ratio:>7}  {r['budget'] or '':18} {met}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round, small sizes (CI)")
    parser.add_argument("--json", type=Path, help="write raw figures and the summary here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        sys.path.insert(0, str(ROOT))
        result = WORKERS[args.worker](*rest)
        Path(args.worker_out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    # A terminated benchmark still stops its servers and browser (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    started = time.time()
    meta = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "dirty": subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.split("\n"),
        "nproc": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "rounds": 1 if args.quick else args.rounds,
        "quick": args.quick,
        "command": " ".join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
    }
    raw, errors = collect(args)
    meta["loadavg_end"] = os.getloadavg()
    meta["runtime_s"] = time.time() - started
    rows = summarise(raw, args.quick)
    missing = [k for k in expected_keys(args.quick) if rows.get(k, {}).get("ours") is None]
    errors += [f"no value for {k}" for k in missing]
    print_table(rows)
    print(f"\n{meta['rounds']} round(s), {meta['runtime_s']:.0f} s, load average {meta['loadavg_start'][0]:.1f} → "
          f"{meta['loadavg_end'][0]:.1f}, commit {meta['commit']}; clicked city: {raw.get('click_city')}")  # fmt: skip
    if errors:
        print("\nerrors:\n  " + "\n  ".join(errors))
    if args.json:
        metrics = {k: r["ours"] for k, r in rows.items()}
        metrics.update({f"{k}_baseline": r["baseline"] for k, r in rows.items() if r["baseline"] is not None})
        report = {"meta": meta, "metrics": metrics, "rows": rows, "raw": raw, "errors": errors,
                  "expected_keys": expected_keys(args.quick)}  # fmt: skip
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
