"""Build the interactive map: plain functions of (data, filter spec, view), no Streamlit needed.

The map is split in two so that a filter change does not re-mount it in streamlit-folium:
:func:`build_base_map` holds what never changes with the filters (basemap, reaches, provinces,
prefectures, rivers, legend), and :func:`build_overlay_groups` holds what does (cities, one layer
per role, the choropleth counts, the selection). :func:`build_map` puts both in one map for the
standalone HTML export and the tests.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from components.escaping import escape_html
from components.facilities_layer import FacilitiesLayer
from components.i18n import label, name_of, t
from components.map_elements import Attribution, Choropleth, DataLayer, Legend, Panes, Runtime, Style
from components.map_style import (
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
    role_svg,
)
from geo.basemap import Basemap, WebPolygons, simplify_layer
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from geo.gcj02 import to_gcj02
from geo.join import count_applying, measure_counts, named_index
from geo.places import POINT_LEVELS
from geo.vocab import ROLES

BASEMAPS = ("vector", "osm", "light", "amap", "tianditu")
BELT_BOUNDS = [[21.1, 97.3], [35.2, 122.9]]
PANES = [("basemap", 200), ("reaches", 410), ("provinces", 420), ("prefectures", 430), ("water", 440),
         ("outlines", 450), ("roles", 640), ("cities", 650), ("selection", 660)]  # fmt: skip
_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors", None),
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
        "abcd",
    ),
    "amap": (
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang={lang}&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "&copy; 高德地图 AutoNavi",
        "1234",
    ),
    "tianditu": (
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
        "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        "&copy; 天地图 Tianditu (MNR)",
        "01234567",
    ),
}

CSS = """
.leaflet-container { background: #eceeef; }
.yreb-legend { background: rgba(255,255,255,0.94); padding: 4px 8px; font: 11px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 60%; overflow-y: auto; }
.yreb-legend summary { cursor: pointer; font-weight: 600; font-size: 12px; }
.yreb-legend h4 { margin: 4px 0 1px; font-size: 11px; }
.yreb-legend .grid { display: grid; grid-template-columns: auto auto; column-gap: 10px; }
.yreb-legend .row { display: flex; align-items: center; gap: 5px; white-space: nowrap; }
.yreb-legend .sw { display: inline-block; width: 14px; height: 14px; border: 1px solid #555; }
.yreb-role { background: none; border: none; }
.leaflet-tooltip { max-width: 340px; white-space: normal; }
"""


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


def legend_html(lang: str) -> str:
    """Legend of exactly what the map draws; labels escaped, symbols are fixed markup."""
    rows = [f"<details open><summary>{escape_html(t('legend', lang))}</summary>",
            f"<h4>{escape_html(t('legend_reaches', lang))}</h4>"]  # fmt: skip
    for rid, colour in REACH_COLOURS.items():
        rows.append(f'<div class="row"><span class="sw" style="background:{colour};opacity:.6"></span>'
                    f"{escape_html(label('reach', rid, lang))}</div>")  # fmt: skip
    rows.append(f'<div class="row"><svg width="18" height="10"><line x1="0" y1="5" x2="18" y2="5" stroke="{WATER}" '
                f'stroke-width="3"/></svg>{escape_html(t("legend_river", lang))}</div>')  # fmt: skip
    dot = (f'<svg width="18" height="18"><circle cx="9" cy="9" r="5" fill="{CITY["fill"]}" stroke="{CITY["stroke"]}" '
           'stroke-width="2"/></svg>')  # fmt: skip
    rows.append(f'<div class="row">{dot}{escape_html(t("legend_city", lang))}</div>')
    rows.append(f'<h4>{escape_html(t("legend_roles", lang))}</h4><div class="grid">')
    for role in ROLES:
        rows.append(f'<div class="row">{role_svg(role)}{escape_html(label("role", role, lang))}</div>')
    rows.append(f'</div><h4>{escape_html(t("legend_counts", lang))}</h4><div class="grid">')
    edges = [*COUNT_BINS[1:], None]
    for lo, hi, colour in zip(COUNT_BINS, edges, COUNT_COLOURS, strict=True):
        text = f"{lo}+" if hi is None else (f"{lo}" if hi - lo == 1 else f"{lo}–{hi - 1}")
        rows.append(f'<div class="row"><span class="sw" style="background:{colour}"></span>{text}</div>')
    rows.append("</div></details>")
    return "".join(rows)


def build_base_map(view: MapView, sources: dict[str, dict | str], leaflet: dict[str, str] | None = None,
                   facilities: dict | None = None) -> folium.Map:  # fmt: skip
    """The part of the map that filters do not change.

    Parameters
    ----------
    view : MapView
        Language and basemap.
    sources : dict
        For each base layer key, either a FeatureCollection (inlined) or a URL path relative to the
        app root (fetched by the browser from the app's own origin).
    leaflet : dict, optional
        ``{"js": url, "css": url}`` of the locally served Leaflet; ``None`` leaves the default
        scripts off entirely (the standalone export inlines them itself).
    facilities : dict, optional
        A :func:`components.facilities_layer.facilities_spec`, to draw a facilities layer.

    Returns
    -------
    folium.Map
    """
    m = folium.Map(location=[29.0, 110.0], zoom_start=5, tiles=None, control_scale=True, prefer_canvas=False,
                   min_zoom=4, max_zoom=12, attribution_control=True, max_bounds=True, min_lat=15, max_lat=42,
                   min_lon=88, max_lon=132, zoom_snap=0.25, zoom_delta=0.5)  # fmt: skip
    # No CDN: only our own Leaflet, served by the app.
    m.default_js = [("leaflet", "../../" + leaflet["js"])] if leaflet else []
    m.default_css = [("leaflet_css", "../../" + leaflet["css"])] if leaflet else []
    m.add_child(Style(CSS))
    m.add_child(Runtime())
    m.add_child(Panes(PANES))
    lang = view.lang
    if view.basemap in TILES and (view.basemap != "tianditu" or view.tianditu_key):
        url, attribution, subdomains = TILES[view.basemap]
        url = url.replace("{lang}", "zh_cn" if lang == "zh" else "en").replace("{key}", view.tianditu_key or "")
        kwargs = {"subdomains": subdomains} if subdomains else {}
        folium.TileLayer(url, attr=attribution, name=escape_html(t(f"basemap_{view.basemap}", lang)),
                         max_zoom=18, **kwargs).add_to(m)  # fmt: skip
    else:
        for key in ("ocean", "land", "neighbours"):
            DataLayer(escape_html(t("layer_basemap", lang)), key, pane="basemap", interactive=False, control=False,
                      canvas=True, **_src(sources[key])).add_to(m)  # fmt: skip
    base_layers = (  # key, pane, interactive, hidden at first
        ("reaches", "reaches", True, False),
        ("provinces", "provinces", True, False),
        ("prefectures", "prefectures", True, True),
        ("lakes", "water", False, False),
        ("rivers", "water", False, False),
    )
    for key, pane, interactive, hidden in base_layers:
        DataLayer(escape_html(t(f"layer_{key}", lang)), key, pane=pane, interactive=interactive,
                  hide_after_init=hidden, canvas=True, **_src(sources[key])).add_to(m)  # fmt: skip
    if facilities:
        n = sum(row[2] for row in facilities["counts"])
        FacilitiesLayer(escape_html(t("layer_facilities", lang, n=f"{n:,}")), facilities).add_to(m)
    m.add_child(Legend(legend_html(lang)))
    m.add_child(Attribution(escape_html(t("attribution_vector", lang))))
    m.fit_bounds(BELT_BOUNDS)
    return m


def _src(source: dict | str) -> dict:
    return {"url": source} if isinstance(source, str) else {"data": source}


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
        "cities": _fc(city_feats, crs),
        "roles": {role: _fc(feats, crs) for role, feats in roles.items()},
        "outlines": _fc(outlines, crs),
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
    return _fc(selection, view.crs)


def _selected_geometry(data: Dataset, level: str, pid: str):
    places = data.places
    if level in POINT_LEVELS and pid in places.cities.index:
        return places.cities.geometry[pid]
    if level in ("province", "reach") and pid in (places.provinces if level == "province" else places.reaches).index:
        return _outline(places, level, pid)
    return None


def _fc(items: list, crs: str) -> dict:
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


def build_overlay_groups(overlays: dict, view: MapView) -> list[folium.FeatureGroup]:
    """Feature groups for streamlit-folium's ``feature_group_to_add`` (or to add to a map)."""
    lang = view.lang
    cities = folium.FeatureGroup(name=escape_html(t("layer_cities", lang)), overlay=True)
    DataLayer(escape_html(t("layer_cities", lang)), "cities", **_src(overlays["cities"]), pane="cities",
              control=False).add_to(cities)  # fmt: skip
    cities.add_child(Choropleth("prefectures", overlays["choropleth"]))
    groups = [cities]
    outlines = folium.FeatureGroup(name="outlines", control=False)
    DataLayer("outlines", "outlines", **_src(overlays["outlines"]), pane="outlines", interactive=False, canvas=True,
              control=False).add_to(outlines)  # fmt: skip
    groups.append(outlines)
    for role in ROLES:
        group = folium.FeatureGroup(name=escape_html(label("role", role, lang)), overlay=True)
        DataLayer(role, f"role-{role}", **_src(overlays["roles"].get(role, _fc([], "wgs84"))), pane="roles",
                  control=False).add_to(group)  # fmt: skip
        groups.append(group)
    selection = folium.FeatureGroup(name="selection", control=False)
    DataLayer("selection", "selection", data=overlays["selection"], pane="selection", interactive=False,
              control=False).add_to(selection)  # fmt: skip
    groups.append(selection)
    return groups


def build_map(data: Dataset, basemap: Basemap, web: WebPolygons, spec: FilterSpec, view: MapView,
              leaflet: dict[str, str] | None = None, facilities=None) -> folium.Map:  # fmt: skip
    """A complete map with every layer inlined (standalone export, tests); ``facilities`` is a GeoDataFrame."""
    from components.facilities_layer import facilities_spec

    fac = facilities_spec(facilities, data.places, view.lang, view.crs, None) if facilities is not None else None
    m = build_base_map(view, base_collections(basemap, web, view.lang, view.crs), leaflet, fac)
    for group in build_overlay_groups(overlay_collections(data, spec, view), view):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


__all__ = [
    "BASEMAPS",
    "MapView",
    "base_collections",
    "build_base_map",
    "build_map",
    "build_overlay_groups",
    "drawn_places",
    "filter_layers",
    "legend_html",
    "overlay_collections",
    "selection_layer",
    "visible_places",
]
