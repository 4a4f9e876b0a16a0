"""Export panel: the current view as PNG, SVG, PDF, standalone HTML, CSV, XLSX, an A4 brief, or all of them in
one zip.

"Prepare export" does not render in the page's script: its callback hands the request to the export worker
pool (:mod:`components.export_jobs`) and keeps the job's id in session state. Every later run of the panel
finds the job, shows its progress until it is done and offers its file, so a rerun during the render (the
page's own, or one the user starts) cannot lose it. The download button is given the pool's own bytes
object (see :func:`_offer` for why not a callable).
"""

from __future__ import annotations

import time

import streamlit as st

from components import data as cache
from components.export_jobs import POOL, RESULT_TTL_S, Job
from exports.options import DEFAULT_LAYERS, SIZES, SnapshotOptions
from exports.registry import BY_ID, FORMAT_IDS
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.i18n import t
from present.scene import MapView
from present.titles import default_title

RESULT_KEY = "x_result"  # (signature, job id) of this session's latest export request
BUSY_KEY = "x_busy"
ALL = "all"
# A custom PNG costs about 6 MB of memory per megapixel while it renders (10000 × 10000 px: ~630 MB); two
# workers at this cap stay near 300 MB together. A4 at 300 dpi is 8.7 megapixels, A3 17.4.
MAX_CUSTOM_MEGAPIXELS = 25
POLL_S = 0.5


def _request(kind: str, signature: tuple, job_inputs: tuple) -> None:
    """Button callback: queue the export (it runs before the page's script, so no rerun can interrupt it)."""
    ss = st.session_state
    data, spec, options, html_view, facilities, sites = job_inputs
    basemap, web = cache.basemap(), cache.web_polygons()  # read here: the worker has no Streamlit context

    if kind == ALL:
        from exports.bundle import export_bundle

        def render(progress):
            return export_bundle(data, basemap, web, spec, options, html_view, facilities, sites, progress=progress)
    else:
        from exports.registry import export  # each format's renderer is imported on its first use

        def render(progress):
            return export(kind, data, basemap, web, spec, options, html_view, facilities, sites)

    previous = ss.get(RESULT_KEY)
    job = POOL.submit(signature, kind, render, replaces=previous[1] if previous else None)
    ss[BUSY_KEY] = job is None
    ss[RESULT_KEY] = (signature, job.id) if job is not None else None


def _custom_size(lang: str) -> tuple[tuple[int, int, int], bool]:
    """The custom size inputs, and whether the size is within the cap (said in the UI)."""
    w, h, d = st.columns(3)
    custom = (int(w.number_input("px ↔", 100, 10000, 1920, key="x_w")),
              int(h.number_input("px ↕", 100, 10000, 1080, key="x_h")),
              int(d.number_input("dpi", 50, 600, 150, key="x_dpi")))  # fmt: skip
    megapixels = custom[0] * custom[1] / 1e6
    st.caption(t("export_cap", lang, mp=MAX_CUSTOM_MEGAPIXELS))
    if megapixels > MAX_CUSTOM_MEGAPIXELS:
        st.warning(t("export_too_big", lang, w=custom[0], h=custom[1], mp=f"{megapixels:.1f}",
                     limit=MAX_CUSTOM_MEGAPIXELS))  # fmt: skip
        return custom, False
    return custom, True


def _what(job: Job, lang: str) -> str:
    if job.kind != ALL:
        return BY_ID[job.kind].label[lang]
    step = BY_ID[job.progress.step].label[lang] if job.progress.step in BY_ID else ""
    return f"{t('export_all', lang)}: {step} ({min(job.progress.done + 1, job.progress.total)}/{job.progress.total})"


def _wait(job: Job, lang: str) -> None:
    """Show the job's progress until it is done. A rerun stops this wait (at the next update), not the job."""
    slot = st.empty()
    while not job.done:
        ahead = POOL.ahead(job)
        if job.started is None:
            slot.progress(0.0, text=t("export_queued", lang, n=ahead))
        else:
            elapsed = time.monotonic() - job.started
            if job.kind == ALL and job.progress.total:
                fraction = job.progress.done / job.progress.total
            else:
                expected = POOL.expected_seconds(job.kind)
                fraction = min(0.95, elapsed / expected) if expected else 0.0
            slot.progress(fraction, text=t("export_rendering", lang, what=_what(job, lang), s=f"{elapsed:.0f}"))
        time.sleep(POLL_S)
    slot.empty()


def _offer(job: Job, lang: str) -> None:
    if job.error is not None:
        st.error(t("export_error", lang, error=job.error))
        return
    if job.failure_ref is not None:
        st.error(t("export_failed", lang, ref=job.failure_ref))
        return
    payload, mime, name = job.result
    # The bytes themselves, not a callable: Streamlit leaves a file made on click (deferred data) unowned by
    # any session, so the next two clean-ups after any session's run delete it; under 20 sessions that came
    # before the browser fetched it (6 of 33 downloads "canceled" in bench/load.py). The page's copy is the
    # pool's bytes object (no second copy), dropped by Streamlit at the session's next run without it, or
    # when the session ends.
    st.download_button(t("export_download", lang, name=name), data=payload, file_name=name, mime=mime,
                       key="x_download", on_click="ignore")  # fmt: skip
    st.caption(t("export_kept", lang, min=round(RESULT_TTL_S / 60)))


def render(data: Dataset, spec: FilterSpec, view: MapView, lang: str, facilities=None, sites=None) -> None:
    """Draw the export options, queue an export on request, show its progress, and offer its download.

    ``facilities`` is the :class:`components.data.FacilitiesInUse` of the session, or None; ``sites`` the listed
    sites in use (:class:`geo.sites.Sites`), drawn, listed and summarised in the exports.
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
        custom, size_ok = None, True
        if size == "custom":
            custom, size_ok = _custom_size(lang)
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
        common = dict(custom=custom, framed=framed, title=title.strip() or None, lang=out_lang, bbox=bbox,
                      layers=layers, selected=view.selected)  # fmt: skip
        options = SnapshotOptions(size=size if image else "a4-landscape", transparent=transparent, **common)
        # The bundle's images take the size chosen above (and no transparency: it is also the PDF's page).
        bundle_options = SnapshotOptions(size=size, **common)
        html_view = MapView(out_lang, view.basemap, view.selected, view.tianditu_key)
        context = (spec, view.basemap, data.key, facilities_key, sites.key if sites is not None else None)
        signature = (fmt, options, *context)
        bundle_signature = (ALL, bundle_options, *context)
        b1, b2 = st.columns(2)
        inputs = (data, spec, options, html_view, facilities, sites)
        b1.button(t("export_go", lang), key="x_go", type="primary", disabled=not (size_ok or not image),
                  on_click=_request, args=(fmt, signature, inputs))  # fmt: skip
        b2.button(t("export_all", lang), key="x_go_all", disabled=not size_ok, on_click=_request,
                  args=(ALL, bundle_signature, (data, spec, bundle_options, html_view, facilities, sites)))  # fmt: skip
        if ss.get(BUSY_KEY):
            st.warning(t("export_busy", lang))
        entry = ss.get(RESULT_KEY)
        job = POOL.get(entry[1]) if entry else None
        if entry and (job is None or entry[0] not in (signature, bundle_signature)):
            # Expired, or made for options no longer chosen: nothing to offer, nothing kept for it.
            POOL.discard(entry[1])
            ss[RESULT_KEY], job = None, None
        if job is None:
            return
        if not job.done:
            _wait(job, lang)
        _offer(job, lang)


__all__ = ["MAX_CUSTOM_MEGAPIXELS", "RESULT_KEY", "render"]
