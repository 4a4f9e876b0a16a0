"""Every export format, declared once: id, file extension, MIME type, label, whether image options apply,
and the renderer (imported only when that format is made, so a CSV never loads Matplotlib or folium).

The export panel, the command line and :func:`export` all read :data:`FORMATS`; nothing else lists formats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

from geo.basemap import Basemap, WebPolygons
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.scene import MapView
from present.titles import default_title


@dataclass(frozen=True)
class ExportJob:
    """Everything a renderer needs for one export of a view."""

    data: Dataset
    basemap: Basemap | None
    web: WebPolygons | None
    spec: FilterSpec
    options: object  # exports.options.SnapshotOptions
    view: MapView
    facilities: object = None  # GeoDataFrame or None
    sites: object = None  # geo.sites.Sites or None (then no site is drawn or listed)

    @property
    def title(self) -> str:
        """The export's title: the one typed, or a sentence built from the filters."""
        return self.options.title or default_title(self.data, self.spec, self.options.lang)


@dataclass(frozen=True)
class ExportFormat:
    """One format: how it is named, saved and made."""

    id: str
    extension: str
    mime: str
    label: dict[str, str]  # per language
    image: bool  # size, frame and transparency options apply
    renderer: str  # "module:function" taking an ExportJob and returning bytes
    stem: str = "yreb-measures"

    def render(self, job: ExportJob) -> bytes:
        """Make the file (imports the renderer's module on first use)."""
        module, _, name = self.renderer.partition(":")
        return getattr(import_module(module), name)(job)

    def file_name(self, date: dt.date | None = None) -> str:
        """``yreb-measures-2026-11-27.png``."""
        return f"{self.stem}-{(date or dt.date.today()).isoformat()}.{self.extension}"


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("png", "png", "image/png", {"en": "PNG", "zh": "PNG"}, True, "exports.formats:png_export"),
    ExportFormat("svg", "svg", "image/svg+xml", {"en": "SVG", "zh": "SVG"}, True, "exports.formats:svg_export"),
    ExportFormat("pdf", "pdf", "application/pdf", {"en": "PDF", "zh": "PDF"}, True, "exports.formats:pdf_export"),
    ExportFormat("html", "html", "text/html", {"en": "HTML (interactive, offline)", "zh": "HTML（可交互，离线）"},
                 False, "exports.html:html_export"),
    ExportFormat("csv", "csv", "text/csv", {"en": "CSV", "zh": "CSV"}, False, "exports.tables:csv_export"),
    ExportFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 {"en": "XLSX", "zh": "XLSX"}, False, "exports.tables:xlsx_export"),
    ExportFormat("brief", "pdf", "application/pdf", {"en": "A4 brief (PDF)", "zh": "A4 简报（PDF）"}, False,
                 "exports.brief:brief_export", stem="yreb-brief"),
    ExportFormat("sites-csv", "csv", "text/csv", {"en": "CSV of the listed sites", "zh": "名单地点 CSV"}, False,
                 "exports.tables:sites_csv_export", stem="yreb-sites"),
)  # fmt: skip
BY_ID: dict[str, ExportFormat] = {f.id: f for f in FORMATS}
FORMAT_IDS: tuple[str, ...] = tuple(BY_ID)


def export(fmt: str, data: Dataset, basemap: Basemap | None, web: WebPolygons | None, spec: FilterSpec,
           options, view: MapView | None = None, facilities=None, sites=None) -> tuple[bytes, str, str]:  # fmt: skip
    """Produce one export.

    Parameters
    ----------
    fmt : str
        One of :data:`FORMAT_IDS`.
    data, basemap, web
        Loaded data (basemap and web polygons are not needed for tables).
    spec : FilterSpec
        The view's filters.
    options : exports.options.SnapshotOptions
        Size, frame, title, language, extent, layers, date, selection.
    view : MapView, optional
        For HTML: basemap and selection (defaults from ``options``).
    facilities : GeoDataFrame, optional
        Facilities to include.
    sites : geo.sites.Sites, optional
        The listed sites to include (maps draw their layers, tables list them, briefs summarise them);
        without them an export has no sites, and the ``sites-csv`` table only its header.

    Returns
    -------
    (bytes, mime type, file name)
    """
    if fmt not in BY_ID:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMAT_IDS)}")
    form = BY_ID[fmt]
    view = view or MapView(lang=options.lang, selected=options.selected)
    payload = form.render(ExportJob(data, basemap, web, spec, options, view, facilities, sites))
    return payload, form.mime, form.file_name(options.date)


__all__ = ["BY_ID", "FORMATS", "FORMAT_IDS", "ExportFormat", "ExportJob", "export"]
