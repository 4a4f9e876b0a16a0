"""The standalone HTML export's map: folium builds the page and the Leaflet map with the options of the style
table; the map runtime (present/web/yreb-map.js) then draws the scene, exactly as it does in the app.

No data passes through a template: the scene is inserted into the finished page as a JSON value
(``<script type="application/json">``, with ``<``, ``>`` and ``&`` escaped), and the one element added to
the map has a fixed script (:class:`SceneScript`).
"""

from __future__ import annotations

import json

import folium
from jinja2 import Template

from exports.map_elements import LiteralMacro
from present.style import BELT_BOUNDS, MAP_OPTIONS

SCENE_ID = "yreb-scene"


class SceneScript(LiteralMacro):
    """Attach the runtime to the folium map, reading the scene from the page's JSON block."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.yrebController = YrebMap.attach({{ this._parent.get_name() }}, "
        "JSON.parse(document.getElementById('" + SCENE_ID + "').textContent), YrebMap.exportHooks);"
        "{% endmacro %}"
    )


def folium_options() -> dict:
    """MAP_OPTIONS in folium's keyword form (the live map passes MAP_OPTIONS to Leaflet as they are)."""
    (min_lat, min_lon), (max_lat, max_lon) = MAP_OPTIONS["maxBounds"]
    return {
        "min_zoom": MAP_OPTIONS["minZoom"],
        "max_zoom": MAP_OPTIONS["maxZoom"],
        "zoom_snap": MAP_OPTIONS["zoomSnap"],
        "zoom_delta": MAP_OPTIONS["zoomDelta"],
        "max_bounds": True,
        "min_lat": min_lat,
        "max_lat": max_lat,
        "min_lon": min_lon,
        "max_lon": max_lon,
        "max_bounds_viscosity": MAP_OPTIONS["maxBoundsViscosity"],
        "attribution_control": MAP_OPTIONS["attributionControl"],
        "zoom_control": MAP_OPTIONS["zoomControl"],
    }


def build_map() -> folium.Map:
    """The page skeleton and the Leaflet map of the export (no tiles, no CDN scripts: they are inlined)."""
    (south, west), (north, east) = BELT_BOUNDS
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        prefer_canvas=False,
        control_scale=True,
        **folium_options(),
    )
    m.default_js = []
    m.default_css = []
    m.add_child(SceneScript())
    m.fit_bounds(BELT_BOUNDS)
    return m


def scene_block(scene: dict) -> str:
    """The scene as a JSON data block that no text inside it can close or turn into markup."""
    text = json.dumps(scene, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{SCENE_ID}">{text}</script>'


__all__ = ["SCENE_ID", "SceneScript", "build_map", "folium_options", "scene_block"]
