"""Facilities (e.g. the national green-factory lists): a CSV or .xlsx table validated like the catalogue.

Columns: ``name`` and ``category`` (required), then ``city`` (a gazetteer id or a Chinese or English
place name) and/or ``lon`` and ``lat`` (WGS 84), and an optional ``year``; Chinese headers such as
名称, 类别, 城市, 经度, 纬度, 年份 are accepted. Every bad row is reported with its line (the physical
line of a CSV, the row of a sheet) and column; nothing is dropped or repaired. Rows with coordinates
are assigned to the prefecture whose polygon contains them; a point outside every prefecture of the
belt is an error, and so is a point outside the prefecture of the row's own ``city``.

Reading bytes is ``geo.tabular``'s job, naming places ``geo.name_index``', wording problems
``geo.messages``'; the checks here are vectorised over whole columns, so 200,000 rows take seconds.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoDataError, Problem
from geo.facility_checks import Report, check_text, parse_coordinates, parse_years, resolve_cities
from geo.facility_locate import locate
from geo.messages import problem
from geo.name_index import place_index
from geo.places import Places
from geo.settings import Settings
from geo.tabular import MAX_UNZIPPED, Table, TableError, read_table

MAX_BYTES = Settings().facilities_max_bytes  # defaults of the settings (geo/settings.py)
MAX_ROWS = Settings().facilities_max_rows
MAX_PROBLEMS = 200
COLUMNS = ("name", "category", "city", "lon", "lat", "year")
# Accepted header names, compared after NFKC, case folding and removing spaces (see _header_key).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称", "企业名称", "工厂名称"),
    "category": ("category", "类别", "类型"),
    "city": ("city", "城市", "地市", "所在地"),
    "lon": ("lon", "经度", "longitude"),
    "lat": ("lat", "纬度", "latitude"),
    "year": ("year", "年份", "年度"),
}
_INVISIBLE = re.compile("[\ufeff\u200b-\u200d\u2060\\s]")


class FacilitiesError(GeoDataError):
    """A facilities file is malformed; every problem is listed (up to a cap)."""


def _header_key(text: str) -> str:
    """``Name ``, ``ＮＡＭＥ`` and ``名 称`` all compare as ``name``/``名称``."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())


_CANONICAL = {_header_key(alias): column for column, names in ALIASES.items() for alias in names}


def _accepted_names() -> str:
    """``name/名称/企业名称/工厂名称, category/类别/类型, …`` for the unknown-column hint."""
    return ", ".join("/".join(names) for names in ALIASES.values())


def _columns(table: Table, name: str) -> dict[str, tuple[int, str]]:
    """Map each canonical column to (position, header as written); raise every header problem at once."""
    header, line = [h.strip() for h in table.header], table.header_line
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        kind = "semicolon" if ";" in header[0] else "tab"
        raise FacilitiesError(
            problem(name, line, "header", "facilities.separator", separator=f"{kind}s", kind=kind,
                    separator_zh="分号" if kind == "semicolon" else "制表符")
        )  # fmt: skip
    found: dict[str, tuple[int, str]] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    for position, text in enumerate(header):
        column = _CANONICAL.get(_header_key(text))
        if not text:
            problems.append(problem(name, line, "header", "facilities.header_blank", number=position + 1))
        elif column is None:
            unknown.append(repr(text[:40]))
        elif column in found:
            first = found[column][1]
            problems.append(problem(name, line, "header", "facilities.header_duplicate",
                                    first=first, second=text, column=column))  # fmt: skip
        else:
            found[column] = (position, text)
    if unknown:
        problems.append(problem(name, line, "header", "facilities.header_unknown", expected=", ".join(COLUMNS),
                                unknown=", ".join(unknown), accepted=_accepted_names()))  # fmt: skip
    missing = [c for c in ("name", "category") if c not in found]
    if not ("city" in found or {"lon", "lat"} <= set(found)):
        missing.append("city or lon and lat")
    if missing:
        expected = "name, category, and city or lon and lat"
        problems.append(problem(name, line, "header", "facilities.header_missing",
                                expected=expected, missing=", ".join(missing)))  # fmt: skip
    if problems:
        raise FacilitiesError(problems)
    return found


def _cells(table: Table, columns: dict[str, tuple[int, str]]) -> pd.DataFrame:
    """One stripped text column per canonical column ("" where the file has no such column)."""
    by_position = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.header)
    frame = pd.DataFrame(index=pd.RangeIndex(len(table.rows)))
    for column in COLUMNS:
        if column in columns:
            frame[column] = pd.Series(by_position[columns[column][0]], dtype="str").str.strip()
        else:
            frame[column] = ""
    frame["line"] = np.asarray(table.lines, dtype=np.int64)
    return frame


def parse_facilities(raw: bytes, name: str, places: Places, *, sheet: str | None = None, max_bytes: int = MAX_BYTES,
                     max_rows: int = MAX_ROWS, max_unzipped: int = MAX_UNZIPPED) -> gpd.GeoDataFrame:  # fmt: skip
    """Validate a facilities table (CSV or .xlsx) and return one point per facility.

    Parameters
    ----------
    raw : bytes
        CSV bytes (UTF-8 with or without a byte-order mark, or GB18030) or an .xlsx workbook; told
        apart by content, not by name.
    name : str
        How to name the file in messages.
    places : Places
        The gazetteer (``city`` ids and names, prefecture polygons).
    sheet : str, optional
        The .xlsx sheet to read; the first by default. Ignored for CSV.
    max_bytes, max_rows, max_unzipped : int
        Caps on the upload's size, its number of facilities and an .xlsx's unpacked size.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name``, ``category``, ``year`` (nullable int), ``prefecture`` (id), ``province``, ``reach``,
        ``line`` and point ``geometry`` (EPSG:4326). ``attrs`` holds ``format`` (``"csv"``/``"xlsx"``),
        ``encoding`` (``"UTF-8"``/``"GB18030"``, None for .xlsx) and ``sheet``.

    Raises
    ------
    FacilitiesError
        Listing each problem as ``PATH:LINE: column: message``, each with a ``code`` and ``args`` for
        :func:`geo.messages.problem_text`; at most ``MAX_PROBLEMS`` are listed.
    """
    if len(raw) > max_bytes:
        raise FacilitiesError(problem(name, None, "", "facilities.too_big", size=len(raw), limit=max_bytes))
    try:
        table = read_table(raw, name, max_rows=max_rows, sheet=sheet, max_unzipped=max_unzipped)
    except TableError as exc:
        raise FacilitiesError(exc.problems) from None
    columns = _columns(table, name)
    labels = {column: text for column, (_, text) in columns.items()}
    frame = _cells(table, columns)
    report = Report(name, MAX_PROBLEMS, frame["line"].to_numpy(), table.problems, table.more_problems)
    check_text(frame, labels, report)
    year = parse_years(frame, labels, report)
    coordinates = parse_coordinates(frame, labels, report)
    index = place_index(places)
    cities = resolve_cities(frame, coordinates, index, places, labels, report)
    located = locate(frame, coordinates, cities, index, places, labels, report)
    if report:
        raise FacilitiesError(report.problems())
    if not len(frame):
        raise FacilitiesError(problem(name, table.header_line + 1, "", "facilities.no_rows"))
    out = gpd.GeoDataFrame({
        "name": frame["name"], "category": frame["category"], "year": year,
        "prefecture": located.prefecture, "province": located.province, "reach": located.reach,
        "line": frame["line"],
    }, geometry=located.points, crs="EPSG:4326")  # fmt: skip
    out.attrs.update(format=table.format, encoding=table.encoding, sheet=table.sheet)
    return out


def load_facilities(path: str | Path, places: Places, *, sheet: str | None = None, max_bytes: int = MAX_BYTES,
                    max_rows: int = MAX_ROWS, max_unzipped: int = MAX_UNZIPPED) -> gpd.GeoDataFrame:  # fmt: skip
    """Read and validate a facilities file, CSV or .xlsx (told apart by content).

    Parameters
    ----------
    path : str or pathlib.Path
        The file; at most ``max_bytes`` + 1 bytes are read.
    places : Places
        The gazetteer.
    sheet, max_bytes, max_rows, max_unzipped
        As for :func:`parse_facilities`.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`parse_facilities` returns it.

    Raises
    ------
    FacilitiesError
        When the file cannot be read or is invalid.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)  # one byte past the cap tells an oversize file without reading it all
    except OSError as exc:
        raise FacilitiesError(problem(str(path), None, "", "facilities.unreadable", reason=str(exc.strerror))) from None
    return parse_facilities(raw, str(path), places, sheet=sheet, max_bytes=max_bytes, max_rows=max_rows,
                            max_unzipped=max_unzipped)  # fmt: skip


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


__all__ = [
    "ALIASES",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "FacilitiesError",
    "count_for",
    "counts_by_prefecture",
    "load_facilities",
    "parse_facilities",
]
