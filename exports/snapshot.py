"""Static snapshot of the current view: same filters, extent, layers, colours and symbols as the map.

:func:`render_snapshot` draws with Matplotlib from the project's vector data (Web Mercator, like the
interactive map) and returns the figure plus a :class:`Drawn` record of exactly what it drew, which
the legend, the tests and the brief use. No Streamlit, no browser.

The map is drawn by one painter per layer (exports/painters.py); the frame around it (exports/frame.py)
depends on where the export goes: a slide, a report figure or the full briefing frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pyproj import Transformer

from exports.fonts import register_matplotlib_font
from exports.glyphs import clean_figure
from exports.options import DEFAULT_LAYERS, LAYERS, SIZES, SnapshotOptions
from exports.painters import Paint, data_box, paint_all, print_layers, visible_styles
from geo.basemap import Basemap
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.scene import filter_layers
from present.style import BELT_BOUNDS

_TO_MERC = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
MIN_SPAN = 0.25  # degrees: a smaller requested extent is widened to this around its centre


@dataclass
class Drawn:
    """What a snapshot drew: the data behind its legend and the tests."""

    extent: tuple[float, float, float, float] = (0, 0, 0, 0)
    bbox: tuple[float, float, float, float] | None = None  # the lon/lat box the extent was fitted to
    layers: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # style keys of present.style.STYLES, in drawing order
    cities: list[str] = field(default_factory=list)
    city_styles: dict[str, str] = field(default_factory=dict)
    city_labels: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    symbols: list[tuple] = field(default_factory=list)  # (place id, role, dx pt, dy pt, size pt)
    radius_pt: dict[str, float] = field(default_factory=dict)  # radius of each place's whole symbol
    xy: dict[str, tuple[float, float]] = field(default_factory=dict)  # Mercator position of each place
    labels: list[str] = field(default_factory=list)
    label_boxes: dict[str, object] = field(default_factory=dict)  # display-pixel Bbox of each label
    legend_box: object = None
    measures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    facilities: int = 0
    facilities_aggregated: bool = False
    sites: dict[str, int] = field(default_factory=dict)  # site style → symbols drawn (exports/site_painter.py)

    def note(self, style: str) -> None:
        """Record that a style was drawn."""
        if style not in self.styles:
            self.styles.append(style)


def map_extent(bbox, aspect: float) -> tuple[float, float, float, float]:
    """Mercator extent covering ``bbox`` (lon/lat), widened to the axes' aspect (width / height)."""
    if bbox is None:
        (s, w), (n, e) = BELT_BOUNDS
        bbox = (w, s, e, n)
    x0, y0 = _TO_MERC.transform(bbox[0], bbox[1])
    x1, y1 = _TO_MERC.transform(bbox[2], bbox[3])
    cx, cy, wd, ht = (x0 + x1) / 2, (y0 + y1) / 2, max(abs(x1 - x0), 1.0), max(abs(y1 - y0), 1.0)
    if wd / ht > aspect:
        ht = wd / aspect
    else:
        wd = ht * aspect
    return cx - wd / 2, cx + wd / 2, cy - ht / 2, cy + ht / 2


def fit_bbox(bbox, box) -> tuple[float, float, float, float]:
    """``bbox`` moved inside the basemap's data ``box`` (an extent off the data shows only context), and
    widened to :data:`MIN_SPAN` if smaller."""
    x0, y0, x1, y1 = (min(max(v, lo), hi) for v, lo, hi in zip(bbox, box[:2] * 2, box[2:] * 2, strict=True))
    if x1 - x0 < MIN_SPAN:
        cx = (x0 + x1) / 2
        x0, x1 = cx - MIN_SPAN / 2, cx + MIN_SPAN / 2
    if y1 - y0 < MIN_SPAN:
        cy = (y0 + y1) / 2
        y0, y1 = cy - MIN_SPAN / 2, cy + MIN_SPAN / 2
    return x0, y0, x1, y1


def _inside(lo: float, hi: float, box_lo: float, box_hi: float) -> tuple[float, float]:
    """Shift [lo, hi] into [box_lo, box_hi] when it is narrower than the box (else centre it on the box)."""
    if hi - lo >= box_hi - box_lo:
        shift = (box_lo + box_hi) / 2 - (lo + hi) / 2
    else:
        shift = max(box_lo - lo, 0) + min(box_hi - hi, 0)
    return lo + shift, hi + shift


def apply_extent(ax, drawn: Drawn, box, region=None) -> None:
    """Set the axes' limits to show ``drawn.bbox`` at the axes' own aspect, kept on the basemap where possible.

    ``region`` (x0, y0, x1, y1 in pixels from the axes' lower-left corner) is the part of the axes the bbox must
    fit in, when something (a legend inside the frame) covers the rest: the map still fills the whole frame.
    """
    frame = ax.get_window_extent()
    width, height = frame.width, max(frame.height, 1)
    if region is None:
        x0, x1, y0, y1 = map_extent(drawn.bbox, width / height)
        bx0, by0 = _TO_MERC.transform(box[0], box[1])
        bx1, by1 = _TO_MERC.transform(box[2], box[3])
        x0, x1 = _inside(x0, x1, bx0, bx1)
        y0, y1 = _inside(y0, y1, by0, by1)
    else:
        rx0, ry0, rx1, ry1 = region
        cx0, cx1, cy0, cy1 = map_extent(drawn.bbox, (rx1 - rx0) / max(ry1 - ry0, 1))
        scale = (cx1 - cx0) / (rx1 - rx0)  # metres per pixel
        x0 = (cx0 + cx1) / 2 - (rx0 + rx1) / 2 * scale
        y0 = (cy0 + cy1) / 2 - (ry0 + ry1) / 2 * scale
        x1, y1 = x0 + width * scale, y0 + height * scale
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    drawn.extent = (x0, x1, y0, y1)


def content_scale(bbox, region_w: float, region_h: float) -> float:
    """Pixels per Mercator metre at which ``bbox`` fits a region of that size (bigger: a larger map)."""
    cx0, cx1, _cy0, _cy1 = map_extent(bbox, region_w / max(region_h, 1))
    return region_w / (cx1 - cx0)


def filtered_bbox(data: Dataset, spec: FilterSpec) -> tuple[float, float, float, float] | None:
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


def draw_map(ax, data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions, base: float,
             facilities=None, sites=None) -> Drawn:  # fmt: skip
    """Draw the filtered view into ``ax`` (one painter per layer) and return what was drawn."""
    layers = filter_layers(data, spec, options.lang, "wgs84")
    drawn = Drawn(
        layers=[x for x in LAYERS if x in options.layers], measures=sorted(set(layers["table"]["measure_id"]))
    )
    base_layers, polygons, aprons = print_layers(basemap, data.places)
    box = data_box(basemap, data.places)
    (s, w), (n, e) = BELT_BOUNDS
    drawn.bbox = fit_bbox(options.bbox or filtered_bbox(data, spec) or (w, s, e, n), box)
    ax.set_axis_off()  # the limits always have the axes' own aspect (apply_extent), so the map fills its frame
    apply_extent(ax, drawn, box)
    paint = Paint(ax, data, spec, options, base, base_layers, polygons, aprons, layers, drawn, facilities, sites)
    paint_all(paint)
    drawn.xy = paint.xy
    drawn.styles = visible_styles(ax, drawn.styles)
    return drawn


def render_snapshot(data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions,
                    facilities=None, sites=None) -> tuple[Figure, Drawn]:  # fmt: skip
    """Render the view as a Matplotlib figure (a slide, a report figure, the briefing frame, or the map only).

    Parameters
    ----------
    data : Dataset
        Catalogue joined to places.
    basemap : Basemap
        Context layers.
    spec : FilterSpec
        The filters of the view.
    options : SnapshotOptions
        Size (which also chooses the layout), frame, title, language, extent, layers, date, selection.
    facilities : GeoDataFrame, optional
        Facilities to draw (dots, or per-prefecture circles above 20,000).
    sites : geo.sites.Sites, optional
        The listed sites: the site layers the live map opens with are drawn (filtered by ``spec``) when given
        and ``options.layers`` has ``sites``.

    Returns
    -------
    (matplotlib.figure.Figure, Drawn)
    """
    from exports.frame import frame_map

    register_matplotlib_font()
    width, height, dpi = options.pixels
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)  # a renderer to measure text with (labels, legend); savefig still picks any format
    ax = fig.add_axes((0, 0, 1, 1))
    drawn = frame_map(fig, ax, data, basemap, spec, options, facilities, sites)
    if options.transparent:
        fig.patch.set_alpha(0)
    clean_figure(fig)
    return fig, drawn


__all__ = ["DEFAULT_LAYERS", "LAYERS", "SIZES", "Drawn", "SnapshotOptions", "apply_extent", "content_scale",
           "draw_map", "fit_bbox",
           "map_extent", "render_snapshot"]  # fmt: skip
