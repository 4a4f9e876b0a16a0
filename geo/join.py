"""Join measures to places: one tidy row per measure and place, nothing dropped.

The tidy table has, per row, what the catalogue *named* (``named_level``/``named_id``,
e.g. the ``riverside`` group or the ``jiangsu`` province) and the place *drawn* for it
(``level``/``place_id`` and ``geometry``; a group is expanded to its prefectures).
Inheritance (which measures cover a given place, and ``via`` what) is computed from
the named keys, so a measure naming Jiangsu covers Wuxi ``via='province'``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.catalogue import Catalogue
from geo.errors import CatalogueError, Problem, UnknownPlaceError
from geo.places import POINT_LEVELS, Place, Places, belt_geometry
from geo.vocab import REACHES

COLUMNS = [
    "measure_id", "category", "industries", "title_en", "title_zh", "summary_en", "summary_zh",
    "quote", "source_document", "source_section", "source_date", "role", "named_level", "named_id",
    "level", "place_id", "name_en", "name_zh", "province", "reach", "reaches_covered",
    "provinces_covered", "geometry",
]  # fmt: skip

# Order in which inherited measures are listed, nearest first.
VIA_ORDER = ("place", "district", "parent", "riverside", "province", "reach", "belt")


def _coverage(places: Places, place: Place) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The reaches and provinces a drawn place lies in or spans."""
    if place.level in POINT_LEVELS or place.level == "province":
        return (place.reach,), (place.province,)
    prov = places.provinces
    if place.level == "reach":
        return (place.id,), tuple(sorted(prov.loc[prov["reach"] == place.id, "id"]))
    return tuple(REACHES), tuple(sorted(prov["id"]))


def _geometry(places: Places, place: Place, belt):
    if place.level in POINT_LEVELS:
        return places.cities.loc[place.id, "geometry"]
    if place.level == "province":
        return places.provinces.loc[place.id, "geometry"]
    if place.level == "reach":
        return places.reaches.loc[place.id, "geometry"]
    return belt


def join_measures_to_places(catalogue: Catalogue, places: Places, name: str = "catalogue") -> gpd.GeoDataFrame:
    """Build the tidy measures × places table.

    Parameters
    ----------
    catalogue : Catalogue
        A validated catalogue.
    places : Places
        The place layers.
    name : str
        How to name the catalogue in error messages.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per measure and drawn place, columns :data:`COLUMNS`, EPSG:4326.

    Raises
    ------
    CatalogueError
        If a measure names a place the gazetteer does not know (all such are listed).
    """
    belt = belt_geometry(places)
    rows: list[dict] = []
    problems: list[Problem] = []
    for i, m in enumerate(catalogue.measures):
        base = {
            "measure_id": m.id, "category": m.category, "industries": tuple(m.industries),
            "title_en": m.title.en, "title_zh": m.title.zh, "summary_en": m.summary.en,
            "summary_zh": m.summary.zh, "quote": m.source.quote, "source_document": m.source.document,
            "source_section": m.source.section, "source_date": m.source.date.isoformat(),
        }  # fmt: skip
        for j, ref in enumerate(m.places):
            hint = places.check_ref(ref.level, ref.id)
            if hint is not None:
                problems.append(
                    Problem(
                        name,
                        None,
                        f"measures[{i}].places[{j}].id",
                        f"measure {m.id!r} names unknown {ref.level} {ref.id!r}",
                        hint,
                    )
                )
                continue
            named = places.get(ref.level, ref.id)
            drawn = [named]
            if ref.level == "group":
                drawn = [places.get("prefecture", pid) for pid in places.group_members(ref.id)]
                if not drawn:
                    problems.append(
                        Problem(
                            name, None, f"measures[{i}].places[{j}].id", f"group {ref.id!r} has no members in this data"
                        )
                    )
            for place in drawn:
                reaches, provinces = _coverage(places, place)
                rows.append({
                    **base, "role": ref.role, "named_level": ref.level, "named_id": ref.id,
                    "level": place.level, "place_id": place.id, "name_en": place.name_en,
                    "name_zh": place.name_zh, "province": place.province, "reach": place.reach,
                    "reaches_covered": reaches, "provinces_covered": provinces,
                    "geometry": _geometry(places, place, belt),
                })  # fmt: skip
    if problems:
        raise CatalogueError(problems)
    table = gpd.GeoDataFrame(rows, columns=COLUMNS, geometry="geometry", crs="EPSG:4326")
    missing = {m.id for m in catalogue.measures} - set(table["measure_id"])
    assert not missing, f"join lost measures {missing}"  # guarded above; a bug if it fires
    return table


def measures_for_place(table: pd.DataFrame, places: Places, place_id: str, level: str | None = None) -> pd.DataFrame:
    """Every measure that applies to a place, its own and inherited.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`join_measures_to_places` (possibly filtered).
    places : Places
        The place layers.
    place_id : str
        Any place id (a city, county, area, province, reach or ``yreb``).
    level : str, optional
        The place's level; without it the most specific level with this id is used
        (``shanghai`` is the city, not the province).

    Returns
    -------
    pandas.DataFrame
        One row per measure, named place and role, with ``via`` (``place``, ``district``,
        ``parent``, ``riverside``, ``province``, ``reach`` or ``belt``), nearest first.

    Raises
    ------
    UnknownPlaceError
        With the closest known ids as suggestions.
    """
    place = places.get(level, place_id) if level else places.find(place_id)
    if place is None:
        raise UnknownPlaceError(place_id, places.suggest(place_id))
    keys = [("place", place.level, place.id), *places.ancestors(place)]
    frames = []
    for via, level, pid in keys:
        hit = table[(table["named_level"] == level) & (table["named_id"] == pid)]
        if len(hit):
            frames.append(hit.assign(via=via))
    columns = [c for c in COLUMNS if c != "geometry"] + ["via"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(pd.concat(frames, ignore_index=True)[columns])
    out = out.drop_duplicates(subset=["measure_id", "named_level", "named_id", "role"])
    order = {v: k for k, v in enumerate(VIA_ORDER)}
    out = out.sort_values(["via", "measure_id"], key=lambda s: s.map(order) if s.name == "via" else s, kind="stable")
    return out.reset_index(drop=True)


def named_index(table: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """(named level, named id) → the measure ids naming it, in one pass over the table."""
    index: dict[tuple[str, str], set[str]] = {}
    columns = (table["named_level"].to_numpy(), table["named_id"].to_numpy(), table["measure_id"].to_numpy())
    for level, pid, mid in zip(*columns, strict=True):
        index.setdefault((level, pid), set()).add(mid)
    return index


def count_applying(index: dict[tuple[str, str], set[str]], places: Places, place: Place,
                   children: tuple[str, ...] = ()) -> int:  # fmt: skip
    """Distinct measures that apply to ``place``: its own, inherited, and those naming ``children``."""
    keys = [(place.level, place.id)] + [(lv, pid) for _, lv, pid in places.ancestors(place)]
    keys += [(lv, child) for child in children for lv in ("county", "area")]
    ids: set[str] = set()
    for key in keys:
        ids |= index.get(key, set())
    return len(ids)


def measure_counts(table: pd.DataFrame, places: Places) -> pd.Series:
    """Number of distinct measures that apply in each prefecture (own, inherited or naming a place in it)."""
    index = named_index(table)
    inside = places.cities.groupby("parent")["id"].apply(tuple).to_dict()
    pref = places.cities.loc[places.cities["level"] == "prefecture", "id"]
    counts = {pid: count_applying(index, places, places.get("prefecture", pid), inside.get(pid, ())) for pid in pref}
    return pd.Series(counts, name="measures", dtype="int64")


__all__ = [
    "COLUMNS",
    "VIA_ORDER",
    "count_applying",
    "join_measures_to_places",
    "measure_counts",
    "measures_for_place",
    "named_index",
]
