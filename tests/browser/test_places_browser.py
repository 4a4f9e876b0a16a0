"""The right place, every click (issue 13): real pointer clicks on every city at 1440×900, the first click at
1280×720, find-a-place, labels that never overlap, a legend of exactly what is drawn, filters that move the map.

The 1440×900 tests share one page (opening it is the slow part): the read-only checks run first, then the
click loop, which records what the map would send to Python instead of rerunning the app 132 times (one
click at the end goes the whole way to the panel).
"""

from __future__ import annotations

import pytest

from geo.filters import FilterSpec
from geo.places import POINT_LEVELS
from present.scene import drawn_places, visible_places
from tests.browser.conftest import Guarded

pytestmark = pytest.mark.browser

CONTROLLER = "document.querySelector('.yreb-map-root').__yrebMap"

# Page coordinates of geographic points on the map as it is drawn now.
TO_PAGE = f"""(points) => {{
  const c = {CONTROLLER}, box = c.map.getContainer().getBoundingClientRect();
  return points.map(([lat, lon]) => {{ const p = c.map.latLngToContainerPoint([lat, lon]);
    return [box.left + p.x, box.top + p.y]; }});
}}"""

# (Leaflet's methods return the map: never hand that back to Python, serialising it takes seconds.)
SET_VIEW = f"([c, z]) => {{ {CONTROLLER}.map.setView(c, z, {{animate: false}}); }}"
# From here on, what a click would send to Python is recorded in window.__yrebSent instead.
RECORD = """() => {
  const root = document.querySelector('.yreb-map-root');
  window.__yrebRealHooks = root.__yrebHooks;
  window.__yrebSent = [];
  const recorder = { setTriggerValue: (k, v) => window.__yrebSent.push(v), setStateValue: () => {} };
  Object.defineProperty(root, '__yrebHooks', { configurable: true, get: () => recorder, set: () => {} });
}"""
STOP_RECORDING = """() => {
  const root = document.querySelector('.yreb-map-root');
  delete root.__yrebHooks;
  root.__yrebHooks = window.__yrebRealHooks;
}"""
# What the last click sent, and the choices of a chooser if one opened.
AFTER_CLICK = """() => {
  const sent = window.__yrebSent.map((p) => p.level + ':' + p.id);
  window.__yrebSent = [];
  const box = document.querySelector('.yreb-chooser');
  return { sent, choices: box ? [...box.querySelectorAll('.yreb-choice')].map((b) => b.dataset.place) : null };
}"""


@pytest.fixture(scope="module")
def default_view(browser, app_server):
    """The app at 1440×900, as a new user opens it (shared by the read-only tests and the click loop)."""
    g = Guarded(browser, app_server.url, viewport=(1440, 900))
    g.open(app_server.url)
    g.page.wait_for_function(f"() => {CONTROLLER}.layers.rivers && {CONTROLLER}.layers.rivers.layer.getLayers().length")
    g.page.wait_for_timeout(300)
    yield g
    g.close()


# The drawn extent of every label's text (a Range: the glyph run itself, whatever box holds it) and every dot.
LABELS_AND_DOTS = """() => {
  const rect = (r) => [r.left, r.top, r.right, r.bottom];
  const labels = [...document.querySelectorAll('.yreb-label-text')].map((t) => {
    const range = document.createRange();
    range.selectNodeContents(t);
    return [t.textContent, rect(range.getBoundingClientRect())];
  });
  const dots = [...document.querySelectorAll('.yreb-city .yreb-dot')].map((d) => rect(d.getBoundingClientRect()));
  return { labels, dots };
}"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_clashes(page) -> tuple[list[str], list, list]:
    drawn = page.evaluate(LABELS_AND_DOTS)
    labels, dots = drawn["labels"], drawn["dots"]
    each_other = [(a, b) for i, (a, ra) in enumerate(labels) for b, rb in labels[:i] if overlap(ra, rb)]
    on_dots = [text for text, r in labels if any(overlap(r, d) for d in dots)]
    return [text for text, _ in labels], each_other, on_dots


def test_labels_never_overlap_each_other_or_a_marker(default_view):
    page = default_view.page
    texts, each_other, on_dots = label_clashes(page)
    # The provincial capitals and the places the catalogue names are labelled at the default zoom.
    assert {"Wuhan", "Changsha", "Chengdu", "Kunming", "Chongqing"} <= set(texts), texts
    assert each_other == [] and on_dots == []
    # Zoomed in on the crowded delta, more places are labelled, still apart.
    view = page.evaluate(f"() => [{CONTROLLER}.map.getCenter(), {CONTROLLER}.map.getZoom()]")
    try:
        page.evaluate(f"() => {{ {CONTROLLER}.map.setView([31.4, 119.8], 7.5, {{animate: false}}); }}")
        page.wait_for_timeout(100)
        more, each_other, on_dots = label_clashes(page)
        assert len(more) >= 15 and {"Wuxi", "Nanjing"} <= set(more), more
        assert each_other == [] and on_dots == []
    finally:
        page.evaluate(SET_VIEW, view)


def test_labels_follow_the_language(browser, app_server):
    g = Guarded(browser, app_server.url, viewport=(1440, 900))
    try:
        page = g.open(app_server.url + "?lang=zh").page
        page.wait_for_function(f"() => {CONTROLLER}.cities.chengdu.props.name === '成都市'")
        page.wait_for_timeout(300)
        texts, each_other, on_dots = label_clashes(page)
        # The capitals keep their labels in Chinese too (a named county beside one must not take its place).
        assert {"武汉市", "长沙市", "成都市", "昆明市", "重庆市"} <= set(texts), texts
        assert each_other == [] and on_dots == []
        assert not any(text.isascii() for text in texts), texts
    finally:
        g.close()


def test_legend_lists_exactly_the_drawn_styles(default_view):
    page = default_view.page
    drawn = page.evaluate(f"() => {CONTROLLER}.drawnStyles()")
    rows = page.locator(".yreb-legend-row").filter(visible=True)
    listed = rows.evaluate_all("rows => rows.map((r) => r.dataset.style)")
    assert sorted(listed) == drawn
    assert {"reach-upper", "city", "province", "river"} <= set(drawn)
    assert page.locator(".yreb-legend-body").is_visible()  # open by default
    assert all(r.strip() for r in rows.all_inner_texts())


def test_a_click_on_each_of_the_132_places_selects_it(default_view, real_data):
    page = default_view.page
    places = drawn_places(real_data)
    assert sum(p.level == "prefecture" for p in places) == 130
    assert {p.level for p in places} <= set(POINT_LEVELS)
    on_map = set(page.evaluate(f"() => Object.keys({CONTROLLER}.cities)"))
    assert {p.id for p in places} == on_map
    points = real_data.places.cities.geometry
    centre = page.evaluate(f"() => [{CONTROLLER}.map.getCenter(), {CONTROLLER}.map.getZoom()]")
    page.evaluate(RECORD)
    selected, chosen, wrong = [], {}, {}
    try:
        for place in places:
            target = f"{place.level}:{place.id}"
            point = points[place.id]
            ((x, y),) = page.evaluate(TO_PAGE, [[point.y, point.x]])
            page.mouse.click(x, y)
            got = page.evaluate(AFTER_CLICK)
            if got["choices"] is not None:
                # Two markers about equally near: the runtime asks, and the place must be one of the choices.
                chosen[place.id] = got["choices"]
                if target not in got["choices"]:
                    wrong[place.id] = f"chooser without it: {got['choices']}"
                    page.evaluate(f"() => {{ {CONTROLLER}.map.closePopup(); }}")
                else:
                    page.locator(f'.yreb-choice[data-place="{target}"]').click()
                    got = page.evaluate(AFTER_CLICK)
                # The chooser fades out (still in the page for 200 ms) and may have panned the map to show itself.
                page.locator(".yreb-chooser").wait_for(state="detached")
                page.evaluate(SET_VIEW, centre)
            if got["sent"] == [target]:
                selected.append(place.id)
            elif place.id not in wrong:
                wrong[place.id] = got["sent"]
    finally:
        page.evaluate(STOP_RECORDING)

    assert wrong == {}
    assert len(selected) == len(places) == 132
    # Asking is for the few true ties, not a way out of every click.
    assert len(chosen) <= 6, chosen
    assert "changsha" not in chosen and "wuxi" not in chosen and "suzhou" not in chosen, chosen
    # The whole way, once: Changsha (half covered by Xiangtan's marker before) opens Changsha's panel.
    page.mouse.click(*page.evaluate(TO_PAGE, [[points["changsha"].y, points["changsha"].x]])[0])
    page.get_by_text("Changsha · 长沙市").wait_for(timeout=30_000)
    page.wait_for_url("**place=changsha**")
    assert default_view.blocked == [] and default_view.dialogs == []


def test_first_click_at_1280x720_selects_a_city_without_scrolling(browser, app_server):
    g = Guarded(browser, app_server.url, viewport=(1280, 720))
    try:
        page = g.open(app_server.url, wait_city="wuhan").page
        root = page.locator(".yreb-map-root").bounding_box()
        assert root["y"] >= 0 and root["y"] + root["height"] <= 720, root  # the whole map above the fold
        box = page.locator(".yreb-city-wuhan").bounding_box()
        assert 0 < box["y"] < 720 - box["height"]
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_text("Wuhan · 武汉市").wait_for(timeout=30_000)
        # Nothing scrolled (the page's own scroll container is Streamlit's main section, not the window).
        assert page.evaluate("() => [window.scrollY, document.querySelector('.stMain').scrollTop]") == [0, 0]
        assert "place=wuhan" in page.url
    finally:
        g.close()


@pytest.mark.parametrize(
    ("query", "first"),
    [("武汉", "prefecture:wuhan"), ("Wuhan", "prefecture:wuhan"), ("wuhan", "prefecture:wuhan"),
     ("长沙", "prefecture:changsha"), ("长沙市", "prefecture:changsha"), ("changsha", "prefecture:changsha"),
     ("安吉", "county:anji"), ("Jiangsu", "province:jiangsu")],
)  # fmt: skip
def test_find_a_place_suggests_it_first(default_view, query, first):
    page = default_view.page
    box = page.locator(".yreb-search-input")
    box.fill(query)
    item = page.locator(".yreb-search-item").first
    item.wait_for()
    assert item.get_attribute("data-place") == first
    box.fill("")


def test_picking_a_suggestion_selects_the_place_and_flies_there(default_view):
    page = default_view.page
    box = page.locator(".yreb-search-input")
    box.click()
    page.keyboard.type("wuh")  # as a person types: suggestions follow each key
    item = page.locator('.yreb-search-item[data-place="prefecture:wuhan"]')
    item.click()
    page.get_by_text("Wuhan · 武汉市").wait_for(timeout=30_000)
    page.wait_for_url("**place=wuhan**")
    page.wait_for_function(f"() => {CONTROLLER}.map.getZoom() >= 8")  # it flew there
    assert page.evaluate(f"() => {CONTROLLER}.map.getBounds().contains([30.59, 114.3])")
    assert page.locator(".yreb-search-list").is_hidden()


def drawn_ids(page) -> list[str]:
    return sorted(page.evaluate(f"() => Object.keys({CONTROLLER}.cities)"))


def test_a_filter_fits_the_map_to_its_places(guarded, app_server, real_data):
    page = guarded.open(app_server.url).page
    before = page.evaluate(f"() => {CONTROLLER}.map.getZoom()")
    assert page.evaluate(f"() => {CONTROLLER}.map.getBounds().contains([31.23, 121.47])")  # Shanghai, whole belt
    page.locator('[data-testid="stMultiSelect"]', has_text="Reach").click()
    page.get_by_role("option", name="Upper reach").click()
    page.keyboard.press("Escape")
    page.wait_for_url("**reach=upper**")
    upper = sorted(p.id for p in visible_places(real_data, FilterSpec(reaches=frozenset({"upper"}))))
    page.wait_for_function(f"(n) => Object.keys({CONTROLLER}.cities).length === n", arg=len(upper))
    assert drawn_ids(page) == upper
    # The view moves to the upper reach (Shanghai leaves it), zoomed in, with every one of its places in view.
    page.wait_for_function(f"() => !{CONTROLLER}.map.getBounds().contains([31.23, 121.47])")
    page.wait_for_timeout(400)  # the fit is animated
    assert page.evaluate(f"() => {CONTROLLER}.map.getZoom()") > before
    outside = page.evaluate(
        f"() => Object.values({CONTROLLER}.cities).filter((c) => !{CONTROLLER}.map.getBounds().contains(c.latlng))"
        ".map((c) => c.props.id)"
    )
    assert outside == []
