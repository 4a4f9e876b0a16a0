"""The frame of a briefing map: title, filters, legend of what is drawn, scale bar, north arrow, sources, date."""

from __future__ import annotations

import datetime as dt
import math

from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle

from exports.symbols import marker
from exports.textwrap_cjk import wrap
from present.i18n import label, t
from present.style import CITY, COUNT_BINS, COUNT_COLOURS, REACH_COLOURS, ROLE_SYMBOLS, WATER
from present.titles import default_title, filter_summary

_NICE = (1, 2, 5)


def nice_length(max_km: float) -> int:
    """The largest 1/2/5 × 10^n kilometres not above ``max_km``."""
    best = 1
    for exp in range(0, 5):
        for n in _NICE:
            if n * 10**exp <= max_km:
                best = n * 10**exp
    return best


def scale_bar(ax, base: float, lang: str) -> int:
    """Draw a scale bar true at the map's centre latitude (Web Mercator stretches by 1/cos φ)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = math.degrees(math.atan(math.sinh(((y0 + y1) / 2) / 6378137.0)))
    metres_per_unit = math.cos(math.radians(lat))
    km = nice_length((x1 - x0) * metres_per_unit / 1000 / 5)
    length = km * 1000 / metres_per_unit
    bx, by = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    h = (y1 - y0) * 0.008
    ax.add_patch(Rectangle((bx, by), length / 2, h, facecolor="#222222", edgecolor="#222222", zorder=20))
    ax.add_patch(Rectangle((bx + length / 2, by), length / 2, h, facecolor="white", edgecolor="#222222", zorder=20))
    ax.text(bx, by + h * 2, "0", fontsize=base * 0.7, zorder=20, ha="center")
    ax.text(bx + length, by + h * 2, t("scale_km", lang, n=km), fontsize=base * 0.7, zorder=20, ha="center")
    return km


def north_arrow(ax, base: float, lang: str) -> None:
    """A north arrow in the top-right corner (Web Mercator: north is up everywhere)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.16
    ax.add_patch(FancyArrow(x, y, 0, (y1 - y0) * 0.07, width=(x1 - x0) * 0.006, head_width=(x1 - x0) * 0.02,
                            head_length=(y1 - y0) * 0.035, color="#222222", zorder=20))  # fmt: skip
    ax.text(x, y1 - (y1 - y0) * 0.045, t("north", lang), ha="center", va="bottom", fontsize=base * 0.9,
            zorder=20)  # fmt: skip


def legend_entries(drawn, lang: str) -> list[tuple[object, str]]:
    """(handle, label) for exactly the layers and roles the snapshot drew."""
    entries = []
    if "reaches" in drawn.layers:
        entries += [(Patch(facecolor=c, alpha=0.45, edgecolor=c), label("reach", r, lang))
                    for r, c in REACH_COLOURS.items()]  # fmt: skip
    if "rivers" in drawn.layers:
        entries.append((Line2D([], [], color=WATER, linewidth=2.5), t("legend_river", lang)))
    if drawn.cities:
        entries.append((Line2D([], [], marker="o", linestyle="none", markerfacecolor=CITY["fill"],
                               markeredgecolor=CITY["stroke"]), t("layer_cities", lang)))  # fmt: skip
    for role in ROLE_SYMBOLS:
        if role in drawn.roles:
            s = ROLE_SYMBOLS[role]
            line = s["symbol"] in ("cross", "ring")
            entries.append((Line2D([], [], marker=marker(s["symbol"]), linestyle="none", markersize=9,
                                   markerfacecolor="none" if line else s["fill"],
                                   markeredgecolor=s["fill"] if line else s["stroke"],
                                   markeredgewidth=2 if line else 0.8), label("role", role, lang)))  # fmt: skip
    if drawn.facilities:
        from present.style import FACILITY as COLOUR

        key = "legend_facilities_agg" if drawn.facilities_aggregated else "legend_facilities"
        entries.append((Line2D([], [], marker="o", linestyle="none", markerfacecolor=COLOUR, markeredgecolor=COLOUR,
                               alpha=0.6), t(key, lang, n=f"{drawn.facilities:,}")))  # fmt: skip
    if "prefectures" in drawn.layers:
        edges = [*COUNT_BINS[1:], None]
        for lo, hi, colour in zip(COUNT_BINS, edges, COUNT_COLOURS, strict=True):
            text = f"{lo}+" if hi is None else (f"{lo}" if hi - lo == 1 else f"{lo}–{hi - 1}")
            entries.append((Patch(facecolor=colour, edgecolor="#666666"), f"{t('legend_counts', lang)}: {text}"))
    return entries


def draw_frame(fig, ax, legend_ax, text_box, data, spec, options, drawn, base: float) -> None:
    """Add the briefing frame around a drawn map."""
    lang = options.lang
    left, bottom, width, height = text_box
    title = options.title or default_title(data, spec, lang)
    fig_w_pt = fig.get_size_inches()[0] * 72
    title_lines = wrap(title, base * 1.6, width * fig_w_pt)[:2]
    fig.text(left, bottom + height * 0.98, "\n".join(title_lines), fontsize=base * 1.6,
             va="top", linespacing=1.15)  # fmt: skip
    summary = filter_summary(data, spec, lang)
    fig.text(left, bottom + height * 0.02, "\n".join(wrap(summary, base * 0.85, width * fig_w_pt)[:2]),
             fontsize=base * 0.85, color="#333333", va="bottom")  # fmt: skip
    for spine in ax.spines.values():
        spine.set_visible(True)
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor="#444444",
                           linewidth=base / 10, zorder=30))  # fmt: skip
    scale_bar(ax, base, lang)
    north_arrow(ax, base, lang)
    legend_ax.set_axis_off()
    entries = legend_entries(drawn, lang)
    if entries:
        handles, labels = zip(*entries, strict=True)
        ncol = 1 if legend_ax.get_position().width < 0.5 else 3
        legend_ax.legend(handles, labels, loc="upper left", frameon=False, fontsize=base * 0.8, ncol=ncol,
                         title=t("legend", lang), title_fontsize=base * 0.9, alignment="left")  # fmt: skip
    date = (options.date or dt.date.today()).isoformat()
    note = t("source_note", lang, version=data.catalogue.version)
    fig.text(0.02, 0.07, "\n".join(wrap(note, base * 0.62, 0.96 * fig_w_pt)), fontsize=base * 0.62, color="#444444",
             va="top")  # fmt: skip
    fig.text(0.98, 0.012, t("made_on", lang, date=date), fontsize=base * 0.62, color="#444444", ha="right",
             va="bottom")  # fmt: skip


__all__ = ["draw_frame", "legend_entries", "nice_length", "scale_bar"]
