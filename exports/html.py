"""The standalone interactive HTML export: every script, style and layer inlined, opens offline from a file."""

from __future__ import annotations

import base64
import re

from exports.registry import ExportJob
from exports.web_map import build_map
from geo.basemap import Basemap, WebPolygons
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.assets import LEAFLET_DIR, leaflet_inline
from present.escaping import escape_html
from present.scene import MapView
from present.style import TILES


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


def html_export(job: ExportJob) -> bytes:
    """The view as one self-contained HTML file."""
    html = standalone_html(job.data, job.basemap, job.web, job.spec, job.view, job.title, job.facilities)
    return html.encode("utf-8")


__all__ = ["html_export", "standalone_html"]
