"""The scene: what the map draws for a view, computed once from ``geo`` for every renderer.

The live map, the standalone HTML export and the static (Matplotlib) exports all draw from these
functions: which places are drawn and where, their styles and escaped tooltips, the role symbols and
outlines, the choropleth counts and the selection. No renderer computes any of this itself.
"""

from __future__ import annotations

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
from geo.join import count_applying, measure_counts, named_index
from geo.places import POINT_LEVELS
from present.escaping import escape_html
from present.i18n import label, name_of, t
from present.style import (
    CITY,
    COUNT_BINS,
    COUNT_COLOURS,
    LAND,
    NEIGHBOUR,
    OCEAN,
    REACH_COLOURS,
    ROLE_OFFSETS,
    ROLE_SYMBOLS,
    SELECTION,
    WATER,
)

_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def _round_points(gdf):
    out = gdf.copy()
    out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
    return out


def base_collections(basemap: Basemap, web: WebPolygons, lang: str, crs: str) -> dict[str, dict]:
    """The filter-independent layers as FeatureCollections with styles and escaped tooltips."""
    poly = {"pane": "basemap", "interactive": False, "weight": 0, "fillOpacity": 1}
    out = {
        "ocean": _collection(simplify_layer(basemap.ocean), crs,
                             lambda r: {"_style": {**poly, "fillColor": OCEAN}}),
        "land": _collection(simplify_layer(basemap.land), crs, lambda r: {"_style": {**poly, "fillColor": LAND}}),
        "neighbours": _collection(
            simplify_layer(basemap.neighbours), crs,
            lambda r: {"_style": {**poly, "fillColor": NEIGHBOUR, "color": "#bdbab2", "weight": 0.8}},
        ),
        "reaches": _collection(web.reaches, crs, lambda r: {
            "id": r.id, "kind": "reach", "_sticky": True,
            "_tip": escape_html(label("reach", r.id, lang)),
            "_style": {"color": REACH_COLOURS[r.id], "weight": 1, "fillColor": REACH_COLOURS[r.id],
                       "fillOpacity": 0.22},
        }),
        "provinces": _collection(web.provinces, crs, lambda r: {
            "id": r.id, "kind": "province", "_sticky": True,
            "_tip": escape_html(f"{r.name_zh if lang == 'zh' else r.name_en} · {label('reach', r.reach, lang)}"),
            "_style": {"color": "#555555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0},
        }),
        "prefectures": _collection(web.prefectures, crs, lambda r: {
            "id": r.id, "kind": "prefecture", "_sticky": True,
            "_tip": escape_html(r.name_zh if lang == "zh" else r.name_en),
            "_style": {"color": "#666666", "weight": 0.6, "fillColor": COUNT_COLOURS[0], "fillOpacity": 0.75},
        }),
        "lakes": _collection(simplify_layer(basemap.lakes), crs, lambda r: {
            "_style": {"pane": "water", "color": WATER, "weight": 0.5, "fillColor": "#9cc6e4", "fillOpacity": 1},
        }),
        "rivers": _collection(simplify_layer(basemap.rivers, tolerance=0.005), crs, lambda r: {
            "_style": {"color": WATER, "weight": 3 if r.main else 1.4, "opacity": 0.95},
        }),
    }  # fmt: skip
    return out


def _city_label(place, lang: str, ambiguous: set[str]) -> str:
    name = name_of(place, lang)
    if lang != "zh" and place.name_en in ambiguous and place.province:
        name = f"{name} ({place.province.capitalize()})"
    return name


def drawn_places(data: Dataset) -> list:
    """Prefectures, plus the county-level places and areas that some measure names."""
    named = set(data.table.loc[data.table["level"].isin(("county", "area")), "place_id"])
    cities = data.places.cities
    keep = cities[(cities["level"] == "prefecture") | cities["id"].isin(named)]
    return [data.places.get(row.level, row.id) for row in keep.itertuples(index=False)]


def visible_places(data: Dataset, spec: FilterSpec, candidates: list | None = None) -> list:
    """The drawn places (or ``candidates``) inside the view's reach and province filters (map and snapshot)."""
    return [
        p for p in (drawn_places(data) if candidates is None else candidates)
        if (not spec.reaches or p.reach in spec.reaches) and (not spec.provinces or p.province in spec.provinces)
    ]  # fmt: skip


def overlay_collections(data: Dataset, spec: FilterSpec, view: MapView) -> dict:
    """The filter-dependent layers plus the selection (see :func:`filter_layers`, :func:`selection_layer`)."""
    return {**filter_layers(data, spec, view.lang, view.crs), "selection": selection_layer(data, view)}


def filter_layers(data: Dataset, spec: FilterSpec, lang: str, crs: str) -> dict:
    """Cities, role symbols, role outlines and choropleth counts for a filter (cacheable: no selection)."""
    table = apply_filter(data.table, spec)
    places = data.places
    index = named_index(table)
    counts = measure_counts(table, places)
    every = drawn_places(data)
    drawn = visible_places(data, spec, every)
    english = pd.Series([p.name_en for p in every if p.level == "prefecture"])
    ambiguous = set(english[english.duplicated()])
    point_of = places.cities.geometry
    city_feats = []
    for p in drawn:
        n = int(counts.get(p.id, 0)) if p.level == "prefecture" else count_applying(index, places, p)
        cls = f"yreb-city yreb-city-{p.id}" if _SAFE_ID.match(p.id) else "yreb-city"
        style = {"pane": "cities", "radius": 5 if p.level == "prefecture" else 4, "color": CITY["stroke"],
                 "weight": 2, "fillColor": CITY["fill"], "fillOpacity": 1, "className": cls}  # fmt: skip
        city_feats.append((point_of[p.id], {
            "id": p.id, "kind": "city", "level": p.level, "_style": style,
            "_tip": escape_html(t("tip_measures", lang, name=_city_label(p, lang, ambiguous), n=n)),
        }))  # fmt: skip
    # (place, role) -> measure titles, in table order, without repeats: one pass, no groupby.
    titles: dict[tuple[str, str], dict[str, str]] = {}
    point_rows = table[table["level"].isin(POINT_LEVELS)]
    allowed = {p.id for p in drawn}
    columns = ("place_id", "role", "measure_id", "title_zh" if lang == "zh" else "title_en")
    for pid, role, mid, title in zip(*(point_rows[c].to_numpy() for c in columns), strict=True):
        if pid in allowed:
            titles.setdefault((pid, role), {}).setdefault(mid, title)
    roles: dict[str, list] = defaultdict(list)
    for (pid, role), by_measure in sorted(titles.items()):
        place = places.find(pid)
        tip = escape_html(f"{label('role', role, lang)} · {name_of(place, lang)}") + "".join(
            f"<br>• {escape_html(title)}" for title in by_measure.values()
        )
        dx, dy = ROLE_OFFSETS[role]
        style = {**ROLE_SYMBOLS[role], "pane": "roles", "className": f"yreb-role yreb-role-{role}",
                 "anchor": [9 - dx, 9 - dy]}  # fmt: skip
        roles[role].append((point_of[pid], {"id": pid, "kind": "role", "role": role, "_style": style, "_tip": tip}))
    outlines: list = []
    poly_rows = table[table["level"].isin(("province", "reach"))].drop_duplicates(["level", "place_id", "role"])
    for row in poly_rows.itertuples(index=False):
        colour = ROLE_SYMBOLS[row.role]["fill"]
        style = {"color": colour, "weight": 2, "opacity": 0.75, "dashArray": "6 4", "fill": False, "interactive": False}
        outlines.append((_outline(places, row.level, row.place_id), {"_style": style}))
    tips = {}
    for pid, n in counts.items():
        place = places.get("prefecture", pid)
        tips[pid] = escape_html(t("tip_measures", lang, name=name_of(place, lang), n=int(n)))
    return {
        "cities": feature_collection(city_feats, crs),
        "roles": {role: feature_collection(feats, crs) for role, feats in roles.items()},
        "outlines": feature_collection(outlines, crs),
        "choropleth": {
            "counts": {k: int(v) for k, v in counts.items()},
            "bins": COUNT_BINS,
            "colours": COUNT_COLOURS,
            "tips": tips,
        },
        "table": table,
    }


_OUTLINES: dict[tuple[str, str, str], object] = {}


def _outline(places, level: str, pid: str):
    """A province or reach polygon simplified for an outline on the web map (computed once per process)."""
    key = (places.key, level, pid)
    if key not in _OUTLINES:
        layer = places.provinces if level == "province" else places.reaches
        if len(_OUTLINES) > 256:
            _OUTLINES.clear()
        _OUTLINES[key] = shapely.set_precision(shapely.simplify(layer.geometry[pid], 0.02), 1e-4)
    return _OUTLINES[key]


def selection_layer(data: Dataset, view: MapView) -> dict:
    """A ring or outline around the selected place."""
    selection = []
    if view.selected:
        level, pid = view.selected
        geom = _selected_geometry(data, level, pid)
        if geom is not None:
            style = {"pane": "selection", "interactive": False, "color": SELECTION, "weight": 3, "fill": False}
            if geom.geom_type == "Point":
                style.update({"radius": 11})
            selection.append((geom, {"_style": style}))
    return feature_collection(selection, view.crs)


def _selected_geometry(data: Dataset, level: str, pid: str):
    places = data.places
    if level in POINT_LEVELS and pid in places.cities.index:
        return places.cities.geometry[pid]
    if level in ("province", "reach") and pid in (places.provinces if level == "province" else places.reaches).index:
        return _outline(places, level, pid)
    return None


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
        "features": [{"type": "Feature", "geometry": mapping(g), "properties": p}
                     for g, (_, p) in zip(geoms, items, strict=True)],
    }  # fmt: skip


__all__ = [
    "MapView",
    "base_collections",
    "drawn_places",
    "feature_collection",
    "filter_layers",
    "overlay_collections",
    "selection_layer",
    "visible_places",
]
