"""Sites: the MIIT green-manufacturing lists and the 2018 development zones, placed on the gazetteer.

``data/sites.csv`` (built by ``scripts/build_sites.py``) has one row per belt site, each at the most
precise place its name supports: a county, a prefecture, or only its province. This module validates
the file against the gazetteer and answers "which sites are in this place?" from index tables built
once at load, so a click costs a dictionary lookup and one ``iloc``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import GeoDataError, Problem
from geo.filters import FilterSpec
from geo.places import Place, Places
from geo.vocab import ZONE_INDUSTRY_FAMILIES

LISTS = ("green_park", "green_factory", "green_supply_chain", "green_product", "dev_zone")
LEVELS = ("county", "prefecture", "province")
BATCHES = ("1", "2", "3", "4", "5", "2021", "")  # publication order; zones have no batch
METHODS = ("county_in_name", "prefecture_in_name", "alias", "override", "nominated_by_city", "province_only")
COLUMNS = (
    "id", "list", "name", "company", "batch", "published", "approval_level", "zone_type", "approved", "area_ha",
    "industries", "province_given", "province", "place_id", "place_level", "method", "reason", "citation",
    "source_row",
)  # fmt: skip
MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 100
HINT = "rebuild it with scripts/build_sites.py (see data/SOURCES.md)"


class SitesError(GeoDataError):
    """``sites.csv`` is malformed or names places the gazetteer does not have."""


def _read_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (first line, cells) of every record; a quoted cell may span lines."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SitesError(Problem(str(path), None, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SitesError(Problem(str(path), line, "", "not valid UTF-8", HINT)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    records, start = [], reader.line_num + 1
    for cells in reader:
        records.append((start, cells))
        start = reader.line_num + 1
    return header, records


def _row_problems(row: dict, line: int, path: str, places: Places) -> list[Problem]:
    """Everything wrong with one row: vocabulary, then the place it names."""
    out = []
    for column, allowed in (("list", LISTS), ("place_level", LEVELS), ("method", METHODS)):
        if row[column] not in allowed:
            out.append(Problem(path, line, column, f"expected one of {', '.join(allowed)}; got {row[column]!r}"))
    if not row["id"] or not row["name"]:
        out.append(Problem(path, line, "id" if not row["id"] else "name", "is empty", HINT))
    if places.get("province", row["province"]) is None:
        out.append(Problem(path, line, "province", f"unknown province id {row['province']!r}", HINT))
    elif row["place_level"] in LEVELS:
        place = places.get(row["place_level"], row["place_id"])
        if place is None:
            hint = places.check_ref(row["place_level"], row["place_id"])
            out.append(Problem(path, line, "place_id", f"no {row['place_level']} {row['place_id']!r}", hint))
        elif (place.province or place.id) != row["province"]:
            msg = f"{row['place_id']!r} is in {place.province!r}, not in the site's province {row['province']!r}"
            out.append(Problem(path, line, "place_id", msg, HINT))
    return out


def parse_sites(path: str | Path, places: Places) -> pd.DataFrame:
    """Read and validate a sites file.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``sites.csv`` (UTF-8, header row, the columns of :data:`COLUMNS`).
    places : geo.places.Places
        The gazetteer the place ids are checked against.

    Returns
    -------
    pandas.DataFrame
        Every column as text, in file order.

    Raises
    ------
    SitesError
        With every problem (up to a cap) as ``PATH:LINE: column: message``.
    """
    path = Path(path)
    header, records = _read_records(path)
    if missing := [c for c in COLUMNS if c not in header]:
        raise SitesError(Problem(str(path), 1, "header", f"missing column(s) {', '.join(missing)}", HINT))
    problems: list[Problem] = []
    rows, seen = [], set()
    for line, cells in records:
        if len(cells) != len(header):
            problems.append(Problem(str(path), line, "row", f"expected {len(header)} fields, got {len(cells)}", HINT))
            continue
        row = dict(zip(header, cells, strict=True))
        problems += _row_problems(row, line, str(path), places)
        if row["id"] in seen:
            problems.append(Problem(str(path), line, "id", f"duplicate id {row['id']!r}", HINT))
        seen.add(row["id"])
        rows.append({c: row[c] for c in COLUMNS})
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise SitesError(problems[:MAX_PROBLEMS])
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _positions(keys) -> dict[str, np.ndarray]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            groups[key].append(i)
    return {k: np.asarray(v, dtype=np.intp) for k, v in groups.items()}


@dataclass(frozen=True)
class Sites:
    """The validated sites and their place indexes.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per site, every column of ``sites.csv`` as text, sorted by id.
    """

    frame: pd.DataFrame
    places: Places = field(repr=False)
    _index: dict[tuple[str, str], np.ndarray] = field(repr=False)
    _folded: pd.Series = field(repr=False)  # name and company, folded once for by_name
    key: str = ""  # sha256 of sites.csv: what caches and published files key on
    sources: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # site_sources.csv, by citation id
    families: pd.Series = field(default_factory=lambda: pd.Series(dtype=object), repr=False)  # id -> frozenset

    def filtered(self, spec: FilterSpec, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows of ``frame`` (default: every site) that ``spec`` keeps.

        Reach and province filters keep sites in those reaches or provinces; zone-industry families keep
        development zones of those families (other lists pass); batches keep green-list sites of those
        batches (zones pass). Measure filters (category, industry, role, text) do not apply to sites.
        """
        frame = self.frame if frame is None else frame
        keep = np.ones(len(frame), dtype=bool)
        if spec.provinces:
            keep &= frame["province"].isin(spec.provinces).to_numpy()
        if spec.reaches:
            reach = frame["province"].map(lambda p: self.places.get("province", p).reach)
            keep &= reach.isin(spec.reaches).to_numpy()
        zone = (frame["list"] == "dev_zone").to_numpy()
        if spec.zone_industries:
            fam = self.families.reindex(frame["id"]).to_numpy()
            wanted = spec.zone_industries
            keep &= ~zone | np.fromiter((bool(f and wanted & f) for f in fam), dtype=bool, count=len(frame))
        if spec.batches:
            keep &= zone | frame["batch"].isin(spec.batches).to_numpy()
        return frame[keep]

    def has(self, site_id: str) -> bool:
        """True for the id of a known site."""
        return site_id in self.families.index

    def row(self, site_id: str) -> pd.Series | None:
        """One site by id, or None."""
        hit = self.frame[self.frame["id"] == site_id]
        return hit.iloc[0] if len(hit) else None

    def citation(self, citation_id: str) -> dict[str, str]:
        """The source of a citation id: ``title``, ``published``, ``notice_url`` and ``pdf_url`` (empty if unknown)."""
        if citation_id in self.sources.index:
            return {k: str(v) for k, v in self.sources.loc[citation_id].items()}
        return {"title": citation_id, "published": "", "notice_url": "", "pdf_url": ""}

    def for_place(self, place: Place) -> pd.DataFrame:
        """Sites in ``place``: its own and those of every place inside it (a lookup and one ``iloc``).

        Parameters
        ----------
        place : geo.places.Place
            A county (its own sites), a prefecture (its own and its counties'), a province (all its
            sites, those placed only at the province too), a reach, the belt, or a group of prefectures.

        Returns
        -------
        pandas.DataFrame
            Rows of :attr:`frame`, in id order; empty when the place has none.
        """
        if place.level == "belt":
            return self.frame
        if place.level == "group":
            members = self.places.group_members(place.id)
            parts = [self._index.get(("prefecture", m), np.empty(0, np.intp)) for m in members]
            pos = np.sort(np.concatenate(parts)) if parts else np.empty(0, np.intp)
            return self.frame.iloc[pos]
        return self.frame.iloc[self._index.get((place.level, place.id), np.empty(0, np.intp))]

    def by_name(self, name: str) -> pd.DataFrame:
        """Sites whose name or company is ``name``; failing that, those that contain it (case and width folded).

        Parameters
        ----------
        name : str
            A site, product or company name, or part of one.

        Returns
        -------
        pandas.DataFrame
        """
        exact = (self.frame["name"] == name) | (self.frame["company"] == name)
        if exact.any():
            return self.frame[exact]
        query = _fold(name.strip())
        if not query:
            return self.frame.iloc[0:0]
        return self.frame[self._folded.str.contains(query, regex=False)]

    def unresolved(self) -> pd.DataFrame:
        """Sites placed only at their province.

        Returns
        -------
        pandas.DataFrame
            Rows whose ``place_level`` is ``province``; ``reason`` says why each could not be placed.
        """
        return self.frame[self.frame["place_level"] == "province"]

    def counts(self, place: Place) -> pd.DataFrame:
        """Number of sites in ``place`` by list and batch (zones have batch ``""``), in publication order.

        Parameters
        ----------
        place : geo.places.Place
            Any place :meth:`for_place` accepts.

        Returns
        -------
        pandas.DataFrame
            Columns ``list``, ``batch``, ``sites``; lists in :data:`LISTS` order.
        """
        rows = self.for_place(place)
        out = rows.groupby(["list", "batch"], sort=False).size().rename("sites").reset_index()
        out["_list"] = out["list"].map({name: i for i, name in enumerate(LISTS)})
        out["_batch"] = out["batch"].map({b: i for i, b in enumerate(BATCHES)})
        return out.sort_values(["_list", "_batch"]).drop(columns=["_list", "_batch"]).reset_index(drop=True)


def _build_index(frame: pd.DataFrame, places: Places) -> dict[tuple[str, str], np.ndarray]:
    """(level, id) -> row positions, for every county, prefecture, province and reach that has sites."""
    level, place_id = frame["place_level"].to_numpy(), frame["place_id"].to_numpy()
    county = np.where(level == "county", place_id, "")
    own_pref = np.where(level == "prefecture", place_id, "")
    parent = [places.get("county", c).parent if c else "" for c in county]
    prefecture = np.where(own_pref != "", own_pref, parent)
    # Shanghai and Chongqing are each one prefecture covering the whole province: a site placed only at
    # the province is in that prefecture too.
    sole = {}
    for pid in frame["province"].unique():
        prefs = places.prefectures.index[places.prefectures["province"] == pid]
        if len(prefs) == 1:
            sole[pid] = prefs[0]
    prov_only = np.where(level == "province", [sole.get(p, "") for p in frame["province"]], "")
    prefecture = np.where(prefecture != "", prefecture, prov_only)
    reach = frame["province"].map(lambda p: places.get("province", p).reach).to_numpy()
    index = {}
    for lv, keys in (("county", county), ("prefecture", prefecture), ("province", frame["province"]), ("reach", reach)):
        index.update({(lv, k): v for k, v in _positions(keys).items()})
    return index


def load_sites(data_dir: str | Path, places: Places) -> Sites:
    """Load and validate ``sites.csv`` of a data folder.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding ``sites.csv``.
    places : geo.places.Places
        The gazetteer every ``place_id`` must exist in, at its ``place_level``.

    Returns
    -------
    Sites

    Raises
    ------
    SitesError
        Listing each problem as ``PATH:LINE: column: message Hint: ...``: a missing column, an unknown
        list, level or method, a place id unknown at its level or outside the site's province.
    """
    path = Path(data_dir) / "sites.csv"
    if not path.is_file():
        raise SitesError(Problem(str(path), None, "", "file not found", HINT))
    frame = parse_sites(path, places)
    folded = frame["name"].map(_fold) + "\n" + frame["company"].map(_fold)
    key = hashlib.sha256(path.read_bytes() + places.key.encode("ascii")).hexdigest()
    sources = _read_sources(Path(data_dir) / "site_sources.csv", frame)
    families = [
        zone_families(r.industries, r.name) if r.list == "dev_zone" else frozenset()
        for r in frame.itertuples(index=False)
    ]
    families = pd.Series(families, index=frame["id"].to_numpy(), dtype=object)
    return Sites(frame, places, _build_index(frame, places), folded, key, sources, families)


def zone_families(industries: str, name: str = "") -> frozenset[str]:
    """The leading-industry families (:data:`geo.vocab.ZONE_INDUSTRY_FAMILIES`) a zone belongs to.

    Parameters
    ----------
    industries : str
        The zone's leading industries as the catalogue writes them (``石化、新材料``).
    name : str
        The zone's name (``…化工园区`` says chemicals even where the industries column does not).

    Returns
    -------
    frozenset of str
    """
    text = f"{industries}\n{name}"
    return frozenset(fid for fid, fam in ZONE_INDUSTRY_FAMILIES.items() if any(w in text for w in fam["words"]))


def _read_sources(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """``site_sources.csv`` indexed by citation id; every citation of the sites must be there."""
    if not path.is_file():
        raise SitesError(Problem(str(path), None, "", "file not found", HINT))
    table = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("id")
    missing = sorted(set(frame["citation"]) - set(table.index))
    if missing:
        raise SitesError(Problem(str(path), None, "id", f"no source for citation(s) {', '.join(missing[:5])}", HINT))
    return table


__all__ = ["LISTS", "METHODS", "Sites", "SitesError", "load_sites", "parse_sites", "zone_families"]
