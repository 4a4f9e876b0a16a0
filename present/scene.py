"""The scene: what the map draws for a view, computed once from ``geo`` for every renderer.

The live map (a Streamlit component), the standalone HTML export (both drawn by present/web/yreb-map.js)
and the static exports (Matplotlib) all draw from these functions: which places are drawn and where, their
labels and tooltips, the role symbols and outlines, the choropleth counts, the selection, the extent a
filter fits and the legend of exactly what is drawn. No renderer computes any of this itself.

Text in a scene is plain text: the web runtime puts it in the page with ``textContent`` only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from geo.basemap import Basemap, WebPolygons, simplify_layer
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from geo.gcj02 import to_gcj02
from geo.join import count_applying, named_index
from geo.places import POINT_LEVELS
from geo.vocab import PROVINCIAL_CAPITALS
from present.i18n import label, name_of, t
from present.style import (
    BELT_BOUNDS,
    COUNT_BINS,
    COUNT_COLOURS,
    LAKE,
    LAND,
    NEIGHBOUR,
    OCEAN,
    REACH_COLOURS,
    ROLE_PATTERN,
    ROLE_SYMBOLS,
    SELECTION,
    WATER,
    count_bin,
)

_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LABEL_MIN_ZOOM = {"important": 0.0, "prefecture": 6.5, "county": 8.5}


@dataclass(frozen=True)
class MapView:
    """How to draw: language, basemap, selected place, and the Tianditu key if one is configured."""

    lang: str = "en"
    basemap: str = "vector"
    selected: tuple[str, str] | None = None  # (level, id)
    tianditu_key: str | None = None

    @property
    def crs(self) -> str:
        """Coordinates of the overlays: AMap tiles need GCJ-02."""
        return "gcj02" if self.basemap == "amap" else "wgs84"


def _geoms(values, crs: str):
    return to_gcj02(values) if crs == "gcj02" else values


def _collection(gdf, crs: str, props) -> dict:
    """FeatureCollection of a GeoDataFrame with properties from ``props(row)``."""
    geoms = _geoms(gdf.geometry.values, crs)
    feats = []
    for geom, row in zip(geoms, gdf.itertuples(index=False), strict=True):
        feats.append({"type": "Feature", "geometry": mapping(geom), "properties": props(row)})
    return {"type": "FeatureCollection", "features": feats}


def base_collections(basemap: Basemap, web: WebPolygons, lang: str, crs: str) -> dict[str, dict]:
    """The filter-independent layers as FeatureCollections with styles, style keys and plain-text tooltips."""
    poly = {"pane": "basemap", "interactive": False, "weight": 0, "fillOpacity": 1}

    def province_tip(r) -> str:
        return f"{r.name_zh if lang == 'zh' else r.name_en} · {label('reach', r.reach, lang)}"

    return {
        "ocean": _collection(simplify_layer(basemap.ocean), crs, lambda r: {"_style": {**poly, "fillColor": OCEAN}}),
        "land": _collection(simplify_layer(basemap.land), crs, lambda r: {"_style": {**poly, "fillColor": LAND}}),
        "neighbours": _collection(
            simplify_layer(basemap.neighbours),
            crs,
            lambda r: {"_style": {**poly, "fillColor": NEIGHBOUR, "color": "#bdbab2", "weight": 0.8}},
        ),
        "reaches": _collection(
            web.reaches,
            crs,
            lambda r: {
                "id": r.id,
                "style": f"reach-{r.id}",
                "tip": label("reach", r.id, lang),
                "_style": {
                    "color": REACH_COLOURS[r.id],
                    "weight": 1,
                    "fillColor": REACH_COLOURS[r.id],
                    "fillOpacity": 0.22,
                },
            },
        ),
        "provinces": _collection(
            web.provinces,
            crs,
            lambda r: {
                "id": r.id,
                "style": "province",
                "tip": province_tip(r),
                "_style": {"color": "#555555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0},
            },
        ),
        "prefectures": _collection(
            web.prefectures,
            crs,
            lambda r: {
                "id": r.id,
                "style": "count-0",
                "tip": r.name_zh if lang == "zh" else r.name_en,
                "_style": {"color": "#666666", "weight": 0.6, "fillColor": COUNT_COLOURS[0], "fillOpacity": 0.75},
            },
        ),
        "lakes": _collection(
            simplify_layer(basemap.lakes),
            crs,
            lambda r: {"style": "lake", "_style": {"color": WATER, "weight": 0.5, "fillColor": LAKE, "fillOpacity": 1}},
        ),
        "rivers": _collection(
            simplify_layer(basemap.rivers, tolerance=0.005),
            crs,
            lambda r: {"style": "river", "_style": {"color": WATER, "weight": 3 if r.main else 1.4, "opacity": 0.95}},
        ),
    }


# --- places -------------------------------------------------------------------------------------------


def drawn_places(data: Dataset) -> list:
    """Prefectures, plus the county-level places and areas that some measure names."""
    named = set(data.table.loc[data.table["level"].isin(("county", "area")), "place_id"])
    cities = data.places.cities
    keep = cities[(cities["level"] == "prefecture") | cities["id"].isin(named)]
    return [data.places.get(row.level, row.id) for row in keep.itertuples(index=False)]


def visible_places(data: Dataset, spec: FilterSpec, candidates: list | None = None) -> list:
    """The drawn places (or ``candidates``) inside the view's reach and province filters (map and snapshot)."""
    return [
        p
        for p in (drawn_places(data) if candidates is None else candidates)
        if (not spec.reaches or p.reach in spec.reaches) and (not spec.provinces or p.province in spec.provinces)
    ]


def named_places(data: Dataset) -> set[str]:
    """Point-level places that some measure of the catalogue names."""
    rows = data.table[data.table["named_level"].isin(POINT_LEVELS)]
    return set(rows["named_id"])


def important_places(data: Dataset) -> set[str]:
    """Provincial capitals and the places the catalogue names: labelled at the default zoom, drawn on top."""
    return set(PROVINCIAL_CAPITALS.values()) | named_places(data)


def city_label(place, lang: str, ambiguous: set[str]) -> str:
    """A place's name in the UI language, with its province when two prefectures share an English name."""
    name = name_of(place, lang)
    if lang != "zh" and place.name_en in ambiguous and place.province:
        name = f"{name} ({place.province.capitalize()})"
    return name


def ambiguous_names(data: Dataset) -> set[str]:
    """English prefecture names that two prefectures share (Suzhou, Taizhou)."""
    english = pd.Series([p.name_en for p in drawn_places(data) if p.level == "prefecture"])
    return set(english[english.duplicated()])


@dataclass(frozen=True)
class CityState:
    """One drawn place in a view: how many filtered measures apply, whether it matches, how it is labelled."""

    place: object
    count: int
    match: bool
    important: bool
    label: str


def city_states(data: Dataset, spec: FilterSpec, lang: str, table: pd.DataFrame | None = None) -> list[CityState]:
    """The places a view draws, each with its count of applying measures (own, inherited, or naming a county
    inside it), whether it matches the filter (count > 0), whether it is important and its label."""
    table = apply_filter(data.table, spec) if table is None else table
    places = data.places
    index = named_index(table)
    inside = places.cities.groupby("parent")["id"].apply(tuple).to_dict()
    important = important_places(data)
    ambiguous = ambiguous_names(data)
    out = []
    for p in visible_places(data, spec):
        children = inside.get(p.id, ()) if p.level == "prefecture" else ()
        n = count_applying(index, places, p, children)
        out.append(CityState(p, n, n > 0, p.id in important, city_label(p, lang, ambiguous)))
    return out


# --- filter layers ----------------------------------------------------------------------------------------


def _label_rank(state: CityState) -> tuple[int, float]:
    if state.important:
        return 1, LABEL_MIN_ZOOM["important"]
    if state.place.level == "prefecture":
        return 3, LABEL_MIN_ZOOM["prefecture"]
    return 4, LABEL_MIN_ZOOM["county"]


def _city_features(states: list[CityState], places, lang: str, dim: bool) -> list[tuple]:
    point_of = places.cities.geometry
    feats = []
    for s in states:
        p = s.place
        rank, min_zoom = _label_rank(s)
        style = "city-important" if s.important else "city"
        if dim:
            style = "city-match" if s.match else "city-dim"
        feats.append(
            (
                point_of[p.id],
                {
                    "id": p.id,
                    "level": p.level,
                    "name": s.label,
                    "style": style,
                    "important": s.important,
                    "match": s.match,
                    "rank": rank,
                    "tip": t("tip_measures", lang, name=s.label, n=s.count),
                    "label": {"text": s.label, "rank": rank, "minZoom": min_zoom},
                },
            )
        )
    return feats


def _role_features(table: pd.DataFrame, places, allowed: set[str], lang: str) -> dict[str, list]:
    """Role symbols: per place, its roles in a fixed order, each at its slot of the pattern around the dot."""
    titles: dict[tuple[str, str], dict[str, str]] = {}
    point_rows = table[table["level"].isin(POINT_LEVELS)]
    columns = ("place_id", "role", "measure_id", "title_zh" if lang == "zh" else "title_en")
    for pid, role, mid, title in zip(*(point_rows[c].to_numpy() for c in columns), strict=True):
        if pid in allowed:
            titles.setdefault((pid, role), {}).setdefault(mid, title)
    by_place: dict[str, list[str]] = defaultdict(list)
    for pid, role in titles:
        by_place[pid].append(role)
    order = {r: i for i, r in enumerate(ROLE_SYMBOLS)}
    roles: dict[str, list] = defaultdict(list)
    point_of = places.cities.geometry
    for pid in sorted(by_place):
        place = places.find(pid)
        for slot, role in enumerate(sorted(by_place[pid], key=order.get)):
            dx, dy = ROLE_PATTERN[slot % len(ROLE_PATTERN)]
            tip = "\n".join(
                [
                    f"{label('role', role, lang)} · {name_of(place, lang)}",
                    *(f"• {title}" for title in titles[(pid, role)].values()),
                ]
            )
            roles[role].append(
                (
                    point_of[pid],
                    {
                        "id": pid,
                        "level": place.level,
                        "role": role,
                        "style": f"role-{role}",
                        **ROLE_SYMBOLS[role],
                        "dx": dx,
                        "dy": dy,
                        "size": 13,
                        "tip": tip,
                    },
                )
            )
    return roles


def _outline_features(table: pd.DataFrame, places) -> list[tuple]:
    rows = table[table["level"].isin(("province", "reach"))].drop_duplicates(["level", "place_id", "role"])
    out = []
    for row in rows.itertuples(index=False):
        colour = ROLE_SYMBOLS[row.role]["fill"]
        style = {"color": colour, "weight": 2, "opacity": 0.75, "dashArray": "6 4", "fill": False, "interactive": False}
        out.append(
            (outline_geometry(places, row.level, row.place_id), {"style": f"outline-{row.role}", "_style": style})
        )
    return out


def _choropleth(table: pd.DataFrame, places, lang: str) -> dict:
    from geo.join import measure_counts

    counts = measure_counts(table, places)
    tips = {}
    for pid, n in counts.items():
        place = places.get("prefecture", pid)
        tips[pid] = t("tip_measures", lang, name=name_of(place, lang), n=int(n))
    counts_dict = {k: int(v) for k, v in counts.items()}
    return {
        "layer": "prefectures",
        "counts": counts_dict,
        "bins": COUNT_BINS,
        "colours": COUNT_COLOURS,
        "tips": tips,
        "styles": sorted({f"count-{count_bin(n)}" for n in counts_dict.values()}),
        "sig": _digest(counts_dict, lang),
    }


def filter_layers(data: Dataset, spec: FilterSpec, lang: str, crs: str) -> dict:
    """Cities, role symbols, role outlines, choropleth counts and the extent to fit, for a filter (cacheable:
    nothing here depends on the selection)."""
    table = apply_filter(data.table, spec)
    places = data.places
    states = city_states(data, spec, lang, table)
    dim = spec.filters_measures
    roles = _role_features(table, places, {s.place.id for s in states}, lang)
    return {
        "cities": feature_collection(_city_features(states, places, lang, dim), crs),
        "roles": {role: feature_collection(feats, crs) for role, feats in roles.items()},
        "outlines": feature_collection(_outline_features(table, places), crs),
        "choropleth": _choropleth(table, places, lang),
        "fit": fit_bounds(data, spec, states),
        "counts": {"shown": len(states), "matching": sum(s.match for s in states)},
        "table": table,
    }


def fit_bounds(data: Dataset, spec: FilterSpec, states: list[CityState]) -> list[list[float]]:
    """The extent a filter should show: its reaches or provinces; else the matching places, if fewer than
    all; else the whole belt. As [[south, west], [north, east]]."""
    places = data.places
    if spec.reaches or spec.provinces:
        prov = places.provinces
        keep = prov[
            (prov["reach"].isin(spec.reaches) if spec.reaches else True)
            & (prov["id"].isin(spec.provinces) if spec.provinces else True)
        ]
        if len(keep):
            x0, y0, x1, y1 = keep.total_bounds
            return _padded(x0, y0, x1, y1, 0.04)
    matching = [s.place.id for s in states if s.match]
    if matching and len(matching) < len(states):
        pts = places.cities.geometry.loc[matching]
        x0, y0, x1, y1 = shapely.bounds(shapely.union_all(pts.values))
        return _padded(x0, y0, x1, y1, 0.15, minimum=1.5)
    return [list(BELT_BOUNDS[0]), list(BELT_BOUNDS[1])]


def _padded(x0, y0, x1, y1, pad: float, minimum: float = 0.0) -> list[list[float]]:
    w, h = max(x1 - x0, minimum), max(y1 - y0, minimum)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    return [[round(cy - h / 2, 4), round(cx - w / 2, 4)], [round(cy + h / 2, 4), round(cx + w / 2, 4)]]


_OUTLINES: dict[tuple[str, str, str], object] = {}


def outline_geometry(places, level: str, pid: str):
    """A province or reach polygon simplified for an outline on the web map (computed once per process)."""
    key = (places.key, level, pid)
    if key not in _OUTLINES:
        layer = places.provinces if level == "province" else places.reaches
        if len(_OUTLINES) > 256:
            _OUTLINES.clear()
        _OUTLINES[key] = shapely.set_precision(shapely.simplify(layer.geometry[pid], 0.02), 1e-4)
    return _OUTLINES[key]


def selection(data: Dataset, view: MapView) -> dict | None:
    """The selected place for the map: its id and level, its point, or the outline of a province or reach."""
    if not view.selected:
        return None
    level, pid = view.selected
    places = data.places
    if level in POINT_LEVELS and pid in places.cities.index:
        point = _geoms(np.asarray([places.cities.geometry[pid]]), view.crs)[0]
        return {"level": level, "id": pid, "latlng": [round(point.y, 5), round(point.x, 5)]}
    if level in ("province", "reach"):
        layer = places.provinces if level == "province" else places.reaches
        if pid in layer.index:
            outline = feature_collection([(outline_geometry(places, level, pid), {"style": "selection"})], view.crs)
            return {"level": level, "id": pid, "outline": outline}
    return None


def selection_layer(data: Dataset, view: MapView) -> dict:
    """The selection as a FeatureCollection (a ring's centre or an outline), for renderers that draw features."""
    sel = selection(data, view)
    if sel is None:
        return feature_collection([], view.crs)
    if "outline" in sel:
        return sel["outline"]
    style = {"pane": "selection", "interactive": False, "color": SELECTION, "weight": 3, "fill": False, "radius": 11}
    lat, lon = sel["latlng"]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"_style": style},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        ],
    }


def feature_collection(items: list, crs: str) -> dict:
    """A FeatureCollection of (geometry, properties) pairs; points rounded to ~1 m, in ``crs``."""
    if not items:
        return {"type": "FeatureCollection", "features": []}
    geoms = np.asarray([g for g, _ in items])
    points = shapely.get_type_id(geoms) == 0
    geoms[points] = shapely.set_precision(geoms[points], 1e-5)  # polygons come pre-generalised
    geoms = _geoms(geoms, crs)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(g), "properties": p} for g, (_, p) in zip(geoms, items, strict=True)
        ],
    }


def overlay_collections(data: Dataset, spec: FilterSpec, view: MapView) -> dict:
    """The filter-dependent layers plus the selection (see :func:`filter_layers`, :func:`selection_layer`)."""
    return {**filter_layers(data, spec, view.lang, view.crs), "selection": selection_layer(data, view)}


def _digest(obj: object, *extra: str) -> str:
    raw = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((raw + "|".join(extra)).encode("utf-8")).hexdigest()[:16]


def inline(obj: object) -> dict:
    """A source that carries its data (uploads, standalone export), with a content signature."""
    return {"data": obj, "sig": _digest(obj)}


__all__ = [
    "CityState",
    "MapView",
    "ambiguous_names",
    "base_collections",
    "city_label",
    "city_states",
    "drawn_places",
    "feature_collection",
    "filter_layers",
    "fit_bounds",
    "important_places",
    "inline",
    "named_places",
    "outline_geometry",
    "overlay_collections",
    "selection",
    "selection_layer",
    "visible_places",
]
