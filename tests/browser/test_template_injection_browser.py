"""Template injection in a real browser: the live map and the standalone HTML show ``seven{{7*7}}`` as typed.

The app runs on a catalogue and a facilities file whose every text carries the payloads of tests/ssti.py;
the marker folder an evaluated payload would create must not exist afterwards.
"""

from __future__ import annotations

import pytest

from exports import SnapshotOptions, export
from geo.dataset import load_dataset
from geo.facilities import load_facilities
from geo.filters import FilterSpec
from tests.browser.conftest import AppServer, Guarded, open_file
from tests.browser.test_hostile_browser import hover_every_role
from tests.ssti import EVALUATED, LITERAL, marker_path, ssti_catalogue, ssti_facilities

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ssti-browser")
    return ssti_catalogue(folder / "measures.yaml"), ssti_facilities(folder / "facilities.csv")


def test_live_map_panel_and_tooltips(browser, inputs):
    catalogue, facilities = inputs
    server = AppServer({"YREB_MEASURES": str(catalogue), "YREB_FACILITIES": str(facilities)})
    g = Guarded(browser, server.url)
    try:
        g.open(server.url + "?place=wuxi", wait_city="wuxi")
        g.page.get_by_text("Wuxi · 无锡市").first.wait_for(timeout=30_000)
        tooltips = hover_every_role(g.page)
        assert any(LITERAL in text for text in tooltips), tooltips
        body = g.page.locator("body").inner_text()
        assert LITERAL in body and EVALUATED not in body
        assert not any(EVALUATED in text for text in tooltips)
        assert g.dialogs == [] and g.blocked == []
        assert not marker_path().exists()
        assert "TemplateSyntaxError" not in server.log.read_text()
    finally:
        g.close()
        server.stop()


def test_standalone_html(browser, inputs, real_basemap, tmp_path):
    catalogue, facilities = inputs
    data = load_dataset(catalogue)
    fac = load_facilities(facilities, data.places)
    payload, _, _ = export("html", data, *real_basemap, FilterSpec(), SnapshotOptions(title=LITERAL), facilities=fac)
    path = tmp_path / "ssti.html"
    path.write_bytes(payload)
    context, page, blocked, dialogs = open_file(browser, path)
    try:
        page.locator(".yreb-city-wuxi").wait_for(timeout=30_000)
        tooltips = hover_every_role(page)
        assert any(LITERAL in text for text in tooltips), tooltips
        assert page.title() == LITERAL
        assert blocked == [] and dialogs == []
        assert not marker_path().exists()
    finally:
        context.close()
