"""The floor: a bare Streamlit page with one title. Nothing can open faster on the same server and browser.

    streamlit run bench/floor_app.py   # from the repo root

bench/run.py reports every page-open time of the app and the baseline also as a multiple of this one.
"""

import streamlit as st

st.title("YREB floor")
