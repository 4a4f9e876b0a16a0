"""Colours and symbols shared by the interactive map, its legend and the static exports."""

from __future__ import annotations

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
REACH_COLOURS = {"upper": "#0072B2", "middle": "#E69F00", "lower": "#009E73"}

# Each role has its own shape *and* colour, so the legend works in greyscale too.
ROLE_SYMBOLS: dict[str, dict[str, str]] = {
    "cluster": {"symbol": "square", "fill": "#D55E00", "stroke": "#5a2500"},
    "base": {"symbol": "triangle", "fill": "#CC79A7", "stroke": "#5c2a48"},
    "demonstration": {"symbol": "diamond", "fill": "#56B4E9", "stroke": "#1c4f6e"},
    "rnd_focus": {"symbol": "star", "fill": "#F0E442", "stroke": "#6b6500"},
    "restriction": {"symbol": "cross", "fill": "#000000", "stroke": "#000000"},
    "lead": {"symbol": "chevron", "fill": "#009E73", "stroke": "#00422f"},
    "catch_up": {"symbol": "chevrons", "fill": "#E69F00", "stroke": "#5e4100"},
    "scope": {"symbol": "ring", "fill": "#777777", "stroke": "#555555"},
}

# Where each role's symbol sits around its city dot (pixels), so several roles stay readable.
ROLE_OFFSETS = {
    "cluster": (12, 0), "base": (-12, 0), "demonstration": (0, 12), "rnd_focus": (0, -12),
    "restriction": (9, 9), "lead": (-9, -9), "catch_up": (9, -9), "scope": (-9, 9),
}  # fmt: skip

# Choropleth of the number of measures that apply (viridis, colour-blind safe, prints in grey).
COUNT_BINS = [0, 1, 4, 8, 12, 16]
COUNT_COLOURS = ["#f2f2f2", "#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]

LAND = "#f7f5ef"
OCEAN = "#cfe3f1"
NEIGHBOUR = "#e4e2dc"
WATER = "#4a90c2"
CITY = {"fill": "#ffffff", "stroke": "#222222"}
SELECTION = "#d62728"

# SVG shapes, identical to RUNTIME_JS's, for the legend and static exports.
SVG_SHAPES = {
    "square": '<rect x="3" y="3" width="12" height="12"/>',
    "triangle": '<polygon points="9,2 16,15 2,15"/>',
    "diamond": '<polygon points="9,1 17,9 9,17 1,9"/>',
    "star": '<polygon points="9,1 11.4,6.6 17,6.9 12.7,10.6 14,16.5 9,13.4 4,16.5 5.3,10.6 1,6.9 6.6,6.6"/>',
    "cross": '<path d="M3 3 L15 15 M15 3 L3 15" stroke-width="3.5"/>',
    "chevron": '<polygon points="9,2 16,12 12,12 12,16 6,16 6,12 2,12"/>',
    "chevrons": '<polygon points="9,16 16,6 12,6 12,2 6,2 6,6 2,6"/>',
    "ring": '<circle cx="9" cy="9" r="6" fill="none" stroke-width="3"/>',
}


def role_svg(role: str) -> str:
    """Inline SVG of a role's symbol (fixed markup, no user text)."""
    s = ROLE_SYMBOLS[role]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18" '
        f'fill="{s["fill"]}" stroke="{s["stroke"]}" stroke-width="1.2">{SVG_SHAPES[s["symbol"]]}</svg>'
    )


def count_colour(n: int) -> str:
    """Choropleth colour of a count."""
    colour = COUNT_COLOURS[0]
    for edge, c in zip(COUNT_BINS, COUNT_COLOURS, strict=True):
        if n >= edge:
            colour = c
    return colour


BASEMAPS = ("vector", "osm", "light", "amap", "tianditu")
BELT_BOUNDS = [[21.1, 97.3], [35.2, 122.9]]
PANES = [("basemap", 200), ("reaches", 410), ("provinces", 420), ("prefectures", 430), ("water", 440),
         ("outlines", 450), ("roles", 640), ("cities", 650), ("selection", 660)]  # fmt: skip

TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors", None),
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
        "abcd",
    ),
    "amap": (
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang={lang}&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "&copy; 高德地图 AutoNavi",
        "1234",
    ),
    "tianditu": (
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
        "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        "&copy; 天地图 Tianditu (MNR)",
        "01234567",
    ),
}


__all__ = [
    "BASEMAPS",
    "BELT_BOUNDS",
    "COUNT_BINS",
    "COUNT_COLOURS",
    "PANES",
    "REACH_COLOURS",
    "ROLE_OFFSETS",
    "ROLE_SYMBOLS",
    "TILES",
    "count_colour",
    "role_svg",
]
