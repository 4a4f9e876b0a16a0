"""The places the catalogue can name: cities, counties, areas, provinces, reaches, the belt.

``data/cities.geojson`` is the gazetteer of prefectures, every county-level division and
named areas; provinces and reaches come from their polygon layers; the ``riverside`` group
is the set of prefectures the data build marked as touching the Yangtze.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely

from geo.layers import load_layer
from geo.vocab import BELT_ID, BELT_LABEL, GROUPS, REACHES

POINT_LEVELS = ("prefecture", "county", "area")


@dataclass(frozen=True)
class Place:
    """One place of any level, as the join and the UI need it."""

    id: str
    level: str
    name_en: str
    name_zh: str
    province: str | None = None
    reach: str | None = None
    parent: str | None = None
    district: str | None = None
    riverside: bool = False


@dataclass(frozen=True)
class Places:
    """Every layer of places plus a gazetteer over them.

    Attributes
    ----------
    cities : GeoDataFrame
        Points: prefectures, counties and areas (``level`` column).
    prefectures, provinces, reaches : GeoDataFrame
        Polygons, indexed by id.
    """

    cities: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    reaches: gpd.GeoDataFrame
    by_key: dict[tuple[str, str], Place] = field(repr=False)

    @property
    def key(self) -> str:
        """A hash of the layers' file contents: equal for equal data, whatever object holds it."""
        return content_key(self.cities, self.prefectures, self.provinces, self.reaches)

    def get(self, level: str, place_id: str) -> Place | None:
        """Return the place with this level and id, or None."""
        return self.by_key.get((level, place_id))

    def check_ref(self, level: str, place_id: str) -> str | None:
        """Return None when ``level``/``place_id`` is known, else a hint for the user."""
        if (level, place_id) in self.by_key:
            return None
        other = [lv for (lv, pid) in self.by_key if pid == place_id]
        if other:
            return f"{place_id!r} exists at level {other[0]!r}; write 'level: {other[0]}'"
        close = self.suggest(place_id, levels=(level,))
        if close:
            return f"did you mean {', '.join(close)}?"
        return "look the id up in data/cities.geojson, or run `python cli.py measures --place NAME` for suggestions"

    def find(self, place_id: str) -> Place | None:
        """Resolve a bare id, most specific level first (``shanghai`` is the city, not the province)."""
        for level in ("prefecture", "county", "area", "province", "reach", "belt", "group"):
            place = self.by_key.get((level, place_id))
            if place is not None:
                return place
        return None

    def suggest(self, text: str, levels: tuple[str, ...] | None = None, n: int = 5) -> list[str]:
        """Ids whose id, pinyin or Chinese name is close to ``text`` (``无锡`` or ``Wuxi`` → ``wuxi``)."""
        query = _fold(text)
        if not query:
            return []
        names: dict[str, str] = {}
        for (level, pid), place in self.by_key.items():
            if levels and level not in levels:
                continue
            for name in (pid, place.name_en, place.name_zh, _short_zh(place.name_zh)):
                names.setdefault(_fold(name), pid)
        exact = [pid for name, pid in names.items() if name == query]
        prefix = [pid for name, pid in names.items() if len(query) >= 2 and name.startswith(query)]
        close = [names[m] for m in difflib.get_close_matches(query, list(names), n=n, cutoff=0.75)]
        out: list[str] = []
        for pid in exact + prefix + close:
            if pid not in out:
                out.append(pid)
        return out[:n]

    def ancestors(self, place: Place) -> list[tuple[str, str, str]]:
        """The (via, level, id) chain of places whose measures also cover ``place``."""
        chain: list[tuple[str, str, str]] = []
        if place.district:
            chain.append(("district", "county", place.district))
        if place.parent:
            chain.append(("parent", "prefecture", place.parent))
        if place.riverside and place.level in POINT_LEVELS:
            chain.append(("riverside", "group", "riverside"))
        if place.province and place.level != "province":
            chain.append(("province", "province", place.province))
        if place.reach and place.level != "reach":
            chain.append(("reach", "reach", place.reach))
        if place.level != "belt":
            chain.append(("belt", "belt", BELT_ID))
        return chain

    def group_members(self, group_id: str) -> list[str]:
        """Prefecture ids in a named group."""
        if group_id == "riverside":
            pref = self.cities[(self.cities["level"] == "prefecture") & self.cities["riverside"]]
            return sorted(pref["id"])
        return []


def content_key(*layers) -> str:
    """One hash of several layers' content hashes (``attrs["sha256"]``, set by :func:`geo.layers.parse_layer`).

    Caches shared between sessions key on this, never on ``id()``: CPython reuses the address of a freed
    object, so an identity key can hand one session's data to another.
    """
    digest = hashlib.sha256()
    for layer in layers:
        sha = layer.attrs.get("sha256")
        if not sha:
            raise ValueError("layer without a content hash; load it with geo.layers.load_layer or parse_layer")
        digest.update(sha.encode("ascii"))
    return digest.hexdigest()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _short_zh(name: str) -> str:
    for suffix in ("市", "县", "区", "省"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def _text_or_none(value) -> str | None:
    """GeoJSON nulls arrive as None or NaN; only real text counts."""
    return value if isinstance(value, str) and value else None


def _build_index(cities, provinces, reaches) -> dict[tuple[str, str], Place]:
    index: dict[tuple[str, str], Place] = {}
    for row in cities.itertuples(index=False):
        index[(row.level, row.id)] = Place(
            id=row.id,
            level=row.level,
            name_en=row.name_en,
            name_zh=row.name_zh,
            province=row.province,
            reach=row.reach,
            parent=_text_or_none(row.parent),
            district=_text_or_none(getattr(row, "district", None)),
            riverside=bool(row.riverside),
        )
    for row in provinces.itertuples(index=False):
        index[("province", row.id)] = Place(row.id, "province", row.name_en, row.name_zh, row.id, row.reach)
    for row in reaches.itertuples(index=False):
        index[("reach", row.id)] = Place(row.id, "reach", row.name_en, row.name_zh, None, row.id)
    index[("belt", BELT_ID)] = Place(BELT_ID, "belt", BELT_LABEL["en"], BELT_LABEL["zh"])
    for gid, label in GROUPS.items():
        index[("group", gid)] = Place(gid, "group", label["en"], label["zh"])
    return index


def load_places(data_dir: str | Path) -> Places:
    """Load and validate the place layers of a data folder.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding ``cities.geojson``, ``prefectures.geojson``, ``provinces.geojson``
        and ``reaches.geojson``.

    Returns
    -------
    Places

    Raises
    ------
    LayerError
        If a layer is malformed (every bad feature is named).
    """
    data_dir = Path(data_dir)
    polygons = ("Polygon", "MultiPolygon")
    cities = load_layer(
        data_dir / "cities.geojson",
        geometry_types=("Point",),
        required=("name_en", "name_zh", "level", "province", "reach"),
    )
    prefectures = load_layer(
        data_dir / "prefectures.geojson", geometry_types=polygons, required=("name_en", "name_zh", "province", "reach")
    )
    provinces = load_layer(
        data_dir / "provinces.geojson", geometry_types=polygons, required=("name_en", "name_zh", "reach")
    )
    reaches = load_layer(data_dir / "reaches.geojson", geometry_types=polygons, required=("name_en", "name_zh"))
    unknown = set(reaches["id"]) - set(REACHES)
    if unknown:
        from geo.errors import LayerError, Problem

        raise LayerError(
            Problem(
                str(data_dir / "reaches.geojson"),
                None,
                ", ".join(sorted(unknown)),
                f"expected reach ids {', '.join(REACHES)}",
            )
        )
    return Places(cities, prefectures, provinces, reaches, _build_index(cities, provinces, reaches))


def belt_geometry(places: Places):
    """The whole belt as one geometry (union of the reaches)."""
    return shapely.union_all(places.reaches.geometry.values)


__all__ = ["POINT_LEVELS", "Place", "Places", "belt_geometry", "content_key", "load_places"]
