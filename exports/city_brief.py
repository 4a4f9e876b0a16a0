"""The city brief: one A4 page about the selected place.

Its name in the title; the map zoomed to its province with the place labelled and ringed; a short summary
(the app's headline, then one line per group of measures saying why that group applies); the measures named
for the place first, in full, with source, quote and the catalogue's note beside a weak quote; the inherited
ones condensed to one line each; what the green lists and the zone catalogue hold there ("Listed here", with
sites); sources and date. Whatever does not fit the page is counted, never cut.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.figure import Figure

from exports.brief import _source_line, quote_lines
from exports.brief_sites import listed_here
from exports.frame import source_note
from exports.pages import PAGE_H, Column, finish, map_panel, new_page
from geo.filters import apply_filter
from geo.places import POINT_LEVELS
from present.i18n import label, name_of, t
from present.summary import PlaceSummary, facts_of, summarise_place

MAP_HEIGHT = 300.0  # points
PAD = 0.35  # degrees around the province on the map


def city_title(data, options) -> str:
    """The brief's title, naming the place."""
    place = data.places.get(*options.selected)
    return options.title or t("brief_city_title", options.lang, name=name_of(place, options.lang))


def map_bbox(data, place) -> tuple[float, float, float, float]:
    """The place's province (or the place itself, for a province or reach), with a margin."""
    places = data.places
    if place.level in POINT_LEVELS and place.province:
        geom = places.provinces.geometry[place.province]
    elif place.level == "province":
        geom = places.provinces.geometry[place.id]
    elif place.level == "reach":
        geom = places.reaches.geometry[place.id]
    else:
        return None
    x0, y0, x1, y1 = geom.bounds
    return x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD


def _where(data, place, via: str, lang: str) -> str:
    if via == "province":
        return name_of(data.places.get("province", place.province), lang)
    if via == "reach":
        return label("reach", place.reach, lang)
    if via == "parent":
        return name_of(data.places.get("prefecture", place.parent), lang)
    if via == "district":
        return name_of(data.places.get("county", place.district), lang)
    return ""


def summary_lines(data, summary: PlaceSummary, lang: str) -> list[str]:
    """The headline, then why each group of measures applies (5–8 lines in all)."""
    place, name = summary.place, summary.name
    out = [summary.headline]
    groups = [("place", t("via_place", lang), summary.own)] if summary.own else []
    groups += summary.groups
    for via, heading, lines in groups:
        why = t(f"why_{via}", lang, name=name, where=_where(data, place, via, lang))
        out.append(t("why_line", lang, label=heading, n=len(lines), why=why))
    return out


def city_brief_page(data, basemap, spec, options, sites=None) -> Figure:
    """The one-page brief of ``options.selected`` (the view's filters apply to its measures and its sites)."""
    lang = options.lang
    place = data.places.get(*options.selected)
    name = name_of(place, lang)
    table = apply_filter(data.table, spec)
    summary = summarise_place(data, table, place, lang)
    fig = new_page()
    col = Column(top=PAGE_H - 42)
    col.add("heading", city_title(data, options))
    col.add("facts", " · ".join(facts_of(data, place, lang)))
    map_h = MAP_HEIGHT if sites is None else MAP_HEIGHT - 24  # room for "Listed here"
    drawn, below = map_panel(fig, col.y - 6, map_h, data, basemap, spec, options, map_bbox(data, place), sites)
    col.y = below
    col.add("small", t("brief_map_note", lang, name=name))
    col.add("section", t("brief_summary", lang))
    for line in summary_lines(data, summary, lang):
        col.add("body", line)
    # The listed sites and the footer have their room kept first; the measures fill the rest, counted if cut.
    tail = listed_here(sites, place, spec, lang) if sites is not None else []
    tail += [("small", source_note(data, drawn if sites is not None else None, lang)),
             ("small", t("made_on", lang, date=(options.date or dt.date.today()).isoformat()))]  # fmt: skip
    tail_h = sum(col.height(style, text) for style, text in tail)
    col.bottom += tail_h
    _own(col, data, summary, lang, name)
    _inherited(col, summary, lang, name)
    col.bottom -= tail_h
    for style, text in tail:
        col.add(style, text)
    col.draw(fig)
    return finish(fig)


def _own(col: Column, data, summary: PlaceSummary, lang: str, name: str) -> None:
    col.add("section", t("brief_own", lang, name=name))
    if not summary.own:
        col.add("body", t("brief_no_own", lang, name=name))
    for line in summary.own:
        measure = data.catalogue.measure(line.id)
        block = [("title", line.title),
                 ("body", f"{t('f_role', lang)}: {', '.join(line.roles)} — {line.named} · "
                          f"{t('f_category', lang)}: {label('category', measure.category, lang)}"),
                 ("small", _source_line(data, measure, lang)), *quote_lines(measure, lang)]  # fmt: skip
        if not col.fits(sum(col.height(s, x) for s, x in block)):
            block = block[:3]  # no room for the quote: title, role and source still say what and where from
            if not col.fits(sum(col.height(s, x) for s, x in block)):
                col.add("small", t("brief_more", lang, n=len(summary.own) - summary.own.index(line), name=name))
                return
        for style, text in block:
            col.add(style, text)


def _inherited(col: Column, summary: PlaceSummary, lang: str, name: str) -> None:
    lines = [(heading, m) for _, heading, ms in summary.groups for m in ms]
    if not lines:
        return
    col.add("section", t("brief_inherited", lang, name=name))
    more_h = col.height("small", t("brief_more", lang, n=99, name=name))
    for i, (heading, m) in enumerate(lines):
        text = f"• {m.title} — {heading}"
        last = i == len(lines) - 1
        if not col.fits(col.height("item", text) + (0 if last else more_h)):
            col.add("small", t("brief_more", lang, n=len(lines) - i, name=name))
            return
        col.add("item", text, indent=0)


__all__ = ["city_brief_page", "city_title", "map_bbox", "summary_lines"]
