"""The filtered measures × places table; selecting a row selects that place."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import label, t
from geo.dataset import Dataset


def table_frame(data: Dataset, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as shown: one row per measure and place, localised, no geometry."""
    provinces = data.places.provinces
    zh = lang == "zh"

    def province_name(pid):
        return "" if not isinstance(pid, str) else provinces.loc[pid, "name_zh" if zh else "name_en"]

    return pd.DataFrame(
        {
            t("col_measure", lang): table["title_zh" if zh else "title_en"].to_numpy(),
            t("col_place", lang): table["name_zh" if zh else "name_en"].to_numpy(),
            t("col_level", lang): [t(f"level_{v}", lang) for v in table["level"]],
            t("col_role", lang): [label("role", v, lang) for v in table["role"]],
            t("col_category", lang): [label("category", v, lang) for v in table["category"]],
            t("col_province", lang): [province_name(v) for v in table["province"]],
            t("col_reach", lang): [label("reach", v, lang) if isinstance(v, str) else "" for v in table["reach"]],
            t("col_source", lang): (table["source_document"] + ", " + table["source_section"]).to_numpy(),
            t("col_id", lang): table["measure_id"].to_numpy(),
        }
    )


def render(data: Dataset, table: pd.DataFrame, lang: str) -> None:
    """Draw the table; the app reads the picked row from ``st.session_state["table"]`` on the next run."""
    st.markdown(f"#### {t('table', lang)}")
    st.caption(t("table_hint", lang))
    st.session_state["table_rows"] = list(zip(table["level"], table["place_id"], strict=True))
    st.dataframe(table_frame(data, table, lang), key="table", on_select="rerun", selection_mode="single-row",
                 hide_index=True, width="stretch")  # fmt: skip


__all__ = ["render", "table_frame"]
