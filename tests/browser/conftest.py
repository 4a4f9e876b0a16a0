"""Real-browser fixtures: a Streamlit server per catalogue, and Debian's Chromium driven by Playwright.

Every request to a host other than the app's is aborted and recorded, and every JavaScript dialog
is recorded and dismissed, so a test can assert that the page is offline-clean and that nothing
injected ran. A missing Chromium fails these tests (it does not skip them): ./test.sh installs it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("YREB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A `streamlit run app.py` process on a free localhost port."""

    def __init__(self, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"yreb-streamlit-{self.port}.log"
        full_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
        self._log = self.log.open("w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited; see {self.log}:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(self.url + "_stcore/health", timeout=2).read() == b"ok":
                    return
            time.sleep(0.3)
        raise RuntimeError(f"streamlit did not become healthy; see {self.log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@pytest.fixture(scope="session")
def app_server():
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (./test.sh does) "
                    "or set YREB_CHROMIUM")  # fmt: skip
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Guarded:
    """A page whose off-origin requests are aborted and whose dialogs are recorded."""

    def __init__(self, browser, origin: str, viewport: tuple[int, int] = (1500, 1100)):
        width, height = viewport
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        local = (origin.rstrip("/"), origin.replace("http", "ws").rstrip("/"), "data:", "blob:", "about:")

        def route(r):
            if r.request.url.startswith(local):
                return r.continue_()
            self.blocked.append(r.request.url)
            return r.abort()

        def dialog(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        self.context.route("**/*", route)
        self.page.on("dialog", dialog)

    def map(self):
        """The map is part of the page itself (a Streamlit v2 component, no iframe)."""
        return self.page

    def open(self, url: str, wait_city: str | None = "chengdu"):
        self.page.goto(url)
        if wait_city:
            self.page.locator(f".yreb-city-{wait_city}").wait_for(timeout=60_000)
        return self

    def click_place(self, pid: str) -> None:
        """A real pointer click at the centre of a city marker (no forced click: whatever a person's click
        would hit there receives it)."""
        click_centre(self.page, f".yreb-city-{pid}")

    def close(self):
        self.context.close()


@pytest.fixture
def guarded(browser, app_server):
    g = Guarded(browser, app_server.url)
    yield g
    g.close()


def centre_of(page, selector: str) -> tuple[float, float]:
    """The centre of an element, scrolled into view, in page coordinates for the mouse."""
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def click_centre(page, selector: str) -> None:
    """Move the mouse to an element's centre and click there, as a person would."""
    x, y = centre_of(page, selector)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def hover_each(page, selector: str, limit: int = 60) -> list[str]:
    """Move the mouse over each matching element's centre; return the tooltip texts that appeared."""
    shown: list[str] = []
    elements = page.locator(selector)
    for i in range(min(elements.count(), limit)):
        box = elements.nth(i).bounding_box()
        if box is None:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(30)
        shown += page.locator(".leaflet-tooltip").all_inner_texts()
    return shown


def open_file(browser, path):
    """A page on a file:// URL whose every non-file request is aborted and recorded, dialogs recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    blocked, dialogs = [], []

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:", "about:")):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    def dialog(d):
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("dialog", dialog)
    page.goto(path.as_uri())
    return context, page, blocked, dialogs


def choose_export_format(page, label: str) -> None:
    """Open the export fold (built when opened) and choose the format shown as exactly ``label``."""
    page.locator(".st-key-x_export_open summary").click()
    select = page.locator('[data-testid="stSelectbox"]', has_text="Format")
    select.wait_for()
    select.scroll_into_view_if_needed()  # Streamlit's select closes its list if the page scrolls under it
    page.wait_for_timeout(300)
    select.get_by_role("button", name="Open").click()
    page.get_by_role("option").filter(has_text=re.compile(rf"^{re.escape(label)}$")).click()
    page.wait_for_function("(v) => [...document.querySelectorAll('input[aria-label=Format]')].some(i => i.value === v)",
                           arg=label)  # fmt: skip
