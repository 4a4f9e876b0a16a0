"""The listed sites on a static map: the layers the live map opens with (green parks, national zones, factories
counted per city; provincial zones too under a zone-industry filter), from the same placement
(:func:`present.sites_view.spread_sites`, :func:`present.sites_view.count_circles`) and the same style table.

A web-map pixel is :attr:`exports.painters.Paint.lw` points, as for every other symbol. On paper the whole belt
is seen at once, as densely as the live map at its opening zoom, so the park and zone symbols are drawn smaller
than on screen (:data:`SYMBOL_SCALE`, smaller than a city's dot) and spread a little less
(:data:`SPREAD_SCALE`: each still clear of its city's dot). They are drawn above the water and below the
facilities, the city dots, the role symbols and the labels: they never hide a city or its name.
"""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path
from matplotlib.transforms import IdentityTransform
from pyproj import Transformer

from exports.symbols import marker
from present.sites_view import count_circles, count_radius, shown_site_styles, spread_sites
from present.style import SHAPES, STYLES

_TO_MERC = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
# Between the rivers (9) and the facilities (10) of exports.painters.Z, as the live map's "sites" pane is:
# translucent counts lowest, then provincial zones, national zones, and parks on top.
SITE_Z = {"site-count-green_product": 9.1, "site-count-green_supply_chain": 9.15, "site-count-green_factory": 9.2,
          "site-zone-provincial": 9.4, "site-zone-national": 9.5, "site-park": 9.6}  # fmt: skip
SYMBOL_SCALE = 0.55  # of the live map's size: a national zone's dot (9 px there) a little smaller than a city's
SPREAD_SCALE = 0.8  # of the live map's spiral (11 px out, then ~5 px apart) and of its count circles


def _mercator(points) -> np.ndarray:
    x, y = _TO_MERC.transform(shapely.get_x(points), shapely.get_y(points))
    return np.column_stack([x, y])


def _shape(style: str, unit: float) -> Path:
    """The outline of a style's symbol in points around (0, 0), as large as the live map draws it."""
    s = STYLES[style]
    if SHAPES[s["symbol"]]["kind"] == "polygon":  # drawn in a box of ``size`` pixels (its 18-unit box)
        path, scale = marker(s["symbol"]).get_path(), s.get("size", 14) / 2 * unit
    else:  # a circle of ``radius`` pixels
        path, scale = Path.unit_circle(), s.get("radius", 4) * unit
    return Path(path.vertices * scale, path.codes)


def _points(p, style: str, items: list) -> None:
    """One collection of a style: each site's symbol shifted by its spiral offset (pixels, y down) from its
    place, so the offset stays in points whatever the map's scale."""
    s = STYLES[style]
    shape, spread = _shape(style, p.lw * SYMBOL_SCALE), p.lw * SPREAD_SCALE
    paths = [Path(shape.vertices + np.array([dx, -dy]) * spread, shape.codes) for _, dx, dy in items]
    xy = _mercator(np.asarray([point for point, _, _ in items]))
    collection = PathCollection(paths, sizes=[1.0], offsets=xy, offset_transform=p.ax.transData,
                                facecolor=s["fill"], edgecolor=s["stroke"], linewidths=s.get("width", 1) * p.lw,
                                zorder=SITE_Z[style], gid=style)  # fmt: skip
    collection.set_transform(IdentityTransform())  # sizes=[1]: the paths are in points
    p.ax.add_collection(collection, autolim=False)


def _circles(p, style: str, items: list) -> None:
    """Proportional circles of one count list, biggest first (the small ones stay visible on top)."""
    s = STYLES[style]
    xy = _mercator(np.asarray([point for point, _ in items]))
    diameters = np.asarray([2 * count_radius(n) * p.lw * SPREAD_SCALE for _, n in items])
    # As Leaflet draws a circle: the style's opacity is the fill's, the rim is opaque.
    face = to_rgba(s["fill"], s.get("opacity", 1))
    p.ax.scatter(xy[:, 0], xy[:, 1], s=diameters**2, facecolor=face, edgecolor=s["stroke"],
                 linewidths=s.get("width", 1) * p.lw, zorder=SITE_Z[style], gid=style)  # fmt: skip


def paint_sites(p) -> None:
    """Parks and zones at their county, spread as on the live map; factories counted per city (circles)."""
    if p.sites is None or "sites" not in p.options.layers:
        return
    shown = shown_site_styles(bool(p.spec.zone_industries))
    frame = p.sites.filtered(p.spec)
    points: dict[str, list] = {}
    for style, point, dx, dy, _row in spread_sites(p.sites, frame):
        if style in shown:
            points.setdefault(style, []).append((point, dx, dy))
    circles: dict[str, list] = {}
    for style, _pid, n, point in count_circles(p.sites, frame):
        if style in shown:
            circles.setdefault(style, []).append((point, n))
    for style, items in circles.items():
        _circles(p, style, items)
    for style, items in points.items():
        _points(p, style, items)
    for style in (*circles, *points):
        p.drawn.sites[style] = len(points.get(style, circles.get(style, ())))
        p.drawn.note(style)


__all__ = ["SITE_Z", "SPREAD_SCALE", "SYMBOL_SCALE", "paint_sites"]
