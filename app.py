"""Streamlit entry point: wires data, URL state, sidebar, map, panel and table together."""

from __future__ import annotations

import streamlit as st

from components import data as cache
from components import export_panel, facilities_panel, map_view, panel, sidebar, table, upload
from geo.filters import apply_filter
from geo.vocab import CATEGORIES, INDUSTRIES, REACHES, ROLES
from present.i18n import t
from present.scene import MapView
from present.view import Known, ViewState, parse_query, to_query

st.set_page_config(page_title="YREB green manufacturing · 长江经济带工业绿色发展", page_icon="🗺️", layout="wide")
ss = st.session_state


def _show_error(error, lang: str) -> None:
    st.error(t("catalogue_error", lang, name="", n=len(error.problems)).replace("  ", " "))
    # st.code shows the messages as plain text: they quote the bad input, which must not render.
    st.code("\n".join(str(p) for p in error.problems), language=None, wrap_lines=True)


def _init_from_url(data) -> None:
    """Once per session: restore the view from the link."""
    if ss.get("_url_loaded"):
        return
    ss["_url_loaded"] = True
    known = Known(
        reaches=frozenset(REACHES), provinces=frozenset(data.places.provinces["id"]), categories=frozenset(CATEGORIES),
        industries=frozenset(INDUSTRIES), roles=frozenset(ROLES), basemaps=frozenset(sidebar.basemap_options()),
    )  # fmt: skip
    state, ignored = parse_query(st.query_params.to_dict(), known, data.places)
    spec = state.spec
    ss.update({"f_reach": sorted(spec.reaches), "f_province": sorted(spec.provinces), "f_text": spec.text,
               "f_category": sorted(spec.categories), "f_industry": sorted(spec.industries),
               "f_role": sorted(spec.roles), "lang": state.lang, "basemap": state.basemap,
               "place": state.place, "pan_to": None, "url_ignored": ignored})  # fmt: skip


def _on_map_click() -> None:
    data = upload.session_dataset() or cache.dataset()[0]
    place = map_view.clicked_place(ss.get(map_view.MAP_KEY), data) if data else None
    if place is not None:
        ss["place"] = place
        ss["pan_to"] = None


def _sync_table_selection(data) -> None:
    """Select the place of a newly picked table row (rows refer to the table of the previous run)."""
    state = ss.get("table") or {}
    selection = state.get("selection", {}) if hasattr(state, "get") else {}
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
            ss["pan_to"] = (round(point.y, 5), round(point.x, 5))


def main() -> None:
    data, error = cache.dataset()
    data = upload.session_dataset() or data
    lang = ss.get("lang") or "en"
    if data is None:
        st.title(t("app_title", lang))
        _show_error(error, lang)
        return
    _init_from_url(data)
    _sync_table_selection(data)
    lang = ss.get("lang") or "en"
    spec = sidebar.render(data, lang)
    with st.sidebar:
        upload.render(data, lang)
        facilities_panel.render(lang)
    facilities = facilities_panel.current()
    lang = ss.get("lang") or "en"
    st.title(t("app_title", lang))
    st.caption(t("app_subtitle", lang))
    if error is not None:
        _show_error(error, lang)
    ignored = ss.get("url_ignored") or {}
    if ignored:
        st.warning(t("url_notice", lang, n=sum(ignored.values()), keys=", ".join(sorted(ignored))))
    basemap = ss.get("basemap") if ss.get("basemap") in sidebar.basemap_options() else "vector"
    place = ss.get("place")
    if place is not None and data.places.get(*place) is None:
        place = ss["place"] = None
    view = MapView(lang, basemap, place, sidebar.tianditu_key())
    query = to_query(ViewState(spec, place, lang, basemap), data.places)
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)
    filtered = apply_filter(data.table, spec)
    st.caption(t("counts", lang, m=filtered["measure_id"].nunique(), mt=len(data.catalogue.measures),
                 p=filtered["place_id"].nunique()))  # fmt: skip
    if filtered.empty:
        st.info(t("empty", lang))
    map_col, panel_col = st.columns([5, 3], gap="medium")
    # The panel is filled first: after a click it is what the user waits for, and Streamlit sends
    # elements in script order.
    with panel_col, st.container(height=600, border=False):
        panel.render(data, filtered, place, lang, filtered=not spec.is_empty,
                     facilities=facilities.frame if facilities else None)  # fmt: skip
    with map_col:
        map_view.render(data, spec, view, _on_map_click, center=ss.get("pan_to"), bounds=bool(ss.get("x_follow")),
                        facilities=facilities, shared=upload.session_dataset() is None)  # fmt: skip
        st.caption(t("share", lang))
        export_panel.render(data, spec, view, lang, facilities)
    table.render(data, filtered, lang)


main()
