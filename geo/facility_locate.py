"""Give every facility a point and the prefecture it lies in.

Rows located by city take the gazetteer point and the city's prefecture through dictionary maps
over the column. Rows with coordinates go through one spatial join (an STRtree query) against the
prefecture polygons; when such a row also names a city, the point must lie in that city's prefecture
(a county's parent), else the row contradicts itself and is reported rather than counted anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from geo.facility_checks import Cities, Coordinates, Report
from geo.name_index import PlaceIndex
from geo.places import Places


@dataclass(frozen=True)
class Located:
    """Per row: the point and its prefecture's id, province and reach (valid where no problem was reported)."""

    points: np.ndarray
    prefecture: np.ndarray
    province: np.ndarray
    reach: np.ndarray


def _by_city(ids: pd.Series, index: PlaceIndex, positions: dict[str, int]) -> tuple[np.ndarray, ...]:
    """Gazetteer x, y and the prefecture's position in the polygon layer, NaN/-1 where no id."""
    info = index.info
    x = ids.map({pid: p.x for pid, p in info.items()}).to_numpy(dtype=float, na_value=np.nan)
    y = ids.map({pid: p.y for pid, p in info.items()}).to_numpy(dtype=float, na_value=np.nan)
    parent = {pid: positions.get(p.prefecture, -1) for pid, p in info.items()}
    expected = ids.map(parent).to_numpy(dtype=float, na_value=-1).astype(np.int64)
    return x, y, expected


def _spatial_join(points: np.ndarray, expected: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Position of the polygon holding each point, -1 outside all; on a border the expected one wins."""
    tree = shapely.STRtree(polygons)
    point_idx, poly_idx = tree.query(points, predicate="intersects")
    owner = np.full(len(points), -1, dtype=np.int64)
    owner[point_idx] = poly_idx
    own = expected[point_idx] == poly_idx
    owner[point_idx[own]] = poly_idx[own]
    return owner


def locate(frame: pd.DataFrame, coordinates: Coordinates, cities: Cities, index: PlaceIndex, places: Places,
           labels: dict[str, str], report: Report) -> Located:  # fmt: skip
    """Locate every row that has a usable city or usable coordinates; report the ones that do not fit.

    Parameters
    ----------
    frame : DataFrame
        The stripped text cells (``city`` is quoted in messages).
    coordinates, cities : Coordinates, Cities
        Parsed coordinates and resolved cities of the same rows.
    index : PlaceIndex
        The gazetteer's name index (points and parents of places).
    places : Places
        The prefecture polygons.
    labels : dict
        Column headers as the file writes them, for problem keys.
    report : Report
        Receives "outside the belt" and "city contradicts coordinates" problems.

    Returns
    -------
    Located
    """
    pref = places.prefectures
    positions = {pid: k for k, pid in enumerate(pref["id"])}
    city_x, city_y, expected = _by_city(cities.ids, index, positions)
    by_city = ~coordinates.given & cities.resolved
    # A row with coordinates and an unresolved city already has a problem: nothing to check it against.
    by_coordinates = coordinates.ok & (~cities.named | cities.resolved)
    x = np.where(by_city, city_x, coordinates.lon)
    y = np.where(by_city, city_y, coordinates.lat)
    points = shapely.points(x, y)
    owner = np.where(by_city, expected, -1)
    rows = np.flatnonzero(by_coordinates)
    owner[rows] = _spatial_join(points[rows], expected[rows], pref.geometry.values)
    key = f"{labels.get('lon', 'lon')},{labels.get('lat', 'lat')}"
    where = lambda i: {"lon": str(float(x[i])), "lat": str(float(y[i]))}  # noqa: E731
    report.rows(by_coordinates & (owner < 0), key, "facilities.outside", where)
    names_en, names_zh = pref["name_en"].to_numpy(), pref["name_zh"].to_numpy()
    report.rows(by_coordinates & cities.named & (owner >= 0) & (owner != expected), key, "facilities.contradiction",
                lambda i: {**where(i), "city": frame["city"].iat[i][:60],
                           "found": names_en[owner[i]], "found_zh": names_zh[owner[i]],
                           "expected": names_en[expected[i]], "expected_zh": names_zh[expected[i]]})  # fmt: skip
    safe = np.where(owner >= 0, owner, 0)  # rows without an owner have a problem; their values are unused
    return Located(points, pref["id"].to_numpy()[safe], pref["province"].to_numpy()[safe],
                   pref["reach"].to_numpy()[safe])  # fmt: skip


__all__ = ["Located", "locate"]
