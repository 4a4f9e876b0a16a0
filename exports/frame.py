"""The frame around a static map, for where the export goes.

- ``slide``: 16:9 at 1920 × 1080 (13.33 × 7.5 in at 144 dpi, a presentation's own page size, so a point is a
  point), 5 % safe margins, every text at least 14 pt, an optional title slot (only a typed title), the legend
  inside the map frame in its quietest corner, counts and sources in a footer.
- ``report``: a figure for a document, A4 or A5 wide, legend inside the map frame, caption under the map.
- ``briefing``: the full frame: title, filters and counts, a legend column (or strip, in portrait) sized to
  its content, sources and date.

In every layout the map fills its frame, and the scale bar and north arrow sit in the margin, never over data.
All positions here are in figure pixels; every text is cleaned (exports/glyphs.py) before it is drawn.
"""

from __future__ import annotations

import datetime as dt
import math

from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.transforms import Bbox

from exports.glyphs import clean_text
from exports.labels import label_priority, place_labels
from exports.legend import legend_items
from exports.snapshot import apply_extent, draw_map
from exports.textwrap_cjk import wrap
from present.i18n import t
from present.titles import counts_line, default_title, filter_summary

_NICE = (1, 2, 5)
CORNERS = ("lower right", "upper left", "lower left", "upper right")
SAFE_MARGIN = {"slide": 0.05, "report": 0.03, "briefing": 0.03}


def nice_length(max_km: float) -> int:
    """The largest 1/2/5 × 10^n kilometres not above ``max_km``."""
    best = 1
    for exp in range(0, 5):
        for n in _NICE:
            if n * 10**exp <= max_km:
                best = n * 10**exp
    return best


class Sheet:
    """A figure addressed in pixels from its lower-left corner, with text sizes in points."""

    def __init__(self, fig):
        self.fig = fig
        self.dpi = fig.dpi
        self.W, self.H = fig.get_size_inches() * fig.dpi

    def px(self, pt: float) -> float:
        """Points → pixels."""
        return pt * self.dpi / 72

    def pt(self, px: float) -> float:
        """Pixels → points."""
        return px * 72 / self.dpi

    def line(self, size: float, spacing: float = 1.3) -> float:
        """Height of one line of text in pixels."""
        return self.px(size) * spacing

    def text(self, x: float, y: float, text: str, size: float, **kw):
        """Draw cleaned text at (x, y) pixels."""
        return self.fig.text(x / self.W, y / self.H, clean_text(text), fontsize=size, **kw)

    def lines(self, x: float, top: float, lines: list[str], size: float, **kw) -> float:
        """Draw lines downward from ``top``; returns the y below the last one."""
        for line in lines:
            self.text(x, top, line, size, va="top", **kw)
            top -= self.line(size)
        return top

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A figure-fraction rectangle (left, bottom, width, height) from pixel extents."""
        return x0 / self.W, y0 / self.H, (x1 - x0) / self.W, (y1 - y0) / self.H


def type_sizes(layout: str, sheet: Sheet) -> dict[str, float]:
    """Text sizes in points for a layout."""
    if layout == "slide":  # ≥ 14 pt on a 13.33 × 7.5 in page: readable projected
        return {"base": 16, "title": 28, "label": 14, "legend": 14, "small": 14, "sub": 16}
    if layout == "report":
        a5 = sheet.W / sheet.dpi < 7
        return {"base": 8, "title": 9, "label": 7 if a5 else 7.5, "legend": 7 if a5 else 7.5,
                "small": 7.5 if a5 else 8, "sub": 8}  # fmt: skip
    base = min(sheet.W, sheet.H) / sheet.dpi * 1.25
    return {"base": base, "title": base * 1.6, "label": base * 0.8, "legend": base * 0.85, "small": base * 0.8,
            "sub": base * 0.9}  # fmt: skip


def scale_bar(sheet: Sheet, ax, x: float, y: float, max_w: float, size: float, lang: str) -> tuple[int, Bbox]:
    """A scale bar true at the map's centre latitude (Web Mercator stretches by 1/cos φ), drawn in the margin
    with its left end at (x, y) pixels and at most ``max_w`` pixels long. Returns (km, box)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = math.degrees(math.atan(math.sinh(((y0 + y1) / 2) / 6378137.0)))
    km_per_px = (x1 - x0) * math.cos(math.radians(lat)) / 1000 / ax.get_window_extent().width
    km = nice_length(max_w * km_per_px)
    length = km / km_per_px
    h = sheet.px(size) * 0.35
    for i, colour in enumerate(("#222222", "white")):
        sheet.fig.add_artist(Rectangle(((x + i * length / 2) / sheet.W, y / sheet.H), length / 2 / sheet.W, h / sheet.H,
                                       transform=sheet.fig.transFigure, facecolor=colour, edgecolor="#222222",
                                       linewidth=size / 14, gid="scale-bar"))  # fmt: skip
    sheet.text(x, y + h * 1.6, "0", size, ha="center", va="bottom", gid="scale-bar")
    sheet.text(x + length, y + h * 1.6, t("scale_km", lang, n=km), size, ha="center", va="bottom", gid="scale-bar")
    return km, Bbox.from_extents(x - sheet.px(size), y, x + length + sheet.px(size) * 2, y + h * 1.6 + sheet.line(size))


def north_arrow(sheet: Sheet, x: float, y: float, height: float, size: float, lang: str) -> Bbox:
    """A north arrow in the margin, base at (x, y) pixels (Web Mercator: north is up everywhere)."""
    body = height - sheet.line(size)
    sheet.fig.add_artist(FancyArrow(x / sheet.W, y / sheet.H, 0, body * 0.95 / sheet.H, width=body * 0.07 / sheet.W,
                                    head_width=body * 0.3 / sheet.W, head_length=body * 0.4 / sheet.H,
                                    length_includes_head=True, transform=sheet.fig.transFigure, color="#222222",
                                    gid="north-arrow"))  # fmt: skip
    sheet.text(x, y + body, t("north", lang), size, ha="center", va="bottom", gid="north-arrow")
    return Bbox.from_extents(x - body * 0.2, y, x + body * 0.2, y + height)


def _legend(ax, handles, labels, lang: str, size: float, corner: str, ncol: int):
    legend = ax.legend(handles, labels, loc=corner, ncol=ncol, fontsize=size, title=clean_text(t("legend", lang)),
                       title_fontsize=size, alignment="left", frameon=True, framealpha=0.94, edgecolor="#888888",
                       fancybox=False, borderaxespad=0.5, handlelength=1.5, handletextpad=0.5, labelspacing=0.3,
                       columnspacing=1.0, borderpad=0.4)  # fmt: skip
    legend.set_zorder(30)
    legend.set_gid("legend")
    return legend


def _best_layout(ax, drawn, handles, labels, lang: str, size: float):
    """(scale, corner, ncol, region) of the legend layout that leaves the map largest, or None if none fits."""
    from exports.snapshot import content_scale

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    W, H = frame.width, frame.height
    gap = size * ax.figure.dpi / 72
    best = None
    for ncol in (1, 2):
        probe = _legend(ax, handles, labels, lang, size, "upper left", ncol)
        lbox = probe.get_window_extent(renderer)
        probe.remove()
        lw, lh = lbox.width + gap, lbox.height + gap
        if lw > W * 0.6 or lh > H * 0.95:
            continue
        for corner in CORNERS:
            right, lower = "right" in corner, "lower" in corner
            beside = (0, 0, W - lw, H) if right else (lw, 0, W, H)
            above = (0, lh, W, H) if lower else (0, 0, W, H - lh)
            for region in (beside, above):
                scale = content_scale(drawn.bbox, region[2] - region[0], region[3] - region[1])
                if best is None or scale > best[0] * 1.001:
                    best = (scale, corner, ncol, region)
    return best


def legend_inset(ax, drawn, data, box, lang: str, size: float, min_size: float | None = None):
    """The legend inside the map frame. Of every corner and column count, the one that leaves the map largest
    wins: the map's content (``drawn.bbox``) is fitted beside or above the legend, so the legend covers only
    context, while the basemap still fills the whole frame. When no layout fits at ``size``, smaller type is
    tried, down to ``min_size`` (default 80 % of ``size``), before the legend goes over the quietest corner."""
    from exports.snapshot import apply_extent

    if not drawn.styles:
        apply_extent(ax, drawn, box)
        return None
    floor = size * 0.8 if min_size is None else min_size
    tries = [size * shrink for shrink in (1.0, 0.9, 0.8) if size * shrink >= floor - 1e-9]
    for font in tries:
        handles, labels, _ = zip(*legend_items(drawn, lang, font), strict=True)
        best = _best_layout(ax, drawn, handles, labels, lang, font)
        if best is not None:
            size = font
            break
    else:  # nothing fits beside the map: over its quietest corner, at the full size
        handles, labels, _ = zip(*legend_items(drawn, lang, size), strict=True)
        best = (0, "lower right", 2, None)
    _, corner, ncol, region = best
    apply_extent(ax, drawn, box, region)
    legend = _legend(ax, handles, labels, lang, size, corner, ncol)
    drawn.legend_box = legend.get_window_extent(ax.figure.canvas.get_renderer())
    return legend


def _labels(ax, drawn, data, table, options, size: float, obstacles=()) -> None:
    selected = options.selected[1] if options.selected else None
    named = set(table.loc[table["level"].isin(("prefecture", "county", "area")), "place_id"]) & set(
        data.table.loc[data.table["named_level"].isin(("prefecture", "county", "area")), "named_id"]
    )
    wanted = []
    for pid in drawn.cities:
        priority = label_priority(pid, selected, named)
        if priority is not None:
            wanted.append((priority, pid, drawn.city_labels.get(pid, pid)))
    place_labels(ax, drawn, wanted, size, obstacles)


def _border(sheet: Sheet, ax, size: float) -> None:
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor="#444444",
                           linewidth=max(size / 12, 0.6), zorder=40, gid="map-frame"))  # fmt: skip


def frame_map(fig, ax, data, basemap, spec, options, facilities=None, sites=None):
    """Draw the map into ``ax`` and lay out the frame of ``options.layout`` around it; returns the Drawn."""
    from geo.filters import apply_filter

    sheet = Sheet(fig)
    layout = options.layout if options.framed else "map"
    sizes = type_sizes(layout, sheet)
    drawn = draw_map(ax, data, basemap, spec, options, sizes["base"], facilities, sites)
    table = apply_filter(data.table, spec)
    box = _data_box(basemap, data)
    if layout == "map":
        _labels(ax, drawn, data, table, options, sizes["label"])
        return drawn
    layouts = {"slide": _slide, "report": _report, "briefing": _briefing}
    obstacles = layouts[layout](sheet, ax, drawn, data, spec, options, sizes, box)
    _labels(ax, drawn, data, table, options, sizes["label"], obstacles)
    return drawn


def _data_box(basemap, data):
    from exports.painters import data_box

    return data_box(basemap, data.places)


def _footer_text(data, options, drawn) -> str:
    date = (options.date or dt.date.today()).isoformat()
    sites = f" · {t('source_sites_short', options.lang)}" if drawn.sites else ""
    return f"{t('source_short', options.lang, version=data.catalogue.version)}{sites} · {date}"


def source_note(data, drawn, lang: str) -> str:
    """The sources of a framed map: boundaries, water, the catalogue, and the site lists when sites were drawn."""
    note = t("source_note", lang, version=data.catalogue.version)
    return f"{note} {t('source_sites', lang)}" if drawn is not None and drawn.sites else note


def _slide(sheet: Sheet, ax, drawn, data, spec, options, sizes, box) -> list:
    lang = options.lang
    mx, my = sheet.W * SAFE_MARGIN["slide"], sheet.H * SAFE_MARGIN["slide"]
    top = sheet.H - my
    if options.title:
        lines = wrap(options.title, sizes["title"], sheet.pt(sheet.W - 2 * mx))[:2]
        top = sheet.lines(mx, top, lines, sizes["title"], gid="title") - sheet.px(sizes["title"]) * 0.3
    side = sheet.W * 0.22  # scale bar and north arrow, right of the footer
    text_w = sheet.W - 2 * mx - side
    footer = wrap(counts_line(data, spec, lang), sizes["small"], sheet.pt(text_w))[:2]
    footer += wrap(_footer_text(data, options, drawn), sizes["small"], sheet.pt(text_w))[:3]
    footer_h = len(footer) * sheet.line(sizes["small"])
    sheet.lines(mx, my + footer_h, footer, sizes["small"], color="#333333", gid="footer")
    map_bottom = my + footer_h + sheet.px(sizes["small"]) * 0.6
    ax.set_position(sheet.rect(mx, map_bottom, sheet.W - mx, top))
    _border(sheet, ax, sizes["base"])
    legend = legend_inset(ax, drawn, data, box, lang, sizes["legend"], min_size=sizes["legend"])  # ≥ 14 pt
    arrow_h = footer_h * 0.95
    north_arrow(sheet, sheet.W - mx - sheet.px(sizes["small"]), my, arrow_h, sizes["small"], lang)
    scale_bar(sheet, ax, sheet.W - mx - side + sheet.px(sizes["small"]), my + sheet.px(2), side * 0.62, sizes["small"],
              lang)  # fmt: skip
    return [legend.get_window_extent()] if legend else []


def _report(sheet: Sheet, ax, drawn, data, spec, options, sizes, box) -> list:
    lang = options.lang
    m = sheet.W * SAFE_MARGIN["report"]
    side = sheet.W * 0.2
    text_w = sheet.W - 2 * m - side
    title = options.title or default_title(data, spec, lang)
    caption = f"{t('figure', lang)}: {title}. {counts_line(data, spec, lang)}. " if lang != "zh" else \
        f"{t('figure', lang)}：{title}。{counts_line(data, spec, lang)}。"  # fmt: skip
    caption += source_note(data, drawn, lang)
    lines = wrap(caption, sizes["small"], sheet.pt(text_w))[:8]
    lines += [t("made_on", lang, date=(options.date or dt.date.today()).isoformat())]
    caption_h = len(lines) * sheet.line(sizes["small"])
    sheet.lines(m, m + caption_h, lines, sizes["small"], color="#222222", gid="caption")
    map_bottom = m + caption_h + sheet.px(sizes["small"]) * 0.8
    ax.set_position(sheet.rect(m, map_bottom, sheet.W - m, sheet.H - m))
    _border(sheet, ax, sizes["base"])
    legend = legend_inset(ax, drawn, data, box, lang, sizes["legend"])
    arrow_h = min(caption_h, sheet.px(sizes["small"]) * 5)
    north_arrow(sheet, sheet.W - m - sheet.px(sizes["small"]), map_bottom - sheet.px(sizes["small"]) * 0.6 - arrow_h,
                arrow_h, sizes["small"], lang)  # fmt: skip
    scale_bar(sheet, ax, sheet.W - m - side + sheet.px(sizes["small"]) * 1.5, m, side * 0.55, sizes["small"], lang)
    return [legend.get_window_extent()] if legend else []


def _briefing(sheet: Sheet, ax, drawn, data, spec, options, sizes, box) -> list:
    lang = options.lang
    m = min(sheet.W, sheet.H) * SAFE_MARGIN["briefing"]
    top = sheet.H - m
    title = options.title or default_title(data, spec, lang)
    top = sheet.lines(m, top, wrap(title, sizes["title"], sheet.pt(sheet.W - 2 * m))[:2], sizes["title"], gid="title",
                      linespacing=1.1)  # fmt: skip
    top = sheet.lines(m, top - sheet.px(sizes["sub"]) * 0.2, wrap(filter_summary(data, spec, lang), sizes["sub"],
                      sheet.pt(sheet.W - 2 * m))[:2], sizes["sub"], color="#333333", gid="subtitle")  # fmt: skip
    top -= sheet.px(sizes["sub"]) * 0.6
    note = source_note(data, drawn, lang)
    made = t("made_on", lang, date=(options.date or dt.date.today()).isoformat())
    foot = [*wrap(note, sizes["small"], sheet.pt(sheet.W - 2 * m))[:4], made]
    foot_h = len(foot) * sheet.line(sizes["small"])
    sheet.lines(m, m + foot_h, foot, sizes["small"], color="#444444", gid="footer")
    bottom = m + foot_h + sheet.px(sizes["small"]) * 0.8
    items = legend_items(drawn, lang, sizes["legend"])
    handles, labels = [h for h, _, _ in items], [lab for _, lab, _ in items]
    landscape = sheet.W >= sheet.H
    kw = {"fontsize": sizes["legend"], "frameon": False, "title": clean_text(t("legend", lang)),
          "title_fontsize": sizes["sub"], "alignment": "left", "ncol": 1 if landscape else 2, "borderaxespad": 0,
          "borderpad": 0}  # fmt: skip
    probe = sheet.fig.legend(handles, labels, loc="upper left", **kw)
    lbox = probe.get_window_extent(sheet.fig.canvas.get_renderer())
    probe.remove()
    arrow_h = sheet.px(sizes["small"]) * 4.5
    if landscape:  # a column right of the map, as wide as the legend
        col_w = min(max(lbox.width, sheet.W * 0.14), sheet.W * 0.3)
        col_x = sheet.W - m - col_w
        ax.set_position(sheet.rect(m, bottom, col_x - sheet.px(sizes["base"]), top))
        apply_extent(ax, drawn, box)
        legend = sheet.fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(col_x / sheet.W, top / sheet.H),
                                  **kw)  # fmt: skip
        north_arrow(sheet, col_x + sheet.px(sizes["small"]), bottom, arrow_h, sizes["small"], lang)
        scale_bar(sheet, ax, col_x + sheet.px(sizes["small"]) * 3.5, bottom, col_w * 0.6, sizes["small"], lang)
    else:  # a strip under the map, scale bar and north arrow beside it
        strip = max(lbox.height, arrow_h) + sheet.px(sizes["small"])
        ax.set_position(sheet.rect(m, bottom + strip, sheet.W - m, top))
        apply_extent(ax, drawn, box)
        legend = sheet.fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(m / sheet.W, bottom / sheet.H),
                                  **kw)  # fmt: skip
        north_arrow(sheet, sheet.W - m - sheet.px(sizes["small"]), bottom, arrow_h, sizes["small"], lang)
        scale_bar(sheet, ax, sheet.W - m - sheet.W * 0.25, bottom, sheet.W * 0.17, sizes["small"], lang)
    legend.set_gid("legend")
    _border(sheet, ax, sizes["base"])
    drawn.legend_box = legend.get_window_extent(sheet.fig.canvas.get_renderer())
    return []


__all__ = ["SAFE_MARGIN", "Sheet", "frame_map", "legend_inset", "nice_length", "north_arrow", "scale_bar",
           "source_note", "type_sizes"]  # fmt: skip
