"""Detail panel: the selected place and every measure that applies there, grouped by `via`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset import Dataset
from geo.facilities import count_for
from geo.join import VIA_ORDER, measures_for_place
from present.escaping import escape_markdown as md
from present.i18n import label, t


def _target_text(target, lang: str) -> str:
    value = "" if target.value is None else f"{target.value:g}"
    amount = t(f"unit_{target.unit}", lang, v=value) if value else ""
    change = t(f"change_{target.change}", lang, v=amount)
    parts = [target.label.zh if lang == "zh" else target.label.en, change]
    if target.baseline_year:
        parts.append(t("vs_year", lang, y=target.baseline_year))
    parts.append(t("by_year", lang, y=target.year))
    return " ".join(parts) if lang != "zh" else "".join(parts)


def _measure_card(data: Dataset, rows: pd.DataFrame, lang: str) -> None:
    first = rows.iloc[0]
    measure = data.catalogue.measure(first.measure_id)
    source = data.catalogue.source(measure.source.document)
    other = "en" if lang == "zh" else "zh"
    with st.container(border=True):
        st.markdown(f"**{md(getattr(measure.title, lang))}**  \n{md(getattr(measure.title, other))}")
        st.markdown(md(getattr(measure.summary, lang)))
        roles = ", ".join(
            f"{label('role', r.role, lang)} ({md(r.named_id)})"
            for r in rows.drop_duplicates(["role", "named_id"]).itertuples()
        )
        industries = ", ".join(label("industry", i, lang) for i in measure.industries)
        st.markdown(
            f"{md(t('f_role', lang))}: {md(roles)}  \n"
            f"{md(t('f_category', lang))}: {md(label('category', measure.category, lang))}  \n"
            f"{md(t('f_industries', lang))}: {md(industries)}"
        )
        if measure.targets:
            st.markdown(f"{md(t('f_targets', lang))}:  \n" + "  \n".join(f"• {md(_target_text(x, lang))}"
                                                                         for x in measure.targets))  # fmt: skip
        doc = " ".join(x for x in (getattr(source.title, lang), source.document_number) if x)
        st.caption(f"{md(t('f_source', lang))}: {md(doc)}, {md(measure.source.section)}, {md(measure.source.date)}")
        st.markdown(f"> {md(measure.source.quote)}")
        if measure.notes:
            st.caption(f"{md(t('f_notes', lang))}: {md(getattr(measure.notes, lang))}")


def _facts(data: Dataset, place, lang: str) -> list[str]:
    """Level, province, reach and riverside, in the UI language."""
    facts = [t(f"level_{place.level}", lang)]
    if place.province and place.level != "province":
        prov = data.places.get("province", place.province)
        facts.append(f"{t('in_province', lang)}: {prov.name_zh if lang == 'zh' else prov.name_en}")
    if place.reach and place.level != "reach":
        facts.append(f"{t('in_reach', lang)}: {label('reach', place.reach, lang)}")
    if place.riverside:
        facts.append(t("riverside_yes", lang))
    return facts


def _facilities_line(data: Dataset, place, facilities, lang: str) -> None:
    where = place
    if place.level in ("county", "area") and place.parent:
        where = data.places.get("prefecture", place.parent)
    name = where.name_zh if lang == "zh" else where.name_en
    st.caption(md(t("facilities_here", lang, where=name, n=f"{count_for(facilities, where):,}")))


def render(data: Dataset, table: pd.DataFrame, selected: tuple[str, str] | None, lang: str, filtered: bool,
           facilities=None) -> None:  # fmt: skip
    """Show the selected place's measures (from the filtered table), or a hint when none is selected."""
    if selected is None:
        st.info(t("panel_hint", lang))
        return
    level, pid = selected
    place = data.places.get(level, pid)
    if place is None:
        st.info(t("panel_hint", lang))
        return
    st.subheader(f"{md(place.name_en)} · {md(place.name_zh)}")
    st.caption(md(" · ".join(_facts(data, place, lang))))
    if facilities is not None:
        _facilities_line(data, place, facilities, lang)
    rows = measures_for_place(table, data.places, pid, level)
    if filtered:
        st.caption(t("panel_filtered", lang))
    if rows.empty:
        st.info(t("panel_no_measures", lang))
        return
    if not (rows["via"] == "place").any():
        st.info(t("panel_none_own", lang))
    for via in VIA_ORDER:
        group = rows[rows["via"] == via]
        if group.empty:
            continue
        st.markdown(f"##### {md(t(f'via_{via}', lang))} ({group['measure_id'].nunique()})")
        for _, measure_rows in group.groupby("measure_id", sort=False):
            _measure_card(data, measure_rows, lang)


__all__ = ["render"]
