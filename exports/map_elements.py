"""Folium elements of our own: a small JS runtime, GeoJSON data layers, legend, choropleth restyle.

Why not folium's GeoJson: the base layers are fetched from files the app serves (so the map
script stays small and identical across reruns, and nothing heavy crosses the websocket), every
feature carries its precomputed style and an already escaped tooltip, and city markers get CSS
classes (``yreb-city yreb-city-<id>``) that tests can find. Data reaches the page only through
``tojson`` (safe inside ``<script>``); text shown as HTML is escaped in Python first.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from jinja2 import Template

# Helper functions every data layer uses. They live in the map script (not the header) because
# streamlit-folium inserts the header with innerHTML, where <script> tags do not run.
RUNTIME_JS = r"""
window.yreb = window.yreb || {layers: {}, pending: {}};
(function (Y) {
  Y.prefix = function () {
    var p = window.location.pathname, i = p.indexOf('/component/');
    return i >= 0 ? p.slice(0, i + 1) : '';
  };
  Y.symbols = {
    square: '<rect x="3" y="3" width="12" height="12"/>',
    triangle: '<polygon points="9,2 16,15 2,15"/>',
    diamond: '<polygon points="9,1 17,9 9,17 1,9"/>',
    star: '<polygon points="9,1 11.4,6.6 17,6.9 12.7,10.6 14,16.5 9,13.4 4,16.5 5.3,10.6 1,6.9 6.6,6.6"/>',
    cross: '<path d="M3 3 L15 15 M15 3 L3 15" stroke-width="3.5"/>',
    chevron: '<polygon points="9,2 16,12 12,12 12,16 6,16 6,12 2,12"/>',
    chevrons: '<polygon points="9,16 16,6 12,6 12,2 6,2 6,6 2,6"/>',
    ring: '<circle cx="9" cy="9" r="6" fill="none" stroke-width="3"/>'
  };
  Y.icon = function (s) {
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18" '
      + 'fill="' + s.fill + '" stroke="' + s.stroke + '" stroke-width="1.2">' + Y.symbols[s.symbol] + '</svg>';
    return L.divIcon({className: s.className, html: svg, iconSize: [18, 18], iconAnchor: s.anchor});
  };
  Y.point = function (f, latlng) {
    var s = f.properties._style || {};
    if (s.symbol) {
      return L.marker(latlng, {icon: Y.icon(s), pane: s.pane, keyboard: false, riseOnHover: true});
    }
    return L.circleMarker(latlng, s);
  };
  Y.feature = function (f, layer) {
    if (f.properties._tip) {
      layer.bindTooltip(f.properties._tip, {direction: 'top', sticky: !!f.properties._sticky});
    }
  };
  Y.style = function (f) { return f.properties._style || {}; };
  Y.make = function (opts) {
    // Polygons and lines draw on a canvas per pane (thousands of shapes, one element); city markers
    // stay SVG elements so they carry their CSS classes.
    var renderer = opts.canvas ? L.canvas({pane: opts.pane, padding: 0.3}) : undefined;
    return L.geoJSON(null, {pane: opts.pane, interactive: opts.interactive, style: Y.style, renderer: renderer,
                            pointToLayer: Y.point, onEachFeature: Y.feature});
  };
  Y.load = function (key, layer, url) {
    Y.layers[key] = layer;
    fetch(Y.prefix() + url).then(function (r) { return r.json(); }).then(function (data) {
      layer.addData(data);
      if (Y.pending[key]) { Y.pending[key](layer); }
    });
  };
  Y.whenLoaded = function (key, fn) {
    var layer = Y.layers[key];
    Y.pending[key] = fn;
    if (layer && layer.getLayers().length) { fn(layer); }
  };
  Y.choropleth = function (key, spec) {
    Y.whenLoaded(key, function (layer) {
      layer.eachLayer(function (l) {
        var id = l.feature.properties.id, n = spec.counts[id] || 0, c = spec.colours[0];
        for (var i = 0; i < spec.bins.length; i++) { if (n >= spec.bins[i]) { c = spec.colours[i]; } }
        l.setStyle({fillColor: c});
        if (spec.tips[id]) { l.setTooltipContent(spec.tips[id]); }
      });
    });
  };
})(window.yreb);
"""


class Literal(Element):
    """Text already rendered, added to the page as is: never compiled or rendered as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class LiteralMacro(MacroElement):
    """A MacroElement whose rendered macros reach the page as literal text.

    branca's ``MacroElement.render`` wraps each macro's output in ``Element(output)``, which compiles that
    output as a *new* Jinja template: data that survived the first pass (``tojson`` and the HTML escaper
    leave ``{{ }}`` alone) would be evaluated on the server. Here the output is wrapped in :class:`Literal`.
    Every element of ours that carries data derives from this class (put it after a folium base class, so
    that e.g. ``Layer.render`` still runs and then reaches this ``render`` instead of branca's).
    """

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(Literal(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return f"L.{self._name}"


class Runtime(LiteralMacro):
    """The JS helpers above; add it to the map before any data layer."""

    _template = Template("{% macro script(this, kwargs) %}" + RUNTIME_JS + "{% endmacro %}")


class DataLayer(Layer, LiteralMacro):
    """A GeoJSON layer whose features carry ``_style`` and an escaped ``_tip``.

    Parameters
    ----------
    name : str
        Layer-control label, already escaped with :func:`present.escaping.escape_html`.
    key : str
        Name in ``window.yreb.layers`` (other elements restyle layers by key).
    data : dict, optional
        A FeatureCollection to inline (dynamic and standalone maps).
    url : str, optional
        A path under the app's origin to fetch the FeatureCollection from (base layers).
    pane : str
        Leaflet pane; city markers live in a pane above every polygon so they stay clickable.
    interactive : bool
        Whether features take clicks and show tooltips.
    hide_after_init : bool
        Start hidden, but only after streamlit-folium has attached its click handlers.
    canvas : bool
        Draw on a canvas (polygons, lines) rather than as SVG elements (markers).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.yreb.make({pane: {{ this.pane|tojson }},
                                                      interactive: {{ this.interactive|tojson }},
                                                      canvas: {{ this.canvas|tojson }}});
        {%- if this.url %}
        window.yreb.load({{ this.key|tojson }}, {{ this.get_name() }}, {{ this.url|tojson }});
        {%- else %}
        {{ this.get_name() }}.addData({{ this.data|tojson }});
        window.yreb.layers[{{ this.key|tojson }}] = {{ this.get_name() }};
        {%- endif %}
        {%- if this.hide_after_init %}
        setTimeout(function () { {{ this.get_name() }}.remove(); }, 0);
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, name, key, *, data=None, url=None, pane="overlayPane", interactive=True,
                 hide_after_init=False, overlay=True, control=True, canvas=False):  # fmt: skip
        super().__init__(name=name, overlay=overlay, control=control, show=True)
        self._name = "DataLayer"
        self.key, self.data, self.url, self.canvas = key, data, url, canvas
        self.pane, self.interactive, self.hide_after_init = pane, interactive, hide_after_init


class Panes(LiteralMacro):
    """Create the map panes, bottom to top, with their z-index."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- for name, z in this.panes %}
        {{ this._parent.get_name() }}.createPane({{ name|tojson }}).style.zIndex = {{ z|tojson }};
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, panes: list[tuple[str, int]]):
        super().__init__()
        self.panes = panes


class Legend(LiteralMacro):
    """A legend control; ``html`` is built in Python from escaped text and fixed symbols."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: 'bottomright'});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'yreb-legend');
            div.innerHTML = {{ this.html|tojson }};
            // On a narrow map start with the legend folded so it does not hide the belt.
            var details = div.querySelector('details');
            if (details && {{ this._parent.get_name() }}.getSize().x < 760) { details.open = false; }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str):
        super().__init__()
        self.html = html


class Choropleth(LiteralMacro):
    """Restyle the base prefecture layer with per-prefecture counts (sent with each filter change)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.yreb.choropleth({{ this.key|tojson }}, {{ this.spec|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, key: str, spec: dict):
        super().__init__()
        self.key, self.spec = key, spec


class Style(LiteralMacro):
    """A <style> block in the page header (CSS only; no script runs from the header)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str):
        super().__init__()
        self.css = css


class Attribution(LiteralMacro):
    """Credit the vector data in Leaflet's attribution control (text escaped by the caller)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str):
        super().__init__()
        self.text = text


__all__ = ["Attribution", "Choropleth", "DataLayer", "Legend", "Literal", "LiteralMacro", "Panes", "Runtime", "Style"]
