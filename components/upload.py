"""Load your own catalogue for this session only.

The upload is validated in memory with the same strict reader and schema as the CLI; nothing is
written to disk (so nothing can land outside a per-session place), and the accepted catalogue
lives in this session's state only, so other sessions keep theirs.
"""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit.logger import get_logger

from components import data as cache
from geo.dataset import Dataset, dataset_from_bytes, measures_path
from geo.errors import GeoDataError
from geo.settings import Settings
from present.escaping import escape_markdown as md
from present.i18n import t

SESSION_KEY = "uploaded_dataset"
RAW_KEY = "uploaded_raw"
_LOG = get_logger("yreb")


def _accept(settings: Settings) -> None:
    """Validate the file just uploaded (widget callback) and keep it for this session if it is valid."""
    ss = st.session_state
    ss.pop("x_result", None)  # a new data source: an export of the old one must not be offered
    file = ss.get("upload_file")
    ss["upload_report"] = None
    if file is None:
        return
    name = str(getattr(file, "name", "upload.yaml"))[:120]
    raw = file.getvalue()
    try:
        dataset = dataset_from_bytes(raw, name, cache.places(), settings.catalogue_max_bytes)
    except GeoDataError as exc:
        ss["upload_report"] = ("error", [str(p) for p in exc.problems])
        return
    except Exception:  # noqa: BLE001 - a bug must not reach the user as a traceback: a reference, the log has it
        ref = secrets.token_hex(4)
        _LOG.exception("yreb: catalogue upload failed (ref %s)", ref)
        ss["upload_report"] = ("failed", [ref])
        return
    ss[SESSION_KEY], ss[RAW_KEY] = dataset, (name, raw)
    ss["upload_report"] = ("ok", [])
    ss["place"] = None


def _use_builtin() -> None:
    ss = st.session_state
    ss.pop("x_result", None)  # a new data source: an export of the old one must not be offered
    ss.pop(SESSION_KEY, None)
    ss.pop(RAW_KEY, None)
    ss["upload_report"] = None
    ss["place"] = None


def session_dataset() -> Dataset | None:
    """The catalogue this session uploaded, if any."""
    value = st.session_state.get(SESSION_KEY)
    return value if isinstance(value, Dataset) else None


def render(data: Dataset, lang: str, settings: Settings) -> None:
    """The 'your catalogue' panel: upload, report, summary, download, back to the built-in one."""
    ss = st.session_state
    # Not ``expanded=bool(report)``: that is part of the fold's identity, and changing it closes the open fold.
    box = st.expander(t("upload", lang), expanded=False, key="x_upload_open", on_change="rerun")
    if not box.open:  # built only when opened (the page opens faster)
        return
    with box:
        mib = settings.upload_mb("catalogue_max_bytes")
        st.caption(t("upload_hint", lang, mib=mib))
        st.file_uploader(t("upload_label", lang), type=["yaml", "yml"], key="upload_file", on_change=_accept,
                         args=(settings,), accept_multiple_files=False, max_upload_size=mib)  # fmt: skip
        report = ss.get("upload_report")
        if report and report[0] == "failed":
            st.error(t("upload_failed", lang, ref=report[1][0]))
        if report and report[0] == "error":
            st.error(t("upload_rejected", lang, n=len(report[1])))
            st.code("\n".join(report[1]), language=None, wrap_lines=True)
        uploaded = session_dataset()
        cat = data.catalogue
        places = data.table["place_id"].nunique()
        source = md(ss[RAW_KEY][0]) if uploaded is not None else md(t("builtin", lang))
        st.markdown(t("upload_summary", lang, source=source, version=md(cat.version), m=len(cat.measures),
                      s=len(cat.sources), p=places))  # fmt: skip
        if uploaded is not None:
            raw = ss[RAW_KEY][1]
            st.download_button(t("upload_download", lang), data=raw, file_name="measures.yaml",
                               mime="application/x-yaml", key="upload_download", on_click="ignore")  # fmt: skip
            st.button(t("upload_builtin", lang), key="upload_builtin", on_click=_use_builtin)
        else:
            builtin = cache.builtin_catalogue_bytes(str(measures_path(settings.measures)))
            st.download_button(t("upload_download", lang), data=builtin, file_name="measures.yaml",
                               mime="application/x-yaml", key="upload_download", on_click="ignore")  # fmt: skip


__all__ = ["SESSION_KEY", "render", "session_dataset"]
