"""Row checks of a facilities table, each over a whole column at once.

Each check marks the bad rows with a boolean mask and hands it to :class:`Report`, which turns
only the first ``cap`` of them into problems: a file where every one of 200,000 rows is wrong costs
200 messages, not 200,000. Python-level loops run only over distinct values (city names) or over
the few cells a vectorised parse rejected (a year written ``2019年``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.messages import problem
from geo.name_index import PlaceIndex, describe, resolve
from geo.places import POINT_LEVELS, Places

LIMITS = {"name": 300, "category": 100}
# C0/C1 controls except tab, line/paragraph separators and the bidi controls (embeddings, overrides,
# isolates, marks): invisible in a list, and the bidi ones reorder what the map shows next to them.
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_YEAR_TEXT = re.compile(r"(\d{4})(?:年度?|[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:[ T].*)?)?")
_SUGGEST_AT_MOST = 25  # distinct unknown cities given suggestions (each costs a fuzzy search, ~8 ms)


class Report:
    """Problems of one file: counted in full, kept up to ``cap``, listed in line order."""

    def __init__(self, name: str, cap: int, lines: np.ndarray, problems=(), more: int = 0):
        self.name, self.cap, self.lines = name, cap, lines
        self._items: list[Problem] = list(problems)
        self._total = len(self._items) + more

    def __bool__(self) -> bool:
        return self._total > 0

    def take(self, mask) -> np.ndarray:
        """Count the rows in ``mask`` as problems; return the positions of the first ``cap`` of them."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        self._total += len(positions)
        return positions[: self.cap]

    def append(self, item: Problem) -> None:
        """Keep a problem already counted by :meth:`take`."""
        self._items.append(item)

    def rows(self, mask, key: str, code: str, args: Callable[[int], dict[str, str | int]]) -> None:
        """One problem per row in ``mask`` (up to the cap), its values from ``args(position)``."""
        for i in self.take(mask):
            self.append(problem(self.name, int(self.lines[i]), key, code, **args(i)))

    def problems(self) -> list[Problem]:
        """The first ``cap`` problems by line (file-level ones first), then how many were left out."""
        ordered = sorted(self._items, key=lambda p: -1 if p.line is None else p.line)
        shown = ordered[: self.cap]
        if self._total > len(shown):
            shown.append(problem(self.name, None, "", "facilities.more_problems", count=self._total - len(shown)))
        return shown


@dataclass(frozen=True)
class Coordinates:
    """Parsed ``lon``/``lat``: NaN where absent or unreadable; ``ok`` where usable."""

    lon: np.ndarray
    lat: np.ndarray
    given: np.ndarray
    ok: np.ndarray


@dataclass(frozen=True)
class Cities:
    """Resolved ``city`` cells: a place id or None per row, and which rows named a city."""

    ids: pd.Series
    named: np.ndarray
    resolved: np.ndarray


def _mask(series: pd.Series) -> np.ndarray:
    """A plain bool array (missing counts as False)."""
    return series.to_numpy(dtype=bool, na_value=False)


def _check_column(frame: pd.DataFrame, column: str, label: str, report: Report) -> None:
    """Empty, too long, or holding control characters."""
    values = frame[column]
    report.rows(_mask(values == ""), label, "facilities.empty_value", lambda i: {"column": label})
    lengths = values.str.len().to_numpy()
    limit = LIMITS[column]
    report.rows(lengths > limit, label, "facilities.too_long",
                lambda i: {"column": label, "length": int(lengths[i]), "limit": limit})  # fmt: skip
    texts = values.tolist()
    # One regex pass over the whole column first: clean files (the usual case) cost no per-cell loop.
    if not CONTROL.search("\t".join(texts)):
        return
    found = [CONTROL.search(text) for text in texts]
    report.rows(np.array([m is not None for m in found]), label, "facilities.control",
                lambda i: {"column": label, "codepoint": f"{ord(found[i].group()):04X}"})  # fmt: skip


def check_text(frame: pd.DataFrame, labels: dict[str, str], report: Report) -> None:
    """Report empty, over-long or control-character ``name`` and ``category`` cells.

    Parameters
    ----------
    frame : DataFrame
        Stripped text cells, one column per canonical column.
    labels : dict
        Canonical column → header as the file writes it (the problem's key).
    report : Report
        Receives the problems.

    Notes
    -----
    Values are checked after stripping, so a trailing line break (Alt+Enter in an Excel cell) is
    dropped quietly, while one inside a name is reported: it would be invisible on the map.
    """
    for column in LIMITS:
        _check_column(frame, column, labels[column], report)


def _numbers(text: pd.Series) -> np.ndarray:
    """Floats from text cells (NaN where empty or unreadable); full-width digits and ``°`` accepted."""
    given = _mask(text != "")
    values = pd.to_numeric(text.where(given), errors="coerce").to_numpy(dtype=float, copy=True, na_value=np.nan)
    for i in np.flatnonzero(given & np.isnan(values)):
        cell = unicodedata.normalize("NFKC", text.iat[i]).rstrip("°").strip()
        try:
            values[i] = float(cell)
        except ValueError:
            continue
    return values


def parse_years(frame: pd.DataFrame, labels: dict[str, str], report: Report) -> pd.Series:
    """The ``year`` column as nullable integers; report years that are not whole years 1949–2100.

    Parameters
    ----------
    frame, labels, report
        As for :func:`check_text`.

    Returns
    -------
    pandas.Series
        ``Int64``, missing where the cell is empty or wrong.
    """
    text = frame["year"]
    given = _mask(text != "")
    values = pd.to_numeric(text.where(given), errors="coerce").to_numpy(dtype=float, copy=True, na_value=np.nan)
    for i in np.flatnonzero(given & np.isnan(values)):
        # 2019年, 2019年度, ２０１９ or a date such as 2019-05-01 (a sheet cell formatted as a date).
        match = _YEAR_TEXT.fullmatch(unicodedata.normalize("NFKC", text.iat[i]))
        values[i] = float(match.group(1)) if match else np.nan
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(values) & (values == np.floor(values)) & (values >= 1949) & (values <= 2100)
    report.rows(given & ~valid, labels.get("year", "year"), "facilities.year", lambda i: {"value": text.iat[i][:20]})
    return pd.Series(np.where(valid, values, np.nan)).astype("Int64")


def _shown(value: float) -> str:
    """A coordinate as messages show it: ``31.5``, ``120.3``."""
    return str(float(value))


def parse_coordinates(frame: pd.DataFrame, labels: dict[str, str], report: Report) -> Coordinates:
    """Parse ``lon``/``lat``; report swapped, unreadable and out-of-range pairs.

    Parameters
    ----------
    frame, labels, report
        As for :func:`check_text`.

    Returns
    -------
    Coordinates
    """
    lon_text, lat_text = frame["lon"], frame["lat"]
    given = _mask((lon_text != "") | (lat_text != ""))
    lon, lat = _numbers(lon_text), _numbers(lat_text)
    # NaN compares False, so unreadable cells are never "swapped" and never "ok".
    swapped = given & (lat >= 73) & (lat <= 136) & (lon >= 3) & (lon <= 54)
    ok = given & ~swapped & np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    key = f"{labels.get('lon', 'lon')},{labels.get('lat', 'lat')}"
    report.rows(swapped, key, "facilities.swapped", lambda i: {"lon": _shown(lon[i]), "lat": _shown(lat[i])})
    report.rows(given & ~swapped & ~ok, key, "facilities.coordinates",
                lambda i: {"lon": lon_text.iat[i][:20], "lat": lat_text.iat[i][:20]})  # fmt: skip
    return Coordinates(lon, lat, given, ok)


def resolve_cities(frame: pd.DataFrame, coordinates: Coordinates, index: PlaceIndex, places: Places,
                   labels: dict[str, str], report: Report) -> Cities:  # fmt: skip
    """Resolve every ``city`` cell (once per distinct value); report unknown, ambiguous and missing places.

    Parameters
    ----------
    frame, labels, report
        As for :func:`check_text`.
    coordinates : Coordinates
        Rows with coordinates need no city.
    index : PlaceIndex
        The gazetteer's name index.
    places : Places
        For suggestions (:meth:`Places.suggest`) when a name is unknown.

    Returns
    -------
    Cities
    """
    city = frame["city"]
    named = _mask(city != "")
    results = {value: resolve(index, value) for value in city[named].unique()}
    ids = city.map({value: r.place for value, r in results.items()})
    resolved = _mask(ids.notna())
    key = labels.get("city", "city")
    ambiguous = {value for value, r in results.items() if r.candidates}
    is_ambiguous = _mask(city.isin(ambiguous))
    _report_unknown(city, named & ~resolved & ~is_ambiguous, key, places, report)
    report.rows(is_ambiguous, key, "facilities.city_ambiguous", lambda i: _candidates(city.iat[i], results, index))
    no_place = ~coordinates.given & ~named
    report.rows(no_place, key, "facilities.no_location", lambda i: {})
    return Cities(ids, named, resolved)


def _candidates(value: str, results: dict, index: PlaceIndex) -> dict[str, str | int]:
    """Message args for an ambiguous city: its candidates described in English and in Chinese."""
    ids = results[value].candidates
    return {
        "city": value[:60],
        "candidates": "; ".join(describe(index, pid, "en") for pid in ids),
        "candidates_zh": "；".join(describe(index, pid, "zh") for pid in ids),
    }


def _report_unknown(city: pd.Series, mask: np.ndarray, key: str, places: Places, report: Report) -> None:
    """Unknown places, with suggestions for the first few distinct values (a fuzzy search is slow)."""
    suggestions: dict[str, list[str]] = {}
    for i in report.take(mask):
        value = city.iat[i]
        if value not in suggestions and len(suggestions) < _SUGGEST_AT_MOST:
            suggestions[value] = places.suggest(value, levels=POINT_LEVELS)
        close = suggestions.get(value)
        if close:
            report.append(problem(report.name, int(report.lines[i]), key, "facilities.city_unknown",
                                  city=value[:60], suggestions=", ".join(close)))  # fmt: skip
        else:
            report.append(problem(report.name, int(report.lines[i]), key, "facilities.city_unknown_plain",
                                  city=value[:60]))  # fmt: skip


__all__ = ["Cities", "Coordinates", "Report", "check_text", "parse_coordinates", "parse_years", "resolve_cities"]
