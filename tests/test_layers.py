"""GeoJSON loaders reject (never repair) bad features, naming them."""

from __future__ import annotations

import json

import pytest

from geo.errors import LayerError
from geo.layers import parse_layer

ANY = ("Point", "Polygon", "MultiPolygon")


def fc(*features, crs=None):
    doc = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def point(fid, x, y, **props):
    return {"type": "Feature", "id": fid, "properties": props, "geometry": {"type": "Point", "coordinates": [x, y]}}


def polygon(fid, ring):
    return {"type": "Feature", "id": fid, "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


GOOD_RING = [[120, 30], [121, 30], [121, 31], [120, 31], [120, 30]]


def test_good_layer_loads_indexed_by_id():
    gdf = parse_layer(fc(point("wuxi", 120.3, 31.5, name="Wuxi"), polygon("box", GOOD_RING)), "t", geometry_types=ANY)
    assert list(gdf.index) == ["wuxi", "box"]
    assert gdf.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (
            fc(polygon("bowtie", [[120, 30], [121, 31], [121, 30], [120, 31], [120, 30]])),
            "'bowtie': geometry is invalid",
        ),
        (fc(point("swapped", 31.5, 120.3)), "'swapped': coordinate (31.5, 120.3) is outside"),
        (fc(point("lat200", 120, 200)), "'lat200': coordinate (120, 200) is outside"),
        (fc({"type": "Feature", "id": "nullgeom", "properties": {}, "geometry": None}), "'nullgeom': geometry is null"),
        (
            fc(
                {"type": "Feature", "id": "empty", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}}
            ),
            "'empty': geometry is empty",
        ),
        (fc(polygon("open", [[120, 30], [121, 30], [121, 31], [120, 31]])), "'open': a polygon ring is not closed"),
        (fc(point("a", 120, 31))[:-25], "not valid JSON"),
        (fc(point("a", 120, 31), crs="EPSG:3857"), "expected WGS 84"),
        (fc(point("a", 120, 31), point("a", 121, 31)), "duplicate feature id"),
        (fc(), "no features"),
        (b'{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
        (fc({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [120, 31]}}), "no id"),
        (fc(point("nan", float("nan"), 31)), "not finite"),
    ],
)
def test_bad_layers_are_rejected_naming_the_feature(raw, fragment):
    with pytest.raises(LayerError) as info:
        parse_layer(raw, "bad.geojson", geometry_types=ANY)
    assert fragment in str(info.value)
    assert str(info.value).startswith("bad.geojson")


def test_wrong_geometry_type_and_null_property_are_both_reported():
    raw = fc(polygon("p", GOOD_RING), point("q", 120, 31, name=None))
    with pytest.raises(LayerError) as info:
        parse_layer(raw, "t", geometry_types=("Point",), required=("name",))
    text = str(info.value)
    assert "'p': expected geometry of type Point, got 'Polygon'" in text
    assert "'q': property 'name' is missing or null" in text
