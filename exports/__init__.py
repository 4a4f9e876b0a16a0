"""Static and file exports of the current view (no Streamlit needed).

Names are loaded on first use (PEP 562), so importing ``exports.options`` or ``present.titles`` for
the UI does not import Matplotlib.
"""

from importlib import import_module

_WHERE = {
    "FORMATS": "exports.registry", "FORMAT_IDS": "exports.registry", "export": "exports.registry",
    "standalone_html": "exports.html",
    "DEFAULT_LAYERS": "exports.options", "LAYERS": "exports.options", "SIZES": "exports.options",
    "SnapshotOptions": "exports.options", "Drawn": "exports.snapshot", "render_snapshot": "exports.snapshot",
    "table_frame": "exports.tables", "to_csv": "exports.tables", "to_xlsx": "exports.tables",
}  # fmt: skip


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'exports' has no attribute {name!r}")


__all__ = sorted(_WHERE)
