"""Streamlit entry point: reads the settings, then wires data, view state, sidebar, map, panel and table."""

from __future__ import annotations

import os

import streamlit as st

from components import data as cache
from components import export_panel, facilities_panel, layout, map_view, panel, sidebar, state, table, upload
from exports import fonts
from geo.filters import apply_filter
from geo.settings import Settings
from present.i18n import t
from present.scene import MapView
from present.titles import counts_line

st.set_page_config(page_title="YREB green manufacturing · 长江经济带工业绿色发展", page_icon="🗺️", layout="wide")
ss = st.session_state


def _secrets() -> dict:
    """Streamlit's secrets, or nothing when no secrets file is configured."""
    try:
        return dict(st.secrets)
    except (FileNotFoundError, KeyError, AttributeError, OSError):
        return {}


def _show_error(error, lang: str) -> None:
    st.error(t("catalogue_error", lang, name="", n=len(error.problems)).replace("  ", " "))
    # st.code shows the messages as plain text: they quote the bad input, which must not render.
    st.code("\n".join(str(p) for p in error.problems), language=None, wrap_lines=True)


def _on_map_select() -> None:
    """A place was picked on the map (click, keyboard, chooser or find-a-place)."""
    event = (ss.get(map_view.MAP_KEY) or {}).get("select")
    place = map_view.chosen_place(event, cache.places())
    if place is not None:
        ss["place"] = place


def _on_map_view() -> None:
    """The map moved while exports follow its view."""
    extent = map_view.reported_extent((ss.get(map_view.MAP_KEY) or {}).get("view"))
    if extent is not None:
        ss["view_extent"] = extent


def _sync_table_selection(data) -> None:
    """Select the place of a newly picked table row (rows refer to the table of the previous run)."""
    picked = ss.get("table") or {}
    selection = picked.get("selection", {}) if hasattr(picked, "get") else {}
    rows = tuple(selection.get("rows", []) if hasattr(selection, "get") else [])
    if rows == ss.get("_table_selection", ()):
        return
    ss["_table_selection"] = rows
    known = ss.get("table_rows") or []
    if rows and isinstance(rows[0], int) and 0 <= rows[0] < len(known):
        level, pid = known[rows[0]]
        if data.places.get(level, pid) is None:
            return
        ss["place"] = (level, pid)
        if level in ("prefecture", "county", "area"):
            point = data.places.cities.geometry[pid]
            ss["focus_n"] = ss.get("focus_n", 0) + 1
            ss["focus"] = {"latlng": [round(point.y, 5), round(point.x, 5)], "zoom": 7, "key": ss["focus_n"]}


def main() -> None:
    settings = Settings.from_env(os.environ, _secrets())
    fonts.configure(settings.cache_dir)
    cache.runtime_assets()  # Leaflet, the map runtime and the CJK web font are served before anything is drawn
    data, error = cache.dataset(settings)
    data = upload.session_dataset() or data
    lang = ss.get("lang") or "en"
    if data is None:
        st.title(t("app_title", lang))
        _show_error(error, lang)
        return
    basemaps = sidebar.basemap_options(settings.tianditu_key)
    state.init_from_url(data, basemaps)
    _sync_table_selection(data)
    sidebar.render(data, ss.get("lang") or "en", basemaps)
    view = state.current(data, basemaps)
    lang, spec = view.lang, view.spec
    with st.sidebar:
        upload.render(data, lang, settings)
        facilities_panel.render(lang, settings)
    facilities = facilities_panel.current(settings)
    layout.page_style()
    header = st.container(key="yreb_header")
    header.markdown(f"### {t('app_title', lang)}")
    if error is not None:
        _show_error(error, lang)
    ignored = ss.get(state.URL_IGNORED_KEY) or {}
    if ignored:
        st.warning(t("url_notice", lang, n=sum(ignored.values()), keys=", ".join(sorted(ignored))))
    state.sync_url(view, data)
    state.remember(view)
    map_spec = MapView(lang, view.basemap, view.place, settings.tianditu_key)
    filtered = apply_filter(data.table, spec)
    header.caption(t("app_subtitle", lang) + " · " + counts_line(data, spec, lang))
    if filtered.empty:
        st.info(t("empty", lang))
    map_col, panel_col = st.columns([5, 3], gap="small")
    # The panel is filled first: after a click it is what the user waits for, and Streamlit sends
    # elements in script order.
    with panel_col, st.container(key="yreb_panel", border=False):
        panel.render(data, filtered, view.place, lang, filtered=not spec.is_empty,
                     facilities=facilities.frame if facilities else None)  # fmt: skip
    with map_col:
        map_view.render(
            data, spec, map_spec, on_select=_on_map_select, on_view=_on_map_view, focus=ss.get("focus"),
            follow_view=bool(ss.get("x_follow")), facilities=facilities, shared=upload.session_dataset() is None,
            points_limit=settings.facilities_points_limit, height=layout.MAP_HEIGHT,
        )  # fmt: skip
        st.caption(t("share", lang))
        export_panel.render(data, spec, map_spec, lang, facilities)
    table.render(data, filtered, lang)


main()
