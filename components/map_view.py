"""The map in the page: a Streamlit v2 component (mounted in the page itself, no iframe) running the map
runtime of present/web/yreb-map.js.

A click, a key press, the chooser or the find-a-place box sends the chosen place back as a *trigger*
value; the map's extent comes back as a *state* value, and only while exports follow the map's view.
A rerun hands the component a small scene: layers of shared catalogues are URLs of published files the
browser fetches once, so after a click only the selection and the panel change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from components import data as cache
from geo.dataset import Dataset
from geo.filters import FilterSpec
from geo.places import Places
from present.scene import MapView, selection
from present.web_scene import web_scene

MAP_KEY = "map"
LEVELS = ("prefecture", "county", "area", "province", "reach")

HTML = '<div class="yreb-map-root" role="application"></div><div class="yreb-legend-host"></div>'

# The component's own code: load Leaflet and the runtime from the app's static files once per page, then
# create the map, or update it with the new scene. The latest Streamlit callbacks are kept on the root
# element so that events always reach the current script run.
BRIDGE_JS = """
const loaded = (window.__yrebAssets = window.__yrebAssets || {});
const prefetched = (window.__yrebPrefetch = window.__yrebPrefetch || {});
function prefetch(src) {
  if (!src || !src.url || src.data || prefetched[src.url]) { return; }
  prefetched[src.url] = fetch(src.url, { credentials: 'same-origin' }).then((r) => {
    if (!r.ok) { throw new Error('HTTP ' + r.status + ' for ' + src.url); }
    return r.json();
  });
  prefetched[src.url].catch(() => { delete prefetched[src.url]; });
}
function asset(url, kind) {
  if (!loaded[url]) {
    loaded[url] = new Promise((resolve, reject) => {
      const node = document.createElement(kind === 'css' ? 'link' : 'script');
      if (kind === 'css') { node.rel = 'stylesheet'; node.href = url; } else { node.src = url; node.async = false; }
      node.onload = () => resolve();
      node.onerror = () => { delete loaded[url]; reject(new Error('cannot load ' + url)); };
      document.head.appendChild(node);
    });
  }
  return loaded[url];
}
export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  const root = parentElement.querySelector('.yreb-map-root');
  if (!root || !data) { return; }
  root.__yrebHooks = { setTriggerValue, setStateValue };
  root.__yrebScene = data.scene;
  root.style.setProperty('--yreb-map-height', data.height);
  if (root.__yrebMap) { root.__yrebMap.update(data.scene); return; }
  if (root.__yrebLoading) { return; }
  const a = data.assets;
  // The cities are fetched while Leaflet and the runtime (one script, one style sheet) load; the other
  // layers after the cities are drawn, so that nothing queues ahead of what makes the map clickable.
  prefetch(data.scene.cities && data.scene.cities.src);
  root.__yrebLoading = Promise.all([asset(a.map_css, 'css'), asset(a.map_js, 'js')])
    .then(() => {
      root.__yrebMap = window.YrebMap.create(root, root.__yrebScene, {
        select: (place) => root.__yrebHooks.setTriggerValue('select', place),
        legendHost: parentElement.querySelector('.yreb-legend-host'),
        view: (view) => root.__yrebHooks.setStateValue('view', view),
      });
      root.setAttribute('data-ready', 'true');
    })
    .catch((err) => { root.setAttribute('data-error', String(err)); });
}
"""

_COMPONENT = st.components.v2.component("yreb_map", html=HTML, js=BRIDGE_JS, isolate_styles=False)


def chosen_place(value: object, places: Places) -> tuple[str, str] | None:
    """The (level, id) a map event names, looked up against known places (never trusted as is)."""
    if not isinstance(value, dict):
        return None
    level, pid = value.get("level"), value.get("id")
    if level not in LEVELS or not isinstance(pid, str) or len(pid) > 80:
        return None
    return (level, pid) if places.get(level, pid) is not None else None


def chosen_site(value: object, sites) -> str | None:
    """The site id a map event names (a click on a park or zone, a pick in find-a-place), if it is a known site."""
    site = value.get("site") if isinstance(value, dict) else None
    if not isinstance(site, str) or len(site) > 80:
        return None
    return site if sites.has(site) else None


def reported_extent(value: object) -> tuple[float, float, float, float] | None:
    """The (west, south, east, north) the map reported, if it is a sane extent."""
    try:
        west, south, east, north = (float(v) for v in value["bounds"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None
    ok = -180 <= west < east <= 180 and -90 <= south < north <= 90
    return (west, south, east, north) if ok else None


SITE_ONLY_FIELDS = ("zone_industries", "batches")  # change which sites are drawn, not where the view is


def spec_key(spec: FilterSpec) -> str:
    """A stable key of a filter (the map fits its extent again only when this changes; the site filters
    leave the view where the user put it)."""
    values = [v for k, v in vars(spec).items() if k not in SITE_ONLY_FIELDS]
    parts = [",".join(sorted(v)) if isinstance(v, frozenset) else str(v) for v in values]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def render(
    data: Dataset,
    spec: FilterSpec,
    view: MapView,
    *,
    on_select: Callable,
    on_view: Callable,
    focus: dict | None,
    follow_view: bool,
    facilities=None,
    sites=None,
    shared: bool = True,
    points_limit: int = 20_000,
    height: str = "calc(100vh - 170px)",
) -> None:
    """Draw the map; ``on_select`` and ``on_view`` run as callbacks when the user picks a place or moves the map.

    Parameters
    ----------
    focus : dict, optional
        ``{"latlng": [lat, lon], "zoom": z, "key": k}``: fly there once (a new ``key`` flies again).
    follow_view : bool
        Report the extent after every move (for exports of the current view); off, moving never reruns.
    sites : geo.sites.Sites
        The listed sites in use (drawn as site layers, found by find-a-place).
    shared : bool
        The catalogue is shared by every session (its layers are published files); False for an upload.
    """
    lang, crs = view.lang, view.crs
    sources = {**cache.base_sources(lang, crs), **cache.filter_sources(data, spec, lang, crs, shared)}
    site_sources, site_styles = cache.site_sources(sites, spec, lang, crs)
    sources.update(site_sources)
    layers = cache.filter_layers_for(data, spec, lang, crs)
    cities_url = sources["cities"].get("url")
    if cities_url and st.session_state.get("_cities_sent") != cities_url:
        # New cities (the first page, or a filter changed them) travel with the scene: one request less before
        # the map is clickable or redrawn. The URL stays their identity, so the reruns after this one send only
        # the URL and nothing is redrawn.
        st.session_state["_cities_sent"] = cities_url
        sources["cities"] = {**sources["cities"], "data": layers["cities"]}
    fac = cache.facilities_view(facilities, lang, crs, points_limit) if facilities else None
    scene = web_scene(
        view,
        sources,
        layers,
        base_styles=cache.base_styles(lang, crs),
        selection=selection(data, view),
        focus=focus,
        report_view=follow_view,
        search={"src": cache.search_source(lang, crs, sites)},
        facilities=fac,
        fit_key=f"{data.key[:12]}|{spec_key(spec)}",
        site_styles=site_styles,
        all_zones=bool(spec.zone_industries),
    )
    _COMPONENT(
        key=MAP_KEY,
        data={"scene": scene, "assets": cache.runtime_assets(), "height": height},
        on_select_change=on_select,
        on_view_change=on_view,
        height="content",
    )


__all__ = ["MAP_KEY", "chosen_place", "chosen_site", "render", "reported_extent"]
