/*
 * The YREB map runtime: draws a scene (present/scene.py) with Leaflet, in the app page (a Streamlit v2
 * component, no iframe) and in the standalone HTML export. One drawing of the map for both.
 *
 * Every string from the data reaches the page as text (textContent, attribute values, SVG attributes built
 * with createElementNS): there is no innerHTML with data, ever. Ids become CSS classes only if they are
 * plain slugs.
 *
 *   YrebMap.create(element, scene, hooks) -> controller   (creates the Leaflet map; the live page)
 *   YrebMap.attach(map, scene, hooks)     -> controller   (an existing Leaflet map; the HTML export)
 *   controller.update(scene)              (a later scene: only what changed is redrawn)
 *
 * hooks.select({level, id, source[, site]})  a place was chosen (click, keyboard, search, chooser; site: a
 *                                    park or zone clicked, or a site picked in find-a-place)
 * hooks.view({bounds, zoom})         the map moved (only when scene.view.report is true)
 */
(function () {
  'use strict';
  var Y = (window.YrebMap = window.YrebMap || {});
  var SVG = 'http://www.w3.org/2000/svg';
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // url -> Promise of parsed JSON, shared by every map in the page (the component starts these fetches
  // while Leaflet and this file are still loading)
  var fetched = (window.__yrebPrefetch = window.__yrebPrefetch || {});

  // --- small DOM helpers (text only) -------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function slug(id) { return typeof id === 'string' && SLUG.test(id) ? id : null; }

  function load(src) {
    if (!src) { return Promise.resolve(null); }
    if (src.data) { return Promise.resolve(src.data); }
    if (!fetched[src.url]) {
      fetched[src.url] = fetch(src.url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status + ' for ' + src.url); }
        return r.json();
      });
      fetched[src.url].catch(function () { delete fetched[src.url]; });
    }
    return fetched[src.url];
  }

  function sig(src) { return src ? (src.url || src.sig || '') : ''; }

  // --- symbols: the shapes of present/style.py, drawn as SVG ---------------------------------------------

  function symbol(shapes, style, size) {
    var s = svg('svg', {width: size, height: size, viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false'});
    var shape = shapes[style.symbol] || shapes.circle;
    var fill = style.fill || '#fff', stroke = style.stroke || '#222', width = style.width || 1.2;
    var node;
    if (shape.kind === 'polygon') {
      node = svg('polygon', {points: shape.points.map(function (p) { return p[0] + ',' + p[1]; }).join(' '),
                             fill: fill, stroke: stroke, 'stroke-width': width});
    } else if (shape.kind === 'cross') {
      node = svg('path', {d: 'M3 3 L15 15 M15 3 L3 15', stroke: fill, 'stroke-width': 3.5, fill: 'none'});
    } else if (shape.kind === 'ring') {
      node = svg('circle', {cx: 9, cy: 9, r: 6, fill: 'none', stroke: stroke || fill, 'stroke-width': 3});
    } else if (shape.kind === 'dash') {
      node = svg('line', {x1: 1, y1: 9, x2: 17, y2: 9, stroke: stroke, 'stroke-width': width,
                          'stroke-dasharray': style.dash || '4 3'});
    } else if (shape.kind === 'line') {
      node = svg('line', {x1: 1, y1: 9, x2: 17, y2: 9, stroke: stroke, 'stroke-width': width});
    } else if (shape.kind === 'box') {
      node = svg('rect', {x: 2, y: 3, width: 14, height: 12, fill: fill, stroke: stroke, 'stroke-width': width,
                          'fill-opacity': style.opacity === undefined ? 1 : style.opacity});
    } else {
      node = svg('circle', {cx: 9, cy: 9, r: shape.r || 5, fill: fill, stroke: stroke, 'stroke-width': width,
                            'fill-opacity': style.opacity === undefined ? 1 : style.opacity});
    }
    s.appendChild(node);
    return s;
  }

  // --- the controller ------------------------------------------------------------------------------------

  function Controller(map, hooks) {
    this.map = map;
    this.hooks = hooks || {};
    this.layers = {};       // key -> {sig, layer, spec}
    this.shown = {};        // key -> visible (user choice survives updates)
    this.cities = {};       // id -> {marker, props, latlng}
    this.citySig = null;
    this.labels = [];
    this.scene = null;
    this.keys = {};
    this.ready = {};        // key -> Promise resolved when the layer's data is drawn
    var self = this;
    map.on('click', function (e) { self.onMapClick(e); });
    map.on('mousemove', function (e) {
      // Over a marker (a city, a park) that marker's own tooltip is the one to show.
      var target = e.originalEvent && e.originalEvent.target;
      self.pointerAt = target && target.closest && target.closest('.leaflet-marker-icon') ? null : e.containerPoint;
      if (self.hoverQueued) { return; }
      self.hoverQueued = true;
      L.Util.requestAnimFrame(function () { self.hoverQueued = false; self.hoverSite(self.pointerAt); });
    });
    map.on('mouseout', function () { self.pointerAt = null; self.hoverSite(null); });
    map.on('zoomend moveend resize', function () { self.placeLabels(); });
    map.on('moveend', function () { self.reportView(); });
  }

  Controller.prototype.update = function (scene) {
    var first = !this.scene;
    this.scene = scene;
    this.text = scene.text || {};
    if (first) { this.setup(scene); }
    this.updateBasemap(scene);
    var self = this;
    this.updateCities(scene);
    // On the first scene the layers wait for the cities (what makes the map clickable) to be drawn.
    var layersReady = first && this.ready.cities ? this.ready.cities : Promise.resolve();
    layersReady.then(function () {
      if (self.scene !== scene) { return; }
      (scene.layers || []).forEach(function (spec) { self.updateLayer(spec); });
      self.updateChoropleth(scene);
      self.updateControl(scene);
      self.syncLegend();
    });
    this.updateChoropleth(scene);
    this.updateSelection(scene);
    this.updateLegend(scene);
    this.updateControl(scene);
    this.updateView(scene, first);
    this.updateSearch(scene);
    this.updateFacilities(scene);
  };

  Controller.prototype.setup = function (scene) {
    var map = this.map;
    L.DomUtil.addClass(map.getContainer(), 'yreb-map');
    if (scene.fontFamily) { map.getContainer().style.setProperty('--yreb-font', scene.fontFamily); }
    (scene.panes || []).forEach(function (p) {
      if (!map.getPane(p[0])) { map.createPane(p[0]); }
      map.getPane(p[0]).style.zIndex = String(p[1]);
    });
    // Panes whose canvases must not catch the pointer: a canvas covers the whole map, and Leaflet never
    // passes an event on to the canvas of a lower pane (the provinces' tooltips would be lost under them).
    // Sites are hit-tested by this runtime (siteHit); markers in these panes still take their own clicks.
    ['basemap', 'water', 'outlines', 'sites', 'selection', 'labels'].forEach(function (name) {
      if (map.getPane(name)) { map.getPane(name).style.pointerEvents = 'none'; }
    });
    if (scene.attribution && map.attributionControl) { map.attributionControl.addAttribution(scene.attribution); }
    this.labelLayer = L.layerGroup().addTo(map);
    this.resetControl();
  };

  // --- basemap and data layers ---------------------------------------------------------------------------

  Controller.prototype.updateBasemap = function (scene) {
    var tiles = scene.basemap && scene.basemap.tiles;
    var key = tiles ? tiles.url : 'vector';
    if (this.basemapKey === key) { return; }
    this.basemapKey = key;
    if (this.tileLayer) { this.map.removeLayer(this.tileLayer); this.tileLayer = null; }
    if (tiles) {
      this.tileLayer = L.tileLayer(tiles.url, {attribution: tiles.attribution, subdomains: tiles.subdomains || 'abc',
                                               maxZoom: tiles.maxZoom || 18}).addTo(this.map);
    }
  };

  Controller.prototype.updateLayer = function (spec) {
    var current = this.layers[spec.key];
    var s = sig(spec.src) + '|' + (spec.hidden ? 'h' : '');
    if (current && current.sig === s) { current.spec = spec; return; }
    if (current) { this.map.removeLayer(current.layer); }
    var self = this;
    var renderer = spec.canvas ? this.canvasFor(spec.pane) : undefined;
    var layer = L.geoJSON(null, {
      pane: spec.pane, interactive: !!spec.interactive, renderer: renderer,
      style: function (f) { return (f.properties && f.properties._style) || {}; },
      pointToLayer: function (f, latlng) { return self.pointLayer(spec, f, latlng, renderer); },
      onEachFeature: function (f, l) { self.featureEvents(spec, f, l); }
    });
    var entry = {sig: s, layer: layer, spec: spec};
    this.layers[spec.key] = entry;
    var visible = this.shown.hasOwnProperty(spec.key) ? this.shown[spec.key] : spec.show !== false;
    if (visible && !spec.hidden) { layer.addTo(this.map); }
    this.ready[spec.key] = load(spec.src).then(function (data) {
      if (self.layers[spec.key] !== entry || !data) { return; }
      layer.addData(data);
      if (spec.key === (self.scene.choropleth || {}).layer) { self.choroplethSig = null; self.updateChoropleth(self.scene); }
    });
    this.ready[spec.key].catch(function (err) { if (window.console) { console.warn('yreb layer', spec.key, err); } });
  };

  // A canvas circle drawn ``dx``, ``dy`` pixels from its point at every zoom (sites spread around their county),
  // hit-tested where it is drawn.
  var OffsetCircle = L.CircleMarker.extend({
    _project: function () {
      L.CircleMarker.prototype._project.call(this);
      var o = this.options;
      if (o.dx || o.dy) { this._point = this._point.add([o.dx || 0, o.dy || 0]); this._updateBounds(); }
    }
  });

  // One canvas per pane: layers sharing a pane share its canvas (and its hit-testing).
  Controller.prototype.canvasFor = function (pane) {
    this.canvases = this.canvases || {};
    if (!this.canvases[pane]) { this.canvases[pane] = L.canvas({pane: pane, padding: 0.3}); }
    return this.canvases[pane];
  };

  Controller.prototype.pointLayer = function (spec, f, latlng, renderer) {
    var p = f.properties || {};
    if (p.symbol) {
      var role = slug(p.role);
      var cls = p.cls === 'yreb-site' ? 'yreb-role yreb-site' : 'yreb-role' + (role ? ' yreb-role-' + role : '');
      var icon = L.divIcon({className: cls, html: '',
                            iconSize: [p.size || 14, p.size || 14],
                            iconAnchor: [(p.size || 14) / 2 - (p.dx || 0), (p.size || 14) / 2 - (p.dy || 0)]});
      var m = L.marker(latlng, {icon: icon, pane: spec.pane, keyboard: false, interactive: !!spec.interactive});
      var shapes = this.scene.shapes;
      m.on('add', function () {
        var e = m.getElement();
        if (e && !e.firstChild) { e.appendChild(symbol(shapes, p, p.size || 14)); }
        if (e && p.cls === 'yreb-site' && slug(p.id)) { e.setAttribute('data-site', p.id); }
      });
      return m;
    }
    var o = {dx: p.dx || 0, dy: p.dy || 0, pane: spec.pane, renderer: renderer, interactive: !!spec.interactive};
    Object.keys(p._style || {}).forEach(function (k) { o[k] = p._style[k]; });
    return new OffsetCircle(latlng, o);
  };

  // --- sites drawn on canvas: hit-tested here (their pane lets the pointer through to the layers below) ---

  // The site circle under a container point: a park or zone within its radius (+2 px), else with
  // ``counts`` a count circle; the nearest first.
  Controller.prototype.siteHit = function (point, counts) {
    if (!point) { return null; }
    var self = this, best = null;
    Object.keys(this.layers).forEach(function (key) {
      var entry = self.layers[key], isCount = key.indexOf('site-count-') === 0;
      if (key.indexOf('site-') !== 0 || (isCount && !counts) || !self.map.hasLayer(entry.layer)) { return; }
      entry.layer.eachLayer(function (l) {
        if (!l._point) { return; }  // markers (green parks) take their own events
        var at = self.map.layerPointToContainerPoint(l._point), d = at.distanceTo(point);
        var reach = (l.options.radius || 4) + (isCount ? 0 : 2);
        if (d > reach) { return; }
        if (!best || (best.count && !isCount) || (best.count === isCount && d < best.d)) {
          best = {d: d, layer: l, count: isCount, point: at};
        }
      });
    });
    return best;
  };

  Controller.prototype.hoverSite = function (point) {
    var hit = this.siteHit(point, true), layer = hit ? hit.layer : null;
    if (layer === this.siteTipFor) { return; }
    this.siteTipFor = layer;
    if (this.siteTip) { this.map.removeLayer(this.siteTip); this.siteTip = null; }
    L.DomUtil[layer && !hit.count ? 'addClass' : 'removeClass'](this.map.getContainer(), 'yreb-over-site');
    var tip = layer && layer.feature && layer.feature.properties.tip;
    if (!tip) { return; }
    this.siteTip = L.tooltip({direction: 'top', className: 'yreb-tooltip', offset: [0, -(layer.options.radius || 4)]})
      .setLatLng(this.map.containerPointToLatLng(hit.point)).setContent(el('div', 'yreb-tip', tip)).addTo(this.map);
  };

  Controller.prototype.featureEvents = function (spec, f, layer) {
    var p = f.properties || {};
    if (p.tip && spec.interactive) {
      layer.bindTooltip(el('div', 'yreb-tip', p.tip), {direction: spec.sticky ? 'auto' : 'top', sticky: !!spec.sticky,
                                                         className: 'yreb-tooltip' + (spec.sticky ? ' yreb-tooltip-area' : '')});
    }
    if (!spec.interactive) { return; }
    var self = this;
    layer.on('click', function (e) {
      if (spec.kind === 'site') {
        // A park or zone: select the place it is in, and say which site (the panel shows it first).
        L.DomEvent.stopPropagation(e);
        self.pendingPlace = null;
        self.select({level: p.level, id: p.place, site: p.id, source: 'click'});
        return;
      }
      if (spec.kind === 'role') {
        self.pendingPlace = {level: p.level, id: p.id};
      } else if (spec.kind) {
        self.pendingPlace = {level: spec.kind, id: p.id};
      }
      if (spec.kind === 'role') { L.DomEvent.stopPropagation(e); self.onMapClick(e); }
    });
  };

  // --- choropleth ----------------------------------------------------------------------------------------

  Controller.prototype.updateChoropleth = function (scene) {
    var spec = scene.choropleth;
    if (!spec) { return; }
    var entry = this.layers[spec.layer];
    if (!entry) { return; }
    var s = entry.sig + '|' + spec.sig;
    if (this.choroplethSig === s) { return; }
    var self = this;
    entry.layer.eachLayer(function (l) {
      var id = l.feature && l.feature.properties.id, n = spec.counts[id] || 0, c = spec.colours[0];
      for (var i = 0; i < spec.bins.length; i++) { if (n >= spec.bins[i]) { c = spec.colours[i]; } }
      l.setStyle({fillColor: c});
      if (spec.tips[id]) { l.setTooltipContent(el('div', 'yreb-tip', spec.tips[id])); }
    });
    if (entry.layer.getLayers().length) { self.choroplethSig = s; }
  };

  // --- cities: markers you can click, tab to and read ------------------------------------------------------

  Controller.prototype.updateCities = function (scene) {
    var spec = scene.cities;
    if (!spec) { return; }
    var s = sig(spec.src) + '|' + (spec.dim ? 'd' : '');
    if (this.citySig === s) { return; }
    this.citySig = s;
    var self = this;
    this.ready.cities = load(spec.src).then(function (fc) {
      if (self.citySig !== s || !fc) { return; }
      self.drawCities(fc, spec);
      self.syncLegend();
      self.placeLabels();
      self.updateSelection(self.scene, true);
    });
  };

  Controller.prototype.drawCities = function (fc, spec) {
    var self = this, map = this.map;
    Object.keys(this.cities).forEach(function (id) { map.removeLayer(self.cities[id].marker); });
    this.cities = {};
    (fc.features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates, latlng = L.latLng(c[1], c[0]);
      var id = slug(p.id);
      var cls = ['yreb-city', 'yreb-level-' + (slug(p.level) || 'place')];
      if (id) { cls.push('yreb-city-' + id); }
      if (p.important) { cls.push('yreb-important'); }
      if (spec.dim) { cls.push(p.match ? 'yreb-match' : 'yreb-dim'); }
      var size = p.level === 'prefecture' ? 15 : 13;
      var marker = L.marker(latlng, {
        icon: L.divIcon({className: cls.join(' '), html: '', iconSize: [size, size]}),
        pane: 'cities', keyboard: true, title: '', riseOnHover: true,
        zIndexOffset: (p.rank !== undefined ? (10 - p.rank) : 0) * 100
      });
      marker.on('add', function () {
        var e = marker.getElement();
        if (!e) { return; }
        e.setAttribute('role', 'button');
        e.setAttribute('aria-label', p.name);
        e.setAttribute('data-place', p.level + ':' + p.id);
        if (!e.firstChild) { e.appendChild(el('span', 'yreb-dot')); }
      });
      marker.bindTooltip(el('div', 'yreb-tip', p.tip), {direction: 'auto', className: 'yreb-tooltip', offset: [0, -4]});
      marker.on('click', function (e) { self.onMarkerClick(e, p); });
      marker.on('keydown', function (e) {
        var key = e.originalEvent && e.originalEvent.key;
        if (key === 'Enter' || key === ' ') { self.select({level: p.level, id: p.id, source: 'keyboard'}); }
      });
      marker.addTo(map);
      self.cities[p.id] = {marker: marker, props: p, latlng: latlng};
    });
  };

  // Nearest city marker to a point (container pixels) within the hit radius; two about equally near: ask.
  Controller.prototype.hitTest = function (point) {
    var hit = (this.scene && this.scene.hit) || {radius: 20, tie: 4};
    var map = this.map, found = [];
    var self = this;
    Object.keys(this.cities).forEach(function (id) {
      var c = self.cities[id];
      if (!map.hasLayer(c.marker)) { return; }
      var d = map.latLngToContainerPoint(c.latlng).distanceTo(point);
      if (d <= hit.radius) { found.push({d: d, city: c}); }
    });
    found.sort(function (a, b) { return a.d - b.d || (a.city.props.rank || 9) - (b.city.props.rank || 9); });
    if (!found.length) { return null; }
    var close = found.filter(function (f) { return f.d - found[0].d <= hit.tie; });
    return {best: found[0].city, d: found[0].d,
            tied: close.length > 1 ? close.map(function (f) { return f.city; }) : null};
  };

  Controller.prototype.onMarkerClick = function (e, p) {
    var original = e.originalEvent;
    if (original && original.detail === 0 && original.type !== 'click') {
      this.select({level: p.level, id: p.id, source: 'keyboard'});
      return;
    }
    var point = this.pointerPoint(e);
    this.resolveClick(point, this.map.containerPointToLatLng(point), {level: p.level, id: p.id}, true);
  };

  Controller.prototype.onMapClick = function (e) {
    var fallback = this.pendingPlace;
    this.pendingPlace = null;
    var point = this.pointerPoint(e);
    this.resolveClick(point, this.map.containerPointToLatLng(point), fallback);
  };

  // Where the pointer was: Leaflet reports a marker's own position as a click's containerPoint, so a click
  // on the part of Xiangtan's marker that covers Changsha would otherwise be hit-tested at Xiangtan.
  Controller.prototype.pointerPoint = function (e) {
    var o = e.originalEvent;
    if (o && typeof o.clientX === 'number') { return this.map.mouseEventToContainerPoint(o); }
    return e.containerPoint || this.map.latLngToContainerPoint(e.latlng);
  };

  // ``onMarker``: the click landed on a city marker (drawn above every site): never a site then.
  Controller.prototype.resolveClick = function (point, latlng, fallback, onMarker) {
    var hit = point ? this.hitTest(point) : null;
    // A park or zone drawn under the pointer wins over a city farther away (sites sit 11 px or more from a
    // city's dot, so a click on the dot itself stays the city's).
    var site = onMarker ? null : this.siteHit(point, false);
    if (site && (!hit || site.d < hit.d)) {
      var sp = site.layer.feature.properties;
      this.select({level: sp.level, id: sp.place, site: sp.id, source: 'click'});
      return;
    }
    if (hit && hit.tied) { this.askWhich(hit.tied, latlng); return; }
    if (hit) { this.select({level: hit.best.props.level, id: hit.best.props.id, source: 'click'}); return; }
    if (fallback) { this.select({level: fallback.level, id: fallback.id, source: 'click'}); }
  };

  Controller.prototype.askWhich = function (cities, latlng) {
    var self = this, box = el('div', 'yreb-chooser');
    box.setAttribute('role', 'dialog');
    box.appendChild(el('div', 'yreb-chooser-title', this.text.which || 'Which place?'));
    cities.forEach(function (c) {
      var b = el('button', 'yreb-choice', c.props.name);
      b.type = 'button';
      b.setAttribute('data-place', c.props.level + ':' + c.props.id);
      L.DomEvent.on(b, 'click', function (ev) {
        L.DomEvent.stop(ev);
        self.map.closePopup();
        self.select({level: c.props.level, id: c.props.id, source: 'chooser'});
      });
      box.appendChild(b);
    });
    L.popup({className: 'yreb-chooser-popup', closeButton: true, autoPan: true}).setLatLng(latlng).setContent(box)
      .openOn(this.map);
  };

  // ``fly``: also bring the place into view (a pick in the table or the find-a-place box).
  Controller.prototype.select = function (place, fly) {
    // Tell Python first (the panel is what the user waits for); redraw the ring after the message is sent
    // (Streamlit sends it from a zero-delay timeout queued by the call above).
    if (this.hooks.select) { this.hooks.select(place); }
    this.localSelection = place.level + ':' + place.id;
    var self = this;
    setTimeout(function () {
      self.drawSelection({level: place.level, id: place.id});
      var city = self.cities[place.id];
      if (fly && city && city.props.level === place.level && !self.map.getBounds().pad(-0.1).contains(city.latlng)) {
        self.map.flyTo(city.latlng, Math.max(self.map.getZoom(), 6.5), {duration: 0.5});
      }
    }, 0);
  };

  // --- selection ring ------------------------------------------------------------------------------------

  Controller.prototype.updateSelection = function (scene, force) {
    var sel = scene.selection;
    var key = sel ? sel.level + ':' + sel.id : '';
    if (!force && this.selectionKey === key) { return; }
    this.drawSelection(sel);
  };

  Controller.prototype.drawSelection = function (sel) {
    var key = sel ? sel.level + ':' + sel.id : '';
    this.selectionKey = key;
    if (this.selectionLayer) { this.map.removeLayer(this.selectionLayer); this.selectionLayer = null; }
    var self = this;
    Object.keys(this.cities).forEach(function (id) {
      var e = self.cities[id].marker.getElement();
      if (e) { e.classList.toggle('yreb-selected', key === self.cities[id].props.level + ':' + id); }
    });
    this.syncLegend();
    if (!sel) { this.placeLabels(); return; }
    var style = (this.scene && this.scene.selectionStyle) || {color: '#d62728', weight: 3};
    var city = this.cities[sel.id];
    var at = city && city.props.level === sel.level ? city.latlng : (sel.latlng ? L.latLng(sel.latlng[0], sel.latlng[1]) : null);
    if (!at && !sel.outline && this.scene.selection && this.scene.selection.id === sel.id) {
      sel = this.scene.selection;
      at = sel.latlng ? L.latLng(sel.latlng[0], sel.latlng[1]) : null;
    }
    if (at) {
      this.selectionLayer = L.circleMarker(at, {pane: 'selection', interactive: false, radius: 13,
        color: style.color, weight: style.weight, fill: false, className: 'yreb-selection'}).addTo(this.map);
    } else if (sel.outline) {
      this.selectionLayer = L.geoJSON(sel.outline, {pane: 'selection', interactive: false,
        style: function () { return {color: style.color, weight: style.weight, fill: false}; }}).addTo(this.map);
    }
    this.placeLabels();
  };

  // --- labels: placed greedily, never over each other or a marker ---------------------------------------

  Controller.prototype.placeLabels = function () {
    if (!this.labelLayer || !this.scene) { return; }
    this.labelLayer.clearLayers();
    var map = this.map, zoom = map.getZoom(), size = map.getSize();
    var self = this, placed = [], dots = [];
    var ids = Object.keys(this.cities);
    ids.forEach(function (id) {
      var c = self.cities[id];
      if (!map.hasLayer(c.marker)) { return; }
      var pt = map.latLngToContainerPoint(c.latlng), r = 6;
      c.point = pt;
      dots.push([pt.x - r, pt.y - r, pt.x + r, pt.y + r]);
    });
    var candidates = ids.map(function (id) { return self.cities[id]; }).filter(function (c) {
      var l = c.props.label;
      var selected = self.selectionKey === c.props.level + ':' + c.props.id;
      return l && c.point && (selected || zoom >= l.minZoom);
    });
    var font = (this.scene.labelFont || 12), pad = 2;
    // Each candidate's possible boxes that stay inside the map and clear of every dot.
    candidates.forEach(function (c) {
      var text = c.props.label.text, w = self.textWidth(text, font) + 2 * pad, h = font + 2 * pad;
      var p = c.point, gap = 8;
      var spots = [[p.x + gap, p.y - h / 2], [p.x - gap - w, p.y - h / 2], [p.x - w / 2, p.y - gap - h],
                   [p.x - w / 2, p.y + gap], [p.x + gap - 2, p.y - gap - h + 2], [p.x + gap - 2, p.y + gap - 2],
                   [p.x - gap - w + 2, p.y - gap - h + 2], [p.x - gap - w + 2, p.y + gap - 2]];
      c.labelBoxes = spots.map(function (s) { return [s[0], s[1], s[0] + w, s[1] + h]; }).filter(function (box) {
        return box[0] >= 0 && box[1] >= 0 && box[2] <= size.x && box[3] <= size.y && !overlapsAny(box, dots);
      });
    });
    // The selected place first, then by rank; within a rank the place with the fewest free spots chooses first
    // (in a crowd, a neighbour placed first would take its only spot), then by name.
    candidates.sort(function (a, b) {
      var sa = self.selectionKey === a.props.level + ':' + a.props.id ? -1 : a.props.label.rank;
      var sb = self.selectionKey === b.props.level + ':' + b.props.id ? -1 : b.props.label.rank;
      return sa - sb || a.labelBoxes.length - b.labelBoxes.length || (a.props.label.text < b.props.label.text ? -1 : 1);
    });
    candidates.forEach(function (c) {
      for (var i = 0; i < c.labelBoxes.length; i++) {
        var box = c.labelBoxes[i];
        if (overlapsAny(box, placed)) { continue; }
        placed.push(box);
        self.addLabel(c, c.props.label.text, box);
        return;
      }
    });
  };

  function overlapsAny(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) { return true; }
    }
    return false;
  }

  Controller.prototype.textWidth = function (text, font) {
    if (!this.measure) {
      var canvas = document.createElement('canvas');
      this.measure = canvas.getContext('2d');
      this.measureCache = {};
    }
    var key = font + '|' + text;
    if (!(key in this.measureCache)) {
      this.measure.font = font + 'px ' + (this.scene.fontFamily || 'sans-serif');
      this.measureCache[key] = Math.ceil(this.measure.measureText(text).width);
    }
    return this.measureCache[key];
  };

  Controller.prototype.addLabel = function (c, text, box) {
    var latlng = this.map.containerPointToLatLng([box[0], box[1]]);
    var div = el('div', 'yreb-label-text', text);
    var selected = this.selectionKey === c.props.level + ':' + c.props.id;
    var cls = 'yreb-label' + (c.props.important ? ' yreb-label-important' : '') + (selected ? ' yreb-label-selected' : '');
    var icon = L.divIcon({className: cls, html: '', iconSize: [box[2] - box[0], box[3] - box[1]], iconAnchor: [0, 0]});
    var m = L.marker(latlng, {icon: icon, pane: 'labels', interactive: false, keyboard: false});
    m.on('add', function () {
      var e = m.getElement();
      if (e && !e.firstChild) { e.appendChild(div); e.setAttribute('data-label', c.props.level + ':' + c.props.id); }
    });
    this.labelLayer.addLayer(m);
  };

  // --- legend: exactly what is drawn (entries come from the same style table as the exports) -------------

  Controller.prototype.updateLegend = function (scene) {
    var s = scene.legendSig || JSON.stringify(scene.legend || []);
    if (this.legendSig === s) { return; }
    this.legendSig = s;
    if (this.legend) { this.legend.remove(); }
    var self = this, entries = scene.legend || [];
    var legend = L.control({position: 'bottomleft'});
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'yreb-legend');
      var head = el('button', 'yreb-legend-toggle', self.text.legend || 'Legend');
      head.type = 'button';
      head.setAttribute('aria-expanded', 'true');
      var body = el('div', 'yreb-legend-body');
      var group = null, header = null;
      self.legendRows = [];
      entries.forEach(function (entry) {
        if (entry.group !== group) {
          group = entry.group;
          header = el('div', 'yreb-legend-group', group);
          body.appendChild(header);
        }
        var row = el('div', 'yreb-legend-row');
        row.setAttribute('data-style', entry.style);
        row.setAttribute('data-layer', entry.layer);
        row.appendChild(symbol(scene.shapes, entry, 16));
        row.appendChild(el('span', 'yreb-legend-label', entry.label));
        body.appendChild(row);
        self.legendRows.push({row: row, header: header, layer: entry.layer});
      });
      L.DomEvent.on(head, 'click', function (ev) {
        L.DomEvent.stop(ev);
        var open = body.style.display === 'none';
        body.style.display = open ? '' : 'none';
        head.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
      div.appendChild(head);
      div.appendChild(body);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    var host = this.hooks.legendHost;
    if (host) {
      // The live page keeps the legend under the map, so that it never covers what it explains.
      while (host.firstChild) { host.removeChild(host.firstChild); }
      if (scene.fontFamily) { host.style.setProperty('--yreb-font', scene.fontFamily); }
      var div = legend.onAdd(this.map);
      host.appendChild(div);
      legend = {remove: function () { if (div.parentNode) { div.parentNode.removeChild(div); } },
                getContainer: function () { return null; }};
    } else {
      legend.addTo(this.map);
    }
    this.legend = legend;
    this.syncLegend();
  };

  // A legend row shows only while its layer is drawn: what the legend lists is what the map shows.
  Controller.prototype.layerDrawn = function (key) {
    if (key === 'cities') { return Object.keys(this.cities).length > 0 || !this.scene.cities; }
    if (key === 'selection') { return !!this.selectionKey; }
    if (key === 'facilities') { return !!this.facilitiesLayer; }
    var entry = this.layers[key];
    return !!entry && this.map.hasLayer(entry.layer);
  };

  Controller.prototype.syncLegend = function () {
    if (!this.legendRows) { return; }
    var self = this, headers = [];
    this.legendRows.forEach(function (r) {
      var on = self.layerDrawn(r.layer);
      r.row.style.display = on ? '' : 'none';
      if (on && headers.indexOf(r.header) < 0) { headers.push(r.header); }
    });
    this.legendRows.forEach(function (r) { r.header.style.display = headers.indexOf(r.header) >= 0 ? '' : 'none'; });
  };

  // The styles the map draws right now (for tests and the legend): every visible layer's feature styles.
  Controller.prototype.drawnStyles = function () {
    var out = {}, self = this;
    Object.keys(this.layers).forEach(function (key) {
      var entry = self.layers[key];
      if (!self.map.hasLayer(entry.layer)) { return; }
      entry.layer.eachLayer(function (l) {
        var st = l.feature && l.feature.properties && l.feature.properties.style;
        if (st) { out[st] = true; }
      });
      if (entry.spec.key === 'prefectures' && self.scene.choropleth) {
        var spec = self.scene.choropleth;
        Object.keys(spec.counts).forEach(function (id) {
          var n = spec.counts[id], i = 0;
          for (var b = 0; b < spec.bins.length; b++) { if (n >= spec.bins[b]) { i = b; } }
          out['count-' + i] = true;
        });
      }
    });
    Object.keys(this.cities).forEach(function (id) { out[self.cities[id].props.style] = true; });
    if (this.selectionKey) { out.selection = true; }
    if (this.facilitiesLayer && this.scene.facilities) {
      out[this.scene.facilities.mode === 'aggregate' ? 'facility-count' : 'facility'] = true;
    }
    return Object.keys(out).sort();
  };

  // --- layer control (our own: names are text) -----------------------------------------------------------

  Controller.prototype.resetControl = function () {
    var self = this;
    var control = L.control({position: 'topright'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'yreb-layers');
      self.controlButton = el('button', 'yreb-layers-toggle', '');
      self.controlButton.type = 'button';
      self.controlList = el('div', 'yreb-layers-list');
      self.controlList.style.display = 'none';
      L.DomEvent.on(self.controlButton, 'click', function (ev) {
        L.DomEvent.stop(ev);
        var open = self.controlList.style.display === 'none';
        self.controlList.style.display = open ? '' : 'none';
        self.controlButton.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
      var reset = el('button', 'yreb-reset-view', '');
      reset.type = 'button';
      self.resetButton = reset;
      L.DomEvent.on(reset, 'click', function (ev) {
        L.DomEvent.stop(ev);
        self.fitView(self.scene.belt, true);
      });
      div.appendChild(reset);
      div.appendChild(self.controlButton);
      div.appendChild(self.controlList);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(this.map);
  };

  Controller.prototype.updateControl = function (scene) {
    var entries = (scene.layers || []).filter(function (l) { return l.control; });
    var s = (this.text.layers || '') + '|' + entries.map(function (l) { return l.key + ':' + l.control; }).join(',');
    if (this.controlSig === s) { return; }
    this.controlSig = s;
    this.controlButton.textContent = this.text.layers || 'Layers';
    this.resetButton.textContent = this.text.whole_belt || 'Whole belt';
    this.resetButton.setAttribute('title', this.text.whole_belt || 'Whole belt');
    var list = this.controlList, self = this;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    entries.forEach(function (spec) {
      var label = el('label', 'yreb-layer-row');
      var box = el('input');
      box.type = 'checkbox';
      var entry = self.layers[spec.key];
      box.checked = entry ? self.map.hasLayer(entry.layer) : spec.show !== false;
      L.DomEvent.on(box, 'change', function () {
        var e = self.layers[spec.key];
        self.shown[spec.key] = box.checked;
        if (!e) { return; }
        if (box.checked) { e.layer.addTo(self.map); } else { self.map.removeLayer(e.layer); }
        self.syncLegend();
      });
      label.appendChild(box);
      label.appendChild(el('span', null, spec.control));
      list.appendChild(label);
    });
  };

  // --- view: fit to the filter, focus on a chosen place, report the extent --------------------------------

  Controller.prototype.updateView = function (scene, first) {
    var view = scene.view || {};
    if (view.fitKey !== this.fitKey) {
      this.fitKey = view.fitKey;
      if (view.fit) { this.fitView(view.fit, !first, 12); }
    }
    if (view.focus && view.focus.key !== this.focusKey) {
      this.focusKey = view.focus.key;
      var ll = L.latLng(view.focus.latlng[0], view.focus.latlng[1]);
      var zoom = Math.max(this.map.getZoom(), view.focus.zoom || 0);
      if (first) { this.map.setView(ll, zoom, {animate: false}); } else { this.map.flyTo(ll, zoom, {duration: 0.5}); }
    }
    this.report = !!view.report;
    if (this.report && first) { this.reportView(); }
  };

  // Fit an extent, kept clear of the find-a-place box (top left) and the legend (bottom left) as far as the map
  // has room above and below it (never zooming out for them): on a tall map the belt would otherwise sit
  // under the legend, and a click on a city there would open nothing.
  Controller.prototype.fitView = function (bounds, animate, pad) {
    var map = this.map, b = L.latLngBounds(bounds);
    pad = pad || 0;
    var zoom = map.getBoundsZoom(b, false, L.point(2 * pad, 2 * pad));
    var height = map.project(b.getSouthWest(), zoom).y - map.project(b.getNorthEast(), zoom).y;
    var corner = map.getContainer().querySelector('.leaflet-top.leaflet-left');
    var top = corner ? corner.offsetHeight : 0, bottom = this.legendHeight();
    var room = Math.max(0, map.getSize().y - height - 2 * pad - 2);
    var share = top + bottom > room ? room / (top + bottom) : 1;
    map.fitBounds(b, {animate: !!animate, paddingTopLeft: [pad, pad + top * share],
                      paddingBottomRight: [pad, pad + bottom * share]});
  };

  // The legend's height once the layers of the scene are drawn (their rows appear as they finish loading).
  Controller.prototype.legendHeight = function () {
    var div = this.legend && this.legend.getContainer(), self = this;
    if (!div || !this.legendRows) { return 0; }
    var saved = this.legendRows.map(function (r) { return [r.row.style.display, r.header.style.display]; });
    this.legendRows.forEach(function (r) { r.header.style.display = 'none'; });
    this.legendRows.forEach(function (r) {
      var on = self.layerExpected(r.layer);
      r.row.style.display = on ? '' : 'none';
      if (on) { r.header.style.display = ''; }
    });
    var h = div.offsetHeight;
    this.legendRows.forEach(function (r, i) { r.row.style.display = saved[i][0]; r.header.style.display = saved[i][1]; });
    return h ? h + 10 : 0;  // and its margin
  };

  // Whether a layer is, or will be once loaded, on the map.
  Controller.prototype.layerExpected = function (key) {
    if (this.layerDrawn(key)) { return true; }
    if (key === 'cities') { return !!this.scene.cities; }
    var spec = (this.scene.layers || []).filter(function (l) { return l.key === key; })[0];
    if (!spec || spec.hidden) { return false; }
    return this.shown.hasOwnProperty(key) ? this.shown[key] : spec.show !== false;
  };

  Controller.prototype.reportView = function () {
    if (!this.report || !this.hooks.view) { return; }
    var self = this;
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(function () {
      var b = self.map.getBounds();
      self.hooks.view({bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: self.map.getZoom()});
    }, 150);
  };

  // --- find a place --------------------------------------------------------------------------------------

  Controller.prototype.updateSearch = function (scene) {
    if (!scene.search) { return; }
    if (!this.searchBox) { this.makeSearch(); }
    this.searchInput.setAttribute('placeholder', this.text.search || 'Find a place');
    this.searchInput.setAttribute('aria-label', this.text.search || 'Find a place');
    var s = sig(scene.search.src);
    if (this.searchSig === s) { return; }
    this.searchSig = s;
    this.index = null;
    if (this.searchWanted) { this.loadIndex(); }
  };

  // The index is fetched when the box is first used, not with the page.
  Controller.prototype.loadIndex = function () {
    this.searchWanted = true;
    if (this.index || !this.scene.search) { return Promise.resolve(this.index); }
    var self = this, s = this.searchSig;
    return load(this.scene.search.src).then(function (index) {
      if (self.searchSig === s) { self.index = index; }
      return self.index;
    });
  };

  Controller.prototype.makeSearch = function () {
    var self = this;
    var control = L.control({position: 'topleft'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'yreb-search');
      var input = el('input', 'yreb-search-input');
      input.type = 'search';
      input.setAttribute('autocomplete', 'off');
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-expanded', 'false');
      var list = el('ul', 'yreb-search-list');
      list.setAttribute('role', 'listbox');
      list.style.display = 'none';
      self.searchInput = input;
      self.searchList = list;
      self.searchActive = -1;
      L.DomEvent.on(input, 'focus', function () { self.loadIndex(); });
      L.DomEvent.on(input, 'input', function () {
        if (self.index) { self.suggest(input.value); } else { self.loadIndex().then(function () { self.suggest(input.value); }); }
      });
      L.DomEvent.on(input, 'keydown', function (ev) { self.searchKey(ev); });
      L.DomEvent.on(input, 'blur', function () { setTimeout(function () { self.hideSuggestions(); }, 200); });
      div.appendChild(input);
      div.appendChild(list);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(this.map);
    this.searchBox = control;
  };

  function fold(text) {
    return String(text || '').normalize('NFKC').toLowerCase().replace(/[\s'’·\-()（）]/g, '');
  }

  var SUFFIXES = ['自治州', '自治县', '特区', '林区', '新区', '地区', '市', '县', '州', '区', '盟', '省'];

  function stripSuffix(text) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (text.length > s.length + 1 && text.slice(-s.length) === s) { return text.slice(0, -s.length); }
    }
    return text;
  }

  Controller.prototype.suggest = function (query) {
    var q = stripSuffix(fold(query)), list = this.searchList, self = this;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    this.searchActive = -1;
    this.searchResults = [];
    if (!q || !this.index) { this.hideSuggestions(); return; }
    var items = this.index.items || [], scored = [];
    for (var i = 0; i < items.length; i++) {
      var it = items[i], best = 99;
      for (var j = 0; j < it.keys.length; j++) {
        var k = it.keys[j];
        if (k === q) { best = Math.min(best, 0); } else if (k.indexOf(q) === 0) { best = Math.min(best, 1); }
        else if (q.length >= 2 && k.indexOf(q) > 0) { best = Math.min(best, 2); }
      }
      if (best < 99) { scored.push([best, it.rank || 5, it.title, it]); }
    }
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    scored.slice(0, 8).forEach(function (s, n) {
      var it = s[3], li = el('li', 'yreb-search-item');
      li.setAttribute('role', 'option');
      li.setAttribute('data-place', it.level + ':' + it.id);
      li.appendChild(el('span', 'yreb-search-title', it.title));
      if (it.detail) { li.appendChild(el('span', 'yreb-search-detail', it.detail)); }
      L.DomEvent.on(li, 'mousedown', function (ev) { L.DomEvent.stop(ev); self.choose(n); });
      list.appendChild(li);
      self.searchResults.push(it);
    });
    if (!this.searchResults.length) {
      list.appendChild(el('li', 'yreb-search-empty', this.text.no_match || 'No place found'));
    }
    list.style.display = '';
    this.searchInput.setAttribute('aria-expanded', 'true');
  };

  Controller.prototype.hideSuggestions = function () {
    if (!this.searchList) { return; }
    this.searchList.style.display = 'none';
    this.searchInput.setAttribute('aria-expanded', 'false');
  };

  Controller.prototype.searchKey = function (ev) {
    var n = (this.searchResults || []).length;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      L.DomEvent.stop(ev);
      if (!n) { return; }
      this.searchActive = (this.searchActive + (ev.key === 'ArrowDown' ? 1 : n - 1) + n) % n;
      var items = this.searchList.querySelectorAll('.yreb-search-item');
      for (var i = 0; i < items.length; i++) { items[i].classList.toggle('yreb-active', i === this.searchActive); }
    } else if (ev.key === 'Enter') {
      L.DomEvent.stop(ev);
      if (n) { this.choose(this.searchActive >= 0 ? this.searchActive : 0); }
    } else if (ev.key === 'Escape') {
      this.hideSuggestions();
    }
  };

  Controller.prototype.choose = function (n) {
    var it = this.searchResults[n];
    if (!it) { return; }
    this.hideSuggestions();
    this.searchInput.value = it.title;
    if (it.latlng) { this.map.flyTo(L.latLng(it.latlng[0], it.latlng[1]), Math.max(this.map.getZoom(), it.zoom || 8), {duration: 0.5}); }
    var place = {level: it.level, id: it.id, source: 'search'};
    if (it.site) { place.site = it.site; }
    this.select(place);
  };

  // --- facilities (canvas dots, or counts per prefecture with the points once zoomed in) ------------------

  Controller.prototype.updateFacilities = function (scene) {
    var spec = scene.facilities;
    var s = spec ? spec.sig : '';
    if (this.facilitiesSig === s) { return; }
    this.facilitiesSig = s;
    if (this.facilitiesLayer) { this.map.removeLayer(this.facilitiesLayer); this.facilitiesLayer = null; }
    if (this.facilitiesHandler) { this.map.off('zoomend moveend', this.facilitiesHandler); this.facilitiesHandler = null; }
    if (!spec) { this.syncLegend(); return; }
    var map = this.map, layer = L.layerGroup().addTo(map), self = this;
    this.facilitiesLayer = layer;
    this.syncLegend();
    var renderer = L.canvas({padding: 0.3, pane: 'facilities'});
    var style = {renderer: renderer, radius: 3, color: spec.colour, weight: 1, fillColor: spec.colour, fillOpacity: 0.7,
                 pane: 'facilities'};
    var points = null;
    function dot(i) {
      var m = L.circleMarker([points.xy[2 * i + 1], points.xy[2 * i]], style);
      m.bindTooltip(el('div', 'yreb-tip', points.names[i]));
      return m;
    }
    function drawAll() { for (var i = 0; i < points.names.length; i++) { layer.addLayer(dot(i)); } }
    function drawVisible() {
      layer.clearLayers();
      var b = map.getBounds().pad(0.2);
      for (var i = 0; i < points.names.length; i++) {
        var lon = points.xy[2 * i], lat = points.xy[2 * i + 1];
        if (lat >= b.getSouth() && lat <= b.getNorth() && lon >= b.getWest() && lon <= b.getEast()) { layer.addLayer(dot(i)); }
      }
    }
    function drawCounts() {
      layer.clearLayers();
      spec.counts.forEach(function (c) {
        var m = L.circleMarker([c[1], c[0]], {renderer: renderer, pane: 'facilities', radius: 4 + Math.sqrt(c[2]) * spec.scale,
          color: spec.colour, weight: 1, fillColor: spec.colour, fillOpacity: 0.35});
        m.bindTooltip(el('div', 'yreb-tip', c[3]));
        layer.addLayer(m);
      });
    }
    function withPoints(then) {
      if (points) { return then(); }
      load(spec.points).then(function (data) { if (self.facilitiesLayer === layer) { points = data; then(); } });
    }
    if (spec.mode === 'points') {
      withPoints(drawAll);
    } else {
      this.facilitiesHandler = function () {
        if (map.getZoom() >= spec.detailZoom) { withPoints(drawVisible); } else { drawCounts(); }
      };
      map.on('zoomend moveend', this.facilitiesHandler);
      drawCounts();
    }
  };

  // --- the standalone export: a click shows the place's card (the app shows its panel instead) -----------

  // A measure in the export's card, as the app's panel shows it: its title, then (when the export carries
  // them) summary, role and named place, category, source, quote and note. All text goes in as textContent.
  function measureItem(measures, title, ref) {
    var li = el('li', null, title);
    var m = ref && measures[ref[0]];
    if (!m) { return li; }
    var box = el('div', 'yreb-card-measure');
    if (m.summary) { box.appendChild(el('p', null, m.summary)); }
    box.appendChild(el('div', 'yreb-card-meta', ref[1] + ' — ' + ref[2] + ' · ' + m.category));
    box.appendChild(el('div', 'yreb-card-source', m.source));
    if (m.quote) { box.appendChild(el('blockquote', null, '\u201c' + m.quote + '\u201d')); }
    if (m.note) { box.appendChild(el('div', 'yreb-card-note', m.note)); }
    li.appendChild(box);
    return li;
  }

  Controller.prototype.showCard = function (place) {
    var summaries = (this.scene && this.scene.summaries) || {};
    var measures = (this.scene && this.scene.measures) || {};
    var s = summaries[place.level + ':' + place.id];
    if (this.card) { this.card.remove(); this.card = null; }
    if (!s) { return; }
    var card = L.control({position: 'topright'});
    card.onAdd = function () {
      var div = L.DomUtil.create('div', 'yreb-card');
      div.setAttribute('role', 'region');
      div.appendChild(el('div', 'yreb-card-title', s.title));
      div.appendChild(el('div', 'yreb-card-facts', s.facts));
      div.appendChild(el('p', 'yreb-card-headline', s.headline));
      var cards = s.cards || {own: [], groups: []};
      if (s.own.length) {
        var own = el('ul', 'yreb-card-own');
        s.own.forEach(function (title, i) { own.appendChild(measureItem(measures, title, cards.own[i])); });
        div.appendChild(own);
      }
      s.groups.forEach(function (g, gi) {
        var details = el('details', 'yreb-card-group');
        details.appendChild(el('summary', null, g[0] + ' (' + g[1].length + ')'));
        var list = el('ul');
        g[1].forEach(function (title, j) { list.appendChild(measureItem(measures, title, (cards.groups[gi] || [])[j])); });
        details.appendChild(list);
        div.appendChild(details);
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    card.addTo(this.map);
    this.card = card;
  };

  Y.exportHooks = {
    select: function (place) { if (window.yrebController) { window.yrebController.showCard(place); } }
  };

  // The map options of the style table, applied to any map (the export's map is created by folium).
  function applyOptions(map, o) {
    if (!o) { return; }
    if (o.zoomSnap !== undefined) { map.options.zoomSnap = o.zoomSnap; }
    if (o.zoomDelta !== undefined) { map.options.zoomDelta = o.zoomDelta; }
    if (o.maxBoundsViscosity !== undefined) { map.options.maxBoundsViscosity = o.maxBoundsViscosity; }
    if (o.minZoom !== undefined) { map.setMinZoom(o.minZoom); }
    if (o.maxZoom !== undefined) { map.setMaxZoom(o.maxZoom); }
    if (o.maxBounds) { map.setMaxBounds(o.maxBounds); }
  }

  Y.attach = function (map, scene, hooks) {
    applyOptions(map, scene.options);
    var c = new Controller(map, hooks);
    c.update(scene);
    return c;
  };

  // The map is no taller than the belt needs at its width (the belt is about 0.63 as tall as wide in Web
  // Mercator): a taller map would show empty bands above and below it. The page's own limit
  // (--yreb-map-height, from the window height) still applies.
  var BELT_ASPECT = 0.74;
  function fitHeight(element) {
    var w = element.clientWidth;
    if (w > 0) { element.style.setProperty('--yreb-fit-height', Math.max(380, Math.round(w * BELT_ASPECT)) + 'px'); }
  }

  Y.create = function (element, scene, hooks) {
    fitHeight(element);
    var map = L.map(element, scene.options || {}), controller = null;
    if (scene.belt) { map.fitBounds(scene.belt, {animate: false}); }
    // The page sizes the map after it is created (its height follows the window): keep Leaflet told.
    if (window.ResizeObserver) {
      var last = null;
      new ResizeObserver(function () {
        fitHeight(element);
        var size = element.clientWidth + 'x' + element.clientHeight;
        if (size === last) { return; }
        var wasBelt = last === null || last.indexOf('x0') >= 0;
        last = size;
        map.invalidateSize({animate: false});
        if (wasBelt && scene.belt && !(scene.view && scene.view.focus) && controller) {
          controller.fitView(scene.view && scene.view.fit || scene.belt, false);
        }
      }).observe(element);
    }
    controller = Y.attach(map, scene, hooks);
    return controller;
  };
})();

/*
 * The measures × places table (a second component in the page): rows as text, sortable columns, the rows of
 * the selected place on request, and a click on a row selects its place on the map at once (the map then tells
 * Python, as for a click on the map).
 */
(function () {
  'use strict';
  var T = (window.YrebTable = window.YrebTable || {});

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function Table(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.sort = null;
    this.rows = [];
  }

  Table.prototype.update = function (data) {
    this.data = data;
    var self = this, prefetch = window.__yrebPrefetch = window.__yrebPrefetch || {};
    var src = data.rows, key = src.url || src.sig;
    if (key === this.rowsKey) { this.render(); return; }
    this.rowsKey = key;
    var got = src.data ? Promise.resolve(src.data) : (prefetch[src.url] || (prefetch[src.url] =
      fetch(src.url, {credentials: 'same-origin'}).then(function (r) { return r.json(); })));
    got.then(function (rows) { if (self.rowsKey === key) { self.rows = rows; self.render(); } });
  };

  Table.prototype.visibleRows = function () {
    var pin = this.data.pin, rows = this.rows;
    if (!pin) { return rows.map(function (r) { return {row: r, via: null}; }); }
    var seen = {}, out = [];
    rows.forEach(function (r) {
      var via = pin.keys[r.named];
      var key = r.measure + '|' + r.named + '|' + r.role;
      if (via !== undefined && !seen[key]) { seen[key] = true; out.push({row: r, via: via}); }
    });
    out.sort(function (a, b) { return a.via - b.via; });
    return out;
  };

  Table.prototype.render = function () {
    var data = this.data, self = this, cols = data.columns;
    var rows = this.visibleRows();
    if (this.sort) {
      var k = this.sort.key, dir = this.sort.dir;
      rows = rows.slice().sort(function (a, b) {
        var x = String(a.row.cells[k] || ''), y = String(b.row.cells[k] || '');
        return x < y ? -dir : x > y ? dir : 0;
      });
    }
    while (this.root.firstChild) { this.root.removeChild(this.root.firstChild); }
    var wrap = el('div', 'yreb-table-wrap');
    var table = el('table', 'yreb-table');
    var head = el('thead'), tr = el('tr');
    if (data.pin) { tr.appendChild(el('th', 'yreb-th', data.text.via)); }
    cols.forEach(function (c) {
      var th = el('th', 'yreb-th', c.label);
      th.setAttribute('tabindex', '0');
      th.setAttribute('aria-sort', self.sort && self.sort.key === c.key ? (self.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      var toggle = function () {
        self.sort = self.sort && self.sort.key === c.key ? {key: c.key, dir: -self.sort.dir} : {key: c.key, dir: 1};
        self.render();
      };
      th.addEventListener('click', toggle);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { toggle(); } });
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el('tbody'), selected = data.selected;
    rows.forEach(function (item) {
      var r = item.row, row = el('tr', 'yreb-tr');
      if (selected && r.level + ':' + r.place === selected) { row.classList.add('yreb-tr-selected'); }
      row.setAttribute('tabindex', '0');
      row.setAttribute('data-place', r.level + ':' + r.place);
      if (data.pin) { row.appendChild(el('td', 'yreb-td-via', data.text.vias[item.via])); }
      cols.forEach(function (c) { row.appendChild(el('td', null, r.cells[c.key])); });
      var pick = function () { self.pick(r); };
      row.addEventListener('click', pick);
      row.addEventListener('keydown', function (e) { if (e.key === 'Enter') { pick(); } });
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    this.root.appendChild(el('div', 'yreb-table-count', data.text.count.replace('{n}', String(rows.length))));
    this.root.appendChild(wrap);
  };

  Table.prototype.pick = function (r) {
    var place = {level: r.level, id: r.place, source: 'table'};
    var mapRoot = document.querySelector('.yreb-map-root');
    var map = mapRoot && mapRoot.__yrebMap;
    if (map) { map.select(place, true); } else if (this.hooks.pick) { this.hooks.pick(place); }
  };

  T.create = function (root, data, hooks) {
    var t = new Table(root, hooks);
    t.update(data);
    return t;
  };
})();
