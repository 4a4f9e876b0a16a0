"""Static and file exports of the current view (no Streamlit needed)."""

from exports.formats import EXTENSION, FORMATS, MIME, export, standalone_html
from exports.snapshot import DEFAULT_LAYERS, LAYERS, SIZES, Drawn, SnapshotOptions, render_snapshot
from exports.tables import table_frame, to_csv, to_xlsx

__all__ = [
    "DEFAULT_LAYERS",
    "EXTENSION",
    "FORMATS",
    "LAYERS",
    "MIME",
    "SIZES",
    "Drawn",
    "SnapshotOptions",
    "export",
    "render_snapshot",
    "standalone_html",
    "table_frame",
    "to_csv",
    "to_xlsx",
]
