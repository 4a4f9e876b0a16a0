"""WGS 84 → GCJ-02 against published pairs (eviltransform's test vectors)."""

from __future__ import annotations

import pytest
import shapely

from geo.gcj02 import to_gcj02, wgs84_to_gcj02

PAIRS = [  # wgs lat, wgs lon, gcj lat, gcj lon
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("lat", "lon", "glat", "glon"), PAIRS)
def test_known_pairs(lat, lon, glat, glon):
    x, y = wgs84_to_gcj02(lon, lat)
    assert x == pytest.approx(glon, abs=1e-7)
    assert y == pytest.approx(glat, abs=1e-7)


def test_outside_china_is_unchanged():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


def test_offset_is_hundreds_of_metres_in_the_belt():
    x, y = wgs84_to_gcj02(120.3, 31.5)  # Wuxi
    assert 0.001 < abs(x - 120.3) + abs(y - 31.5) < 0.01


def test_geometry_conversion_matches_point_conversion():
    poly = shapely.Polygon([(120, 30), (121, 30), (121, 31), (120, 30)])
    moved = to_gcj02(poly)
    assert moved.exterior.coords[1] == pytest.approx(wgs84_to_gcj02(121, 30))
    assert moved.is_valid
