"""Facilities on the map: what the runtime draws (dots up to a limit; above it, counts per prefecture with the
points drawn for the visible area once zoomed in) and what the static exports draw the same way."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.facilities import counts_by_prefecture
from geo.gcj02 import wgs84_to_gcj02
from geo.places import Places
from geo.settings import Settings
from present.i18n import t
from present.style import FACILITY

POINTS_LIMIT = Settings().facilities_points_limit  # the setting's default; the app passes its own value
DETAIL_ZOOM = 8


def facilities_points(facilities: gpd.GeoDataFrame, crs: str) -> dict:
    """Compact point data: a flat lon/lat array (5 decimals) and plain-text names (shown with textContent)."""
    x, y = facilities.geometry.x.to_numpy(), facilities.geometry.y.to_numpy()
    if crs == "gcj02":
        x, y = wgs84_to_gcj02(x, y)
    xy = np.round(np.column_stack([x, y]).ravel(), 5).tolist()
    names = [f"{n} · {c}" for n, c in zip(facilities["name"], facilities["category"], strict=True)]
    return {"xy": xy, "names": names}


def facilities_spec(
    facilities: gpd.GeoDataFrame,
    places: Places,
    lang: str,
    crs: str,
    points_src: dict,
    sig: str,
    points_limit: int = POINTS_LIMIT,
) -> dict:
    """What the runtime draws: ``mode`` points or aggregate, per-prefecture counts, and where the points are."""
    counts = counts_by_prefecture(facilities)
    rows = []
    for pid, n in counts.items():
        point = places.cities.geometry[pid]
        x, y = wgs84_to_gcj02(point.x, point.y) if crs == "gcj02" else (point.x, point.y)
        place = places.get("prefecture", pid)
        tip = t("tip_facilities", lang, name=place.name_zh if lang == "zh" else place.name_en, n=int(n))
        rows.append([round(float(x), 5), round(float(y), 5), int(n), tip])
    mode = "points" if len(facilities) <= points_limit else "aggregate"
    return {
        "mode": mode,
        "colour": FACILITY,
        "counts": rows,
        "detailZoom": DETAIL_ZOOM,
        "scale": 0.35,
        "points": points_src,
        "sig": f"{sig}|{lang}|{crs}",
        "n": len(facilities),
    }


__all__ = ["DETAIL_ZOOM", "POINTS_LIMIT", "facilities_points", "facilities_spec"]
