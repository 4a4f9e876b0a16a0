"""Sidebar: language, basemap and filters. Widgets write session state; this returns a FilterSpec."""

from __future__ import annotations

import os

import streamlit as st

from geo.dataset import Dataset
from geo.filters import MAX_TEXT, FilterSpec
from present.i18n import label, t
from present.style import BASEMAPS

FILTER_KEYS = ("f_reach", "f_province", "f_category", "f_industry", "f_role", "f_text")


def tianditu_key() -> str | None:
    """A Tianditu key from ``$TIANDITU_KEY`` or Streamlit secrets (``tianditu_key``), if configured."""
    key = os.environ.get("TIANDITU_KEY")
    if not key:
        try:
            key = st.secrets.get("tianditu_key")
        except (FileNotFoundError, KeyError, AttributeError):  # no secrets file configured
            key = None
    return key if isinstance(key, str) and key.strip() else None


def basemap_options() -> list[str]:
    """Basemaps offered; Tianditu only when a key is configured."""
    return [b for b in BASEMAPS if b != "tianditu" or tianditu_key()]


def options(data: Dataset) -> dict[str, list[str]]:
    """Values each filter offers (only those the catalogue uses, in vocabulary order)."""
    cat = data.catalogue
    used_categories = {m.category for m in cat.measures}
    used_industries = {i for m in cat.measures for i in m.industries}
    used_roles = {p.role for m in cat.measures for p in m.places}
    from geo.vocab import CATEGORIES, INDUSTRIES, REACHES, ROLES

    return {
        "reach": list(REACHES),
        "province": list(data.places.provinces.sort_values(["reach", "adcode"])["id"]),
        "category": [c for c in CATEGORIES if c in used_categories],
        "industry": [i for i in INDUSTRIES if i in used_industries],
        "role": [r for r in ROLES if r in used_roles],
    }


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "f_text" else []


def render(data: Dataset, lang: str) -> FilterSpec:
    """Draw the sidebar and return the filter it describes."""
    opts = options(data)
    provinces = data.places.provinces
    with st.sidebar:
        st.segmented_control(t("language", lang), ["en", "zh"], key="lang", format_func=lambda v: "English" if v == "en"
                             else "中文", selection_mode="single")  # fmt: skip
        st.selectbox(t("basemap", lang), basemap_options(), key="basemap",
                     format_func=lambda b: t(f"basemap_{b}", lang))  # fmt: skip
        st.header(t("filters", lang))
        st.multiselect(t("reach", lang), opts["reach"], key="f_reach", format_func=lambda v: label("reach", v, lang))
        st.multiselect(t("province", lang), opts["province"], key="f_province",
                       format_func=lambda v: provinces.loc[v, "name_zh" if lang == "zh" else "name_en"])  # fmt: skip
        st.multiselect(t("category", lang), opts["category"], key="f_category",
                       format_func=lambda v: label("category", v, lang))  # fmt: skip
        st.multiselect(t("industry", lang), opts["industry"], key="f_industry",
                       format_func=lambda v: label("industry", v, lang))  # fmt: skip
        st.multiselect(t("role", lang), opts["role"], key="f_role", format_func=lambda v: label("role", v, lang))
        st.text_input(t("text", lang), key="f_text", max_chars=MAX_TEXT)
        st.button(t("clear_filters", lang), on_click=_clear, key="clear_filters")
    ss = st.session_state
    return FilterSpec(
        reaches=frozenset(ss.get("f_reach") or ()),
        provinces=frozenset(ss.get("f_province") or ()),
        categories=frozenset(ss.get("f_category") or ()),
        industries=frozenset(ss.get("f_industry") or ()),
        roles=frozenset(ss.get("f_role") or ()),
        text=ss.get("f_text") or "",
    )


__all__ = ["FILTER_KEYS", "basemap_options", "options", "render", "tianditu_key"]
