"""Sidebar: language, basemap and one widget per filter dimension (generated from present.dimensions)."""

from __future__ import annotations

import streamlit as st

from components.state import on_language_change
from geo.dataset import Dataset
from geo.filters import MAX_TEXT
from present.dimensions import DIMENSIONS
from present.i18n import t
from present.style import BASEMAPS
from present.view import TEXT_SESSION_KEY


def basemap_options(tianditu_key: str | None) -> list[str]:
    """Basemaps offered; Tianditu only when a key is configured."""
    return [b for b in BASEMAPS if b != "tianditu" or tianditu_key]


def _clear() -> None:
    for dim in DIMENSIONS:
        st.session_state[dim.session_key] = []
    st.session_state[TEXT_SESSION_KEY] = ""


def render(data: Dataset, lang: str, basemaps: list[str]) -> None:
    """Draw the sidebar; the widgets write the view into session state (see components.state)."""
    with st.sidebar:
        st.segmented_control(t("language", lang), ["en", "zh"], key="lang", selection_mode="single",
                             format_func=lambda v: "English" if v == "en" else "中文",
                             on_change=on_language_change)  # fmt: skip
        st.selectbox(t("basemap", lang), basemaps, key="basemap", format_func=lambda b: t(f"basemap_{b}", lang))
        st.header(t("filters", lang))
        for dim in DIMENSIONS:
            st.multiselect(t(dim.id, lang), dim.offered(data), key=dim.session_key, placeholder=t("choose", lang),
                           format_func=lambda v, d=dim: d.value_label(data, v, lang))  # fmt: skip
        st.text_input(t("text", lang), key=TEXT_SESSION_KEY, max_chars=MAX_TEXT)
        st.button(t("clear_filters", lang), on_click=_clear, key="clear_filters")


__all__ = ["basemap_options", "render"]
