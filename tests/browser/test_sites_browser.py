"""Listed sites in a real browser (network cut to the app's host): parks by name in the panel, a click on a
zone, the zone-industry filter, and a hostile park name that stays text."""

from __future__ import annotations

import csv
import shutil

import pytest

from tests.browser.conftest import AppServer, Guarded, click_centre, hover_each
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHEMICAL_WORDS = ("化工", "石化", "化学")
HOSTILE_PARK = "<img src=x onerror=alert('park')>苏州工业园区{{7*7}} [x](javascript:alert(1)) $x^2$"

# Features of a site layer as the page draws them: the layer must be on the map.
DRAWN = """(key) => {
  const c = document.querySelector('.yreb-map-root').__yrebMap;
  const e = c && c.layers[key];
  if (!e || !c.map.hasLayer(e.layer)) { return null; }
  return e.layer.getLayers().map((l) => l.feature.properties);
}"""

# A zone whose drawn circle is what a pointer at its centre would hit (not covered by a marker): its id and
# its centre in page coordinates.
FREE_ZONE = """() => {
  const c = document.querySelector('.yreb-map-root').__yrebMap;
  const e = c.layers['site-zone-national'];
  const rect = c.map.getContainer().getBoundingClientRect();
  for (const l of e.layer.getLayers()) {
    const p = l._point && c.map.layerPointToContainerPoint(l._point);
    if (!p || p.x < 60 || p.y < 60 || p.x > rect.width - 60 || p.y > rect.height - 60) { continue; }
    const x = rect.left + p.x, y = rect.top + p.y;
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit.tagName !== 'CANVAS') { continue; }
    let others = 0;  // no other circle of any site layer within 6 px
    for (const key of Object.keys(c.layers)) {
      if (!key.startsWith('site-')) { continue; }
      c.layers[key].layer.eachLayer((o) => {
        if (o !== l && o._point && o._point.distanceTo(l._point) < 6 + (o.options.radius || 0)) { others += 1; }
      });
    }
    if (!others) { return {id: l.feature.properties.id, place: l.feature.properties.place, x: x, y: y}; }
  }
  return null;
}"""


def wait_drawn(page, key: str) -> list[dict]:
    page.wait_for_function(f"() => ({DRAWN})({key!r}) && ({DRAWN})({key!r}).length > 0", timeout=30_000)
    return page.evaluate(DRAWN, key)


def test_click_on_a_city_with_parks_shows_them_by_name(guarded, app_server):
    g = guarded.open(app_server.url, wait_city="suzhou-jiangsu")
    wait_drawn(g.page, "site-park")
    g.click_place("suzhou-jiangsu")
    panel = g.page.locator(".st-key-yreb_panel")
    panel.get_by_text("Suzhou · 苏州市").wait_for(timeout=30_000)
    panel.get_by_text("苏州工业园区").first.wait_for(timeout=30_000)
    text = panel.inner_text()
    assert "Listed here" in text and "Green industrial parks" in text
    assert "张家港经济技术开发区" in text  # a park of one of its counties
    assert g.blocked == [] and g.dialogs == []


def test_a_real_click_on_a_zone_selects_its_place_and_names_it_first(guarded, app_server):
    g = guarded.open(app_server.url)
    wait_drawn(g.page, "site-zone-national")
    zone = g.page.evaluate(FREE_ZONE)
    assert zone, "no national zone free to click"
    g.page.mouse.move(zone["x"], zone["y"])
    g.page.mouse.click(zone["x"], zone["y"])
    panel = g.page.locator(".st-key-yreb_panel")
    panel.get_by_text("Selected on the map").wait_for(timeout=30_000)
    selected = g.page.evaluate("() => document.querySelector('.yreb-map-root').__yrebMap.selectionKey")
    assert selected == f"prefecture:{zone['place']}", (selected, zone)


def test_chemicals_filter_leaves_only_chemical_zones(guarded, app_server):
    g = guarded.open(app_server.url + "?zone_industry=chemicals")
    drawn = wait_drawn(g.page, "site-zone-national") + wait_drawn(g.page, "site-zone-provincial")
    assert len(drawn) > 100
    for props in drawn:
        name, detail = props["tip"].split("\n")[:2]
        assert any(w in name or w in detail for w in CHEMICAL_WORDS), props["tip"]
    # the filter is in the address bar and the sidebar
    assert "zone_industry=chemicals" in g.page.url
    assert g.page.get_by_text("Chemicals and petrochemicals").count() >= 1


@pytest.fixture
def hostile_sites(tmp_path):
    rows = list(csv.DictReader((ROOT / "data" / "sites.csv").open(encoding="utf-8", newline="")))
    for row in rows:
        if row["id"] == "park-1-7":
            row["name"] = HOSTILE_PARK
    with (tmp_path / "sites.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(ROOT / "data" / "site_sources.csv", tmp_path / "site_sources.csv")
    return tmp_path


def test_hostile_park_name_shows_as_text(browser, hostile_sites):
    server = AppServer({"YREB_SITES": str(hostile_sites)})
    g = Guarded(browser, server.url)
    try:
        g.open(server.url, wait_city="suzhou-jiangsu")
        page = g.page
        parks = wait_drawn(page, "site-park")
        assert HOSTILE_PARK in {p["tip"].split(" · ")[0] for p in parks}
        # find-a-place lists it as text; choosing it flies to Suzhou, where the park stands clear of Wuxi
        page.locator(".yreb-search-input").fill("苏州工业园区{{7")
        page.locator(".yreb-search-item").first.wait_for(timeout=10_000)
        assert HOSTILE_PARK in page.locator(".yreb-search-list").inner_text()
        page.keyboard.press("Enter")
        page.wait_for_timeout(1200)  # the fly-to animation
        # its tooltip on the map (Leaflet inserts tooltips into the page: where an injection would run)
        tips = hover_each(page, '[data-site="park-1-7"]')
        assert any(HOSTILE_PARK in t for t in tips), tips
        # the panel, after a real click on the park itself
        click_centre(page, '[data-site="park-1-7"]')
        panel = page.locator(".st-key-yreb_panel")
        panel.get_by_text("Selected on the map").wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert HOSTILE_PARK.replace("  ", " ") in panel.inner_text()
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert g.dialogs == [] and g.blocked == []
    finally:
        g.close()
        server.stop()
