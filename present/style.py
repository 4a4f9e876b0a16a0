"""The style table: colours, symbol shapes and named styles shared by the live map, its legend and the exports.

One definition of each symbol (:data:`SHAPES`, in an 18 × 18 box, y down): the web runtime draws it as
SVG, the static exports turn it into a Matplotlib marker (exports/symbols.py). Every drawn feature names
a style of :data:`STYLES`; legends list exactly the styles that were drawn (:func:`legend_entries`).
"""

from __future__ import annotations

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
REACH_COLOURS = {"upper": "#0072B2", "middle": "#E69F00", "lower": "#009E73"}

SHAPES: dict[str, dict] = {
    "square": {"kind": "polygon", "points": [[3, 3], [15, 3], [15, 15], [3, 15]]},
    "triangle": {"kind": "polygon", "points": [[9, 2], [16, 15], [2, 15]]},
    "diamond": {"kind": "polygon", "points": [[9, 1], [17, 9], [9, 17], [1, 9]]},
    "star": {
        "kind": "polygon",
        "points": [
            [9, 1],
            [11.4, 6.6],
            [17, 6.9],
            [12.7, 10.6],
            [14, 16.5],
            [9, 13.4],
            [4, 16.5],
            [5.3, 10.6],
            [1, 6.9],
            [6.6, 6.6],
        ],
    },
    "chevron": {"kind": "polygon", "points": [[9, 2], [16, 12], [12, 12], [12, 16], [6, 16], [6, 12], [2, 12]]},
    "chevrons": {"kind": "polygon", "points": [[9, 16], [16, 6], [12, 6], [12, 2], [6, 2], [6, 6], [2, 6]]},
    "hexagon": {"kind": "polygon", "points": [[9, 1.5], [15.5, 5.2], [15.5, 12.8], [9, 16.5], [2.5, 12.8], [2.5, 5.2]]},
    "cross": {"kind": "cross"},
    "ring": {"kind": "ring"},
    "circle": {"kind": "circle", "r": 5},
    "dot": {"kind": "circle", "r": 3.5},
    "line": {"kind": "line"},
    "dash": {"kind": "dash"},
    "box": {"kind": "box"},
}

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

# Where a place's role symbols sit around its dot (pixels, y down), in the order the roles are listed:
# close enough to read as one place, apart enough to tell the shapes.
ROLE_PATTERN = [(11, -7), (-11, -7), (11, 7), (-11, 7), (0, -12), (0, 12), (13, 0), (-13, 0)]
ROLE_OFFSETS = {role: ROLE_PATTERN[i] for i, role in enumerate(ROLE_SYMBOLS)}  # static exports

# Choropleth of the number of measures that apply (viridis, colour-blind safe, prints in grey).
COUNT_BINS = [0, 1, 4, 8, 12, 16]
COUNT_COLOURS = ["#f2f2f2", "#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]

LAND = "#f7f5ef"
OCEAN = "#cfe3f1"
NEIGHBOUR = "#e4e2dc"
WATER = "#4a90c2"
LAKE = "#9cc6e4"
CITY = {"fill": "#ffffff", "stroke": "#222222"}
SELECTION = "#d62728"
FACILITY = "#6a3d9a"
BACKGROUND = "#eceeef"
# Sites: green parks are green hexagons; zones dark (national) or grey (provincial) dots, white-rimmed so
# that a cluster of them stays readable; list counts are translucent circles whose area is the number.
SITE_PARK = "#1a9850"
SITE_ZONE = {"national": "#252525", "provincial": "#8c8c8c"}
SITE_COUNT_COLOURS = {"green_factory": "#c51b7d", "green_supply_chain": "#2166ac", "green_product": "#e08214"}
SITE_COUNT_SCALE = 2.4  # pixels of radius per square root of the count: 100 sites -> 24 px
# The 2020 targets chart (app and A4 brief): batches counted toward 2020, the 2021 list after it, the target line.
TARGET_COLOURS = {"by_2020": SITE_PARK, "after": "#a6d96a", "target": SELECTION}

# Named styles: what a legend row shows for each kind of drawn thing. "symbol" is a key of SHAPES.
STYLES: dict[str, dict] = {
    **{f"reach-{r}": {"symbol": "box", "fill": c, "stroke": c, "opacity": 0.35} for r, c in REACH_COLOURS.items()},
    "province": {"symbol": "line", "stroke": "#555555", "width": 2},
    "river": {"symbol": "line", "stroke": WATER, "width": 3},
    "lake": {"symbol": "box", "fill": LAKE, "stroke": WATER, "width": 1},
    "city": {"symbol": "circle", "fill": CITY["fill"], "stroke": CITY["stroke"], "width": 2},
    "city-important": {"symbol": "circle", "fill": "#fffbe6", "stroke": CITY["stroke"], "width": 2.6},
    "city-match": {"symbol": "circle", "fill": "#fff3b0", "stroke": "#000000", "width": 2},
    "city-dim": {"symbol": "circle", "fill": CITY["fill"], "stroke": "#aaaaaa", "width": 2},
    "selection": {"symbol": "ring", "stroke": SELECTION, "fill": "none"},
    **{f"role-{r}": dict(s) for r, s in ROLE_SYMBOLS.items()},
    **{
        f"outline-{r}": {"symbol": "dash", "stroke": s["fill"], "width": 2.5, "dash": "4 3"}
        for r, s in ROLE_SYMBOLS.items()
    },
    **{
        f"count-{i}": {"symbol": "box", "fill": c, "stroke": "#666666", "width": 0.8}
        for i, c in enumerate(COUNT_COLOURS)
    },
    "site-park": {"symbol": "hexagon", "fill": SITE_PARK, "stroke": "#00441b", "width": 1.2, "size": 13},
    "site-zone-national": {
        "symbol": "circle",
        "fill": SITE_ZONE["national"],
        "stroke": "#ffffff",
        "width": 1.2,
        "radius": 4.5,
    },
    "site-zone-provincial": {
        "symbol": "dot",
        "fill": SITE_ZONE["provincial"],
        "stroke": "#ffffff",
        "width": 1,
        "radius": 3.5,
    },
    **{
        f"site-count-{lst}": {"symbol": "circle", "fill": c, "stroke": c, "width": 1, "opacity": 0.3}
        for lst, c in SITE_COUNT_COLOURS.items()
    },
    "facility": {"symbol": "dot", "fill": FACILITY, "stroke": FACILITY, "width": 1},
    "facility-count": {"symbol": "circle", "fill": FACILITY, "stroke": FACILITY, "width": 1, "opacity": 0.35},
}

# Legend groups, in order; each style belongs to the first group whose prefix it starts with.
LEGEND_GROUPS = (
    ("reach-", "legend_reaches"),
    ("province", "legend_borders"),
    ("river", "legend_water"),
    ("lake", "legend_water"),
    ("city", "legend_places"),
    ("selection", "legend_places"),
    ("role-", "legend_roles"),
    ("outline-", "legend_outlines"),
    ("site-", "legend_sites"),
    ("facility", "legend_facilities_group"),
    ("count-", "legend_counts"),
)

BASEMAPS = ("vector", "osm", "light", "amap", "tianditu")
BELT_BOUNDS = [[21.1, 97.3], [35.2, 122.9]]
# Leaflet map options, used by the live map and (through folium) the standalone HTML export.
MAP_OPTIONS = {
    "minZoom": 4,
    "maxZoom": 12,
    "zoomSnap": 0.25,
    "zoomDelta": 0.5,
    # Room south of the belt: on a tall map the view fits the belt above the legend (yreb-map.js, fitView).
    "maxBounds": [[6, 88], [42, 132]],
    "maxBoundsViscosity": 0.8,
    "attributionControl": True,
    "zoomControl": True,
}
PANES = [
    ("basemap", 200),
    ("reaches", 410),
    ("provinces", 420),
    ("prefectures", 430),
    ("water", 440),
    ("outlines", 450),
    ("sites", 600),
    ("facilities", 635),
    ("roles", 640),
    ("selection", 645),
    ("cities", 650),
    ("labels", 660),
]

TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors", None),
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors © CARTO",
        "abcd",
    ),
    "amap": (
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang={lang}&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "© 高德地图 AutoNavi",
        "1234",
    ),
    "tianditu": (
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
        "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        "© 天地图 Tianditu (MNR)",
        "01234567",
    ),
}


def count_colour(n: int) -> str:
    """Choropleth colour of a count."""
    return COUNT_COLOURS[count_bin(n)]


def count_bin(n: int) -> int:
    """Index of the choropleth bin of a count."""
    index = 0
    for i, edge in enumerate(COUNT_BINS):
        if n >= edge:
            index = i
    return index


def count_bin_label(i: int) -> str:
    """``0``, ``1–3``, …, ``16+``."""
    lo = COUNT_BINS[i]
    if i + 1 == len(COUNT_BINS):
        return f"{lo}+"
    hi = COUNT_BINS[i + 1] - 1
    return f"{lo}" if hi == lo else f"{lo}–{hi}"


def legend_group(style: str) -> str:
    """The i18n key of the legend group a style belongs to."""
    return next(group for prefix, group in LEGEND_GROUPS if style.startswith(prefix))


def svg_symbol(style: str, size: int = 18) -> str:
    """A style's symbol as inline SVG markup (fixed markup and colours from this table, no user text)."""
    s = STYLES[style]
    shape = SHAPES[s["symbol"]]
    fill, stroke, width = s.get("fill", "#fff"), s.get("stroke", "#222"), s.get("width", 1.2)
    if shape["kind"] == "polygon":
        points = " ".join(f"{x},{y}" for x, y in shape["points"])
        body = f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    elif shape["kind"] == "cross":
        body = f'<path d="M3 3 L15 15 M15 3 L3 15" stroke="{fill}" stroke-width="3.5" fill="none"/>'
    elif shape["kind"] == "ring":
        body = f'<circle cx="9" cy="9" r="6" fill="none" stroke="{stroke}" stroke-width="3"/>'
    elif shape["kind"] in ("line", "dash"):
        dash = f' stroke-dasharray="{s.get("dash", "4 3")}"' if shape["kind"] == "dash" else ""
        body = f'<line x1="1" y1="9" x2="17" y2="9" stroke="{stroke}" stroke-width="{width}"{dash}/>'
    elif shape["kind"] == "box":
        body = f'<rect x="2" y="3" width="14" height="12" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    else:
        body = f'<circle cx="9" cy="9" r="{shape["r"]}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18">{body}</svg>'


__all__ = [
    "BACKGROUND",
    "BASEMAPS",
    "BELT_BOUNDS",
    "COUNT_BINS",
    "COUNT_COLOURS",
    "LEGEND_GROUPS",
    "MAP_OPTIONS",
    "PANES",
    "REACH_COLOURS",
    "ROLE_OFFSETS",
    "ROLE_PATTERN",
    "ROLE_SYMBOLS",
    "SHAPES",
    "STYLES",
    "TARGET_COLOURS",
    "TILES",
    "count_bin",
    "count_bin_label",
    "count_colour",
    "legend_group",
    "svg_symbol",
]
