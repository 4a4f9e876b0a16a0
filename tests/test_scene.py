"""The scene (what every renderer draws) and the web scene the runtime receives: layers, cities, roles,
tooltips in the language, GCJ-02 on AMap tiles, the selection, a legend of exactly what is drawn, escaping."""

from __future__ import annotations

import json
import re

import pytest

from exports.html import export_scene, standalone_html
from exports.web_map import build_map, folium_options, scene_block
from geo.dataset import DATA_DIR
from geo.filters import FilterSpec
from geo.gcj02 import wgs84_to_gcj02
from present.scene import MapView, filter_layers, overlay_collections
from present.style import MAP_OPTIONS, STYLES
from present.web_scene import feature_styles, style_layer

BASE = ("ocean", "land", "neighbours", "reaches", "provinces", "prefectures", "lakes", "rivers")


@pytest.fixture(scope="module")
def scene(real_data, real_basemap):
    return export_scene(real_data, *real_basemap, FilterSpec(), MapView(selected=("prefecture", "wuxi")))


@pytest.fixture(scope="module")
def page(real_data, real_basemap):
    return standalone_html(real_data, *real_basemap, FilterSpec(), MapView(), "title")


def _features(scene, key):
    layer = next(layer for layer in scene["layers"] if layer["key"] == key)
    return layer["src"]["data"]["features"]


def _source_urls() -> list[str]:
    """Every source address of the built-in catalogue and sites, longest first (so none is cut by a prefix)."""
    found = set(re.findall(r"https?://[^\s\"'<>,]+", (DATA_DIR / "measures.yaml").read_text(encoding="utf-8")))
    for name in ("site_sources.csv", "sites.csv"):
        found |= set(re.findall(r"https?://[^\s\"'<>,]+", (DATA_DIR / name).read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def test_no_remote_script_style_or_tile_by_default(page):
    from present.assets import leaflet_inline

    leaflet = leaflet_inline()
    ours = page.replace(leaflet["js"], "")  # Leaflet's own code and comments mention its home page
    ours = re.sub(r"/\*.*?\*/", "", ours, flags=re.S)  # comments in Leaflet's CSS cite a bug report
    # Links to the sources are data (a card's "source" link, never loaded); any other address would be a load.
    for url in _source_urls():
        ours = ours.replace(json.dumps(url)[1:-1], "").replace(url, "")
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", ours))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    assert "<script src=" not in page and '<link rel="stylesheet"' not in page


def test_every_layer_is_drawn(scene, real_data):
    for key in BASE:
        assert len(_features(scene, key)) > 0, key
    assert len(_features(scene, "reaches")) == 3
    assert len(_features(scene, "provinces")) == len(real_data.places.provinces)
    assert len(_features(scene, "prefectures")) == len(real_data.places.prefectures)
    assert len(scene["cities"]["src"]["data"]["features"]) >= 130


def test_cities_for_every_prefecture_and_named_place(real_data):
    cities = overlay_collections(real_data, FilterSpec(), MapView())["cities"]["features"]
    ids = {f["properties"]["id"] for f in cities}
    prefectures = set(real_data.places.prefectures["id"])
    assert prefectures <= ids and {"pengzhou", "lingang"} <= ids


def test_reach_filter_limits_cities(real_data):
    layers = filter_layers(real_data, FilterSpec(reaches=frozenset({"upper"})), "en", "wgs84")
    ids = {f["properties"]["id"] for f in layers["cities"]["features"]}
    assert "chengdu" in ids and "wuxi" not in ids
    (south, west), (north, east) = layers["fit"]
    assert west < 104 < east and south < 30.6 < north and east < 112  # fits the upper reach, not the belt


def test_roles_follow_the_filter(real_data):
    layers = filter_layers(real_data, FilterSpec(roles=frozenset({"cluster"})), "en", "wgs84")
    assert set(layers["roles"]) == {"cluster"}
    ids = {f["properties"]["id"] for f in layers["roles"]["cluster"]["features"]}
    assert {"wuxi", "chengdu", "chongqing", "changsha", "hangzhou", "hefei", "pengzhou", "lingang"} <= ids
    matching = {f["properties"]["id"] for f in layers["cities"]["features"] if f["properties"]["match"]}
    assert "wuxi" in matching and "lhasa" not in matching
    assert {f["properties"]["style"] for f in layers["cities"]["features"]} == {"city-match", "city-dim"}


def test_tooltips_and_labels_in_the_current_language(real_data):
    zh = filter_layers(real_data, FilterSpec(), "zh", "wgs84")
    tips = {f["properties"]["id"]: f["properties"]["tip"] for f in zh["cities"]["features"]}
    assert tips["wuxi"].startswith("无锡市")
    en = filter_layers(real_data, FilterSpec(), "en", "wgs84")
    props = {f["properties"]["id"]: f["properties"] for f in en["cities"]["features"]}
    assert props["wuxi"]["tip"].startswith("Wuxi") and props["taizhou-jiangsu"]["tip"].startswith("Taizhou (Jiangsu)")
    assert props["nanjing"]["label"]["minZoom"] == 0 and props["nanjing"]["important"]  # a provincial capital
    assert props["wuxi"]["important"]  # named by a measure
    assert not props["yancheng"]["important"] and props["yancheng"]["label"]["minZoom"] > 5


def test_amap_overlays_are_in_gcj02(real_data):
    def point(crs):
        feats = filter_layers(real_data, FilterSpec(), "en", crs)["cities"]["features"]
        return next(f["geometry"]["coordinates"] for f in feats if f["properties"]["id"] == "wuxi")

    lon, lat = point("wgs84")
    assert point("gcj02") == pytest.approx(wgs84_to_gcj02(lon, lat), abs=2e-5)


def test_selection(real_data, scene):
    assert scene["selection"]["id"] == "wuxi" and len(scene["selection"]["latlng"]) == 2
    province = export_scene(real_data, *_basemap(real_data), FilterSpec(), MapView(selected=("province", "jiangsu")))
    assert province["selection"]["outline"]["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def _basemap(real_data):
    from geo.basemap import generalise_for_web, load_basemap
    from tests.conftest import ROOT

    return load_basemap(ROOT / "data"), generalise_for_web(real_data.places, tolerance=0.02)


def test_legend_is_exactly_what_is_drawn(scene):
    """Every style a layer draws has a legend row, and every row is drawn by some layer of the scene."""
    drawn = set()
    for layer in scene["layers"]:
        drawn |= feature_styles(layer["src"]["data"])
    drawn |= feature_styles(scene["cities"]["src"]["data"])
    counts = scene["choropleth"]["counts"].values()
    from present.style import count_bin

    drawn |= {f"count-{count_bin(n)}" for n in counts}
    drawn.add("selection")
    legend = {entry["style"] for entry in scene["legend"]}
    assert legend == drawn
    assert legend <= set(STYLES)
    layers = {layer["key"] for layer in scene["layers"]} | {"cities", "selection"}
    assert {entry["layer"] for entry in scene["legend"]} <= layers
    assert all(style_layer(entry["style"]) == entry["layer"] for entry in scene["legend"])


def test_export_map_uses_the_live_map_options(scene):
    """The runtime applies the scene's options to whichever map it draws on (the browser test of the export
    checks the zoom limits in Chromium); folium creates the export's map with the same ones."""
    assert scene["options"] == MAP_OPTIONS
    html = build_map().get_root().render()
    assert folium_options()["max_bounds_viscosity"] == MAP_OPTIONS["maxBoundsViscosity"]
    for key in ("zoomSnap", "zoomDelta", "maxBoundsViscosity"):
        assert re.search(rf'"{key}": {MAP_OPTIONS[key]}\b', html), key


def test_hostile_catalogue_text_is_text_in_the_scene(hostile_catalogue_path, real_basemap):
    from geo.dataset import load_dataset
    from tests.payloads import PAYLOADS

    data = load_dataset(hostile_catalogue_path)
    scene = export_scene(data, *real_basemap, FilterSpec(), MapView(selected=("prefecture", "wuxi")))
    tips = [f["properties"]["tip"] for layer in scene["layers"] if layer["key"].startswith("role-")
            for f in layer["src"]["data"]["features"]]  # fmt: skip
    shown = [p for p in PAYLOADS if any(p + " #en" in tip for tip in tips)]
    assert len(shown) >= 3, shown
    block = scene_block(scene)
    assert "<img" not in block and "</script><script>" not in block and "<svg" not in block
    assert json.loads(block[block.index(">") + 1 : block.rindex("<")]) == json.loads(json.dumps(scene))
