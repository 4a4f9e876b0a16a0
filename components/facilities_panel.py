"""Facilities: the shared file (``$YREB_FACILITIES``, ``cli.py --facilities``) or an upload for this session only.

CSV (UTF-8 or GB18030) or .xlsx, English or Chinese headers, cities by id or name (see geo/facilities.py).
"""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st
from streamlit.logger import get_logger

from components import data as cache
from geo.errors import GeoDataError
from geo.facilities import parse_facilities
from geo.messages import problem_text
from geo.settings import Settings
from present.escaping import escape_markdown as md
from present.i18n import t

KEY = "facilities_upload"
_LOG = get_logger("yreb")


def _accept(settings: Settings) -> None:
    ss = st.session_state
    ss.pop("x_result", None)  # a new data source: an export of the old one must not be offered
    file = ss.get("facilities_file")
    ss["facilities_report"] = None
    if file is None:
        return
    raw = file.getvalue()
    name = str(getattr(file, "name", "facilities.csv"))[:120]
    try:
        frame = parse_facilities(raw, name, cache.places(), max_bytes=settings.facilities_max_bytes,
                                 max_rows=settings.facilities_max_rows)  # fmt: skip
    except GeoDataError as exc:
        ss["facilities_report"] = ["problems", list(exc.problems)]
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


def current(settings: Settings) -> cache.FacilitiesInUse | None:
    """The facilities in use (this session's upload, else the shared file), or None."""
    uploaded = st.session_state.get(KEY)
    return uploaded if uploaded is not None else cache.env_facilities(settings)


def _report(lang: str) -> None:
    report = st.session_state.get("facilities_report")
    if not report:
        return
    if report[0] == "failed":
        st.error(t("upload_failed", lang, ref=report[1]))
        return
    problems = report[1]
    st.error(t("facilities_rejected", lang, n=len(problems)))
    # st.code shows the problems as plain text: they quote the bad input, which must not render.
    st.code("\n".join(problem_text(p, lang) for p in problems), language=None, wrap_lines=True)


def render(lang: str, settings: Settings) -> None:
    """The sidebar expander for facilities."""
    ss = st.session_state
    mb = settings.upload_mb("facilities_max_bytes")
    # ``expanded`` is part of the fold's identity: were it to follow the report, a good file replacing a rejected
    # one would reset the fold and close it over its own result. Its open state lives under its key.
    box = st.expander(t("facilities", lang), expanded=False, key="x_facilities_open", on_change="rerun")
    if not box.open:  # built only when opened (the page opens faster)
        return
    with box:
        st.caption(t("facilities_hint", lang, mb=mb, rows=f"{settings.facilities_max_rows:,}"))
        # Any file type: the format is told by content (geo/tabular.py), so a wrong one gets our advice (an old
        # .xls: "save as .xlsx") in place of the widget's raw MIME refusal, which would also leave the previous
        # file's error on screen (the widget refuses in the browser, and the app never hears of the new file).
        st.file_uploader(t("facilities_label", lang), type=None, key="facilities_file", on_change=_accept,
                         args=(settings,), max_upload_size=mb)  # fmt: skip
        _report(lang)
        now = current(settings)
        if now is not None:
            read_as = now.frame.attrs.get("encoding") or now.frame.attrs.get("format", "").upper()
            st.caption(t("facilities_loaded", lang, n=f"{len(now.frame):,}", source=md(now.name), read_as=md(read_as)))
            if ss.get(KEY) is not None:
                st.button(t("facilities_clear", lang), key="facilities_clear", on_click=_clear)


__all__ = ["current", "render"]
