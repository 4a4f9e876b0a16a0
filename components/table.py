"""The filtered measures × places table; selecting a row selects that place."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.tables import table_frame
from geo.dataset import Dataset
from present.i18n import t


def render(data: Dataset, table: pd.DataFrame, lang: str) -> None:
    """Draw the table; the app reads the picked row from ``st.session_state["table"]`` on the next run."""
    st.markdown(f"#### {t('table', lang)}")
    st.caption(t("table_hint", lang))
    st.session_state["table_rows"] = list(zip(table["level"], table["place_id"], strict=True))
    st.dataframe(table_frame(data, table, lang), key="table", on_select="rerun", selection_mode="single-row",
                 hide_index=True, width="stretch")  # fmt: skip


__all__ = ["render"]
