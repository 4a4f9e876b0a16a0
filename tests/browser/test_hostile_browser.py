"""Accepted hostile catalogues in a real browser: tooltips and panel show the text, nothing runs, nothing leaves.

Each case starts its own app on the catalogue (YREB_MEASURES), opens ?place=wuxi, hovers every role symbol
(Leaflet inserts tooltips as HTML: where an injection would run), then checks the recorded dialogs and
off-origin requests. The standalone HTML export of the same catalogue is opened from file:// too.
"""

from __future__ import annotations

import pytest
import yaml

from exports import SnapshotOptions, export
from geo.dataset import dataset_from_bytes
from geo.filters import FilterSpec
from geo.places import load_places
from tests.browser.conftest import AppServer, Guarded, hover_each, open_file
from tests.conftest import ROOT, TEST_DATA

pytestmark = pytest.mark.browser

HOSTILE = TEST_DATA / "hostile"
CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
# Representative accepted cases: server-side template injection, everything at once, template-literal escapes,
# a closing </script>, and invisible bidi characters.
BROWSER_CASES = ("accept_title_ssti.yaml", "accept_kitchen_sink.yaml", "accept_title_backslash_backtick.yaml",
                 "accept_title_script_close.yaml", "accept_rtl_zero_width.yaml")  # fmt: skip


def fragment_of(name: str) -> str:
    return next(c["fragment"] for c in CASES if c["file"] == name)


def hover_every_role(page) -> list[str]:
    """Move the pointer over each role symbol so its tooltip is inserted; return the tooltip texts seen."""
    page.locator(".yreb-role").first.wait_for(timeout=30_000)
    return hover_each(page, ".yreb-role")


@pytest.mark.parametrize("name", BROWSER_CASES)
def test_hostile_catalogue_in_the_app(browser, name):
    fragment = fragment_of(name)
    server = AppServer({"YREB_MEASURES": str(HOSTILE / name)})
    g = Guarded(browser, server.url)
    try:
        g.open(server.url + "?place=wuxi", wait_city="wuxi")
        page = g.page
        page.get_by_text("Wuxi · 无锡市").first.wait_for(timeout=30_000)
        tooltips = hover_every_role(g.map())
        assert tooltips, "no role tooltip appeared"
        # The title is in the Wuxi tooltip and, with every other text, in the panel: as text, not markup.
        assert any(fragment in text for text in tooltips), tooltips
        page.wait_for_timeout(500)
        body = page.locator("body").inner_text()
        assert fragment in body
        assert g.dialogs == [], g.dialogs
        assert g.blocked == [], g.blocked
    finally:
        g.close()
        server.stop()


@pytest.mark.parametrize("name", BROWSER_CASES[:3])
def test_hostile_standalone_html_runs_nothing(browser, name, real_basemap, tmp_path):
    data = dataset_from_bytes((HOSTILE / name).read_bytes(), name, load_places(ROOT / "data"))
    payload, _, _ = export("html", data, *real_basemap, FilterSpec(), SnapshotOptions(selected=("prefecture", "wuxi")))
    path = tmp_path / "hostile.html"
    path.write_bytes(payload)
    context, page, blocked, dialogs = open_file(browser, path)
    try:
        page.locator(".yreb-city-wuxi").wait_for(timeout=30_000)
        tooltips = hover_every_role(page)
        assert any(fragment_of(name) in text for text in tooltips), tooltips
        page.wait_for_timeout(500)
        assert dialogs == [], dialogs
        assert blocked == [], blocked
    finally:
        context.close()
