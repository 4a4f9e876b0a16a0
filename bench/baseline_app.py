"""The naive build most folium + streamlit-folium tutorials produce: the benchmark's baseline.

    streamlit run bench/baseline_app.py --server.enableStaticServing true   # from the repo root

Deliberately naive (do not "fix" it; it is what the app is measured against):

- one ``folium.GeoJson`` of the 11 provinces and 130 prefectures at full Tianditu detail
  (``../shared/geodata``; else the app's own ``data/`` files), with a tooltip;
- one ``folium.Marker`` per prefecture city (default Leaflet icon) with a tooltip;
- the whole map rebuilt on every rerun and sent again to the browser;
- ``st_folium`` with the default ``returned_objects`` (every pan and zoom reruns the script);
- a sidebar multiselect by reach that filters the city markers (the boundaries stay, as in the app,
  whose filters change only the overlays), and a panel showing the tooltip of the clicked object.

Only the build differs from the app: Leaflet is the same locally served copy (no CDN, no tiles).
Streamlit serves ``<folder of the script>/static``, i.e. ``bench/static`` for this script, so
Leaflet (JS, CSS and its marker images) is copied there from the same ``xstatic-leaflet`` package
the app uses, at the same URL path (``app/static/vendor/leaflet-<version>/``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import folium
import streamlit as st
import xstatic.pkg.leaflet as xs_leaflet
from streamlit_folium import st_folium

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "geodata"
DATA = ROOT / "data"
LEAFLET_URL = f"app/static/vendor/leaflet-{xs_leaflet.VERSION}/"
REACHES = {"upper": "Upper reach", "middle": "Middle reach", "lower": "Lower reach"}


def install_leaflet() -> None:
    """Copy Leaflet (with the default marker images) to bench/static, where Streamlit serves it from."""
    src = Path(xs_leaflet.BASE_DIR)
    dst = HERE / "static" / "vendor" / f"leaflet-{xs_leaflet.VERSION}"
    for name in ("leaflet.js", "leaflet.css", *(f"images/{p.name}" for p in (src / "images").glob("*.png"))):
        target = dst / name
        if not target.exists() or target.stat().st_size != (src / name).stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / name, target)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@st.cache_data
def load() -> tuple[dict, list[dict], str]:
    """(provinces + prefectures FeatureCollection, prefecture cities, source). Cached, as tutorials advise."""
    provinces = read(DATA / "provinces.geojson")["features"]
    reach_of = {int(f["properties"]["adcode"]): f["properties"]["reach"] for f in provinces}
    cities = [f for f in read(DATA / "cities.geojson")["features"] if f["properties"]["level"] == "prefecture"]
    features = []
    tianditu = (SHARED / "tianditu_china_provinces.geojson", SHARED / "tianditu_yreb_prefectures.geojson")
    if all(p.exists() for p in tianditu):
        source = "tianditu"
        for f in read(SHARED / "tianditu_china_provinces.geojson")["features"]:
            code = int(f["properties"]["adcode"])
            if code in reach_of:
                f["properties"] = {"name": f["properties"]["name_zh"], "reach": reach_of[code]}
                features.append(f)
        for f in read(SHARED / "tianditu_yreb_prefectures.geojson")["features"]:
            p = f["properties"]
            f["properties"] = {"name": p["city_name"], "reach": reach_of.get(int(p["province_adcode"]), "")}
            features.append(f)
    else:
        source = "data"
        for f in provinces:
            f["properties"] = {"name": f["properties"]["name_zh"], "reach": f["properties"]["reach"]}
            features.append(f)
        for f in read(DATA / "prefectures.geojson")["features"]:
            f["properties"] = {"name": f["properties"]["name_zh"], "reach": f["properties"].get("reach", "")}
            features.append(f)
    return {"type": "FeatureCollection", "features": features}, cities, source


install_leaflet()
st.set_page_config(page_title="Baseline: naive folium map", layout="wide")
shapes, cities, source = load()
with st.sidebar:
    reaches = st.multiselect("Reach", list(REACHES), key="reach", format_func=REACHES.get)
keep = set(reaches) or set(REACHES)
st.title("YREB cities (naive baseline)")
st.caption(f"Boundaries: {source} at full detail; {len(cities)} prefecture cities")

m = folium.Map(location=[29.0, 110.0], zoom_start=5, tiles=None)
m.default_js = [("leaflet", "../../" + LEAFLET_URL + "leaflet.js")]
m.default_css = [("leaflet_css", "../../" + LEAFLET_URL + "leaflet.css")]
folium.GeoJson(shapes, name="Provinces and prefectures", tooltip=folium.GeoJsonTooltip(["name"]),
               style_function=lambda f: {"color": "#555", "weight": 1, "fillOpacity": 0.1}).add_to(m)  # fmt: skip
for f in cities:
    p = f["properties"]
    if p["reach"] not in keep:
        continue
    lon, lat = f["geometry"]["coordinates"]
    folium.Marker([lat, lon], tooltip=f"{p['name_en']} · {p['name_zh']}", alt=p["id"]).add_to(m)

map_col, panel_col = st.columns([5, 3])
with map_col:
    out = st_folium(m, height=560, use_container_width=True)
with panel_col:
    tip = (out or {}).get("last_object_clicked_tooltip")
    if tip:
        st.subheader(tip)
    else:
        st.info("Click a city on the map.")
