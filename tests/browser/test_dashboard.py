"""What only a browser shows: the map draws offline, a click reaches Python, nothing injected runs."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import AppServer, Guarded, hover_each
from tests.conftest import ROOT, TEST_DATA

pytestmark = pytest.mark.browser


def layer_count(g, key: str) -> int:
    js = f"() => {{ const c = document.querySelector('.yreb-map-root').__yrebMap; const e = c && c.layers[{key!r}];"
    return g.page.evaluate(js + " return e ? e.layer.getLayers().length : -1; }")


def test_default_page_draws_reaches_river_and_every_city_offline(guarded, app_server):
    g = guarded.open(app_server.url)
    m = g.map()
    assert g.page.locator("iframe").count() == 0  # the map is in the page itself
    assert m.locator(".yreb-city").count() >= 130
    g.page.wait_for_function("() => true")
    for key, minimum in (("reaches", 3), ("provinces", 11), ("rivers", 1), ("land", 1)):
        g.page.wait_for_timeout(200)
        assert layer_count(g, key) >= minimum, key
    assert m.locator(".leaflet-pane canvas").count() >= 3  # polygons and lines are drawn on canvases
    assert g.blocked == [], g.blocked
    assert g.dialogs == []
    if os.environ.get("YREB_UPDATE_SCREENSHOT"):
        g.click_place("wuxi")
        g.page.get_by_text("Wuxi · 无锡市").wait_for()
        g.page.wait_for_timeout(1500)
        g.page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))


def test_click_on_wuxi_shows_its_panel(guarded, app_server):
    g = guarded.open(app_server.url)
    g.click_place("wuxi")
    page = g.page
    page.get_by_text("Wuxi · 无锡市").wait_for(timeout=30_000)
    panel = page.locator(".st-key-yreb_panel")
    # A summary first, naming its own measure; then that measure's card; inherited groups folded to one line.
    headline = panel.get_by_text("Named in 1 measure (Energy-saving").first
    assert headline.is_visible() and "belt-wide measures" in headline.inner_text()
    own = panel.get_by_text("Energy-saving and environmental-protection equipment clusters")
    assert own.nth(1).is_visible()  # the card below the headline
    assert panel.get_by_text("Role: Industry cluster — Wuxi").first.is_visible()  # labels, not ids
    assert "(wuxi)" not in panel.inner_text() and "(yreb)" not in panel.inner_text()
    assert not panel.get_by_text("Intelligent and service-oriented manufacturing").first.is_visible()
    panel.get_by_text("Through its reach (1)").click()  # a folded group opens on demand
    panel.get_by_text("Intelligent and service-oriented manufacturing").first.wait_for(timeout=30_000)
    assert panel.get_by_text("Belt-wide (8)").first.is_visible()
    assert "place=wuxi" in page.url
    assert g.blocked == [] and g.dialogs == []


def test_upper_reach_link_hides_wuxi_and_shows_chengdu(guarded, app_server):
    g = guarded.open(app_server.url + "?reach=upper")
    g.page.wait_for_timeout(1000)
    assert g.map().locator(".yreb-city-chengdu").count() == 1
    assert g.map().locator(".yreb-city-wuxi").count() == 0


def test_chinese_link_shows_chinese_labels(guarded, app_server):
    g = guarded.open(app_server.url + "?lang=zh&place=wuxi")
    page = g.page
    page.get_by_text("长江经济带工业绿色发展").first.wait_for()
    assert page.get_by_text("筛选").first.is_visible()
    page.get_by_text("无锡市").filter(visible=True).first.wait_for()
    legend = g.map().locator(".yreb-legend-toggle")
    assert legend.inner_text() == "图例"
    box = g.map().locator(".yreb-legend")
    assert box.get_by_text("上游").is_visible()  # the legend is open by default
    assert box.get_by_text("产业集聚区").is_visible()


@pytest.fixture(scope="module")
def hostile_server(hostile_catalogue_path):
    server = AppServer({"YREB_MEASURES": str(hostile_catalogue_path)})
    yield server
    server.stop()


def test_hostile_catalogue_renders_as_text_and_runs_nothing(browser, hostile_server):
    from tests.payloads import PAYLOADS

    g = Guarded(browser, hostile_server.url)
    try:
        g.open(hostile_server.url + "?place=wuxi")
        page = g.page
        page.get_by_text("Wuxi · 无锡市").wait_for(timeout=30_000)
        # Hover every role symbol so Leaflet inserts each tooltip (where injected HTML would run).
        page.locator(".yreb-role").first.wait_for(timeout=30_000)
        tooltip_text = hover_each(page, ".yreb-role")
        g.click_place("wuxi")
        page.wait_for_timeout(1500)
        body = page.locator("body").inner_text()
        literal = [p for p in PAYLOADS if p.split(" ")[0] in body]
        assert len(literal) >= 3, "payloads should be shown as literal text"
        assert "<img src=x onerror=alert('img')>" in body or "<script>alert('script')</script>" in body
        assert any("alert(" in text for text in tooltip_text), tooltip_text
        assert g.dialogs == [], g.dialogs
        assert g.blocked == [], g.blocked
    finally:
        g.close()


def test_broken_catalogue_shows_its_errors(browser):
    bad = TEST_DATA / "bad_catalogues" / "duplicate_key.yaml"
    server = AppServer({"YREB_MEASURES": str(bad)})
    g = Guarded(browser, server.url)
    try:
        g.page.goto(server.url)
        g.page.get_by_text("duplicate key 'category'").wait_for(timeout=30_000)
        assert g.page.get_by_text(f"{bad}:15: measures[0].category").first.is_visible()
        assert g.dialogs == []
    finally:
        g.close()
        server.stop()
