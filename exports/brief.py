"""The text pages of the A4 brief: the measures in view, laid out with the real font, numbered."""

from __future__ import annotations

import io
from dataclasses import replace

from matplotlib.figure import Figure

from exports.formats import pdf_metadata
from exports.options import SnapshotOptions
from exports.registry import ExportJob
from exports.snapshot import render_snapshot
from exports.textwrap_cjk import wrap
from geo.basemap import Basemap
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from present.i18n import label, t
from present.titles import default_title

A4 = (8.27, 11.69)
MARGIN = 50.0  # points
STYLES = {  # size pt, colour, weight (the CJK font ships one weight: hierarchy comes from size and colour)
    "heading": (15, "#000000", "normal"),
    "subheading": (9, "#444444", "normal"),
    "title": (11.5, "#000000", "normal"),
    "other": (9, "#555555", "normal"),
    "body": (9, "#222222", "normal"),
    "small": (8, "#555555", "normal"),
}


def _named(data, level: str, pid: str, lang: str) -> str:
    if level == "belt":
        return label("belt", pid, lang)
    if level == "group":
        return label("group", pid, lang)
    if level == "reach":
        return label("reach", pid, lang)
    place = data.places.get(level, pid)
    return place.name_zh if lang == "zh" else place.name_en


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
        source = data.catalogue.source(measure.source.document)
        doc = ", ".join(x for x in (getattr(source.title, lang), source.document_number, measure.source.section,
                                    measure.source.date.isoformat()) if x)  # fmt: skip
        blocks.append([
            ("title", getattr(measure.title, lang)),
            ("other", getattr(measure.title, other)),
            ("body", f"{t('f_places', lang)}: {places}"),
            ("body", f"{t('f_category', lang)}: {label('category', measure.category, lang)}"),
            ("small", f"{t('f_source', lang)}: {doc}"),
            ("small", f"{t('f_quote', lang)}: “{measure.source.quote}”"),
        ])  # fmt: skip
    return blocks


def brief_pages(data, spec, options, drawn) -> list[Figure]:
    """Figures for the measures pages (without page numbers; see :func:`number_page`)."""
    lang = options.lang
    width = A4[0] * 72 - 2 * MARGIN
    top, bottom = A4[1] * 72 - MARGIN, MARGIN + 20
    pages: list[list[tuple[float, str, str]]] = []
    current: list[tuple[float, str, str]] = []
    y = top

    def new_page() -> None:
        nonlocal current, y
        if current:
            pages.append(current)
        current, y = [], top
        for style, text in (("heading", t("brief_measures", lang)),
                            ("subheading", options.title or default_title(data, spec, lang))):  # fmt: skip
            for line in wrap(text, STYLES[style][0], width):
                y -= STYLES[style][0] * 1.35
                current.append((y, style, line))
        y -= 10

    new_page()
    for block in _blocks(data, spec, lang):
        lines = [(style, line) for style, text in block for line in wrap(text, STYLES[style][0], width)]
        height = sum(STYLES[s][0] * 1.35 for s, _ in lines) + 12
        if y - height < bottom and len(current) > 2:
            new_page()
        for style, line in lines:
            y -= STYLES[style][0] * 1.35
            current.append((y, style, line))
        y -= 12
    pages.append(current)
    figures = []
    for page in pages:
        fig = Figure(figsize=A4)
        for y_pt, style, line in page:
            size, colour, weight = STYLES[style]
            fig.text(MARGIN / (A4[0] * 72), y_pt / (A4[1] * 72), line, fontsize=size, color=colour,
                     fontweight=weight, va="baseline")  # fmt: skip
        figures.append(fig)
    return figures


def number_page(fig: Figure, index: int, total: int, lang: str) -> None:
    """Write 'Page i of n' at the bottom centre."""
    fig.text(0.5, 0.018, t("page_of", lang, i=index, n=total), ha="center", va="bottom", fontsize=8, color="#555555")


def brief_pdf(data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions, facilities=None) -> bytes:
    """A4 brief: page 1 the framed map, then the measures in view (title, places, role, source), numbered."""
    options = replace(options, size="a4-portrait", framed=True)
    fig, drawn = render_snapshot(data, basemap, spec, options, facilities)
    pages = brief_pages(data, spec, options, drawn)
    total = len(pages) + 1
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    title = options.title or default_title(data, spec, options.lang)
    with PdfPages(buf, metadata=pdf_metadata(title)) as pdf:
        number_page(fig, 1, total, options.lang)
        pdf.savefig(fig)
        for i, page in enumerate(pages, start=2):
            number_page(page, i, total, options.lang)
            pdf.savefig(page)
    return buf.getvalue()


def brief_export(job: ExportJob) -> bytes:
    """The A4 brief of the view."""
    return brief_pdf(job.data, job.basemap, job.spec, job.options, job.facilities)


__all__ = ["brief_export", "brief_pages", "brief_pdf", "number_page"]
