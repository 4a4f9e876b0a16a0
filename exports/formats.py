"""Image exports of the current view: PNG (exact pixel size), SVG and PDF (vector text, embedded CJK font)."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

from matplotlib.figure import Figure

from exports.fonts import cjk_font_path, matplotlib_families
from exports.options import SnapshotOptions
from exports.registry import ExportJob
from exports.snapshot import render_snapshot


def pdf_metadata(title: str) -> dict:
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
    fig.savefig(buf, format="pdf", metadata=pdf_metadata(title))
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


def _figure(job: ExportJob) -> Figure:
    fig, _ = render_snapshot(job.data, job.basemap, job.spec, job.options, job.facilities, job.sites)
    return fig


def png_export(job: ExportJob) -> bytes:
    """The view as a PNG at the preset's exact pixel size."""
    return png_bytes(_figure(job), job.options)


def pdf_export(job: ExportJob) -> bytes:
    """The view as a one-page vector PDF."""
    return pdf_bytes(_figure(job), job.title)


def svg_export(job: ExportJob) -> bytes:
    """The view as SVG with text kept as text."""
    return svg_bytes(_figure(job))


__all__ = ["pdf_bytes", "pdf_export", "pdf_metadata", "png_bytes", "png_export", "svg_bytes", "svg_export"]
