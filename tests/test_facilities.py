"""Facilities: validated like the catalogue, counted per place, drawn as points or aggregated."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import GeoDataError
from geo.facilities import count_for, counts_by_prefecture, load_facilities, parse_facilities
from present.facilities_view import POINTS_LIMIT, facilities_points, facilities_spec
from present.scene import inline
from tests.conftest import TEST_DATA

FAC = TEST_DATA / "facilities"


@pytest.fixture(scope="module")
def valid(real_data):
    return load_facilities(FAC / "valid.csv", real_data.places)


def test_valid_file_by_city_and_by_coordinates(valid, real_data):
    assert len(valid) == 5
    assert list(valid["prefecture"]) == ["wuxi", "chengdu", "wuxi", "chengdu", "hefei"]
    assert list(valid["line"]) == [2, 3, 4, 5, 6]
    assert valid["year"].isna().sum() == 1
    assert counts_by_prefecture(valid).to_dict() == {"chengdu": 2, "hefei": 1, "wuxi": 2}
    places = real_data.places
    assert count_for(valid, places.find("pengzhou")) == 2  # its prefecture, Chengdu
    assert count_for(valid, places.get("province", "jiangsu")) == 2
    assert count_for(valid, places.get("reach", "lower")) == 3
    assert count_for(valid, places.get("belt", "yreb")) == 5


def test_every_bad_row_is_reported_with_line_and_column(real_data):
    with pytest.raises(GeoDataError) as info:
        load_facilities(FAC / "invalid.csv", real_data.places)
    text = str(info.value)
    path = str(FAC / "invalid.csv")
    assert f"{path}:2: city: unknown place id 'wux' Hint: did you mean wuxi" in text
    assert f"{path}:3: lon,lat: (31.5, 120.3) looks like latitude, longitude" in text
    assert f"{path}:5: category: category is empty" in text
    assert f"{path}:5: year: expected a year" in text
    assert f"{path}:6: row: expected 6 fields, got 5" in text


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"", "the file is empty"),
        (b"name,city\nA,wuxi\n", "expected columns"),
        (b"name,category,colour\nA,b,red\n", "expected columns"),
        (b"name,category,lon,lat\nA,b,10,10\n", "outside the belt"),
        (b"name,category,city\nA,b,\xff\n", "not valid UTF-8"),
        (b"name,category,city\n", "no facilities"),
        (b"name,category,lon,lat\nA,b,nan,inf\n", "decimal degrees"),
    ],
)
def test_rejections(raw, fragment, real_data):
    with pytest.raises(GeoDataError, match=fragment):
        parse_facilities(raw, "f.csv", real_data.places)


def test_small_sets_are_points_and_large_sets_are_aggregated(valid, real_data):
    points = facilities_points(valid, "wgs84")
    spec = facilities_spec(valid, real_data.places, "en", "wgs84", inline(points), "k")
    assert spec["mode"] == "points" and len(spec["points"]["data"]["names"]) == 5
    # Names are plain text: the runtime shows them with textContent (tests/browser checks nothing runs).
    assert "<img src=x onerror=alert(1)> · green product" in spec["points"]["data"]["names"]
    big = pd.concat([valid] * (POINTS_LIMIT // 5 + 1), ignore_index=True)
    spec = facilities_spec(big, real_data.places, "zh", "wgs84", {"url": "app/static/gen/x.json"}, "k")
    assert spec["mode"] == "aggregate" and spec["points"] == {"url": "app/static/gen/x.json"}
    assert sum(row[2] for row in spec["counts"]) == len(big)
    assert any("无锡市：设施" in row[3] for row in spec["counts"])


def test_map_and_snapshot_include_facilities(valid, real_data, real_basemap):
    from exports import SnapshotOptions, render_snapshot
    from exports.html import export_scene, standalone_html
    from geo.filters import FilterSpec
    from present.scene import MapView

    layers, web = real_basemap
    scene = export_scene(real_data, layers, web, FilterSpec(), MapView(), facilities=valid)
    assert (
        scene["facilities"]["n"] == 5
        and "Plant, with comma · green park" in scene["facilities"]["points"]["data"]["names"]
    )
    assert any(entry["style"] == "facility" for entry in scene["legend"])
    html = standalone_html(real_data, layers, web, FilterSpec(), MapView(), "t", facilities=valid)
    assert "Plant, with comma" in html and "<img src=x" not in html
    _, drawn = render_snapshot(real_data, layers, FilterSpec(), SnapshotOptions(size="16:9"), valid)
    assert drawn.facilities == 5 and not drawn.facilities_aggregated
    big = pd.concat([valid] * (POINTS_LIMIT // 5 + 1), ignore_index=True)
    _, drawn = render_snapshot(real_data, layers, FilterSpec(), SnapshotOptions(size="16:9"), big)
    assert drawn.facilities == len(big) and drawn.facilities_aggregated


def test_app_counts_facilities_in_the_panel(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("YREB_FACILITIES", str(FAC / "valid.csv"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["place"] = "pengzhou"
    at.run()
    assert not at.exception
    assert any("Facilities in Chengdu: 2" in c.value.replace("\\", "") for c in at.caption)
