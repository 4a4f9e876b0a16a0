"""Facilities (e.g. the national green-factory lists): a CSV validated like the catalogue.

Columns: ``name`` and ``category`` (required), then either ``city`` (a place id of the gazetteer)
or ``lon`` and ``lat`` (WGS 84), and an optional ``year``. Every bad row is reported with its line
and column; nothing is dropped or repaired. Rows with coordinates are assigned to the prefecture
whose polygon contains them; a point outside every prefecture of the belt is an error.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoDataError, Problem
from geo.places import Places

MAX_BYTES = 40 * 1024 * 1024
MAX_ROWS = 200_000
MAX_PROBLEMS = 200
COLUMNS = ("name", "category", "city", "lon", "lat", "year")


class FacilitiesError(GeoDataError):
    """A facilities file is malformed; every problem is listed (up to a cap)."""


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_facilities(raw: bytes, name: str, places: Places) -> gpd.GeoDataFrame:
    """Validate a facilities CSV and return one point per facility.

    Parameters
    ----------
    raw : bytes
        CSV bytes (UTF-8, a byte-order mark is fine).
    name : str
        How to name the file in messages.
    places : Places
        The gazetteer (``city`` ids, prefecture polygons).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name``, ``category``, ``year`` (nullable int), ``prefecture`` (id), ``province``, ``reach``,
        ``line`` and point ``geometry`` (EPSG:4326).

    Raises
    ------
    FacilitiesError
        Listing each bad row as ``PATH:LINE: column: message``.
    """
    if len(raw) > MAX_BYTES:
        raise FacilitiesError(Problem(name, None, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FacilitiesError(Problem(name, line, "", "not valid UTF-8", "save the file as UTF-8 CSV")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise FacilitiesError(
            Problem(name, 1, "", "the file is empty", f"the first line names the columns: {', '.join(COLUMNS)}")
        )
    header = [h.strip().lower() for h in header]
    problems: list[Problem] = []
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in ("name", "category") if c not in header]
    if unknown or missing or not ("city" in header or {"lon", "lat"} <= set(header)):
        raise FacilitiesError(
            Problem(
                name,
                1,
                "header",
                f"expected columns {', '.join(COLUMNS)}; got {', '.join(header)}",
                "name and category are required, with city or lon and lat",
            )
        )
    index = {h: i for i, h in enumerate(header)}
    rows: list[tuple] = []
    for number, record in enumerate(reader, start=2):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(Problem(name, number, "", f"more than {MAX_ROWS:,} facilities", "split the file"))
            break
        if len(record) != len(header):
            problems.append(
                Problem(
                    name,
                    number,
                    "row",
                    f"expected {len(header)} fields, got {len(record)}",
                    "quote fields that contain commas",
                )
            )
            continue
        cell = {h: record[i].strip() for h, i in index.items()}
        for col in ("name", "category"):
            if not cell[col]:
                problems.append(Problem(name, number, col, f"{col} is empty"))
        if len(cell["name"]) > 300 or len(cell["category"]) > 100:
            problems.append(Problem(name, number, "name", "name over 300 or category over 100 characters"))
        year = None
        if cell.get("year"):
            year = _number(cell["year"])
            if year is None or year != int(year) or not 1949 <= year <= 2100:
                problems.append(
                    Problem(name, number, "year", f"expected a year such as 2019, got {cell['year'][:20]!r}")
                )
                year = None
        lon = lat = None
        city = cell.get("city") or ""
        if cell.get("lon") or cell.get("lat"):
            lon, lat = _number(cell.get("lon", "")), _number(cell.get("lat", ""))
            if lon is not None and lat is not None and 73 <= lat <= 136 and 3 <= lon <= 54:
                swapped = f"({lon}, {lat}) looks like latitude, longitude"
                problems.append(Problem(name, number, "lon,lat", swapped, "swap the two columns"))
                continue
            if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(Problem(name, number, "lon,lat", "expected decimal degrees (longitude, latitude)"))
                continue
        elif city:
            place = places.find(city)
            if place is None or place.level not in ("prefecture", "county", "area"):
                close = places.suggest(city, levels=("prefecture", "county", "area"))
                problems.append(
                    Problem(
                        name,
                        number,
                        "city",
                        f"unknown place id {city[:60]!r}",
                        f"did you mean {', '.join(close)}?" if close else None,
                    )
                )
                continue
        else:
            problems.append(Problem(name, number, "city", "neither city nor lon/lat given"))
            continue
        rows.append((number, cell["name"], cell["category"], year, city, lon, lat))
    if problems:
        raise FacilitiesError(problems)
    if not rows:
        raise FacilitiesError(Problem(name, 2, "", "no facilities in the file"))
    return _locate(rows, name, places)


def _locate(rows: list[tuple], name: str, places: Places) -> gpd.GeoDataFrame:
    """Give every row a point and the prefecture it lies in."""
    frame = pd.DataFrame(rows, columns=["line", "name", "category", "year", "city", "lon", "lat"])
    cities = places.cities
    by_city = frame["lon"].isna()
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    ids = frame.loc[by_city, "city"].map(lambda c: places.find(c).id)
    if len(ids):
        frame.loc[by_city, "lon"] = ids.map(lambda i: cities.geometry[i].x).to_numpy(float)
        frame.loc[by_city, "lat"] = ids.map(lambda i: cities.geometry[i].y).to_numpy(float)
    points = shapely.points(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    pref = places.prefectures
    tree = shapely.STRtree(pref.geometry.values)
    point_idx, pref_idx = tree.query(points, predicate="intersects")
    owner = np.full(len(frame), -1)
    owner[point_idx] = pref_idx
    # Named cities are authoritative for their own rows (a county point on a border stays in its city).
    parent_of = places.cities["parent"]
    parents = ids.map(lambda i: parent_of[i] if isinstance(parent_of[i], str) else i)
    pref_pos = {pid: k for k, pid in enumerate(pref["id"])}
    owner[np.flatnonzero(by_city.to_numpy())] = parents.map(pref_pos).to_numpy()
    outside = np.flatnonzero(owner < 0)
    if len(outside):
        raise FacilitiesError([
            Problem(name, int(frame.loc[i, "line"]), "lon,lat",
                    f"({frame.loc[i, 'lon']}, {frame.loc[i, 'lat']}) is outside the belt's prefectures")
            for i in outside[:MAX_PROBLEMS]
        ])  # fmt: skip
    prefectures = pref["id"].to_numpy()[owner]
    out = gpd.GeoDataFrame({
        "name": frame["name"], "category": frame["category"], "year": frame["year"].astype("Int64"),
        "prefecture": prefectures, "province": pref["province"].to_numpy()[owner],
        "reach": pref["reach"].to_numpy()[owner], "line": frame["line"],
    }, geometry=points, crs="EPSG:4326")  # fmt: skip
    return out


def load_facilities(path: str | Path, places: Places) -> gpd.GeoDataFrame:
    """Read and validate a facilities CSV file (see :func:`parse_facilities`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FacilitiesError(Problem(str(path), None, "", f"cannot read the file: {exc.strerror}")) from None
    return parse_facilities(raw, str(path), places)


def counts_by_prefecture(facilities: gpd.GeoDataFrame) -> pd.Series:
    """Number of facilities per prefecture id."""
    return facilities.groupby("prefecture").size().rename("facilities")


def count_for(facilities: gpd.GeoDataFrame, place) -> int:
    """Facilities in a place: its prefecture (for a county or area, the parent's), province, reach or the belt."""
    if place.level in ("prefecture", "county", "area"):
        return int((facilities["prefecture"] == (place.parent or place.id)).sum())
    if place.level == "province":
        return int((facilities["province"] == place.id).sum())
    if place.level == "reach":
        return int((facilities["reach"] == place.id).sum())
    return len(facilities)


__all__ = ["FacilitiesError", "count_for", "counts_by_prefecture", "load_facilities", "parse_facilities"]
