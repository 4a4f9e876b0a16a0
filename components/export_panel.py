"""Export panel: the current view as PNG, SVG, PDF, standalone HTML, CSV, XLSX or an A4 brief."""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit.logger import get_logger

from components import data as cache
from exports.options import DEFAULT_LAYERS, SIZES, SnapshotOptions
from exports.registry import BY_ID, FORMAT_IDS
from geo.dataset import Dataset
from geo.errors import GeoDataError
from geo.filters import FilterSpec
from present.i18n import t
from present.scene import MapView
from present.titles import default_title

_LOG = get_logger("yreb")


def render(data: Dataset, spec: FilterSpec, view: MapView, lang: str, facilities=None) -> None:
    """Draw the export options, render on request (with a spinner), and offer the download.

    ``facilities`` is the :class:`components.data.FacilitiesInUse` of the session, or None.
    """
    ss = st.session_state
    facilities_key = facilities.key if facilities else None
    facilities = facilities.frame if facilities else None
    box = st.expander(t("export", lang), key="x_export_open", on_change="rerun")
    if not box.open:  # built only when opened: the page opens faster, and nothing is sent until then
        return
    with box:
        st.caption(t("share", lang))
        c1, c2, c3 = st.columns(3)
        fmt = c1.selectbox(t("export_format", lang), FORMAT_IDS, key="x_format",
                           format_func=lambda f: BY_ID[f].label[lang])  # fmt: skip
        image = BY_ID[fmt].image
        size = c2.selectbox(t("export_size", lang), [*SIZES, "custom"], key="x_size", disabled=not image)
        x_lang = c3.segmented_control(t("export_lang", lang), ["en", "zh"], key="x_lang", default=lang,
                                      format_func=lambda v: "English" if v == "en" else "中文")  # fmt: skip
        custom = None
        if image and size == "custom":
            w, h, d = st.columns(3)
            custom = (int(w.number_input("px ↔", 100, 10000, 1920, key="x_w")),
                      int(h.number_input("px ↕", 100, 10000, 1080, key="x_h")),
                      int(d.number_input("dpi", 50, 600, 150, key="x_dpi")))  # fmt: skip
        out_lang = x_lang or lang
        title = st.text_input(t("export_title", lang), key="x_title", max_chars=200,
                              placeholder=default_title(data, spec, out_lang))  # fmt: skip
        t1, t2, t3 = st.columns(3)
        framed = t1.toggle(t("export_framed", lang), value=True, key="x_framed", disabled=not image)
        transparent = t2.toggle(t("export_transparent", lang), key="x_transparent", disabled=fmt != "png")
        choropleth = t3.toggle(t("export_prefectures", lang), key="x_prefectures")
        st.toggle(t("export_extent", lang), key="x_follow")
        bbox = ss.get("view_extent") if ss.get("x_follow") else None
        layers = DEFAULT_LAYERS | {"prefectures"} if choropleth else DEFAULT_LAYERS
        options = SnapshotOptions(size=size if image else "a4-landscape", custom=custom, framed=framed,
                                  title=title.strip() or None, lang=out_lang, transparent=transparent, bbox=bbox,
                                  layers=layers, selected=view.selected)  # fmt: skip
        signature = (fmt, options, spec, view.basemap, data.key, facilities_key)
        if st.button(t("export_go", lang), key="x_go", type="primary"):
            with st.spinner(t("export_working", lang)):
                from exports.registry import export  # each format's renderer is imported on its first use

                try:
                    html_view = MapView(out_lang, view.basemap, view.selected, view.tianditu_key)
                    payload, mime, name = export(fmt, data, cache.basemap(), cache.web_polygons(), spec, options,
                                                 html_view, facilities)  # fmt: skip
                except (GeoDataError, ValueError) as exc:  # bad options or data: the message says which
                    st.error(t("export_error", lang, error=str(exc).splitlines()[0][:300]))
                    return
                except Exception:  # noqa: BLE001 - any other failure: a message for the user, the traceback in the log
                    ref = secrets.token_hex(4)
                    _LOG.exception("yreb: export failed (ref %s, format %s)", ref, fmt)
                    st.error(t("export_failed", lang, ref=ref))
                    return
            ss["x_result"] = (signature, name, mime, payload)
        result = ss.get("x_result")
        if result and result[0] == signature:
            _, name, mime, payload = result
            st.download_button(t("export_download", lang, name=name), data=payload, file_name=name, mime=mime,
                               key="x_download", on_click="ignore")  # fmt: skip


__all__ = ["render"]
