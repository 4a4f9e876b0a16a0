"""Benchmark: the app against the naive folium + st_folium baseline (bench/baseline_app.py) and the
bare-Streamlit floor (bench/floor_app.py), in the same run.

    python bench/run.py [--rounds N] [--quick] [--json out.json]

The apps run alternately (the order rotates every round), several rounds; medians, ratios to the
baseline and multiples of the floor are printed with the budgets (docs/performance.md). See
bench/README.md for what each figure means and how it is measured. ``--quick`` is one round at small
sizes (CI: checks that the benchmark still runs, asserts no timing). Exit 0 when every measurement
completed (a missed budget is reported, not an error), 1 otherwise.
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
FLOOR = ROOT / "bench" / "floor_app.py"
OURS = ROOT / "app.py"
APPS = {"baseline": BASELINE, "ours": OURS}
BROWSER_APPS = {"floor": FLOOR, "baseline": BASELINE, "ours": OURS}
CHROMIUM = os.environ.get("YREB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'  # the baseline's map (ours is in the page itself)
# What "open" waits for: the floor's title; a city marker of the map (in the baseline's iframe, in our page).
READY = {"floor": "h1", "baseline": "img.leaflet-marker-icon", "ours": ".yreb-city"}
# The city clicked in both apps; the first of these that is on top under its centre in both.
CLICK_CANDIDATES = ("chengdu", "wuxi", "wuhan", "changsha", "kunming", "guiyang", "nanchang", "hefei")
FILTER_REACHES = (["upper"], ["middle"], ["lower"])
EXPORTS_FULL = ("png", "pdf", "svg", "html", "brief")
EXPORTS_QUICK = ("png", "html")
STEP_TIMEOUT = 90  # seconds, any single browser wait
WORKER_TIMEOUT = 600  # seconds, any worker subprocess
SETTLE = 2.0  # seconds of websocket traffic still counted after the map is clickable

# Budgets: (metric key, kind, value). kind "ratio": ours/baseline ≤ value; "abs": ours ≤ value (s or MB).
# kind "floor": ours/floor ≤ value.
BUDGETS = {
    "apptest_rerun_s": ("ratio", 0.1),
    "apptest_first_session_s": ("ratio", 0.5),
    "apptest_first_cold_s": ("ratio", 0.5),
    "browser_open_clickable_s": ("floor", 1.6),
    "browser_click_panel_s": ("abs", 0.2),
    "browser_table_select_s": ("abs", 0.2),
    "browser_filter_redraw_s": ("abs", 0.5),
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
    """Load time of each facilities file; the map as the standalone export builds it (every layer inline) and
    as the app builds it (the scene with layer URLs, the facilities spec, its points encoded once)."""
    from exports.html import export_scene
    from geo.facilities import load_facilities
    from geo.filters import FilterSpec
    from present.scene import MapView

    data, basemap, web = _export_inputs()
    files = json.loads(files_json)
    view, spec = MapView(), FilterSpec()
    t0 = time.perf_counter()
    scene = json.dumps(export_scene(data, basemap, web, spec, view), ensure_ascii=False)
    out = {"none": {"build_s": time.perf_counter() - t0, "html_bytes": len(scene)}}
    for label, path in files.items():
        loads, builds = [], []
        for _ in range(int(repeats)):
            t0 = time.perf_counter()
            frame = load_facilities(path, data.places)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            scene = json.dumps(export_scene(data, basemap, web, spec, view, facilities=frame), ensure_ascii=False)
            builds.append(time.perf_counter() - t0)
        out[label] = {
            "rows": len(frame),
            "load_s": median(loads),
            "build_s": median(builds),
            "html_bytes": len(scene),
            "app_build_s": median([_app_build(data, basemap, web, spec, view, frame) for _ in range(int(repeats))]),
        }
    return out


def _app_build(data, basemap, web, spec, view, frame) -> float:
    """The scene as the app builds it: layers by URL (published once per process), the facilities spec with
    its points encoded as the JSON the app publishes (or sends, for an upload), and the scene itself."""
    from present.facilities_view import facilities_points, facilities_spec
    from present.scene import base_collections, filter_layers, selection
    from present.web_scene import feature_styles, web_scene

    keys = ("ocean", "land", "neighbours", "reaches", "provinces", "prefectures", "lakes", "rivers", "cities",
            "outlines")  # fmt: skip
    styles = set().union(*(feature_styles(fc) for fc in base_collections(basemap, web, view.lang, view.crs).values()))
    t0 = time.perf_counter()
    layers = filter_layers(data, spec, view.lang, view.crs)
    sources = {k: {"url": f"app/static/gen/{k}.json"} for k in keys}
    sources.update({f"role-{r}": {"url": f"app/static/gen/{r}.json"} for r in layers["roles"]})
    json.dumps(facilities_points(frame, view.crs), ensure_ascii=False, separators=(",", ":"))
    fac = facilities_spec(frame, data.places, view.lang, view.crs, {"url": "app/static/gen/points.json"}, "k")
    json.dumps(web_scene(view, sources, layers, base_styles=styles, selection=selection(data, view), facilities=fac))
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
  return r.width > 0 && el.contains(document.elementFromPoint(x, y));
}"""


# Installed in every frame before any page script: marks (epoch ms) for what the benchmark waits for, so
# that times are measured in the page (a person's view), not through the test driver's round trips.
MARKS_JS = """(() => {
  const marks = (window.__yrebMarks = {});
  const now = () => performance.timeOrigin + performance.now();
  const watches = (window.__yrebWatches = []);
  window.__yrebWatch = (name, test) => { delete marks[name]; watches.push([name, test]); check(); };
  function check() { for (const [name, test] of watches) { try { if (!marks[name] && test()) { marks[name] = now(); } }
                     catch (e) {} } }
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 characterData: true});
  // A frame may replace its document (document.open): keep checking on a timer as well.
  setInterval(check, 5);
  window.addEventListener('pointerdown', () => { marks.pointerdown = now(); }, true);
  window.__yrebWatch('floor', () => document.querySelector('h1'));
  window.__yrebWatch('ours', () => document.querySelector('.yreb-city'));
  window.__yrebWatch('baseline', () => document.querySelector('img.leaflet-marker-icon'));
})();"""


def _mark(page, name: str, timeout: float = STEP_TIMEOUT) -> float:
    """Wait until some frame of the page has the mark ``name``; return it (epoch ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            with contextlib.suppress(Exception):
                value = frame.evaluate(f"() => window.__yrebMarks && window.__yrebMarks[{name!r}]")
                if value:
                    return float(value)
        time.sleep(0.02)
    raise TimeoutError(f"no mark {name!r} within {timeout:.0f} s")


def _watch(page, name: str, test_js: str) -> None:
    """Record the time (in the page) at which ``test_js`` first holds."""
    page.evaluate(f"() => window.__yrebWatch({name!r}, {test_js})")


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
        """Open the page; time to a clickable map (the floor: its title), websocket and HTTP bytes; then, for
        the map apps, click ``city`` and time the panel; for ours also a table row and a filter change."""
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
        ctx.add_init_script(MARKS_JS)
        page = ctx.new_page()
        ws_bytes = [0]
        counting = [True]

        def on_frame(payload):
            if counting[0]:
                ws_bytes[0] += len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        try:
            c0 = server.cpu_s()
            page.goto(server.url, timeout=STEP_TIMEOUT * 1000)
            scope = page.frame_locator(MAP_FRAME) if app == "baseline" else page
            scope.locator(READY[app]).first.wait_for(state="visible", timeout=STEP_TIMEOUT * 1000)
            # Navigation start to the first city marker (the floor: its title), as the page saw it.
            ready = _mark(page, app) - page.evaluate("() => performance.timeOrigin")
            result = {"open_clickable_s": ready / 1000, "open_server_cpu_s": server.cpu_s() - c0}
            page.wait_for_timeout(SETTLE * 1000)
            counting[0] = False
            result["ws_initial_bytes"] = ws_bytes[0]
            result["http_initial_bytes"], result["static_initial_bytes"] = _resource_bytes(page)
            if app != "floor":
                result["on_top"] = [pid for pid in CLICK_CANDIDATES if _on_top(scope, app, pid)]
                if city:
                    result.update(_click(page, scope, app, server, city, names))
                if app == "ours" and city:
                    result.update(_table_select(page))
                    result.update(_filter_redraw(page))
            result["blocked"] = len(blocked)
            return result
        finally:
            ctx.close()


def _on_top(scope, app: str, pid: str) -> bool:
    loc = scope.locator(_city_selector(app, pid))
    with contextlib.suppress(Exception):
        return bool(loc.count() and loc.first.evaluate(ON_TOP_JS))
    return False


def _click(page, scope, app: str, server: Server, city: str, names: dict[str, str]) -> dict:
    """A real mouse click at the city marker's centre; time from the pointer going down to the panel showing the
    city (both measured in the page)."""
    target = scope.locator(_city_selector(app, city)).first
    target.wait_for(state="visible", timeout=STEP_TIMEOUT * 1000)
    heading = json.dumps(names[city])
    _watch(page, "panel", f"() => [...document.querySelectorAll('[data-testid=stHeading]')]"
                          f".some(e => e.textContent.includes({heading}))")  # fmt: skip
    c0 = server.cpu_s()
    target.click(timeout=STEP_TIMEOUT * 1000)
    shown = _mark(page, "panel")
    return {"click_panel_s": (shown - _mark(page, "pointerdown")) / 1000, "click_server_cpu_s": server.cpu_s() - c0}


ROW_PLACE_JS = """() => { const r = document.querySelector('.yreb-map-root'); const c = r && r.__yrebMap;
  return c && c.selectionKey; }"""


def _table_select(page) -> dict:
    """Open the table (a fold built on demand), show the whole view rather than the selected place's rows, and
    click the first row of another city; time from the pointer going down until the map selects that city."""
    page.locator(".st-key-x_table_open summary").first.click()
    pin = page.locator(".st-key-table_pin input")
    pin.wait_for(state="attached", timeout=STEP_TIMEOUT * 1000)
    if pin.is_checked():
        page.locator(".st-key-table_pin label").first.click()
        page.wait_for_function("() => !document.querySelector('.st-key-table_pin input').checked")
    before = page.evaluate(ROW_PLACE_JS)
    row = page.locator(f"tr.yreb-tr[data-place^='prefecture:']:not([data-place={json.dumps(before)}])").first
    row.wait_for(timeout=STEP_TIMEOUT * 1000)
    row.scroll_into_view_if_needed()
    target = row.get_attribute("data-place")
    _watch(page, "row", f"() => ({ROW_PLACE_JS})() === {json.dumps(target)}")
    row.click()
    return {"table_select_s": (_mark(page, "row") - _mark(page, "pointerdown")) / 1000}


def _filter_redraw(page) -> dict:
    """Choose "Upper reach" in the sidebar's reach filter; time until the map has redrawn its cities (Wuxi,
    in the lower reach, gone)."""
    page.locator('[data-testid="stMultiSelect"]', has_text="Reach").first.click()
    option = page.get_by_role("option", name="Upper reach")
    option.wait_for(timeout=STEP_TIMEOUT * 1000)
    _watch(page, "redrawn", "() => document.querySelector('.yreb-city') && !document.querySelector('.yreb-city-wuxi')")
    option.click()
    return {"filter_redraw_s": (_mark(page, "redrawn") - _mark(page, "pointerdown")) / 1000}


# ---------------------------------------------------------------- the run


def make_facility_files(sizes: dict[str, int], folder: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from bench.make_facilities import make

    out = {}
    for label, n in sizes.items():
        out[label] = str(make(n, folder / f"facilities-{label}.csv", seed=1))
    return out


class Steps:
    """The run's steps; a failed measurement is recorded as an error and the others still run."""

    def __init__(self, args):
        self.args = args
        self.rounds = 1 if args.quick else args.rounds
        self.raw: dict = {"apptest": {"baseline": [], "ours": []}, "browser": {a: [] for a in BROWSER_APPS}}
        self.errors: list[str] = []
        self.names = _names()

    def guarded(self, label, fn, *a):
        try:
            return fn(*a)
        except Exception as exc:  # noqa: BLE001 - a failed measurement is reported, the rest still runs
            self.errors.append(f"{label}: {exc}")
            log(f"ERROR {label}: {exc}")
            traceback.print_exc()
            return None

    def apptest(self) -> None:
        """A fresh process per app per round, alternating."""
        for r in range(self.rounds):
            for app in ("baseline", "ours") if r % 2 == 0 else ("ours", "baseline"):
                res = self.guarded(f"apptest {app} round {r + 1}", run_worker, "apptest", str(APPS[app]))
                if res:
                    self.raw["apptest"][app].append(res)
                    log(f"apptest {app} round {r + 1}: "
                        + ", ".join(f"{k} {v:.2f}" for k, v in res.items() if isinstance(v, float)))  # fmt: skip

    def browser(self) -> None:
        """One server per app for all rounds; a fresh browser context (empty cache) per page open; the app
        order rotates every round."""
        servers: dict[str, Server] = {}
        browser = None
        try:
            servers = {app: Server(script) for app, script in BROWSER_APPS.items()}
            browser = Browser()
            # Warm-up (not counted): the first page of a fresh server loads data and publishes files.
            warm = {app: self.guarded(f"browser warm-up {app}", browser.open, app, servers[app], None, self.names)
                    for app in BROWSER_APPS}  # fmt: skip
            self.raw["browser_warmup"] = warm
            common = [c for c in CLICK_CANDIDATES if all(w and c in w.get("on_top", [c]) for w in warm.values())]
            city = self.raw["click_city"] = common[0] if common else "chengdu"
            order = list(BROWSER_APPS)
            for r in range(self.rounds):
                for app in order[r % 3 :] + order[: r % 3]:
                    self._browser_round(browser, servers[app], app, city, r)
            self.raw["server_hwm_mb"] = {app: s.hwm_mb() for app, s in servers.items()}
        finally:
            if browser:
                browser.close()
            for s in servers.values():
                s.stop()

    def _browser_round(self, browser, server, app: str, city: str, r: int) -> None:
        res = self.guarded(f"browser {app} round {r + 1}", browser.open, app, server, city, self.names)
        if not res:
            return
        self.raw["browser"][app].append(res)
        extra = ", ".join(f"{k} {res[k]:.2f} s" for k in ("click_panel_s", "table_select_s", "filter_redraw_s")
                          if k in res)  # fmt: skip
        log(f"browser {app} round {r + 1}: open {res['open_clickable_s']:.2f} s, ws {res['ws_initial_bytes']:,} B, "
            f"http {res['http_initial_bytes']:,} B" + (f", {extra}" if extra else ""))  # fmt: skip

    def exports(self) -> None:
        """Ours only, in-process, warm."""
        fmts = EXPORTS_QUICK if self.args.quick else EXPORTS_FULL
        res = self.guarded("exports", run_worker, "exports", ",".join(fmts), "1" if self.args.quick else "3")
        self.raw["exports"] = res
        if res:
            log("exports: " + ", ".join(f"{k} {v['s']:.2f} s" for k, v in res.items()))

    def facilities(self) -> None:
        """Synthetic files in a temp dir (never committed): load and map build; server memory with the biggest."""
        sizes = {"1k": 1000} if self.args.quick else {"1k": 1000, "10k": 10_000, "100k": 100_000}
        with tempfile.TemporaryDirectory(prefix="yreb-bench-fac-") as tmp:
            files = self.guarded("make facilities", make_facility_files, sizes, Path(tmp)) or {}
            if not files:
                return
            res = self.guarded("facilities", run_worker, "facilities", json.dumps(files),
                               "1" if self.args.quick else "3")  # fmt: skip
            self.raw["facilities"] = res
            if res:
                log("facilities: " + ", ".join(f"{k}: build {v['build_s']:.2f} s" for k, v in res.items()))
            label = "100k" if "100k" in files else "1k"
            self._facilities_server(files[label], label)

    def _facilities_server(self, path: str, label: str) -> None:
        server = None
        try:
            server = Server(OURS, env={"YREB_FACILITIES": path})
            b = Browser()
            try:
                res = self.guarded(f"browser ours with {label} facilities", b.open, "ours", server, None, self.names)
            finally:
                b.close()
            self.raw["facilities_server"] = {"label": label, "hwm_mb": server.hwm_mb(),
                                             "open_clickable_s": res and res["open_clickable_s"]}  # fmt: skip
            log(f"server with {label} facilities: VmHWM {self.raw['facilities_server']['hwm_mb']:.0f} MB")
        except Exception as exc:  # noqa: BLE001 - reported with the other measurement errors
            self.errors.append(f"facilities server: {exc}")
        finally:
            if server:
                server.stop()


def collect(args) -> tuple[dict, list[str]]:
    steps = Steps(args)
    steps.apptest()
    steps.browser()
    steps.exports()
    steps.facilities()
    return steps.raw, steps.errors


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
                             ("browser_table_select_s", "table_select_s", "s"),
                             ("browser_filter_redraw_s", "filter_redraw_s", "s"),
                             ("browser_ws_initial_bytes", "ws_initial_bytes", "B"),
                             ("browser_http_initial_bytes", "http_initial_bytes", "B"),
                             ("browser_static_initial_bytes", "static_initial_bytes", "B"),
                             ("browser_open_server_cpu_s", "open_server_cpu_s", "s"),
                             ("browser_click_server_cpu_s", "click_server_cpu_s", "s")):  # fmt: skip
        pair(key, *(median([r.get(field) for r in raw["browser"][a]]) for a in ("baseline", "ours")), unit)
        floor = median([r.get(field) for r in raw["browser"].get("floor", [])])
        rows[key]["floor"] = floor
        rows[key]["x_floor"] = rows[key]["ours"] / floor if floor and rows[key]["ours"] is not None else None
        rows[key]["baseline_x_floor"] = (rows[key]["baseline"] / floor if floor and rows[key]["baseline"] is not None
                                         else None)  # fmt: skip
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
        row["budget"] = {None: None, "ratio": f"≤ {value} × baseline", "floor": f"≤ {value} × floor"}.get(
            kind, f"≤ {value}"
        )
        got = {"ratio": row["ratio"], "floor": row.get("x_floor")}.get(kind, row["ours"])
        row["met"] = None if kind is None or got is None else bool(got <= value)
    return rows


def expected_keys(quick: bool) -> list[str]:
    keys = ["apptest_first_cold_s", "apptest_first_session_s", "apptest_rerun_s", "apptest_first_cold_cpu_s",
            "apptest_first_session_cpu_s", "apptest_rerun_cpu_s", "browser_open_server_cpu_s",
            "browser_click_server_cpu_s", "browser_open_clickable_s", "browser_table_select_s",
            "browser_filter_redraw_s", "browser_click_panel_s", "browser_ws_initial_bytes",
            "browser_http_initial_bytes",
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
    print(f"\n{'metric':38} {'floor':>9} {'baseline':>11} {'ours':>11} {'ratio':>7} {'×floor':>7}  {'budget':20} met")
    for key, r in rows.items():
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        x_floor = f"{r['x_floor']:.2f}" if r.get("x_floor") is not None else "—"
        met = {True: "yes", False: "MISSED", None: ""}[r["met"]]
        values = f"{fmt_value(r.get('floor'), r['unit']):>9} {fmt_value(r['baseline'], r['unit']):>11} "
        values += f"{fmt_value(r['ours'], r['unit']):>11} {ratio:>7} {x_floor:>7}"
        print(f"{key:38} {values}  {r['budget'] or '':20} {met}")


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
        metrics.update({f"{k}_floor": r["floor"] for k, r in rows.items() if r.get("floor") is not None})
        report = {"meta": meta, "metrics": metrics, "rows": rows, "raw": raw, "errors": errors,
                  "expected_keys": expected_keys(args.quick)}  # fmt: skip
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
