"""The legend of a static export: one row per style the painters drew, in the style table's order and groups
(present.web_scene.legend_entries, the live map's legend), each drawn from that table's entry."""

from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from exports.symbols import marker
from present.i18n import t
from present.style import SHAPES, STYLES
from present.web_scene import legend_entries

# Web legend texts that speak of clicking: on paper the layer's own name is used instead.
PRINT_LABELS = {"city": "layer_cities"}


def style_colours(style: str) -> tuple[str, str]:
    """(face, edge) colour a style is drawn with; a ring is its stroke, a cross its fill (as the web draws them)."""
    s = STYLES[style]
    kind = SHAPES[s["symbol"]]["kind"]
    if kind == "ring":
        return "none", s["stroke"]
    if kind == "cross":
        return s["fill"], s["fill"]
    if kind in ("line", "dash"):
        return "none", s["stroke"]
    return s.get("fill", "none"), s.get("stroke", "none")


def style_handle(style: str, size: float):
    """A Matplotlib legend handle drawn from the style table (``size``: marker size in points)."""
    s = STYLES[style]
    kind = SHAPES[s["symbol"]]["kind"]
    face, edge = style_colours(style)
    width = s.get("width", 1) * size / 12
    if kind == "box":
        return Patch(facecolor=face, edgecolor=edge, alpha=s.get("opacity"), linewidth=width)
    if kind in ("line", "dash"):
        dashes = {"linestyle": (0, (4, 3))} if kind == "dash" else {}
        return Line2D([], [], color=edge, linewidth=width, gid=style, **dashes)
    if kind == "cross":
        return Line2D([], [], marker="x", linestyle="none", markersize=size * 0.8, markeredgecolor=edge,
                      markeredgewidth=size / 6)  # fmt: skip
    if kind == "ring":
        return Line2D([], [], marker="o", linestyle="none", markersize=size * 0.9, markerfacecolor="none",
                      markeredgecolor=edge, markeredgewidth=size / 6)  # fmt: skip
    symbol = marker(s["symbol"])
    if kind == "circle" and "opacity" in s:  # as Leaflet draws a circle: the opacity is the fill's, the rim opaque
        return Line2D([], [], marker=symbol, linestyle="none", markersize=size * 0.6,
                      markerfacecolor=to_rgba(face, s["opacity"]), markeredgecolor=edge,
                      markeredgewidth=max(width, 0.5))  # fmt: skip
    return Line2D([], [], marker=symbol, linestyle="none", markersize=size * (0.6 if kind == "circle" else 0.9),
                  markerfacecolor=face, markeredgecolor=edge, markeredgewidth=max(width, 0.5),
                  alpha=s.get("opacity"))  # fmt: skip


def legend_rows(styles, lang: str) -> list[dict]:
    """The live map's legend rows for exactly these styles, with print wording where the web's speaks of clicks."""
    rows = legend_entries(styles, lang)
    for row in rows:
        if row["style"] in PRINT_LABELS:
            row["label"] = t(PRINT_LABELS[row["style"]], lang)
    return rows


def legend_items(drawn, lang: str, size: float) -> list[tuple[object, str, str]]:
    """(handle, label, style) for every drawn style."""
    out = []
    for row in legend_rows(drawn.styles, lang):
        label = row["label"]
        if row["style"] in ("facility", "facility-count"):
            key = "legend_facilities_agg" if drawn.facilities_aggregated else "legend_facilities"
            label = t(key, lang, n=f"{drawn.facilities:,}")
        elif row["style"].startswith("count-"):
            label = f"{t('legend_counts', lang)}: {label}"
        out.append((style_handle(row["style"], size), label, row["style"]))
    return out


__all__ = ["PRINT_LABELS", "legend_items", "legend_rows", "style_colours", "style_handle"]
