"""The listed sites in the A4 briefs: "Listed here" in the city brief (counts by list, the parks and zones by name,
cut with "and N more" to one line each), and in the belt brief the 2020 targets against the green lists
(the numbers of present/targets.py, a small chart as the app draws it, and the counting rules).

Everything here returns (style, text) paragraphs for :class:`exports.pages.Column`, or draws into a page at a
given height, so the briefs can reserve the room first and stay on their pages.
"""

from __future__ import annotations

from exports.glyphs import clean_text
from exports.pages import MARGIN, PAGE_H, PAGE_W, STYLES, TEXT_W, WRAP_W
from exports.textwrap_cjk import wrap
from geo.sites import LISTS
from present.i18n import label, name_of, t
from present.sites_view import place_sites
from present.style import TARGET_COLOURS
from present.targets import BATCH_ORDER, BY_2020, catalogue_targets, cumulative, progress

NAME_LINES = 1  # lines of park or zone names in the city brief before "and N more"
CHART_H = 84.0  # points: the targets chart in the belt brief, titles and axis labels included


def _lines(text: str, style: str) -> int:
    return len(wrap(text, STYLES[style][0], WRAP_W))


def names_line(head: str, names: list[str], lang: str, style: str = "body", max_lines: int = NAME_LINES) -> str:
    """``head: a, b, c and N more``: as many names as fit in ``max_lines`` lines of ``style``, the rest counted."""
    sep = t("list_sep", lang)
    for shown in range(len(names), 0, -1):
        more = len(names) - shown
        text = head + sep.join(names[:shown]) + (t("brief_and_more", lang, n=more) if more else "")
        if _lines(text, style) <= max_lines:
            return text
    return head + t("sites_more", lang, n=len(names))  # not even one name fits: only how many


def listed_here(sites, place, spec, lang: str) -> list[tuple[str, str]]:
    """The city brief's "Listed here", kept short (the measures come first): the counts by list, with the sites of
    the province that could be placed nowhere more precise; the green parks and the zones by name (national
    zones first), one line each, the rest counted."""
    ps = place_sites(sites, place, spec)
    colon = "：" if lang == "zh" else ": "
    out = [
        (
            "section",
            f"{t('sites_here', lang)}（{ps.total}）" if lang == "zh" else f"{t('sites_here', lang)} ({ps.total})",
        )
    ]
    if not ps.total:
        out.append(("body", t("sites_none", lang)))
    counts = [f"{label('site_list', lst, lang)}{colon}{len(ps.of(lst)):,}" for lst in LISTS if len(ps.of(lst))]
    if ps.province_only_elsewhere:
        province = name_of(sites.places.get("province", place.province), lang)
        counts.append(t("brief_sites_province_only", lang, n=ps.province_only_elsewhere, province=province))
    if counts:
        out.append(("small", " · ".join(counts)))
    for lst, head in (("green_park", label("site_list", "green_park", lang)), ("dev_zone", t("brief_zones", lang))):
        names = list(ps.of(lst)["name"])
        if names:
            out.append(("body", names_line(f"{head}{colon}", names, lang)))
    return out


def targets_text(data, sites, lang: str) -> list[tuple[str, str]]:
    """The belt brief's targets section as paragraphs (without the chart): one line per target with the numbers of
    :func:`present.targets.progress`, then the counting rules. Empty when the catalogue has no count targets."""
    targets = catalogue_targets(data.catalogue)
    if not targets:
        return []
    counts = cumulative(sites, [x.list for x in targets])
    out = [("section", t("targets", lang))]
    last = counts[counts["batch"] == BATCH_ORDER[-1]].set_index("list")["cumulative"]
    for row in progress(sites, targets):
        total = int(last[row["list"]])
        out.append(("body", t("brief_target_line", lang, list=label("site_list", row["list"], lang),
                              reached=f"{row['by_2020']:,}", target=f"{row['target']:,.0f}", year=row["year"],
                              share=f"{row['share']:.0%}", total=f"{total:,}")))  # fmt: skip
    out.append(("small", t("targets_rules", lang)))
    measures = ", ".join(sorted({x.measure for x in targets}))
    out.append(("small", t("brief_targets_source", lang, measure=measures)))
    return out


def targets_chart(fig, top: float, data, sites, lang: str) -> float:
    """The cumulative listed sites by batch against the 2020 target, one small panel per target, across the text
    column from ``top`` (points); returns the y below it. Batches 1–5 dark, the 2021 list light, the target dashed."""
    targets = catalogue_targets(data.catalogue)
    counts = cumulative(sites, [x.list for x in targets])
    small = STYLES["small"][0]
    gap, left_pad = 30.0, 26.0  # between panels; room for the first panel's value labels
    width = (TEXT_W - left_pad - gap * (len(targets) - 1)) / len(targets)
    bottom = top - CHART_H + small * 1.6  # the batch labels sit under the axes
    height = CHART_H - small * 1.6 - small * 2.2  # and the panel's title over them
    for i, target in enumerate(targets):
        x0 = MARGIN + left_pad + i * (width + gap)
        ax = fig.add_axes((x0 / PAGE_W, bottom / PAGE_H, width / PAGE_W, height / PAGE_H), gid="targets-chart")
        part = counts[counts["list"] == target.list]
        colours = [TARGET_COLOURS["by_2020" if b in BY_2020 else "after"] for b in part["batch"]]
        ax.bar(range(len(part)), part["cumulative"], color=colours, width=0.7)
        ax.axhline(target.value, color=TARGET_COLOURS["target"], linestyle=(0, (4, 3)), linewidth=0.9)
        colon = "：" if lang == "zh" else ": "
        note = clean_text(f"{t('targets_target', lang)}{colon}{target.value:,.0f}")
        ax.text(0.02, target.value, note, transform=ax.get_yaxis_transform(), va="bottom", fontsize=small - 1,
                color=TARGET_COLOURS["target"])  # fmt: skip
        ax.set_ylim(0, max(target.value, part["cumulative"].max()) * 1.18)
        ax.set_xticks(range(len(part)), list(part["batch"]), fontsize=small - 1)
        ax.tick_params(axis="y", labelsize=small - 1, length=2, pad=1)
        ax.tick_params(axis="x", length=0, pad=2)
        ax.set_title(clean_text(label("site_list", target.list, lang)), fontsize=small, loc="left", pad=3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return top - CHART_H


__all__ = ["CHART_H", "NAME_LINES", "listed_here", "names_line", "targets_chart", "targets_text"]
