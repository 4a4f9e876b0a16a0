"""Facilities source: ``$YREB_FACILITIES`` (or ``cli.py --facilities``) for everyone, or an upload for this session."""

from __future__ import annotations

import hashlib

import streamlit as st

from components import data as cache
from components.escaping import escape_markdown as md
from components.i18n import t
from geo.errors import GeoDataError
from geo.facilities import MAX_BYTES, parse_facilities

KEY = "facilities_upload"


def _accept() -> None:
    ss = st.session_state
    file = ss.get("facilities_file")
    ss["facilities_report"] = None
    if file is None:
        return
    raw = file.getvalue()
    name = str(getattr(file, "name", "facilities.csv"))[:120]
    try:
        frame = parse_facilities(raw, name, cache.places())
    except GeoDataError as exc:
        ss["facilities_report"] = [str(p) for p in exc.problems]
        return
    ss[KEY] = (name, hashlib.sha256(raw).hexdigest()[:20], frame)


def _clear() -> None:
    st.session_state.pop(KEY, None)
    st.session_state["facilities_report"] = None


def current():
    """(name, key, GeoDataFrame) of the facilities in use, or None."""
    uploaded = st.session_state.get(KEY)
    return uploaded if uploaded is not None else cache.env_facilities()


def render(lang: str) -> None:
    """The sidebar expander for facilities."""
    ss = st.session_state
    with st.expander(t("facilities", lang), expanded=bool(ss.get("facilities_report"))):
        st.caption(t("facilities_hint", lang))
        st.file_uploader(t("facilities_label", lang), type=["csv"], key="facilities_file", on_change=_accept)
        report = ss.get("facilities_report")
        if report:
            st.error(t("facilities_rejected", lang, n=len(report)))
            st.code("\n".join(report), language=None, wrap_lines=True)
        now = current()
        if now is not None:
            st.caption(t("facilities_loaded", lang, n=f"{len(now[2]):,}", source=md(now[0])))
            if ss.get(KEY) is not None:
                st.button(t("facilities_clear", lang), key="facilities_clear", on_click=_clear)


__all__ = ["MAX_BYTES", "current", "render"]
