"""Exports in a real browser: the standalone HTML opens offline; the app's export panel downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports import SnapshotOptions, export
from geo.filters import FilterSpec
from tests.browser.conftest import Guarded, centre_of, choose_export_format, hover_each, open_file

pytestmark = pytest.mark.browser


def test_standalone_html_draws_the_filtered_cities_offline(browser, real_data, real_basemap, tmp_path):
    spec = FilterSpec(reaches=frozenset({"upper"}))
    payload, _, _ = export("html", real_data, real_basemap[0], real_basemap[1], spec, SnapshotOptions())
    path = tmp_path / "view.html"
    path.write_bytes(payload)
    context, page, blocked, dialogs = open_file(browser, path)
    try:
        page.locator(".yreb-city-chengdu").wait_for(timeout=30_000)
        expected = {p.id for p in real_data.places.by_key.values() if p.level in ("prefecture",) and p.reach == "upper"}
        drawn = set(
            page.eval_on_selector_all(
                ".yreb-city", "els => els.map(e => [...e.classList].find(c => c.startsWith('yreb-city-')))"
            )
        )
        assert {f"yreb-city-{pid}" for pid in expected} <= drawn
        assert page.locator(".yreb-city-wuxi").count() == 0
        page.wait_for_function("() => window.yrebController.layers.reaches.layer.getLayers().length === 3")
        x, y = centre_of(page, ".yreb-city-chengdu")
        page.mouse.move(x, y)
        page.locator(".leaflet-tooltip").wait_for()
        assert "Chengdu" in page.locator(".leaflet-tooltip").inner_text()
        assert blocked == [] and dialogs == []
    finally:
        context.close()


def test_standalone_html_of_a_hostile_catalogue_runs_nothing(browser, hostile_catalogue_path, real_basemap, tmp_path):
    from geo.dataset import load_dataset

    data = load_dataset(hostile_catalogue_path)
    payload, _, _ = export("html", data, real_basemap[0], real_basemap[1], FilterSpec(), SnapshotOptions())
    path = tmp_path / "hostile.html"
    path.write_bytes(payload)
    context, page, blocked, dialogs = open_file(browser, path)
    try:
        page.locator(".yreb-city-wuxi").wait_for(timeout=30_000)
        shown = hover_each(page, ".yreb-role")
        assert any("alert(" in text for text in shown)
        page.wait_for_timeout(500)
        assert dialogs == [] and blocked == []
    finally:
        context.close()


def test_export_panel_downloads_a_brief(browser, app_server):
    g = Guarded(browser, app_server.url)
    try:
        page = g.open(app_server.url + "?reach=upper&category=solid_waste").page
        choose_export_format(page, "A4 brief (PDF)")
        page.get_by_role("button", name="Prepare export").click()
        button = page.get_by_role("button", name="Download yreb-brief")
        button.wait_for(timeout=60_000)
        with page.expect_download() as info:
            button.click()
        download = info.value
        data = Path(download.path()).read_bytes()
        assert download.suggested_filename.endswith(".pdf") and data.startswith(b"%PDF")
        assert g.blocked == [] and g.dialogs == []
    finally:
        g.close()
