"""Detail panel: a short summary of what applies to the selected place, the measures named for it, and the
inherited ones folded one line per group (present/summary.py decides what is said; this module shows it).

Folded groups are lazy: their cards are built only when opened, so a click on the map sends little.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import sites_panel
from geo.dataset import Dataset
from geo.facilities import count_for
from geo.filters import FilterSpec
from present.escaping import escape_markdown as md
from present.i18n import label, name_of, t
from present.summary import MeasureLine, PlaceSummary, summarise_place, summary_text


def _target_text(target, lang: str) -> str:
    value = "" if target.value is None else f"{target.value:g}"
    amount = t(f"unit_{target.unit}", lang, v=value) if value else ""
    change = t(f"change_{target.change}", lang, v=amount)
    parts = [target.label.zh if lang == "zh" else target.label.en, change]
    if target.baseline_year:
        parts.append(t("vs_year", lang, y=target.baseline_year))
    parts.append(t("by_year", lang, y=target.year))
    return " ".join(parts) if lang != "zh" else "".join(parts)


def _measure_card(data: Dataset, line: MeasureLine, lang: str) -> None:
    measure = data.catalogue.measure(line.id)
    other = "en" if lang == "zh" else "zh"
    with st.container(border=True):
        st.markdown(f"**{md(line.title)}**  \n{md(getattr(measure.title, other))}")
        st.markdown(md(getattr(measure.summary, lang)))
        industries = ", ".join(label("industry", i, lang) for i in measure.industries)
        st.markdown(
            f"{md(t('f_role', lang))}: {md(', '.join(line.roles))} — {md(line.named)}  \n"
            f"{md(t('f_category', lang))}: {md(label('category', measure.category, lang))}  \n"
            f"{md(t('f_industries', lang))}: {md(industries)}"
        )
        if measure.targets:
            targets = "  \n".join(f"• {md(_target_text(x, lang))}" for x in measure.targets)
            st.markdown(f"{md(t('f_targets', lang))}:  \n{targets}")
        st.caption(f"{md(t('f_source', lang))}: {md(line.source)}")
        st.markdown(f"> {md(line.quote)}")
        if line.note:
            st.caption(f"{md(t('f_notes', lang))}: {md(line.note)}")


def _facilities_line(data: Dataset, place, facilities, lang: str) -> None:
    where = place
    if place.level in ("county", "area") and place.parent:
        where = data.places.get("prefecture", place.parent)
    st.caption(md(t("facilities_here", lang, where=name_of(where, lang), n=f"{count_for(facilities, where):,}")))


def _copy_as_text(summary: PlaceSummary, lang: str) -> None:
    box = st.popover(t("copy_text", lang), key="p_copy", on_change="rerun")
    if box.open:
        with box:
            st.caption(t("copy_hint", lang))
            # st.code shows it as plain text with a copy button; nothing in it is rendered.
            st.code(summary_text(summary, lang), language=None, wrap_lines=True)


def render(
    data: Dataset,
    table: pd.DataFrame,
    selected: tuple[str, str] | None,
    lang: str,
    filtered: bool,
    facilities=None,
    *,
    sites=None,
    spec: FilterSpec | None = None,
    site: str | None = None,
) -> None:
    """Show the selected place's summary, the measures named for it, what the lists hold there (with
    ``sites``), then the inherited measures folded; or a hint when no place is selected."""
    place = data.places.get(*selected) if selected else None
    if place is None:
        st.markdown(md(t("panel_hint", lang)))
        return
    summary = summarise_place(data, table, place, lang)
    st.subheader(f"{md(place.name_en)} · {md(place.name_zh)}")
    st.caption(md(" · ".join(summary.facts)))
    st.markdown(md(summary.headline))
    if filtered:
        st.caption(t("panel_filtered", lang))
    if facilities is not None:
        _facilities_line(data, place, facilities, lang)
    _copy_as_text(summary, lang)
    if not summary.total:
        st.info(t("panel_no_measures", lang))
    if summary.own:
        st.markdown(f"##### {md(t('via_place', lang))} ({len(summary.own)})")
        for line in summary.own:
            _measure_card(data, line, lang)
    if sites is not None:
        sites_panel.render(sites, place, spec or FilterSpec(), lang, site)
    if summary.groups:
        st.markdown(f"##### {md(t('also_applies', lang))}")
    for via, heading, lines in summary.groups:
        box = st.expander(f"{heading} ({len(lines)})", key=f"p_group_{via}", on_change="rerun")
        if box.open:
            with box:
                for line in lines:
                    _measure_card(data, line, lang)


__all__ = ["render"]
