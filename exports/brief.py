"""The A4 brief: about the selected place (one page, exports/city_brief.py), or about the view — a one-page
summary (map, counts, categories, the places the measures name, the 2020 targets against the green lists)
followed by the measures, numbered."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from matplotlib.figure import Figure

from exports.formats import pdf_metadata
from exports.frame import source_note
from exports.options import SnapshotOptions
from exports.pages import PAGE_H, Column, finish, map_panel, new_page, number_page
from exports.registry import ExportJob
from geo.basemap import Basemap
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from present.i18n import label, name_of, t
from present.summary import join_list
from present.titles import counts_line, default_title, filter_summary

MAP_H = 330.0  # points: the map of the summary page


def _named(data, level: str, pid: str, lang: str) -> str:
    if level in ("belt", "group", "reach"):
        return label(level, pid, lang)
    place = data.places.get(level, pid)
    return name_of(place, lang) if place else pid


def quote_lines(measure, lang: str) -> list[tuple[str, str]]:
    """The quote as printed, and beside it the catalogue's note when there is one (it says why a quote is short
    or indirect); a quote that stops mid-sentence without a note is marked as shortened."""
    quote = measure.source.quote.strip()
    note = getattr(measure.notes, lang) if measure.notes else ""
    out = [("small", f"{t('f_quote', lang)}: “{quote}”" + ("" if note or _complete(quote) else
                                                            " " + t("quote_shortened", lang)))]  # fmt: skip
    if note:
        out.append(("note", f"{t('f_notes', lang)}: {note}"))
    return out


def _complete(quote: str) -> bool:
    return quote[-1:] in '.。!！?？”"）)' or not quote[-1:].isascii()


def _source_line(data, measure, lang: str) -> str:
    source = data.catalogue.source(measure.source.document)
    parts = (getattr(source.title, lang), source.document_number, measure.source.section,
             measure.source.date.isoformat())  # fmt: skip
    return f"{t('f_source', lang)}: {', '.join(x for x in parts if x)}"


def _blocks(data, spec, lang: str) -> list[list[tuple[str, str]]]:
    """Per measure in view: (style, text) paragraphs."""
    table = apply_filter(data.table, spec)
    blocks = []
    other = "en" if lang == "zh" else "zh"
    sep = "；" if lang == "zh" else "; "
    for measure in data.catalogue.measures:
        rows = table[table["measure_id"] == measure.id]
        if rows.empty:
            continue
        named = rows.drop_duplicates(["named_level", "named_id", "role"])
        places = sep.join(f"{_named(data, r.named_level, r.named_id, lang)} ({label('role', r.role, lang)})"
                          for r in named.itertuples())  # fmt: skip
        blocks.append([
            ("title", getattr(measure.title, lang)),
            ("other", getattr(measure.title, other)),
            ("body", f"{t('f_places', lang)}: {places}"),
            ("body", f"{t('f_category', lang)}: {label('category', measure.category, lang)}"),
            ("small", _source_line(data, measure, lang)),
            *quote_lines(measure, lang),
        ])  # fmt: skip
    return blocks


def brief_pages(data, spec, options, drawn=None) -> list[Figure]:
    """The measures pages (without page numbers; see :func:`number_page`)."""
    lang = options.lang
    pages: list[Column] = []

    def new_column() -> Column:
        col = Column(top=PAGE_H - 42)
        col.add("heading", t("brief_measures", lang))
        col.add("facts", options.title or default_title(data, spec, lang))
        pages.append(col)
        return col

    col = new_column()
    for block in _blocks(data, spec, lang):
        height = sum(col.height(style, text) for style, text in block)
        if not col.fits(height) and len(col.lines) > 3:
            col = new_column()
        for style, text in block:
            col.add(style, text)
    figures = []
    for col in pages:
        fig = new_page()
        col.draw(fig)
        figures.append(finish(fig))
    return figures


def summary_page(data, basemap, spec, options, facilities=None, sites=None) -> Figure:
    """Page 1 of the belt brief: title, filters and counts, the map, the measures by category, the places named,
    and (with sites) the 2020 targets against the green lists."""
    lang = options.lang
    fig = new_page()
    col = Column(top=PAGE_H - 42)
    col.add("heading", options.title or default_title(data, spec, lang))
    col.add("facts", filter_summary(data, spec, lang))
    map_h = MAP_H if sites is None else MAP_H - 24  # room for the targets chart under it
    drawn, below = map_panel(fig, col.y - 8, map_h, data, basemap, spec, options, sites=sites)
    col.y = below - 4
    table = apply_filter(data.table, spec)
    col.add("section", t("brief_view_summary", lang))
    col.add("body", counts_line(data, spec, lang) + ("。" if lang == "zh" else "."))
    by_category = Counter(data.catalogue.measure(mid).category for mid in table["measure_id"].unique())
    parts = [f"{label('category', c, lang)} ({n})" for c, n in sorted(by_category.items(), key=lambda x: -x[1])]
    col.add("body", f"{t('brief_by_category', lang)}: {join_list(parts, lang)}")
    point = table[table["named_level"].isin(("prefecture", "county", "area"))].drop_duplicates("named_id")
    names = [_named(data, r.named_level, r.named_id, lang) for r in point.itertuples()]
    if names:
        col.add("body", f"{t('brief_named_places', lang)}: {join_list(names, lang)}")
    if sites is not None:
        _targets(fig, col, data, sites, lang)
    col.add("small", source_note(data, drawn if sites is not None else None, lang))
    col.add("small", t("made_on", lang, date=(options.date or dt.date.today()).isoformat()))
    col.draw(fig)
    return finish(fig)


def _targets(fig, col: Column, data, sites, lang: str) -> None:
    """The 2020 targets against the green lists: heading, chart, one line per target, the counting rules. The
    chart is left out when the section would not fit above the sources (a view naming very many places)."""
    from exports.brief_sites import CHART_H, targets_chart, targets_text

    paragraphs = targets_text(data, sites, lang)
    if not paragraphs:
        return
    heading, rest = paragraphs[0], paragraphs[1:]
    needed = sum(col.height(style, text) for style, text in paragraphs) + CHART_H + 4
    footer = (t("source_note", lang, version="0000.00.0"), t("source_sites", lang), t("made_on", lang, date=""))
    needed += sum(col.height("small", text) for text in footer)
    col.add(*heading)
    if col.fits(needed - col.height(*heading)):
        col.y = targets_chart(fig, col.y - 2, data, sites, lang) - 2
    for style, text in rest:
        col.add(style, text)


def _save(pages: list[Figure], title: str, lang: str) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with PdfPages(buf, metadata=pdf_metadata(title)) as pdf:
        for i, page in enumerate(pages, start=1):
            number_page(page, i, len(pages), lang)
            pdf.savefig(page)
    return buf.getvalue()


def brief_pdf(data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions, facilities=None,
              sites=None) -> bytes:  # fmt: skip
    """The A4 brief: one page about the selected place, or the view's summary page and its measures (with
    ``sites``: on the map, "Listed here" in a place's brief, the 2020 targets in the view's)."""
    if options.selected and data.places.get(*options.selected) is not None:
        from exports.city_brief import city_brief_page, city_title

        page = city_brief_page(data, basemap, spec, options, sites)
        return _save([page], city_title(data, options), options.lang)
    pages = [summary_page(data, basemap, spec, options, facilities, sites), *brief_pages(data, spec, options)]
    return _save(pages, options.title or default_title(data, spec, options.lang), options.lang)


def brief_export(job: ExportJob) -> bytes:
    """The A4 brief of the view."""
    return brief_pdf(job.data, job.basemap, job.spec, job.options, job.facilities, job.sites)


__all__ = ["brief_export", "brief_pages", "brief_pdf", "number_page", "quote_lines", "summary_page"]
