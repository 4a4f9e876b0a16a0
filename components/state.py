"""The session's view state: restored from the link once, kept across reruns and language switches.

The typed :class:`present.view.ViewState` is the one description of the view; this module only moves
it between the link, Streamlit's session state and the widgets.
"""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from present.view import SESSION_KEYS, Known, ViewState

VIEW_KEY = "_view"  # the view of the last completed run
URL_IGNORED_KEY = "url_ignored"


def init_from_url(data: Dataset, basemaps: list[str]) -> None:
    """Once per session: restore the view from the link, and remember which keys had unknown values."""
    ss = st.session_state
    if ss.get("_url_loaded"):
        return
    ss["_url_loaded"] = True
    view, ignored = ViewState.from_query(st.query_params.to_dict(), Known.for_data(data, basemaps), data.places)
    ss.update(view.to_session())
    ss[VIEW_KEY] = view
    ss[URL_IGNORED_KEY] = ignored
    if view.place and view.place[0] in ("prefecture", "county", "area"):
        point = data.places.cities.geometry[view.place[1]]
        ss["focus_n"] = 1
        ss["focus"] = {"latlng": [round(point.y, 5), round(point.x, 5)], "zoom": 0, "key": 1}


def on_language_change() -> None:
    """Widget callback of the language switch: carry every filter and the basemap over to the other language.

    The multiselects send their choices back as the labels they showed; in the other language those
    labels no longer match any option, and Streamlit would drop them. A select box keeps showing the label
    of the old language until its value is set again. The values of the last run are restored here, before
    the widgets are drawn in the new language.
    """
    previous = st.session_state.get(VIEW_KEY)
    if isinstance(previous, ViewState):
        st.session_state.update(previous.widget_session())


def current(data: Dataset, basemaps: list[str]) -> ViewState:
    """The view the widgets describe now, with a selection and basemap that this data can show."""
    ss = st.session_state
    view = ViewState.from_session(ss)
    if view.place is not None and data.places.get(*view.place) is None:
        ss[SESSION_KEYS["place"]] = None
        view = ViewState(view.spec, None, view.lang, view.basemap, view.extent)
    if view.basemap not in basemaps:
        view = ViewState(view.spec, view.place, view.lang, "vector", view.extent)
    return view


def remember(view: ViewState) -> None:
    """Keep the view of this run (what a language switch restores) and mirror it in the link."""
    st.session_state[VIEW_KEY] = view


def sync_url(view: ViewState, data: Dataset) -> None:
    """Write the view into the address bar when it changed (so a copied link restores it)."""
    query = view.to_query(data.places)
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)


__all__ = ["URL_IGNORED_KEY", "VIEW_KEY", "current", "init_from_url", "on_language_change", "remember", "sync_url"]
