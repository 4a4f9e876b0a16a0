"""Facilities on the map: canvas points up to 20,000; above that, per-prefecture counts with the
points fetched and drawn for the visible area once the user zooms in.

Canvas rendering needs nothing beyond Leaflet itself, so no extra assets. Names reach the page as
JSON data and are escaped with the one escaping helper before Leaflet shows them as tooltips.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from folium.map import Layer
from jinja2 import Template

from exports.map_elements import LiteralMacro
from geo.facilities import counts_by_prefecture
from geo.gcj02 import wgs84_to_gcj02
from geo.places import Places
from present.escaping import escape_html
from present.i18n import t

POINTS_LIMIT = 20_000
DETAIL_ZOOM = 8
COLOUR = "#6a3d9a"

FACILITIES_JS = r"""
(function () {
  var spec = {{ this.spec|tojson }};
  var layer = {{ this.get_name() }};
  var renderer = L.canvas({padding: 0.3, pane: 'facilities'});
  var style = {renderer: renderer, radius: 3, color: spec.colour, weight: 1, fillColor: spec.colour,
               fillOpacity: 0.7, pane: 'facilities'};
  var points = null;
  function dot(i) {
    var m = L.circleMarker([points.xy[2 * i + 1], points.xy[2 * i]], style);
    m.bindTooltip(points.names[i]);
    return m;
  }
  function drawAll() { for (var i = 0; i < points.names.length; i++) { layer.addLayer(dot(i)); } }
  function drawVisible(map) {
    layer.clearLayers();
    var b = map.getBounds().pad(0.2);
    for (var i = 0; i < points.names.length; i++) {
      var lon = points.xy[2 * i], lat = points.xy[2 * i + 1];
      if (lat >= b.getSouth() && lat <= b.getNorth() && lon >= b.getWest() && lon <= b.getEast()) {
        layer.addLayer(dot(i));
      }
    }
  }
  function drawCounts() {
    layer.clearLayers();
    spec.counts.forEach(function (c) {
      var m = L.circleMarker([c[1], c[0]], {renderer: renderer, pane: 'facilities',
        radius: 4 + Math.sqrt(c[2]) * spec.scale, color: spec.colour, weight: 1, fillColor: spec.colour,
        fillOpacity: 0.35});
      m.bindTooltip(c[3]);
      layer.addLayer(m);
    });
  }
  function load(then) {
    if (points) { return then(); }
    if (spec.points) { points = spec.points; return then(); }
    fetch(window.yreb.prefix() + spec.url).then(function (r) { return r.json(); })
      .then(function (data) { points = data; then(); });
  }
  var map = {{ this._parent.get_name() }};
  if (spec.mode === 'points') {
    load(drawAll);
  } else {
    var update = function () {
      if (!map.hasLayer(layer)) { return; }
      if (map.getZoom() >= spec.detailZoom) { load(function () { drawVisible(map); }); } else { drawCounts(); }
    };
    map.on('zoomend moveend', update);
    layer.on('add', update);
    drawCounts();
  }
})();
"""


class FacilitiesLayer(Layer, LiteralMacro):
    """A layer-control entry whose markers are drawn by the JS above."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.layerGroup();"
        "{{ this._parent.get_name() }}.createPane('facilities').style.zIndex = 635;" + FACILITIES_JS + "{% endmacro %}"
    )

    def __init__(self, name: str, spec: dict):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FacilitiesLayer"
        self.spec = spec


def facilities_points(facilities: gpd.GeoDataFrame, crs: str) -> dict:
    """Compact point data: flat lon/lat array (5 decimals) and escaped names."""
    x, y = facilities.geometry.x.to_numpy(), facilities.geometry.y.to_numpy()
    if crs == "gcj02":
        x, y = wgs84_to_gcj02(x, y)
    xy = np.round(np.column_stack([x, y]).ravel(), 5).tolist()
    names = [escape_html(f"{n} · {c}") for n, c in zip(facilities["name"], facilities["category"], strict=True)]
    return {"xy": xy, "names": names}


def facilities_spec(facilities: gpd.GeoDataFrame, places: Places, lang: str, crs: str, url: str | None) -> dict:
    """What :class:`FacilitiesLayer` needs: points inline (small files), or counts plus a URL (large)."""
    counts = counts_by_prefecture(facilities)
    rows = []
    for pid, n in counts.items():
        point = places.cities.geometry[pid]
        x, y = wgs84_to_gcj02(point.x, point.y) if crs == "gcj02" else (point.x, point.y)
        place = places.get("prefecture", pid)
        label = escape_html(t("tip_facilities", lang, name=place.name_zh if lang == "zh" else place.name_en, n=int(n)))
        rows.append([round(x, 5), round(y, 5), int(n), label])
    spec = {"colour": COLOUR, "counts": rows, "detailZoom": DETAIL_ZOOM, "scale": 0.35, "url": None, "points": None}
    if len(facilities) <= POINTS_LIMIT:
        spec.update(mode="points", points=facilities_points(facilities, crs))
    else:
        spec.update(mode="aggregate", url=url)
        if url is None:  # standalone HTML: no server to fetch from, so the points travel inline
            spec["points"] = facilities_points(facilities, crs)
    return spec


__all__ = ["DETAIL_ZOOM", "POINTS_LIMIT", "FacilitiesLayer", "facilities_points", "facilities_spec"]
