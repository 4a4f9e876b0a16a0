"""The interactive map as a folium map (standalone HTML export; the live map until it becomes a component).

:func:`build_base_map` holds what never changes with the filters (basemap, reaches, provinces,
prefectures, rivers, legend), and :func:`build_overlay_groups` holds what does (cities, one layer
per role, the choropleth counts, the selection). :func:`build_map` puts both in one map. Every layer's
content comes from :mod:`present.scene`.
"""

from __future__ import annotations

import folium

from exports.facilities_layer import FacilitiesLayer
from exports.map_elements import Attribution, Choropleth, DataLayer, Legend, Panes, Runtime, Style
from geo.basemap import Basemap, WebPolygons
from geo.dataset import Dataset
from geo.filters import FilterSpec
from geo.vocab import ROLES
from present.escaping import escape_html
from present.i18n import label, t
from present.scene import MapView, base_collections, feature_collection, overlay_collections
from present.style import BELT_BOUNDS, CITY, COUNT_BINS, COUNT_COLOURS, PANES, REACH_COLOURS, TILES, WATER, role_svg

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
        A :func:`exports.facilities_layer.facilities_spec`, to draw a facilities layer.

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
        features = overlays["roles"].get(role, feature_collection([], "wgs84"))
        DataLayer(role, f"role-{role}", **_src(features), pane="roles", control=False).add_to(group)
        groups.append(group)
    selection = folium.FeatureGroup(name="selection", control=False)
    DataLayer("selection", "selection", data=overlays["selection"], pane="selection", interactive=False,
              control=False).add_to(selection)  # fmt: skip
    groups.append(selection)
    return groups


def build_map(data: Dataset, basemap: Basemap, web: WebPolygons, spec: FilterSpec, view: MapView,
              leaflet: dict[str, str] | None = None, facilities=None) -> folium.Map:  # fmt: skip
    """A complete map with every layer inlined (standalone export, tests); ``facilities`` is a GeoDataFrame."""
    from exports.facilities_layer import facilities_spec

    fac = facilities_spec(facilities, data.places, view.lang, view.crs, None) if facilities is not None else None
    m = build_base_map(view, base_collections(basemap, web, view.lang, view.crs), leaflet, fac)
    for group in build_overlay_groups(overlay_collections(data, spec, view), view):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


__all__ = ["MapView", "base_collections", "build_base_map", "build_map", "build_overlay_groups", "legend_html"]
