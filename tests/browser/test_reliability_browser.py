"""What only a running server shows: an export survives the page rerunning under it, and the generated files
the page fetches heal themselves when they are deleted or truncated under the server."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from exports.registry import FORMATS
from tests.browser.conftest import Guarded
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _rerun_page(page) -> None:
    """A whole-page rerun that changes no export option: the sidebar's catalogue fold is opened or closed."""
    page.locator('[data-testid="stExpander"]', has_text="Your catalogue").locator("summary").click()


def test_an_export_survives_reruns_while_it_renders(browser, app_server):
    g = Guarded(browser, app_server.url)
    try:
        page = g.open(app_server.url + "?reach=upper").page
        page.locator(".st-key-x_export_open summary").click()  # the fold is built when opened
        all_formats = page.get_by_role("button", name="All formats (ZIP)")
        all_formats.wait_for(timeout=30_000)
        all_formats.click()
        # While the zip renders (its progress bar is on the page), the page reruns twice.
        progress = page.locator('[data-testid="stProgress"]')
        progress.wait_for(timeout=30_000)
        _rerun_page(page)
        page.locator('[data-testid="stExpander"]', has_text="Your catalogue").get_by_text("In use:").wait_for()
        _rerun_page(page)
        button = page.get_by_role("button", name="Download yreb-export-")
        button.wait_for(timeout=120_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        data = Path(download.path()).read_bytes()
        assert download.suggested_filename.endswith(".zip")
        assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == len(FORMATS)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert g.blocked == [] and g.dialogs == []
    finally:
        g.close()


def _static_requests(page) -> list[str]:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('/app/static/'))"
    )


def test_generated_files_deleted_or_truncated_under_the_server_are_healed(browser, app_server):
    first = Guarded(browser, app_server.url)
    try:
        first.open(app_server.url)
        urls = _static_requests(first.page)
    finally:
        first.close()
    files = sorted({ROOT / "static" / u.split("/app/static/", 1)[1].split("?")[0] for u in urls})
    generated = [f for f in files if f.parent.name == "gen"]
    runtime = [f for f in files if f.name.startswith("map-") and f.suffix == ".js"]
    assert generated and runtime, urls
    before = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    # Half of the page's layer files are deleted, the others and the map runtime truncated.
    for i, path in enumerate(generated):
        if i % 2:
            path.write_bytes(path.read_bytes()[:100])
        else:
            path.unlink()
    runtime[0].write_bytes(b"")
    second = Guarded(browser, app_server.url)
    try:
        second.open(app_server.url)  # waits for a city marker: the map is drawn
        second.click_place("wuxi")
        second.page.get_by_role("heading", name="Wuxi").first.wait_for(timeout=30_000)
        assert second.blocked == [] and second.dialogs == []
    finally:
        second.close()
    for path, digest in before.items():
        assert path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
