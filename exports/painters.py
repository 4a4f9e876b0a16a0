"""The static map, one painter per layer: each draws its layer from the style table (present/style.py STYLES)
and records the style keys it drew, so the legend lists exactly what is on the map (and nothing else).

Every artist a painter adds carries its style key as its ``gid`` (SVG keeps it as the group id), which is how
the tests check the legend against the drawing. The scene (which places, their styles, role outlines, the
choropleth) comes from :func:`present.scene.filter_layers`, the same function the live map draws from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.transforms import offset_copy
from pyproj import Transformer

from exports.site_painter import paint_sites
from exports.symbols import marker
from geo.basemap import Basemap, WebPolygons, generalise_for_web, simplify_layer
from geo.places import POINT_LEVELS
from present.style import LAND, NEIGHBOUR, OCEAN, ROLE_SYMBOLS, SHAPES, STYLES, count_bin

_TO_MERC = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
BACKGROUND = "#eceeef"  # the interactive map's container colour (only without the basemap layer)
PRINT_TOLERANCE = 0.003  # degrees, ~300 m: below a pixel of an A4 map of the belt at 300 dpi
APRON = 45.0  # degrees the basemap's edge colours are carried beyond its data box
APRON_MIN, APRON_GAP = 1.0, 1.0  # degrees: slivers dropped, small gaps between parts of a layer closed
Z = {"background": 0, "ocean": 1, "land": 2, "neighbours": 3, "reaches": 4, "prefectures": 5, "provinces": 6,
     "outlines": 7, "lakes": 8, "rivers": 9, "facilities": 10, "cities": 11, "selection": 12, "roles": 13}  # fmt: skip
# Several roles of one place read as one symbol: the shapes in a small pattern (in symbol sizes, y up), and
# an "applies here" ring drawn around the whole group rather than beside it.
PATTERNS = {
    0: [],
    1: [(0.0, 0.0)],
    2: [(-0.55, 0.0), (0.55, 0.0)],
    3: [(-0.55, 0.45), (0.55, 0.45), (0.0, -0.5)],
    4: [(-0.55, 0.55), (0.55, 0.55), (-0.55, -0.55), (0.55, -0.55)],
}


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
            codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            codes[0] = Path.MOVETO
            if part.geom_type == "Polygon":
                codes[-1] = Path.CLOSEPOLY
            parts.append(Path(xy, codes))
    return Path.make_compound_path(*parts) if parts else Path(np.zeros((1, 2)))


def _edge_strips(layer_geom, box: tuple[float, float, float, float]) -> list:
    """Rectangles carrying ``layer_geom``'s colour outward from every edge of ``box`` (and its corners)."""
    x0, y0, x1, y1 = box
    eps = 1e-6
    edges = {  # edge line just inside the box → how an interval (a, b) along it extends outward
        "w": (((x0 + eps, y0), (x0 + eps, y1)), lambda a, b: shapely.box(x0 - APRON, a, x0, b), 1),
        "e": (((x1 - eps, y0), (x1 - eps, y1)), lambda a, b: shapely.box(x1, a, x1 + APRON, b), 1),
        "s": (((x0, y0 + eps), (x1, y0 + eps)), lambda a, b: shapely.box(a, y0 - APRON, b, y0), 0),
        "n": (((x0, y1 - eps), (x1, y1 - eps)), lambda a, b: shapely.box(a, y1, b, y1 + APRON), 0),
    }
    out = []
    for line, strip, axis in edges.values():
        hit = shapely.intersection(layer_geom, shapely.LineString(line))
        spans = sorted((part.bounds[axis], part.bounds[axis + 2]) for part in getattr(hit, "geoms", [hit])
                       if not part.is_empty and part.geom_type in ("LineString", "LinearRing"))  # fmt: skip
        merged: list[list[float]] = []
        for lo, hi in spans:
            if merged and lo - merged[-1][1] < APRON_GAP:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        out += [strip(lo, hi) for lo, hi in merged if hi - lo >= APRON_MIN]
    for cx, cy, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        if layer_geom.covers(shapely.Point(cx - sx * 2 * eps, cy - sy * 2 * eps)):
            out.append(shapely.box(min(cx, cx + sx * APRON), min(cy, cy + sy * APRON),
                                   max(cx, cx + sx * APRON), max(cy, cy + sy * APRON)))  # fmt: skip
    return out


_PRINT_CACHE: dict[tuple[str, str], tuple[Basemap, WebPolygons, dict]] = {}


def print_layers(basemap: Basemap, places) -> tuple[Basemap, WebPolygons, dict]:
    """Layers generalised for print once per process, plus the basemap's aprons: beyond the data box (96–123.5 E,
    20.5–35.5 N) the colours at its edges continue, so no exportable extent shows an empty slab."""
    key = (basemap.key, places.key)
    if key not in _PRINT_CACHE:
        simple = {name: simplify_layer(getattr(basemap, name), PRINT_TOLERANCE, 1e-5)
                  for name in ("land", "ocean", "neighbours", "rivers", "lakes")}  # fmt: skip
        layers = {name: shapely.union_all(basemap_layer.geometry.values)
                  for name, basemap_layer in simple.items() if name in ("ocean", "land", "neighbours")}  # fmt: skip
        x0, y0, x1, y1 = zip(simple["ocean"].total_bounds, simple["land"].total_bounds, strict=True)
        box = (min(x0), min(y0), max(x1), max(y1))
        aprons = {name: _edge_strips(geom, box) for name, geom in layers.items()}
        _PRINT_CACHE.clear()  # one data set per process in practice; never grow without bound
        _PRINT_CACHE[key] = (Basemap(**simple), generalise_for_web(places, PRINT_TOLERANCE, 1e-5), aprons)
    return _PRINT_CACHE[key]


def data_box(basemap: Basemap, places) -> tuple[float, float, float, float]:
    """The lon/lat box the basemap layers cover (exports keep their extent inside it where they can)."""
    base, _, _ = print_layers(basemap, places)
    x0, y0, x1, y1 = zip(base.ocean.total_bounds, base.land.total_bounds, strict=True)
    return min(x0), min(y0), max(x1), max(y1)


@dataclass
class Paint:
    """What every painter needs: the axes, the scene, sizes, and the record of what was drawn."""

    ax: object
    data: object
    spec: object
    options: object
    base: float  # type size unit (points)
    basemap: Basemap
    polygons: WebPolygons
    aprons: dict
    layers: dict  # present.scene.filter_layers
    drawn: object  # exports.snapshot.Drawn
    facilities: object = None
    sites: object = None  # geo.sites.Sites
    xy: dict = field(default_factory=dict)  # place id → Mercator (x, y)

    @property
    def lw(self) -> float:
        """One web-map pixel of line width, in points."""
        return self.base / 12

    def add(self, style: str, geoms, layer: str, **kw) -> None:
        """Add a collection of (lon/lat) geometries drawn in ``style``."""
        paths = [_path(g) for g in to_mercator(np.asarray(geoms)) if g is not None and not g.is_empty]
        if not paths:
            return
        collection = PathCollection(paths, gid=style, zorder=Z[layer], **kw)
        collection.yreb_polygons = True  # paths in data coordinates (not markers at offsets)
        self.ax.add_collection(collection)
        self.drawn.note(style)


def _style_kw(style: str, lw: float, fill: bool = True) -> dict:
    s = STYLES[style]
    kw = {"edgecolor": s.get("stroke", "none"), "linewidth": s.get("width", 1) * lw}
    kw["facecolor"] = s.get("fill", "none") if fill else "none"
    if "opacity" in s:
        kw["alpha"] = s["opacity"]
    return kw


def paint_background(p: Paint) -> None:
    """The axes' own patch is hidden with the axis, so the background is a rectangle of its own: the
    neighbour colour with the basemap (what lies beyond the data is context, not a grey slab)."""
    colour = NEIGHBOUR if "basemap" in p.options.layers else BACKGROUND
    p.ax.add_patch(Rectangle((0, 0), 1, 1, transform=p.ax.transAxes, facecolor=colour, edgecolor="none",
                             zorder=Z["background"], gid="background"))  # fmt: skip


def paint_basemap(p: Paint) -> None:
    """Ocean, land and the neighbouring provinces, each continued beyond the data box by its apron."""
    if "basemap" not in p.options.layers:
        return
    for name, colour in (("ocean", OCEAN), ("land", LAND), ("neighbours", NEIGHBOUR)):
        geoms = getattr(p.basemap, name).geometry.values
        edge = {"edgecolor": "#bdbab2", "linewidth": p.lw * 0.8} if name == "neighbours" else {"edgecolor": "none"}
        paths = [_path(g) for g in to_mercator(np.asarray([*geoms, *p.aprons[name]]))]
        faces = PathCollection(paths, facecolor=colour, edgecolor="none", zorder=Z[name], gid=f"basemap-{name}")
        p.ax.add_collection(faces)
        if name == "neighbours":  # borders of the real polygons only, not of the aprons' rectangles
            p.ax.add_collection(PathCollection(paths[: len(geoms)], facecolor="none", zorder=Z[name],
                                               gid="basemap-neighbour-borders", **edge))  # fmt: skip


def paint_reaches(p: Paint) -> None:
    if "reaches" not in p.options.layers:
        return
    reaches = p.polygons.reaches
    for rid, geom in zip(reaches["id"], reaches.geometry.values, strict=True):
        p.add(f"reach-{rid}", [geom], "reaches", **_style_kw(f"reach-{rid}", p.lw * 1.2))


def paint_prefectures(p: Paint) -> None:
    """The choropleth of measures that apply (the counts the live map colours with)."""
    if "prefectures" not in p.options.layers:
        return
    counts = p.layers["choropleth"]["counts"]
    p.drawn.counts = dict(counts)
    pref = p.polygons.prefectures
    bins: dict[str, list] = {}
    for pid, geom in zip(pref["id"], pref.geometry.values, strict=True):
        bins.setdefault(f"count-{count_bin(counts.get(pid, 0))}", []).append(geom)
    for style in sorted(bins):
        p.add(style, bins[style], "prefectures", **_style_kw(style, p.lw))


def paint_provinces(p: Paint) -> None:
    if "provinces" in p.options.layers:
        p.add("province", p.polygons.provinces.geometry.values, "provinces", **_style_kw("province", p.lw * 0.7,
                                                                                          fill=False))  # fmt: skip


def paint_outlines(p: Paint) -> None:
    """Dashed outlines of the provinces and reaches a measure names for a role."""
    if "roles" not in p.options.layers:
        return
    by_style: dict[str, list] = {}
    for feature in p.layers["outlines"]["features"]:
        by_style.setdefault(feature["properties"]["style"], []).append(shapely.geometry.shape(feature["geometry"]))
    for style, geoms in by_style.items():
        kw = _style_kw(style, p.lw, fill=False)
        p.add(style, geoms, "outlines", linestyle=(0, (4, 3)), alpha=0.8, **kw)


def paint_water(p: Paint) -> None:
    if "lakes" in p.options.layers:
        p.add("lake", p.basemap.lakes.geometry.values, "lakes", **_style_kw("lake", p.lw * 0.5))
    if "rivers" in p.options.layers:
        rivers = p.basemap.rivers
        widths = [STYLES["river"]["width"] * p.lw * (1 if main else 0.45) for main in rivers["main"]]
        p.add("river", rivers.geometry.values, "rivers", facecolor="none", edgecolor=STYLES["river"]["stroke"],
              linewidth=widths)  # fmt: skip


def paint_facilities(p: Paint) -> None:
    """Facilities as dots (up to the map's points limit) or as per-prefecture circles sized by count."""
    facilities = p.facilities
    if facilities is None or not len(facilities):
        return
    from geo.facilities import counts_by_prefecture
    from present.facilities_view import POINTS_LIMIT

    p.drawn.facilities = len(facilities)
    if len(facilities) <= POINTS_LIMIT:
        pts = to_mercator(facilities.geometry.values)
        s = STYLES["facility"]
        p.ax.scatter(shapely.get_x(pts), shapely.get_y(pts), s=(p.base * 0.25) ** 2, color=s["fill"], alpha=0.7,
                     linewidths=0, zorder=Z["facilities"], rasterized=len(facilities) > 2000,
                     gid="facility")  # fmt: skip
        p.drawn.note("facility")
        return
    p.drawn.facilities_aggregated = True
    counts = counts_by_prefecture(facilities)
    pts = to_mercator(np.asarray([p.data.places.cities.geometry[pid] for pid in counts.index]))
    sizes = (p.base * 0.35 + np.sqrt(counts.to_numpy()) * p.base * 0.06) ** 2
    s = STYLES["facility-count"]
    p.ax.scatter(shapely.get_x(pts), shapely.get_y(pts), s=sizes, facecolor=to_rgba(s["fill"], s["opacity"]),
                 edgecolor=s["stroke"], linewidths=p.lw, zorder=Z["facilities"], gid="facility-count")  # fmt: skip
    p.drawn.note("facility-count")


def city_size(p: Paint, important: bool) -> float:
    """Diameter of a city dot in points."""
    return p.base * (0.62 if important else 0.48)


def paint_cities(p: Paint) -> None:
    """Every place the view draws, in the style the live map gives it (important, matching, dimmed)."""
    features = p.layers["cities"]["features"]
    points = to_mercator(np.asarray([p.data.places.cities.geometry[f["properties"]["id"]] for f in features]))
    p.xy.update({f["properties"]["id"]: (pt.x, pt.y) for f, pt in zip(features, points, strict=True)})
    p.drawn.cities = [f["properties"]["id"] for f in features]
    p.drawn.city_styles = {f["properties"]["id"]: f["properties"]["style"] for f in features}
    p.drawn.city_labels = {f["properties"]["id"]: f["properties"]["name"] for f in features}
    if "cities" not in p.options.layers or not features:
        return
    by_style: dict[str, list] = {}
    for f in features:
        by_style.setdefault(f["properties"]["style"], []).append(p.xy[f["properties"]["id"]])
    for style in sorted(by_style, key=list(STYLES).index):
        s, pts = STYLES[style], np.asarray(by_style[style])
        size = city_size(p, style == "city-important")
        p.ax.scatter(pts[:, 0], pts[:, 1], s=size**2, facecolor=s["fill"], edgecolor=s["stroke"],
                     linewidths=s["width"] * p.lw * 0.9, zorder=Z["cities"], gid=style)  # fmt: skip
        p.drawn.note(style)
    for pid in p.xy:
        important = p.drawn.city_styles.get(pid) == "city-important"
        p.drawn.radius_pt.setdefault(pid, city_size(p, important) / 2)


def _is_ring(role: str) -> bool:
    return SHAPES[ROLE_SYMBOLS[role]["symbol"]]["kind"] == "ring"


def _symbol_kw(role: str, lw: float) -> dict:
    s = ROLE_SYMBOLS[role]
    kind = SHAPES[s["symbol"]]["kind"]
    if kind == "cross":  # an unfilled marker: its colour is the face colour
        return {"c": s["fill"], "linewidths": lw * 2.2}
    if kind == "ring":
        return {"facecolor": "none", "edgecolors": s["stroke"], "linewidths": lw * 2.2}
    return {"facecolor": s["fill"], "edgecolors": s["stroke"], "linewidths": lw}


def compose(roles: list[str], unit: float) -> tuple[list[tuple[str, float, float, float]], float]:
    """One place's role symbols as one: (role, dx, dy, size) in points, and the radius of the whole group."""
    order = {r: i for i, r in enumerate(ROLE_SYMBOLS)}
    roles = sorted(set(roles), key=order.get)
    rings = [r for r in roles if _is_ring(r)]
    shapes = [r for r in roles if r not in rings]
    size = unit if len(shapes) <= 1 else unit * 0.8
    if len(shapes) <= 4:
        pattern = PATTERNS[len(shapes)]
    else:
        step = 2 * np.pi / len(shapes)
        pattern = [(0.9 * np.sin(i * step), 0.9 * np.cos(i * step)) for i in range(len(shapes))]
    out = [(r, dx * size, dy * size, size) for r, (dx, dy) in zip(shapes, pattern, strict=True)]
    radius = max((np.hypot(dx, dy) + s / 2 for _, dx, dy, s in out), default=unit * 0.35)
    for r in rings:  # a ring goes around everything else
        radius += unit * 0.18
        out.append((r, 0.0, 0.0, 2 * radius))
    return out, radius


def paint_roles(p: Paint) -> None:
    """Role symbols on their places: several roles of a place composed into one symbol (see :func:`compose`)."""
    if "roles" not in p.options.layers:
        return
    table = p.layers["table"]
    rows = table[table["level"].isin(POINT_LEVELS) & table["place_id"].isin(p.xy)]
    by_place: dict[str, list[str]] = {}
    for pid, role in zip(rows["place_id"], rows["role"], strict=True):
        by_place.setdefault(pid, []).append(role)
    groups: dict[tuple[str, float, float, float], list[str]] = {}
    for pid, roles in by_place.items():
        parts, radius = compose(roles, p.base * 0.85)
        p.drawn.radius_pt[pid] = max(radius, p.drawn.radius_pt.get(pid, 0))
        for role, dx, dy, size in parts:
            groups.setdefault((role, round(dx, 2), round(dy, 2), round(size, 2)), []).append(pid)
            p.drawn.roles.setdefault(role, [])
            p.drawn.symbols.append((pid, role, dx, dy, size))
    for role in p.drawn.roles:
        p.drawn.roles[role] = sorted({pid for pid, r, *_ in p.drawn.symbols if r == role})
    for (role, dx, dy, size), ids in sorted(groups.items()):
        shift = offset_copy(p.ax.transData, fig=p.ax.figure, x=dx, y=dy, units="points")
        pts = np.asarray([p.xy[i] for i in ids])
        p.ax.scatter(pts[:, 0], pts[:, 1], marker=marker(ROLE_SYMBOLS[role]["symbol"]), s=size**2, transform=shift,
                     zorder=Z["roles"] - (0.05 if _is_ring(role) else 0), gid=f"role-{role}",
                     **_symbol_kw(role, p.lw))  # fmt: skip
        p.drawn.note(f"role-{role}")


def paint_selection(p: Paint) -> None:
    """The selected place: a ring around its whole symbol (drawn beneath it, so the symbol stays visible), or
    the outline of a selected province or reach."""
    selected = p.options.selected
    if not selected:
        return
    level, pid = selected
    if level in POINT_LEVELS and pid in p.xy:
        radius = p.drawn.radius_pt.get(pid, p.base * 0.3) + p.base * 0.35
        x, y = p.xy[pid]
        p.ax.scatter([x], [y], s=(2 * radius) ** 2, facecolor="none", edgecolors="white", linewidths=p.lw * 6,
                     zorder=Z["selection"], gid="selection-halo")  # fmt: skip
        p.ax.scatter([x], [y], s=(2 * radius) ** 2, facecolor="none", edgecolors=STYLES["selection"]["stroke"],
                     linewidths=p.lw * 3, zorder=Z["selection"] + 0.1, gid="selection")  # fmt: skip
        p.drawn.radius_pt[pid] = radius + p.lw * 3
        p.drawn.note("selection")
    elif level in ("province", "reach"):
        layer = p.polygons.provinces if level == "province" else p.polygons.reaches
        hit = layer[layer["id"] == pid]
        if len(hit):
            p.add("selection", hit.geometry.values, "selection", facecolor="none",
                  edgecolor=STYLES["selection"]["stroke"], linewidth=p.lw * 3)  # fmt: skip


PAINTERS = (paint_background, paint_basemap, paint_reaches, paint_prefectures, paint_provinces, paint_outlines,
            paint_water, paint_sites, paint_facilities, paint_cities, paint_roles, paint_selection)  # fmt: skip


def paint_all(p: Paint) -> None:
    """Run every painter, bottom layer first."""
    for painter in PAINTERS:
        painter(p)


def visible_styles(ax, styles) -> list[str]:
    """The styles of ``styles`` with something inside the axes' current limits (a reach off the view is drawn but
    not seen: its legend entry would be one for nothing)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    seen = set()
    for artist in ax.collections:
        style = artist.get_gid()
        if style not in styles or style in seen:
            continue
        if getattr(artist, "yreb_polygons", False):
            boxes = [path.get_extents() for path in artist.get_paths()]
            hit = any(b.x0 <= x1 and b.x1 >= x0 and b.y0 <= y1 and b.y1 >= y0 for b in boxes)
        else:
            pts = np.asarray(artist.get_offsets())
            hit = bool(((pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)).any())
        if hit:
            seen.add(style)
    return [s for s in styles if s in seen]


__all__ = ["PAINTERS", "Paint", "compose", "data_box", "paint_all", "print_layers", "to_mercator", "visible_styles"]
