"""Uploading a catalogue in a real browser: accepted, rejected, and invisible to another session."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Guarded
from tests.conftest import TEST_DATA

pytestmark = pytest.mark.browser


def catalogue_input(page):
    """The catalogue uploader's file input (the facilities panel has one too)."""
    return page.locator('[data-testid="stExpander"]', has_text="Your catalogue").locator('input[type="file"]')


def upload(page, path):
    page.locator('[data-testid="stExpander"]', has_text="Your catalogue").locator("summary").click()
    catalogue_input(page).set_input_files(str(path))


def test_upload_accept_reject_and_session_isolation(browser, app_server, real_data):
    a = Guarded(browser, app_server.url)
    b = Guarded(browser, app_server.url)
    try:
        page = a.open(app_server.url).page
        upload(page, TEST_DATA / "catalogue_valid.yaml")
        page.get_by_text("In use: catalogue_valid.yaml").wait_for(timeout=30_000)
        page.get_by_text("6 measures").first.wait_for()
        # Pengzhou is drawn: the test catalogue names it.
        a.map().locator(".yreb-city-pengzhou").wait_for(timeout=30_000)
        # A broken file is rejected with its problems; the session keeps its catalogue.
        catalogue_input(page).set_input_files(str(TEST_DATA / "bad_catalogues" / "unknown_place.yaml"))
        page.get_by_text("The upload was rejected").wait_for(timeout=30_000)
        report = page.locator('[data-testid="stExpander"]', has_text="Your catalogue").locator("code")
        assert "did you mean wuxi" in report.inner_text()
        assert page.get_by_text("In use: catalogue_valid.yaml").is_visible()
        # Session B never sees session A's catalogue.
        other = b.open(app_server.url).page
        other.locator('[data-testid="stExpander"]', has_text="Your catalogue").locator("summary").click()
        other.get_by_text("In use: the built-in catalogue").wait_for(timeout=30_000)
        assert other.get_by_text(f"{len(real_data.catalogue.measures)} measures").first.is_visible()
        assert a.dialogs == [] and b.dialogs == [] and a.blocked == [] and b.blocked == []
    finally:
        a.close()
        b.close()
