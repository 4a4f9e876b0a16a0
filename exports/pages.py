"""A4 pages for the briefs: text set line by line with the real faces and the 禁则 line breaking, and a map
panel (the same painters, legend and labels as every static export) placed on a page.

Positions are in points from the page's lower-left corner. Every line is wrapped to the text column, so
no text runs past the margin (the tests measure each line's box against it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from exports.frame import Sheet, legend_inset, north_arrow, scale_bar
from exports.glyphs import clean_figure, clean_text
from exports.labels import label_priority, place_labels
from exports.painters import data_box
from exports.snapshot import Drawn, draw_map
from exports.textwrap_cjk import wrap
from present.i18n import t

A4 = (8.27, 11.69)
PAGE_W, PAGE_H = A4[0] * 72, A4[1] * 72
MARGIN = 42.0  # points
TEXT_W = PAGE_W - 2 * MARGIN
# Lines are wrapped a little short of the column: screen renderers hint glyphs to whole pixels, which can widen
# a long line of small text by a few points over the sum of the faces' advances.
WRAP_W = TEXT_W * 0.96
STYLES = {  # size pt, colour, space before (pt). The CJK face ships one weight: hierarchy from size and colour.
    "heading": (15, "#000000", 0),
    "facts": (9, "#444444", 2),
    "section": (11.5, "#1a1a1a", 9),
    "title": (10, "#000000", 5),
    "other": (8.5, "#555555", 0),
    "body": (8.5, "#222222", 1),
    "item": (8.5, "#222222", 1),
    "small": (7.5, "#555555", 1),
    "note": (7.5, "#7a4b00", 1),
    "footer": (7, "#555555", 0),
}
LEADING = 1.32


@dataclass
class Column:
    """Lines set from the top of a page downward."""

    top: float
    bottom: float = MARGIN + 24
    y: float = 0.0
    lines: list[tuple[float, float, str, str]] = field(default_factory=list)  # (x, baseline y, style, text)

    def __post_init__(self):
        self.y = self.top

    def height(self, style: str, text: str, indent: float = 0.0, first: bool = True) -> float:
        """Height the paragraph would take."""
        size, _, before = STYLES[style]
        n = len(wrap(text, size, WRAP_W - indent))
        return (before if first else 0) + n * size * LEADING

    def fits(self, height: float) -> bool:
        """Whether ``height`` more points fit above the bottom margin."""
        return self.y - height >= self.bottom

    def add(self, style: str, text: str, indent: float = 0.0) -> None:
        """Set a paragraph (wrapped to the column)."""
        size, _, before = STYLES[style]
        self.y -= before
        for line in wrap(text, size, WRAP_W - indent):
            self.y -= size * LEADING
            self.lines.append((MARGIN + indent, self.y + size * 0.25, style, line))

    def draw(self, fig: Figure) -> None:
        """Put the lines on a page figure."""
        for x, y, style, text in self.lines:
            size, colour, _ = STYLES[style]
            fig.text(x / PAGE_W, y / PAGE_H, clean_text(text), fontsize=size, color=colour, va="baseline",
                     gid=f"text-{style}")  # fmt: skip


def new_page() -> Figure:
    """An empty A4 page with a renderer for measuring."""
    from exports.fonts import register_matplotlib_font

    register_matplotlib_font()
    fig = Figure(figsize=A4, dpi=150)
    FigureCanvasAgg(fig)
    return fig


def number_page(fig: Figure, index: int, total: int, lang: str) -> None:
    """Write 'Page i of n' at the bottom centre."""
    fig.text(0.5, (MARGIN * 0.45) / PAGE_H, t("page_of", lang, i=index, n=total), ha="center", va="bottom",
             fontsize=STYLES["footer"][0], color=STYLES["footer"][1], gid="page-number")  # fmt: skip


def map_panel(fig: Figure, top: float, height: float, data, basemap, spec, options, bbox=None,
              sites=None) -> tuple[Drawn, float]:  # fmt: skip
    """A framed map across the text column, ``height`` points tall from ``top``: legend inside its frame, labels
    without collisions, scale bar and north arrow under it. Returns what was drawn and the y below the panel."""
    from dataclasses import replace

    sheet = Sheet(fig)
    small = 7.0
    below = small * 2.6  # the scale bar and north arrow sit in this band under the map
    map_bottom = top - height + below
    ax = fig.add_axes((MARGIN / PAGE_W, map_bottom / PAGE_H, TEXT_W / PAGE_W, (top - map_bottom) / PAGE_H))
    view = replace(options, bbox=bbox or options.bbox)
    drawn = draw_map(ax, data, basemap, spec, view, 7.5, sites=sites)
    box = data_box(basemap, data.places)
    ax.add_artist(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor="#444444", linewidth=0.6,
                            zorder=40, gid="map-frame"))  # fmt: skip
    legend = legend_inset(ax, drawn, data, box, options.lang, 6.5)
    scale = sheet.px(1)  # pixels per point
    right = (PAGE_W - MARGIN) * scale
    north_arrow(sheet, right - sheet.px(small), (map_bottom - below) * scale, below * scale * 0.92, small, options.lang)
    bar_x, bar_y = right - TEXT_W * 0.3 * scale, (map_bottom - below) * scale + sheet.px(1)
    scale_bar(sheet, ax, bar_x, bar_y, TEXT_W * 0.18 * scale, small, options.lang)
    selected = options.selected[1] if options.selected else None
    table = drawn_table(data, spec)
    named = set(table["place_id"]) & set(data.table["named_id"])
    wanted = [(p, pid, drawn.city_labels.get(pid, pid)) for pid in drawn.cities
              if (p := label_priority(pid, selected, named)) is not None]  # fmt: skip
    place_labels(ax, drawn, wanted, 6.5, [legend.get_window_extent()] if legend else [])
    return drawn, top - height


def drawn_table(data, spec):
    """The view's rows (what the map drew)."""
    from geo.filters import apply_filter

    return apply_filter(data.table, spec)


def finish(fig: Figure) -> Figure:
    """Clean every text of a page (exports/glyphs.py)."""
    clean_figure(fig)
    return fig


__all__ = ["A4", "MARGIN", "PAGE_H", "PAGE_W", "STYLES", "TEXT_W", "Column", "finish", "map_panel", "new_page",
           "number_page"]  # fmt: skip
