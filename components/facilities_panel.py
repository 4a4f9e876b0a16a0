"""Facilities source: ``$YREB_FACILITIES`` (or ``cli.py --facilities``) for everyone, or an upload for this session."""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st
from streamlit.logger import get_logger

from components import data as cache
from geo.errors import GeoDataError
from geo.facilities import MAX_BYTES, parse_facilities
from present.escaping import escape_markdown as md
from present.i18n import t

KEY = "facilities_upload"
_LOG = get_logger("yreb")


def _accept() -> None:
    ss = st.session_state
    ss.pop("x_result", None)  # a new data source: an export of the old one must not be offered
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
    except Exception:  # noqa: BLE001 - a bug must not reach the user as a traceback: a reference, the log has it
        ref = secrets.token_hex(4)
        _LOG.exception("yreb: facilities upload failed (ref %s)", ref)
        ss["facilities_report"] = ["failed", ref]
        return
    ss[KEY] = cache.FacilitiesInUse(name, hashlib.sha256(raw).hexdigest(), frame, shared=False)


def _clear() -> None:
    st.session_state.pop(KEY, None)
    st.session_state.pop("x_result", None)
    st.session_state["facilities_report"] = None


def current() -> cache.FacilitiesInUse | None:
    """The facilities in use (this session's upload, else the shared file), or None."""
    uploaded = st.session_state.get(KEY)
    return uploaded if uploaded is not None else cache.env_facilities()


def render(lang: str) -> None:
    """The sidebar expander for facilities."""
    ss = st.session_state
    with st.expander(t("facilities", lang), expanded=bool(ss.get("facilities_report"))):
        st.caption(t("facilities_hint", lang))
        st.file_uploader(t("facilities_label", lang), type=["csv"], key="facilities_file", on_change=_accept)
        report = ss.get("facilities_report")
        if report and report[0] == "failed":
            st.error(t("upload_failed", lang, ref=report[1]))
        elif report:
            st.error(t("facilities_rejected", lang, n=len(report)))
            st.code("\n".join(report), language=None, wrap_lines=True)
        now = current()
        if now is not None:
            st.caption(t("facilities_loaded", lang, n=f"{len(now.frame):,}", source=md(now.name)))
            if ss.get(KEY) is not None:
                st.button(t("facilities_clear", lang), key="facilities_clear", on_click=_clear)


__all__ = ["MAX_BYTES", "current", "render"]
