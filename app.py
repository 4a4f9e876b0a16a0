"""Streamlit entry point. Until the dashboard lands this shows the catalogue table."""

from __future__ import annotations

import streamlit as st

from geo.dataset import load_dataset
from geo.errors import GeoDataError

st.set_page_config(page_title="YREB green manufacturing", layout="wide")


@st.cache_resource(show_spinner="Loading the catalogue…")
def _dataset():
    return load_dataset()


st.title("Yangtze River Economic Belt — industrial green development (2017 guidance)")
try:
    data = _dataset()
except GeoDataError as exc:
    st.error("The data could not be loaded:\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    st.stop()
table = data.table.drop(columns=["geometry"])
st.caption(f"Catalogue {data.catalogue.version}: {len(data.catalogue.measures)} measures, {len(table)} rows")
st.dataframe(table[["measure_id", "title_en", "title_zh", "role", "named_level", "named_id", "place_id", "reach"]])
