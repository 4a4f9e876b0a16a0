"""Static snapshot of the current view: same filters, extent, layers, colours and symbols as the map.

:func:`render_snapshot` draws with Matplotlib from the project's vector data (Web Mercator, like the
interactive map) and returns the figure plus a :class:`Drawn` record of exactly what it drew, which
the legend, the tests and the brief use. No Streamlit, no browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.transforms import offset_copy
from pyproj import Transformer

from exports.fonts import register_matplotlib_font
from exports.options import DEFAULT_LAYERS, LAYERS, SIZES, SnapshotOptions
from exports.symbols import marker
from geo.basemap import Basemap, WebPolygons, generalise_for_web, simplify_layer
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from geo.join import measure_counts
from geo.places import POINT_LEVELS
from present.i18n import name_of
from present.scene import visible_places
from present.style import (
    BELT_BOUNDS,
    CITY,
    LAND,
    NEIGHBOUR,
    OCEAN,
    REACH_COLOURS,
    ROLE_OFFSETS,
    ROLE_SYMBOLS,
    SELECTION,
    WATER,
    count_colour,
)

BACKGROUND = "#eceeef"  # the interactive map's container colour
_TO_MERC = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


@dataclass
class Drawn:
    """What a snapshot drew: the data behind its legend and the tests."""

    extent: tuple[float, float, float, float] = (0, 0, 0, 0)
    layers: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    facilities: int = 0
    facilities_aggregated: bool = False


def to_mercator(geoms):
    """Shapely geometries (lon/lat) → Web Mercator metres."""

    def tr(coords: np.ndarray) -> np.ndarray:
        x, y = _TO_MERC.transform(coords[:, 0], np.clip(coords[:, 1], -85, 85))
        return np.column_stack([x, y])

    return shapely.transform(geoms, tr)


def _path(geom) -> Path:
    """A compound Matplotlib path of a (multi)polygon or (multi)line, holes included."""
    parts = []
    for part in getattr(geom, "geoms", [geom]):
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 2:
                continue
            closed = part.geom_type == "Polygon"
            codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            codes[0] = Path.MOVETO
            if closed:
                codes[-1] = Path.CLOSEPOLY
            parts.append(Path(xy, codes))
    return Path.make_compound_path(*parts) if parts else Path(np.zeros((1, 2)))


def _collection(ax, geoms, **style) -> None:
    paths = [_path(g) for g in to_mercator(np.asarray(geoms)) if g is not None and not g.is_empty]
    if paths:
        ax.add_collection(PathCollection(paths, **style))


def map_extent(bbox, aspect: float) -> tuple[float, float, float, float]:
    """Mercator extent covering ``bbox`` (lon/lat), widened to the axes' aspect (width / height)."""
    if bbox is None:
        (s, w), (n, e) = BELT_BOUNDS
        bbox = (w, s, e, n)
    x0, y0 = _TO_MERC.transform(bbox[0], bbox[1])
    x1, y1 = _TO_MERC.transform(bbox[2], bbox[3])
    cx, cy, wd, ht = (x0 + x1) / 2, (y0 + y1) / 2, abs(x1 - x0), abs(y1 - y0)
    if wd / ht > aspect:
        ht = wd / aspect
    else:
        wd = ht * aspect
    return cx - wd / 2, cx + wd / 2, cy - ht / 2, cy + ht / 2


PRINT_TOLERANCE = 0.003  # degrees, ~300 m: below a pixel of an A4 map of the belt at 300 dpi
_PRINT_CACHE: dict[tuple[str, str], tuple[Basemap, WebPolygons]] = {}


def print_layers(basemap: Basemap, places) -> tuple[Basemap, WebPolygons]:
    """Layers generalised for print once per process: fewer vertices, same look, shared borders kept."""
    key = (basemap.key, places.key)
    if key not in _PRINT_CACHE:
        simple = {name: simplify_layer(getattr(basemap, name), PRINT_TOLERANCE, 1e-5)
                  for name in ("land", "ocean", "neighbours", "rivers", "lakes")}  # fmt: skip
        _PRINT_CACHE.clear()  # one data set per process in practice; never grow without bound
        _PRINT_CACHE[key] = (Basemap(**simple), generalise_for_web(places, PRINT_TOLERANCE, 1e-5))
    return _PRINT_CACHE[key]


def _filtered_bbox(data: Dataset, spec: FilterSpec) -> tuple[float, float, float, float] | None:
    """Without an explicit extent, a reach or province filter frames its own area (with a margin)."""
    if not (spec.reaches or spec.provinces):
        return None
    prov = data.places.provinces
    keep = prov[(prov["reach"].isin(spec.reaches) if spec.reaches else True)
                & (prov["id"].isin(spec.provinces) if spec.provinces else True)]  # fmt: skip
    if keep.empty:
        return None
    x0, y0, x1, y1 = keep.total_bounds
    pad = max(x1 - x0, y1 - y0) * 0.04
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def draw_facilities(ax, facilities, places, base: float, drawn: Drawn) -> None:
    """Facilities as dots (up to 20,000, as on the map) or as per-prefecture circles sized by count."""
    from geo.facilities import counts_by_prefecture
    from present.facilities_view import POINTS_LIMIT
    from present.style import FACILITY as COLOUR

    drawn.facilities = len(facilities)
    if len(facilities) <= POINTS_LIMIT:
        pts = to_mercator(facilities.geometry.values)
        ax.scatter(shapely.get_x(pts), shapely.get_y(pts), s=(base * 0.25) ** 2, color=COLOUR, alpha=0.7,
                   linewidths=0, zorder=10, rasterized=len(facilities) > 2000)  # fmt: skip
        return
    drawn.facilities_aggregated = True
    counts = counts_by_prefecture(facilities)
    pts = to_mercator(np.asarray([places.cities.geometry[pid] for pid in counts.index]))
    sizes = (base * 0.35 + np.sqrt(counts.to_numpy()) * base * 0.06) ** 2
    ax.scatter(shapely.get_x(pts), shapely.get_y(pts), s=sizes, color=COLOUR, alpha=0.35, edgecolor=COLOUR,
               linewidths=base / 12, zorder=10)  # fmt: skip


def draw_map(ax, data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions, base: float,
             facilities=None) -> Drawn:  # fmt: skip
    """Draw the filtered view into ``ax`` and return what was drawn (``facilities``: a GeoDataFrame)."""
    lang, layers = options.lang, options.layers
    table = apply_filter(data.table, spec)
    places = data.places
    drawn = Drawn(layers=[x for x in LAYERS if x in layers], measures=sorted(set(table["measure_id"])))
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    extent = map_extent(options.bbox or _filtered_bbox(data, spec), (bbox.width * fig_w) / (bbox.height * fig_h))
    drawn.extent = extent
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    lw = base / 8
    basemap, polygons = print_layers(basemap, places)
    # The axes patch is hidden with the axis, so the background is a rectangle of its own.
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=BACKGROUND, edgecolor="none", zorder=0))
    if "basemap" in layers:
        _collection(ax, basemap.ocean.geometry.values, facecolor=OCEAN, edgecolor="none", zorder=1)
        _collection(ax, basemap.land.geometry.values, facecolor=LAND, edgecolor="none", zorder=2)
        _collection(ax, basemap.neighbours.geometry.values, facecolor=NEIGHBOUR, edgecolor="#bdbab2", linewidth=lw,
                    zorder=3)  # fmt: skip
    if "reaches" in layers:
        reaches = polygons.reaches
        colours = [REACH_COLOURS[r] for r in reaches["id"]]
        _collection(ax, reaches.geometry.values, facecolor=colours, alpha=0.3, edgecolor=colours, linewidth=lw * 1.5,
                    zorder=4)  # fmt: skip
    if "prefectures" in layers:
        counts = measure_counts(table, places)
        drawn.counts = {k: int(v) for k, v in counts.items()}
        pref = polygons.prefectures
        fills = [count_colour(drawn.counts.get(pid, 0)) for pid in pref["id"]]
        _collection(ax, pref.geometry.values, facecolor=fills, alpha=0.8, edgecolor="#666666", linewidth=lw * 0.6,
                    zorder=5)  # fmt: skip
    if "provinces" in layers:
        _collection(ax, polygons.provinces.geometry.values, facecolor="none", edgecolor="#555555", linewidth=lw * 1.3,
                    zorder=6)  # fmt: skip
    outline_rows = table[table["level"].isin(("province", "reach"))].drop_duplicates(["level", "place_id", "role"])
    if "roles" in layers and len(outline_rows):
        edges = [ROLE_SYMBOLS[r]["fill"] for r in outline_rows["role"]]
        _collection(ax, outline_rows.geometry.values, facecolor="none", linestyle=(0, (6, 4)), linewidth=lw * 2,
                    edgecolor=edges, alpha=0.75, zorder=7)  # fmt: skip
    if "lakes" in layers:
        _collection(ax, basemap.lakes.geometry.values, facecolor="#9cc6e4", edgecolor=WATER, linewidth=lw * 0.5,
                    zorder=8)  # fmt: skip
    if "rivers" in layers:
        rivers = basemap.rivers
        _collection(ax, rivers.geometry.values, facecolor="none", edgecolor=WATER,
                    linewidth=[lw * (3 if m else 1.4) for m in rivers["main"]], zorder=9)  # fmt: skip
    if facilities is not None and len(facilities):
        draw_facilities(ax, facilities, places, base, drawn)
    cities = visible_places(data, spec)
    pts = to_mercator(np.asarray([places.cities.geometry[p.id] for p in cities]))
    xy = {p.id: (pt.x, pt.y) for p, pt in zip(cities, pts, strict=True)}
    if "cities" in layers and cities:
        drawn.cities = [p.id for p in cities]
        ax.scatter([xy[p.id][0] for p in cities], [xy[p.id][1] for p in cities], s=(base * 0.55) ** 2,
                   facecolor=CITY["fill"], edgecolor=CITY["stroke"], linewidths=lw * 1.6, zorder=12)  # fmt: skip
    if "roles" in layers:
        rows = table[table["level"].isin(POINT_LEVELS) & table["place_id"].isin(xy)]
        for role, group in rows.groupby("role", sort=True):
            ids = sorted(set(group["place_id"]))
            drawn.roles[role] = ids
            dx, dy = ROLE_OFFSETS[role]
            shift = offset_copy(ax.transData, fig=ax.figure, x=dx * base / 12, y=-dy * base / 12, units="points")
            s = ROLE_SYMBOLS[role]
            if s["symbol"] == "cross":  # an unfilled marker: its colour is the face colour
                colours = {"c": s["fill"]}
            elif s["symbol"] == "ring":
                colours = {"facecolor": "none", "edgecolor": s["fill"]}
            else:
                colours = {"facecolor": s["fill"], "edgecolor": s["stroke"]}
            ax.scatter([xy[i][0] for i in ids], [xy[i][1] for i in ids], marker=marker(s["symbol"]),
                       s=(base * 1.05) ** 2, linewidths=lw * (2.5 if s["symbol"] in ("cross", "ring") else 1),
                       transform=shift, zorder=11, **colours)  # fmt: skip
        named = rows[rows["named_level"].isin(POINT_LEVELS)].drop_duplicates("place_id")
        for pid in named["place_id"]:
            place = places.find(pid)
            ax.annotate(name_of(place, lang), xy[pid], xytext=(base * 0.9, base * 0.9), textcoords="offset points",
                        fontsize=base * 0.8, zorder=13, color="#222222",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})  # fmt: skip
            drawn.labels.append(pid)
    if options.selected and options.selected[1] in xy:
        x, y = xy[options.selected[1]]
        ax.scatter([x], [y], s=(base * 1.8) ** 2, facecolor="none", edgecolor=SELECTION, linewidths=lw * 3, zorder=14)
    return drawn


def render_snapshot(data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions,
                    facilities=None) -> tuple[Figure, Drawn]:  # fmt: skip
    """Render the view as a Matplotlib figure (framed for briefings, or the map only).

    Parameters
    ----------
    data : Dataset
        Catalogue joined to places.
    basemap : Basemap
        Context layers.
    spec : FilterSpec
        The filters of the view.
    options : SnapshotOptions
        Size, frame, title, language, extent, layers, date, selection.
    facilities : GeoDataFrame, optional
        Facilities to draw (dots, or per-prefecture circles above 20,000).

    Returns
    -------
    (matplotlib.figure.Figure, Drawn)
    """
    from exports.frame import draw_frame

    register_matplotlib_font()
    width, height, dpi = options.pixels
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    base = min(width, height) / dpi * 1.25  # a type size that scales with the page (points)
    if options.framed:
        ax, legend_ax, text_box = _frame_axes(fig, width >= height)
    else:
        ax, legend_ax, text_box = fig.add_axes((0, 0, 1, 1)), None, None
    drawn = draw_map(ax, data, basemap, spec, options, base, facilities)
    if options.framed:
        draw_frame(fig, ax, legend_ax, text_box, data, spec, options, drawn, base)
    if options.transparent:
        fig.patch.set_alpha(0)
    return fig, drawn


def _frame_axes(fig: Figure, landscape: bool):
    if landscape:
        return fig.add_axes((0.02, 0.1, 0.72, 0.76)), fig.add_axes((0.76, 0.1, 0.22, 0.76)), (0.02, 0.88, 0.96, 0.12)
    return fig.add_axes((0.04, 0.3, 0.92, 0.57)), fig.add_axes((0.04, 0.07, 0.92, 0.22)), (0.04, 0.88, 0.92, 0.12)


__all__ = ["DEFAULT_LAYERS", "LAYERS", "SIZES", "Drawn", "SnapshotOptions", "map_extent", "render_snapshot"]
