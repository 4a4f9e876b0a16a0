"""The map in the page: streamlit-folium wiring and click → selected place."""

from __future__ import annotations

from functools import partial

import folium
from streamlit_folium import st_folium

from components import data as cache
from exports.web_map import build_base_map, build_overlay_groups
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.scene import MapView, selection_layer

MAP_KEY = "map"
# Only a click changes these, so pan and zoom never rerun the script.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
KIND_LEVEL = {"city": None, "role": None, "prefecture": "prefecture", "province": "province", "reach": "reach"}


def clicked_place(value: object, data: Dataset) -> tuple[str, str] | None:
    """The (level, id) of what the user clicked, looked up against known places (never trusted as is)."""
    if not isinstance(value, dict):
        return None
    feature = value.get("last_active_drawing")
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return None
    kind, pid = props.get("kind"), props.get("id")
    if kind not in KIND_LEVEL or not isinstance(pid, str):
        return None
    level = KIND_LEVEL[kind] or props.get("level") or "prefecture"
    if kind == "role":
        found = data.places.find(pid)
        return (found.level, found.id) if found is not None else None
    return (level, pid) if data.places.get(level, pid) is not None else None


def render(data: Dataset, spec: FilterSpec, view: MapView, on_click, click_args=(), center=None, bounds: bool = False,
           facilities=None, shared: bool = True) -> None:  # fmt: skip
    """Draw the map; ``on_click`` runs as a callback when the user clicks a place.

    With ``bounds`` the map also reports its extent (for an export of the current view); only then
    do pan and zoom rerun the script.
    """
    urls = cache.base_layer_urls(view.lang, view.crs)
    fac = cache.facilities_spec_for(facilities, view.lang, view.crs) if facilities else None
    base = build_base_map(MapView(view.lang, view.basemap, None, view.tianditu_key), urls, cache.leaflet_assets(), fac)
    # A click changes only the selection ring, so the map's arguments stay small: the filter layers
    # of a shared catalogue are files the browser fetches, not JSON re-rendered into every rerun.
    layer_source = cache.filter_layer_files if shared else cache.filter_layers_for
    layers = layer_source(data, spec, view.lang, view.crs)
    groups = build_overlay_groups({**layers, "selection": selection_layer(data, view)}, view)
    returned = [*RETURNED, "bounds"] if bounds else RETURNED
    st_folium(base, key=MAP_KEY, feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=True),
              returned_objects=returned, use_container_width=True, height=560, on_change=partial(on_click, *click_args),
              center=center)  # fmt: skip


__all__ = ["MAP_KEY", "clicked_place", "render"]
