"""Presentation shared by the live map and the exports: style table, strings, escaping, titles, view state and
the scene (what is drawn for a view). Pure: no Streamlit, no folium, no Matplotlib; imports only ``geo``."""
