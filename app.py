"""Streamlit entry point: reads the settings, then wires data, view state, sidebar, map, panel and table."""

from __future__ import annotations

import os

import streamlit as st

from components import data as cache
from components import export_panel, facilities_panel, layout, map_view, panel, sidebar, state, table, targets, upload
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


def _show_error(error, lang: str, key: str = "catalogue_error") -> None:
    problems = getattr(error, "problems", None) or [str(error)]
    st.error(t(key, lang, name="", n=len(problems)).replace("  ", " "))
    # st.code shows the messages as plain text: they quote the bad input, which must not render.
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def _on_map_select() -> None:
    """A place was picked on the map (click, keyboard, chooser or find-a-place)."""
    event = (ss.get(map_view.MAP_KEY) or {}).get("select")
    place = map_view.chosen_place(event, cache.places())
    if place is not None:
        ss["place"] = place
        ss["site"] = map_view.chosen_site(event, cache.sites(Settings.from_env(os.environ, _secrets())))


def _on_map_view() -> None:
    """The map moved while exports follow its view."""
    extent = map_view.reported_extent((ss.get(map_view.MAP_KEY) or {}).get("view"))
    if extent is not None:
        ss["view_extent"] = extent


def _on_table_pick() -> None:
    """A row was picked while the map was not there to take it (the map normally does)."""
    event = (ss.get(table.KEY) or {}).get("pick")
    place = map_view.chosen_place(event, cache.places())
    if place is not None:
        ss["place"] = place
        ss["site"] = None


@st.fragment
def _view(data, settings: Settings, basemaps: list[str], facilities, shared: bool) -> None:
    """The map, the panel, the exports and the table: a fragment, so that a click on the map, a pick in the
    table or an export reruns only this part of the page (the sidebar and header stay as they are)."""
    view = state.current(data, basemaps)
    lang, spec = view.lang, view.spec
    state.sync_url(view, data)
    state.remember(view)
    map_spec = MapView(lang, view.basemap, view.place, settings.tianditu_key)
    sites = cache.sites(settings)
    filtered = apply_filter(data.table, spec)
    if filtered.empty:
        st.info(t("empty", lang))
    map_col, panel_col = st.columns([5, 3], gap="small")
    # The panel is filled first: after a click it is what the user waits for, and Streamlit sends
    # elements in script order.
    with panel_col, st.container(key="yreb_panel", border=False):
        narrowed = spec.filters_measures or bool(spec.reaches or spec.provinces)  # the site filters leave measures be
        panel.render(data, filtered, view.place, lang, filtered=narrowed,
                     facilities=facilities.frame if facilities else None, sites=sites, spec=spec,
                     site=ss.get("site"))  # fmt: skip
    with map_col:
        map_view.render(
            data, spec, map_spec, on_select=_on_map_select, on_view=_on_map_view, focus=ss.get("focus"),
            follow_view=bool(ss.get("x_follow")), facilities=facilities, sites=sites, shared=shared,
            points_limit=settings.facilities_points_limit, height=layout.MAP_HEIGHT,
        )  # fmt: skip
        export_panel.render(data, spec, map_spec, lang, facilities, sites)
        targets.render(data, sites, lang)
    table.render(data, filtered, lang, view.place, spec, shared, on_pick=_on_table_pick)


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
    view = state.current(data, basemaps)
    lang, spec = view.lang, view.spec
    layout.page_style()
    header = st.container(key="yreb_header")
    header.markdown(f"### {t('app_title', lang)}")
    header.caption(t("app_subtitle", lang) + " · " + counts_line(data, spec, lang))
    if error is not None:
        _show_error(error, lang)
    if (sites_error := cache.sites_error(settings)) is not None:
        _show_error(sites_error, lang, "sites_error")
    ignored = ss.get(state.URL_IGNORED_KEY) or {}
    if ignored:
        st.warning(t("url_notice", lang, n=sum(ignored.values()), keys=", ".join(sorted(ignored))))
    facilities = facilities_panel.current(settings)
    # The map comes before the sidebar in the script, so its element reaches the browser first; the widgets'
    # values are already in session state (restored from the link, or sent by the browser).
    _view(data, settings, basemaps, facilities, upload.session_dataset() is None)
    sidebar.render(data, lang, basemaps)
    with st.sidebar:
        upload.render(data, lang, settings)
        facilities_panel.render(lang, settings)


main()
