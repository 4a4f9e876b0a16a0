"""Every export format of the current view: PNG, SVG, PDF, standalone HTML, CSV, XLSX and the brief."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from matplotlib.figure import Figure

from exports.fonts import cjk_font_path, matplotlib_families
from exports.options import FORMATS, SnapshotOptions
from exports.snapshot import render_snapshot
from exports.tables import table_frame, to_csv, to_xlsx
from exports.web_map import build_map
from geo.basemap import Basemap, WebPolygons
from geo.dataset import Dataset
from geo.filters import FilterSpec, apply_filter
from present.assets import LEAFLET_DIR, leaflet_inline
from present.escaping import escape_html
from present.scene import MapView
from present.style import TILES
from present.titles import default_title

MIME = {
    "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html",
    "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "brief": "application/pdf",
}  # fmt: skip
EXTENSION = {**{f: f for f in FORMATS}, "brief": "pdf"}


def _pdf_metadata(title: str) -> dict:
    return {"Title": title, "Creator": "YREB green-manufacturing map", "Subject": "工信部联节〔2017〕178号"}


def png_bytes(fig: Figure, options: SnapshotOptions) -> bytes:
    """PNG at exactly the preset's pixel size."""
    width, height, dpi = options.pixels
    fig.set_size_inches(width / dpi, height / dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, transparent=options.transparent)
    return buf.getvalue()


def pdf_bytes(fig: Figure, title: str) -> bytes:
    """Vector PDF; the CJK font is embedded (subset), so text stays selectable."""
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata=_pdf_metadata(title))
    return buf.getvalue()


def _font_face(text: str, family: str) -> str:
    """A @font-face rule embedding the CJK font, subset to the characters used, as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.flavor = "woff"
    opts.notdef_outline = True
    subsetter = subset.Subsetter(opts)
    subsetter.populate(text=text + " ")
    buf = io.BytesIO()
    with TTFont(str(cjk_font_path()), lazy=True) as font:
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"@font-face {{ font-family: '{family}'; src: url(data:font/woff;base64,{data}) format('woff'); }}"


def svg_bytes(fig: Figure) -> bytes:
    """Vector SVG with text kept as text and the font embedded (subset) so it renders anywhere."""
    families = matplotlib_families()
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    svg = buf.getvalue().decode("utf-8")
    root = ET.fromstring(svg)
    used = "".join(t for el in root.iter() if el.tag.endswith(("text", "tspan")) for t in el.itertext())
    face = _font_face(used, families[0])
    # Every family name in the text's font list resolves to the same embedded subset of the full face.
    style = "<style>" + "".join(face.replace(f"'{families[0]}'", f"'{name}'") for name in families) + "</style>"
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + style, svg, count=1)
    return svg.encode("utf-8")


def _inline_css(css: str) -> str:
    """Leaflet's CSS with its images as data URIs, for a file that must open offline."""

    def data_uri(match: re.Match) -> str:
        path = LEAFLET_DIR / match.group(1)
        if not path.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[a-z0-9\-]+\.png)\)", data_uri, css)


def standalone_html(data: Dataset, basemap: Basemap, web: WebPolygons, spec: FilterSpec, view: MapView,
                    title: str, facilities=None) -> str:  # fmt: skip
    """One self-contained HTML file of the interactive view: every script, style and layer inlined."""
    html = build_map(data, basemap, web, spec, view, leaflet=None, facilities=facilities).get_root().render()
    leaflet = leaflet_inline()
    img_src = "data:"
    if view.basemap in TILES:
        img_src += " https:"
    csp = (f"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src {img_src}; "
           "font-src data:; connect-src 'none'")  # fmt: skip
    head = (
        f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>{escape_html(title)}</title><style>{_inline_css(leaflet['css'])}</style>"
        f"<script>{leaflet['js']}</script>"
    )
    return html.replace("<head>", "<head>" + head, 1)


def brief_pdf(data: Dataset, basemap: Basemap, spec: FilterSpec, options: SnapshotOptions, facilities=None) -> bytes:
    """A4 brief: page 1 the framed map, then the measures in view (title, places, role, source), numbered."""
    from exports.brief import brief_pages

    options = replace(options, size="a4-portrait", framed=True)
    fig, drawn = render_snapshot(data, basemap, spec, options, facilities)
    pages = brief_pages(data, spec, options, drawn)
    total = len(pages) + 1
    from matplotlib.backends.backend_pdf import PdfPages

    from exports.brief import number_page

    buf = io.BytesIO()
    title = options.title or default_title(data, spec, options.lang)
    with PdfPages(buf, metadata=_pdf_metadata(title)) as pdf:
        number_page(fig, 1, total, options.lang)
        pdf.savefig(fig)
        for i, page in enumerate(pages, start=2):
            number_page(page, i, total, options.lang)
            pdf.savefig(page)
    return buf.getvalue()


def export(fmt: str, data: Dataset, basemap: Basemap, web: WebPolygons, spec: FilterSpec,
           options: SnapshotOptions, view: MapView | None = None,
           facilities=None) -> tuple[bytes, str, str]:  # fmt: skip
    """Produce one export.

    Parameters
    ----------
    fmt : str
        One of :data:`FORMATS`.
    data, basemap, web
        Loaded data.
    spec : FilterSpec
        The view's filters.
    options : SnapshotOptions
        Size, frame, title, language, extent, layers, date, selection.
    view : MapView, optional
        For HTML: basemap and selection (defaults from ``options``).
    facilities : GeoDataFrame, optional
        Facilities to include in the map, the HTML and the brief.

    Returns
    -------
    (bytes, mime type, file name)
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    title = options.title or default_title(data, spec, options.lang)
    stamp = (options.date or dt.date.today()).isoformat()
    name = f"yreb-measures-{stamp}.{EXTENSION[fmt]}" if fmt != "brief" else f"yreb-brief-{stamp}.pdf"
    if fmt in ("csv", "xlsx"):
        frame = table_frame(data, apply_filter(data.table, spec), options.lang)
        return (to_csv(frame) if fmt == "csv" else to_xlsx(frame)), MIME[fmt], name
    if fmt == "html":
        view = view or MapView(lang=options.lang, selected=options.selected)
        html = standalone_html(data, basemap, web, spec, view, title, facilities)
        return html.encode("utf-8"), MIME[fmt], name
    if fmt == "brief":
        return brief_pdf(data, basemap, spec, options, facilities), MIME[fmt], name
    fig, _ = render_snapshot(data, basemap, spec, options, facilities)
    if fmt == "png":
        return png_bytes(fig, options), MIME[fmt], name
    if fmt == "pdf":
        return pdf_bytes(fig, title), MIME[fmt], name
    return svg_bytes(fig), MIME[fmt], name


__all__ = ["EXTENSION", "FORMATS", "MIME", "export", "standalone_html"]
