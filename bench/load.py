"""Load test: one app process, N concurrent browser sessions, latency per step and server memory.

    python bench/load.py --sessions 20 --rounds 3 [--port N] [--json out.json]
    python bench/load.py --sessions 20 --rounds 1 --exports png,brief     # the acceptance run of issue 15
    python bench/load.py --waves 10,10,20 --rounds 1 --settle 150         # memory over 40 sessions
    python bench/load.py --url http://127.0.0.1:8080/ --pids 11,12 --server-log a.log,b.log   # behind nginx

Starts ONE ``streamlit run app.py`` on localhost (the same way as tests/browser/conftest.py), then
drives N concurrent sessions (one Debian Chromium, one browser context each, Playwright's async
API). Every round of every session:

1. opens the page with a random filter link and waits until the map is clickable (``open``);
2. clicks 2-3 random cities that are really on top under the mouse, waiting each time for the
   panel heading "<English name> · <Chinese name>" (``click``);
3. changes the filter through the URL and waits until the map is clickable again (``filter``);
4. exports through the export panel, CSV (every ``--png-every``-th session a PNG), or each format of
   ``--exports`` (e.g. ``png,brief``), and checks the downloaded bytes (``export``: from "Prepare export"
   to the verified file).

``--waves 10,10,20`` runs waves of sessions one after the other against the same server and reads its
memory after each (all of a wave's sessions closed), then ``--settle`` seconds later. ``--url`` drives a
server that is already running (e.g. nginx in front of replicas, ``deploy/scale_out.sh``); ``--pids``
and ``--server-log`` then name its processes and logs for memory, CPU, tracebacks and data loads.

Every request to a host other than 127.0.0.1 is aborted and counted as an error, as are JS
dialogs, page errors, Streamlit exception boxes, failed steps and Python tracebacks in the server
log. Each step has a timeout, the whole run a deadline, and a watchdog kills everything if even
the clean-up hangs: the script always stops by itself.

Reported: count, errors and latency p50/p90/p99/max per step; the server's memory (VmRSS before
the sessions, after them, the largest sampled, and VmHWM); how many times the process loaded
its places, catalogue and basemap (the ``yreb: loaded ...`` log lines; ``shared: yes`` when each is
exactly 1). Exit code 0 when there was no error, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from exports.registry import BY_ID  # noqa: E402 - the export panel's format labels, in both languages

CHROMIUM = os.environ.get("YREB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FILTERS = ["?reach=upper", "?reach=middle&role=cluster", "?lang=zh", "?province=jiangsu", ""]
STEPS = ("open", "click", "filter", "export")
STEP_LABELS = {
    "open": "open → clickable",
    "click": "click → panel",
    "filter": "filter (URL) → clickable",
    "export": "export → verified download",
}
LOAD_KINDS = ("places", "catalogue", "basemap")
LOAD_LINE = re.compile(r"yreb: loaded (places|catalogue|basemap)\b")
# UI strings the script needs, in both languages (as in components/i18n.py).
UI = {
    "en": {"export": "Export this view", "format": "Format", "go": "Prepare export", "download": "Download"},
    "zh": {"export": "导出当前视图", "format": "格式", "go": "生成导出文件", "download": "下载"},
}
# Cities that are drawn, clickable and really on top at their centre (not under a symbol or the legend).
VISIBLE_CITIES_JS = """els => {
  const W = window.innerWidth, H = window.innerHeight, out = [];
  for (const el of els) {
    const cls = [...el.classList].find(c => c.startsWith('yreb-city-'));
    if (!cls) continue;
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width === 0 || x < 10 || y < 10 || x > W - 10 || y > H - 10) continue;
    if (el.contains(document.elementFromPoint(x, y))) out.push(cls.slice('yreb-city-'.length));
  }
  return out;
}"""


# ---------------------------------------------------------------- server and its memory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A ``streamlit run app.py`` process on localhost (start and health wait as tests/browser/conftest.py)."""

    def __init__(self, port: int | None = None, timeout: float = 90, extra: list[str] | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"yreb-load-{self.port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *(extra or []),
        ]
        self._log = self.log.open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited; see {self.log}:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(self.url + "_stcore/health", timeout=2).read() == b"ok":
                    self.pid = server_pid(self.proc.pid)
                    return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, 9)
        with contextlib.suppress(OSError):
            self.proc.kill()


class ExternalServer:
    """A server started elsewhere (e.g. nginx in front of replicas): its URL, processes and logs."""

    def __init__(self, url: str, pids: list[int], logs: list[Path]):
        self.url = url if url.endswith("/") else url + "/"
        self.port = int(url.rsplit(":", 1)[1].split("/")[0]) if url.count(":") > 1 else 80
        self.pids, self.logs = pids, logs
        self.log = ", ".join(str(p) for p in logs) or "(none given)"
        self.proc = None
        with contextlib.suppress(OSError):
            self.offsets = [p.stat().st_size for p in logs]  # only what this run adds is read

    def stop(self) -> None:
        pass

    def kill(self) -> None:
        pass

    def log_text(self) -> str:
        out = []
        for path, offset in zip(self.logs, getattr(self, "offsets", [0] * len(self.logs)), strict=True):
            with contextlib.suppress(OSError), path.open("rb") as fh:
                fh.seek(offset)
                out.append(fh.read().decode(errors="replace"))
        return "\n".join(out)


def _pids(server) -> list[int]:
    return getattr(server, "pids", None) or [server.pid]


def total_memory(server) -> dict[str, int]:
    """VmRSS and VmHWM summed over the server's processes (kB)."""
    out: dict[str, int] = {}
    for pid in _pids(server):
        for key, value in memory(pid).items():
            out[key] = out.get(key, 0) + value
    return out


def total_cpu(server) -> float | None:
    values = [cpu_seconds(pid) for pid in _pids(server)]
    return None if any(v is None for v in values) else sum(values)


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def server_pid(pid: int) -> int:
    """The process that serves the app: ``pid`` itself, or the streamlit descendant with most memory."""
    candidates, todo = [pid], [pid]
    while todo:
        kids = _children(todo.pop())
        candidates += kids
        todo += kids

    def score(p: int) -> tuple[int, int]:
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            return (0, 0)
        return (b"streamlit" in cmd, memory(p).get("VmRSS", 0))

    return max(candidates, key=score)


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in kB (empty if it is gone)."""
    out = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of ``pid``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def count_loads(log_text: str) -> dict[str, int]:
    counts = dict.fromkeys(LOAD_KINDS, 0)
    for match in LOAD_LINE.finditer(log_text):
        counts[match.group(1)] += 1
    return counts


# ---------------------------------------------------------------- results


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    attempts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    step_errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    errors: list[dict] = field(default_factory=list)
    completed: set[int] = field(default_factory=set)
    rounds_done: int = 0
    export_latencies: dict[str, list[float]] = field(default_factory=dict)

    def error(self, session: int, rnd: int | None, kind: str, message: str) -> None:
        self.errors.append({"session": session, "round": rnd, "kind": kind, "message": message[:500],
                            "time": dt.datetime.now().astimezone().isoformat(timespec="seconds")})  # fmt: skip
        if kind in self.step_errors:
            self.step_errors[kind] += 1


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# ---------------------------------------------------------------- one session


@dataclass
class Config:
    url: str
    rounds: int
    step_timeout: float
    png_every: int
    seed: int
    names: dict[str, str]
    exports: tuple[str, ...] = ()


class StepFailed(Exception):
    pass


async def _clickable(page, timeout_ms: float) -> None:
    await page.locator(".yreb-city").first.wait_for(state="visible", timeout=timeout_ms)


async def _settled(page, timeout_ms: float) -> None:
    """Wait until Streamlit no longer shows its 'running' status (the rerun is done)."""
    with contextlib.suppress(Exception):
        await page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
        )


async def _timed(res: Results, step: str, coro) -> float:
    res.attempts[step] += 1
    t0 = time.monotonic()
    await coro
    elapsed = time.monotonic() - t0
    res.latencies[step].append(elapsed)
    return elapsed


async def _open(page, cfg: Config, query: str) -> None:
    await page.goto(cfg.url + query, timeout=cfg.step_timeout * 1000)
    await _clickable(page, cfg.step_timeout * 1000)


async def _pick_city(page, cfg: Config, rng: random.Random, current: str | None) -> str:
    """A random city that is really on top under its centre, waiting for one while the map redraws."""
    frame = page  # the map is in the page itself
    deadline = time.monotonic() + cfg.step_timeout
    while True:
        ids = await frame.locator(".yreb-city").evaluate_all(VISIBLE_CITIES_JS)
        ids = [i for i in ids if i != current and i in cfg.names]
        if ids:
            return rng.choice(ids)
        if time.monotonic() > deadline:
            raise StepFailed(f"no clickable city on the map within {cfg.step_timeout:.0f} s")
        await asyncio.sleep(0.25)


async def _click_city(page, cfg: Config, pid: str) -> None:
    """Click the city and wait for its panel heading."""
    # A real click at the marker's centre (the city is on top there: see _pick_city).
    timeout = cfg.step_timeout * 1000
    await page.locator(f".yreb-city-{pid}").click(timeout=timeout)
    heading = page.locator('[data-testid="stHeading"]', has_text=cfg.names[pid]).first
    # Where two markers overlap at this zoom (Huangshi and Ezhou at the default view) the map asks which one
    # was meant, as a user would see it: pick this city there.
    choice = page.locator(f'.yreb-choice[data-place$=":{pid}"]')
    await heading.or_(choice).first.wait_for(timeout=timeout)
    if await choice.count():
        await choice.click(timeout=timeout)
    await heading.wait_for(timeout=timeout)


MAGIC = {"csv": b"\xef\xbb\xbf", "png": b"\x89PNG\r\n\x1a\n", "brief": b"%PDF", "pdf": b"%PDF", "svg": b"<?xml",
         "html": b"<!DOCTYPE html>", "xlsx": b"PK\x03\x04"}  # fmt: skip


async def _export(page, cfg: Config, lang: str, fmt: str, res: Results) -> None:
    ui, timeout = UI[lang], cfg.step_timeout * 1000
    label = BY_ID[fmt].label[lang]
    extension = BY_ID[fmt].extension
    res.attempts["export"] += 1
    box = page.locator('[data-testid="stSelectbox"]', has_text=ui["format"])
    if not await box.first.is_visible():  # the export fold is built when opened (a click toggles it)
        await page.locator(".st-key-x_export_open summary").first.click(timeout=timeout)
    await box.first.wait_for(timeout=timeout)
    await _settled(page, timeout)
    # Scroll first, then open: Streamlit's select closes its list when the page scrolls under it.
    await box.first.scroll_into_view_if_needed(timeout=timeout)
    await page.wait_for_timeout(200)
    await box.get_by_role("button", name="Open").click(timeout=timeout)
    await page.get_by_role("option").filter(has_text=re.compile(rf"^{re.escape(label)}$")).click(timeout=timeout)
    await page.wait_for_function(
        "([l, v]) => [...document.querySelectorAll('input')].some(i => i.getAttribute('aria-label') === l"
        " && i.value === v)",
        arg=[ui["format"], label],
        timeout=timeout,
    )
    await _settled(page, timeout)

    async def prepare_and_download() -> None:
        await page.get_by_role("button", name=ui["go"]).click(timeout=timeout)
        # The button of this format's file (the previous format's is gone once its options no longer apply).
        button = page.locator(".st-key-x_download button", has_text=re.compile(rf"\.{extension}$"))
        await button.wait_for(timeout=timeout)
        async with page.expect_download(timeout=timeout) as info:
            await button.click(timeout=timeout)
        download = await info.value
        failure = await download.failure()
        if failure:
            raise StepFailed(f"download failed: {failure}")
        data = Path(await download.path()).read_bytes()
        name = download.suggested_filename
        # A CSV has commas near its start; every other format is well over 10 kB.
        looks_right = b"," in data[:400] if fmt == "csv" else len(data) > 10_000
        ok = name.endswith(f".{extension}") and data.startswith(MAGIC[fmt]) and looks_right
        if not ok:
            raise StepFailed(f"bad {fmt} download {name!r}: {len(data)} bytes, starts {data[:12]!r}")

    t0 = time.monotonic()
    await prepare_and_download()
    res.latencies["export"].append(time.monotonic() - t0)
    res.export_latencies.setdefault(fmt, []).append(time.monotonic() - t0)


async def run_session(idx: int, browser, cfg: Config, res: Results, start_delay: float) -> None:
    rng = random.Random(cfg.seed * 1000 + idx)
    await asyncio.sleep(start_delay)
    context = await browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    local = (cfg.url.rstrip("/"), cfg.url.replace("http", "ws").rstrip("/"), "data:", "blob:", "about:")
    state = {"round": None}

    async def route(r):
        if r.request.url.startswith(local):
            await r.continue_()
        else:
            res.error(idx, state["round"], "blocked", r.request.url)
            await r.abort()

    async def dialog(d):
        res.error(idx, state["round"], "dialog", f"{d.type}: {d.message}")
        await d.dismiss()

    try:
        await context.route("**/*", route)
        page = await context.new_page()
        page.on("dialog", dialog)
        page.on("pageerror", lambda exc: res.error(idx, state["round"], "pageerror", str(exc)))
        page.on("crash", lambda _p: res.error(idx, state["round"], "crash", "page crashed"))
        complete = True
        for rnd in range(cfg.rounds):
            state["round"] = rnd
            step = "open"
            try:
                query = rng.choice(FILTERS)
                await _timed(res, "open", _open(page, cfg, query))
                await _settled(page, cfg.step_timeout * 1000)
                step = "click"
                current = None
                for _ in range(rng.choice((2, 3))):
                    current = await _pick_city(page, cfg, rng, current)
                    await _timed(res, "click", _click_city(page, cfg, current))
                    await _settled(page, cfg.step_timeout * 1000)
                step = "filter"
                query = rng.choice([f for f in FILTERS if f != query])
                await _timed(res, "filter", _open(page, cfg, query))
                await _settled(page, cfg.step_timeout * 1000)
                step = "export"
                lang = "zh" if "lang=zh" in query else "en"
                png = cfg.png_every and idx % cfg.png_every == 0 and rnd == 0
                formats = cfg.exports or ("png" if png else "csv",)
                for fmt in formats:
                    await _export(page, cfg, lang, fmt, res)
                shown = await page.locator('[data-testid="stException"]').count()
                if shown:
                    res.error(idx, rnd, "exception", f"{shown} Streamlit exception box(es) on the page")
                res.rounds_done += 1
            except asyncio.CancelledError:
                res.error(idx, rnd, step, "cancelled at the overall deadline")
                complete = False
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of a step is recorded, the session goes on
                lines = str(exc).splitlines()
                # The first line, and the locator Playwright was waiting for (its call log's first entry).
                waiting = next((x.strip() for x in lines if x.strip().startswith("- waiting for")), "")
                message = f"{type(exc).__name__}: {lines[0] if lines else ''} {waiting}".strip()
                with contextlib.suppress(Exception):  # what the page shows instead, if Streamlit raised
                    boxes = page.locator('[data-testid="stException"]')
                    if await boxes.count():
                        shown = (await boxes.first.inner_text(timeout=5000)).strip().splitlines()
                        message += f" | page shows exception: {' '.join(shown[:2])[:200]}"
                res.error(idx, rnd, step, message)
                complete = False
        if complete:
            res.completed.add(idx)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(context.close(), 30)


# ---------------------------------------------------------------- the run


def city_names() -> dict[str, str]:
    data = json.loads((ROOT / "data" / "cities.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]: f"{f['properties']['name_en']} · {f['properties']['name_zh']}" for f in data["features"]
    }


async def drive(args, server, res: Results, mem: dict, sessions: int | None = None, first: int = 0) -> None:
    """Run ``sessions`` concurrent sessions (numbered from ``first``) until they end or the deadline."""
    from playwright.async_api import async_playwright

    n = args.sessions if sessions is None else sessions
    exports = tuple(f for f in (args.exports or "").split(",") if f)
    cfg = Config(server.url, args.rounds, args.step_timeout, args.png_every, args.seed, city_names(), exports)
    stop_sampling = asyncio.Event()

    async def sample() -> None:
        while not stop_sampling.is_set():
            rss = total_memory(server).get("VmRSS", 0)
            mem["max_sampled_kb"] = max(mem.get("max_sampled_kb", 0), rss)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop_sampling.wait(), 0.5)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sampler = asyncio.create_task(sample())
        try:
            sessions = [run_session(first + i, browser, cfg, res, args.ramp * i / max(1, n)) for i in range(n)]
            remaining = args.deadline - (time.monotonic() - mem["t_start"])
            try:
                await asyncio.wait_for(asyncio.gather(*sessions), timeout=max(1, remaining))
            except TimeoutError:
                res.error(
                    -1, None, "deadline", f"overall deadline of {args.deadline:.0f} s reached; sessions cancelled"
                )
        finally:
            stop_sampling.set()
            await sampler
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), 60)


def report(args, res: Results, mem: dict, loads: dict, server, runtime: float, tracebacks: int) -> dict:
    def mb(kb):
        return None if kb is None else round(kb / 1024, 1)

    steps = {}
    for s in STEPS:
        lat = res.latencies[s]
        steps[s] = {
            "label": STEP_LABELS[s],
            "count": res.attempts[s],
            "ok": len(lat),
            "errors": res.step_errors[s],
            **{f"p{q}": percentile(lat, q) for q in (50, 90, 99)},
            "max": max(lat) if lat else None,
        }
    processes = len(_pids(server))
    shared = all(loads[k] == processes for k in LOAD_KINDS)
    note = None
    if not any(loads.values()):
        note = "no 'yreb: loaded ...' line in the server log (is the app's load logging in place?)"
    commit = mem["commit"]
    dirty = mem["dirty"]
    by_kind: dict[str, int] = {}
    for e in res.errors:
        by_kind[e["kind"]] = by_kind.get(e["kind"], 0) + 1
    return {
        "date": mem["started"],
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "machine": {
            "cpus": os.cpu_count(),
            "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
        "config": {
            "sessions": args.sessions,
            "rounds": args.rounds,
            "step_timeout_s": args.step_timeout,
            "deadline_s": args.deadline,
            "ramp_s": args.ramp,
            "png_every": args.png_every,
            "exports": args.exports,
            "waves": mem.get("waves"),
            "seed": args.seed,
            "file_watcher": not args.no_file_watcher,
            "port": server.port,
            "url": server.url,
            "server_processes": processes,
        },
        "runtime_s": round(runtime, 1),
        "driving_s": round(mem.get("driving_s", 0), 1),
        # Completed rounds per minute of driving (sessions × rounds done / time the browsers ran).
        "rounds_per_min": round(res.rounds_done / mem["driving_s"] * 60, 2) if mem.get("driving_s") else None,
        "sessions_completed": len(res.completed),
        "rounds_completed": res.rounds_done,
        "errors": len(res.errors),
        "errors_by_kind": by_kind,
        "error_list": res.errors,
        "server_tracebacks": tracebacks,
        "steps": steps,
        "exports_by_format": {
            fmt: {"count": len(lat), "p50": percentile(lat, 50), "max": max(lat)}
            for fmt, lat in sorted(res.export_latencies.items())
        },
        "memory_mb": {
            "before_rss": mb(mem.get("before", {}).get("VmRSS")),
            "after_rss": mb(mem.get("after", {}).get("VmRSS")),
            "max_sampled_rss": mb(mem.get("max_sampled_kb")),
            "peak_hwm": mb(mem.get("after", {}).get("VmHWM")),
            # After each wave (its sessions closed, 2 s later): [sessions so far, VmRSS]; then after --settle.
            "after_waves_rss": [[n, mb(kb)] for n, kb in mem.get("after_waves", [])],
            "settled_rss": mb(mem.get("settled", {}).get("VmRSS")),
            "settle_s": args.settle,
        },
        "server_cpu_s": mem.get("cpu_s"),
        "loads": {**loads, "shared": shared, "note": note},
        "server_log": str(server.log),
    }


def print_table(r: dict) -> None:
    def sec(v):
        return "-" if v is None else f"{v:6.2f}"

    c = r["config"]
    waves = f" in waves {c['waves']}" if c.get("waves") else ""
    exports = c["exports"] or "csv/png"
    print(f"\nYREB load run: {c['sessions']} sessions{waves} x {c['rounds']} rounds, exports {exports}, "
          f"{c['server_processes']} server process(es) at {c['url']}")  # fmt: skip
    print(f"{r['date']}  commit {r['commit']}  ({r['machine']['cpus']} CPUs, {r['machine']['mem_gb']} GB)\n")
    print(f"{'step':<28}{'count':>6}{'errors':>7}{'p50 s':>8}{'p90 s':>8}{'p99 s':>8}{'max s':>8}")
    for s in r["steps"].values():
        print(
            f"{s['label']:<28}{s['count']:>6}{s['errors']:>7}{sec(s['p50']):>8}{sec(s['p90']):>8}"
            f"{sec(s['p99']):>8}{sec(s['max']):>8}"
        )
    for fmt, e in r["exports_by_format"].items():
        print(f"  export {fmt:<22}{e['count']:>6}{'':>7}{sec(e['p50']):>8}{'':>16}{sec(e['max']):>8}")
    m = r["memory_mb"]
    print(
        f"\nserver memory (MB): before {m['before_rss']}  after {m['after_rss']}  "
        f"max sampled {m['max_sampled_rss']}  peak (VmHWM) {m['peak_hwm']}   server CPU {r['server_cpu_s']} s"
    )
    if m["after_waves_rss"]:
        waves = "  ".join(f"{n} sessions: {v}" for n, v in m["after_waves_rss"])
        print(f"after each wave (MB): {waves}   settled {m['settle_s']:.0f} s later: {m['settled_rss']}")
    ld = r["loads"]
    loads = "  ".join(f"{k} {ld[k]}" for k in LOAD_KINDS)
    print(
        f"data loads in the process: {loads}   shared: {'yes' if ld['shared'] else 'NO'}"
        + (f"   ({ld['note']})" if ld["note"] else "")
    )
    print(
        f"sessions completed: {r['sessions_completed']}/{c['sessions']}   rounds completed: "
        f"{r['rounds_completed']}/{c['sessions'] * c['rounds']}   runtime {r['runtime_s']} s   "
        f"rounds per minute of driving: {r['rounds_per_min']}"
    )
    print(f"errors: {r['errors']}" + (f"  {r['errors_by_kind']}" if r["errors"] else ""))
    for e in r["error_list"][:15]:
        print(f"  session {e['session']} round {e['round']} [{e['kind']}] {e['message'][:160]}")
    if len(r["error_list"]) > 15:
        print(f"  ... and {len(r['error_list']) - 15} more (see --json)")
    print(f"server log: {r['server_log']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per session (default 3)")
    ap.add_argument("--port", type=int, default=None, help="server port (default: a free one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--step-timeout", type=float, default=120, help="seconds per step (default 120)")
    ap.add_argument("--deadline", type=float, default=1200, help="seconds for the whole run (default 1200)")
    ap.add_argument("--ramp", type=float, default=5, help="spread the session starts over this many seconds")
    ap.add_argument("--png-every", type=int, default=5, help="every n-th session exports a PNG in its first round")
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--exports", default="", help="formats each round exports, e.g. png,brief (default: csv, or png)")
    ap.add_argument("--waves", default="", help="sessions per wave, e.g. 10,10,20: waves run one after another, "
                    "memory read after each (overrides --sessions)")  # fmt: skip
    ap.add_argument("--settle", type=float, default=0, help="after the last session, wait this long and read the "
                    "memory again (closed sessions are dropped after server.disconnectedSessionTTL)")  # fmt: skip
    ap.add_argument("--url", default=None, help="drive this running server instead of starting one")
    ap.add_argument("--pids", default="", help="with --url: the server processes (comma-separated) for memory/CPU")
    ap.add_argument("--server-log", default="", help="with --url: the servers' logs (comma-separated)")
    ap.add_argument(
        "--no-file-watcher",
        action="store_true",
        help="start the server with --server.fileWatcherType none, so that source files edited during the run "
        "do not make Streamlit reload the app's modules (and its data) mid-run",
    )
    args = ap.parse_args(argv)
    waves = [int(n) for n in args.waves.split(",") if n.strip()] if args.waves else []
    if waves:
        args.sessions = sum(waves)
    unknown = [f for f in args.exports.split(",") if f and f not in MAGIC]
    if unknown:
        print(f"unknown --exports format(s) {', '.join(unknown)}; known: {', '.join(MAGIC)}", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM} (install Debian's chromium or set YREB_CHROMIUM)", file=sys.stderr)
        return 2

    t_start = time.monotonic()
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True)  # fmt: skip
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    if args.url:
        server = ExternalServer(args.url, [int(p) for p in args.pids.split(",") if p.strip()],
                                [Path(p) for p in args.server_log.split(",") if p.strip()])  # fmt: skip
    else:
        server = AppServer(args.port, extra=["--server.fileWatcherType", "none"] if args.no_file_watcher else None)
    # Last resort: if even the clean-up hangs, kill the server and leave (the process group of Chromium dies with us).
    watchdog = threading.Timer(args.deadline + 180, lambda: (server.kill(), os._exit(3)))
    watchdog.daemon = True
    watchdog.start()
    res = Results()
    mem: dict = {"t_start": t_start, "commit": git, "dirty": dirty, "started": started}
    try:
        mem["before"] = total_memory(server)
        cpu0 = total_cpu(server)
        t_drive = time.monotonic()
        if waves:
            mem["waves"], mem["after_waves"], done = waves, [], 0
            for n in waves:
                asyncio.run(drive(args, server, res, mem, sessions=n, first=done))
                done += n
                time.sleep(2)  # let the server notice the closed sessions
                mem["after_waves"].append((done, total_memory(server).get("VmRSS")))
        else:
            asyncio.run(drive(args, server, res, mem))
            time.sleep(2)  # let the server notice the closed sessions
        mem["driving_s"] = time.monotonic() - t_drive
        mem["after"] = total_memory(server)
        cpu1 = total_cpu(server)
        mem["cpu_s"] = round(cpu1 - cpu0, 1) if cpu0 is not None and cpu1 is not None else None
        if args.settle:
            time.sleep(args.settle)
            mem["settled"] = total_memory(server)
        if server.proc is not None and server.proc.poll() is not None:
            res.error(-1, None, "server", f"the server exited with {server.proc.returncode}")
    finally:
        server.stop()
        watchdog.cancel()
    log_text = server.log_text() if isinstance(server, ExternalServer) else server.log.read_text(errors="replace")
    tracebacks = log_text.count("Traceback (most recent call last)")
    if tracebacks:
        res.error(-1, None, "server", f"{tracebacks} Python traceback(s) in the server log {server.log}")
    loads = count_loads(log_text)
    r = report(args, res, mem, loads, server, time.monotonic() - t_start, tracebacks)
    print_table(r)
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if r["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
