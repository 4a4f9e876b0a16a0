"""Map builders, asserted on the rendered HTML (no browser): layers, classes, no CDN, escaping."""

from __future__ import annotations

import re

import pytest

from exports.web_map import build_map
from geo.filters import FilterSpec
from geo.gcj02 import wgs84_to_gcj02
from present.scene import MapView, overlay_collections


def render(data, basemap, spec=None, view=None):
    layers, web = basemap
    return build_map(data, layers, web, spec or FilterSpec(), view or MapView()).get_root().render()


@pytest.fixture(scope="module")
def default_html(real_data, real_basemap):
    return render(real_data, real_basemap)


def test_no_remote_script_style_or_tile_by_default(default_html):
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", default_html))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    assert "<script src=" not in default_html and '<link rel="stylesheet"' not in default_html


def _data_layers(m) -> dict[str, int]:
    """Every DataLayer of a built map: its key → number of features it draws (walks the element tree)."""
    from exports.map_elements import DataLayer

    found, stack = {}, [m]
    while stack:
        element = stack.pop()
        if isinstance(element, DataLayer):
            found[element.key] = len((element.data or {}).get("features", []))
        stack.extend(element._children.values())
    return found


def test_every_layer_is_drawn(real_data, real_basemap, default_html):
    layers, web = real_basemap
    drawn = _data_layers(build_map(real_data, layers, web, FilterSpec(), MapView()))
    for key in ("ocean", "land", "neighbours", "reaches", "provinces", "prefectures", "lakes", "rivers", "cities"):
        assert drawn.get(key, 0) > 0, f"layer {key} is missing or empty: {drawn}"
    assert drawn["reaches"] == 3 and drawn["provinces"] == len(real_data.places.provinces)
    assert drawn["prefectures"] == len(real_data.places.prefectures)
    assert default_html.count('"kind": "city"') >= 130
    assert '"className": "yreb-city yreb-city-wuxi"' in default_html


def test_city_classes_for_every_prefecture(real_data):
    overlays = overlay_collections(real_data, FilterSpec(), MapView())
    classes = {f["properties"]["_style"]["className"] for f in overlays["cities"]["features"]}
    assert len(classes) >= 130
    assert "yreb-city yreb-city-pengzhou" in classes and "yreb-city yreb-city-lingang" in classes


def test_reach_filter_limits_cities(real_data):
    overlays = overlay_collections(real_data, FilterSpec(reaches=frozenset({"upper"})), MapView())
    ids = {f["properties"]["id"] for f in overlays["cities"]["features"]}
    assert "chengdu" in ids and "wuxi" not in ids


def test_roles_follow_the_filter(real_data):
    overlays = overlay_collections(real_data, FilterSpec(roles=frozenset({"cluster"})), MapView())
    assert set(overlays["roles"]) == {"cluster"}
    ids = {f["properties"]["id"] for f in overlays["roles"]["cluster"]["features"]}
    assert {"wuxi", "chengdu", "chongqing", "changsha", "hangzhou", "hefei", "pengzhou", "lingang"} <= ids


def test_tooltips_in_the_current_language(real_data):
    zh = overlay_collections(real_data, FilterSpec(), MapView(lang="zh"))
    tips = {f["properties"]["id"]: f["properties"]["_tip"] for f in zh["cities"]["features"]}
    assert tips["wuxi"].startswith("无锡市")
    en = overlay_collections(real_data, FilterSpec(), MapView(lang="en"))
    tips = {f["properties"]["id"]: f["properties"]["_tip"] for f in en["cities"]["features"]}
    assert tips["wuxi"].startswith("Wuxi") and tips["taizhou-jiangsu"].startswith("Taizhou (Jiangsu)")


def test_amap_overlays_are_in_gcj02(real_data):
    wgs = overlay_collections(real_data, FilterSpec(), MapView())
    gcj = overlay_collections(real_data, FilterSpec(), MapView(basemap="amap"))

    def point(overlays):
        return next(
            f["geometry"]["coordinates"] for f in overlays["cities"]["features"] if f["properties"]["id"] == "wuxi"
        )

    lon, lat = point(wgs)
    assert point(gcj) == pytest.approx(wgs84_to_gcj02(lon, lat), abs=2e-5)


def test_selection_is_drawn(real_data):
    overlays = overlay_collections(real_data, FilterSpec(), MapView(selected=("province", "jiangsu")))
    assert overlays["selection"]["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_hostile_catalogue_text_is_escaped_in_the_map(hostile_catalogue_path, real_basemap):
    from geo.dataset import load_dataset
    from tests.payloads import PAYLOADS

    data = load_dataset(hostile_catalogue_path)
    html = render(data, real_basemap, view=MapView(selected=("prefecture", "wuxi")))
    for payload in PAYLOADS:
        for fragment in ("<img", "<script>alert", "<svg onload", "<iframe", "${alert", "`;alert", "<a href"):
            if fragment in payload:
                assert fragment not in html, fragment
    # The titles are there, escaped, inside JSON string literals (as Jinja's tojson writes them).
    from jinja2.utils import htmlsafe_json_dumps

    from present.escaping import escape_html

    shown = [p for p in PAYLOADS if htmlsafe_json_dumps(escape_html(p + " #en"))[1:-1] in html]
    assert len(shown) >= 3, shown
