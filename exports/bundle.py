"""Every export format of one view in a single zip (the export panel's "all formats" and ``--format all``).

The formats are those of :data:`exports.registry.FORMATS`, each made by :func:`exports.registry.export` with
the same options, so the bundle holds exactly what the single downloads would.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

from exports.registry import FORMATS, export

BUNDLE_ID = "all"
BUNDLE_MIME = "application/zip"
# Already compressed formats are stored as they are (deflating them again costs time and saves nothing).
_STORED = {"png", "xlsx"}


def bundle_name(date: dt.date | None = None) -> str:
    """``yreb-export-2026-11-27.zip``."""
    return f"yreb-export-{(date or dt.date.today()).isoformat()}.zip"


def export_bundle(data, basemap, web, spec, options, view=None, facilities=None, sites=None,
                  progress: Callable[[int, int, str], None] | None = None) -> tuple[bytes, str, str]:  # fmt: skip
    """Make every format of :data:`FORMATS` for one view and zip them.

    Parameters are those of :func:`exports.registry.export`; ``progress(done, total, format_id)`` is called
    before each format and once at the end.

    Returns
    -------
    (bytes, mime type, file name)
    """
    out = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(out, "w") as zf:
        for done, form in enumerate(FORMATS):
            if progress:
                progress(done, len(FORMATS), form.id)
            payload, _, name = export(form.id, data, basemap, web, spec, options, view, facilities, sites)
            if name in names:  # two formats with one extension and stem: keep both, told apart by format
                stem, _, ext = name.rpartition(".")
                name = f"{stem}-{form.id}.{ext}"
            names.add(name)
            method = zipfile.ZIP_STORED if form.id in _STORED else zipfile.ZIP_DEFLATED
            zf.writestr(name, payload, compress_type=method)
    if progress:
        progress(len(FORMATS), len(FORMATS), "")
    return out.getvalue(), BUNDLE_MIME, bundle_name(options.date)


__all__ = ["BUNDLE_ID", "BUNDLE_MIME", "bundle_name", "export_bundle"]
