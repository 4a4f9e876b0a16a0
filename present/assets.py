"""Scripts, styles and data files the app serves itself (no CDN at runtime).

Leaflet comes from the ``xstatic-leaflet`` package installed from PyPI; it is copied into
``static/vendor`` (git-ignored) where Streamlit's static serving (``.streamlit/config.toml``)
serves it from the app's own origin. Base map layers are published the same way as
content-addressed JSON files under ``static/gen``, so the map script stays small and the browser
caches them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
# URLs are relative to the app's root; the map iframe lives at <root>/component/<name>/index.html.
STATIC_URL = "app/static/"
LEAFLET_DIR = Path(xs_leaflet.BASE_DIR)
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def install_vendor_assets(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Copy Leaflet from its installed package into the static folder (idempotent).

    Returns
    -------
    dict
        ``{"js": url, "css": url}`` relative to the app root.
    """
    target = static_dir / "vendor" / f"leaflet-{xs_leaflet.VERSION}"
    for name in LEAFLET_FILES:
        src, dst = LEAFLET_DIR / name, target / name
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    base = f"{STATIC_URL}vendor/leaflet-{xs_leaflet.VERSION}/"
    return {"js": base + "leaflet.js", "css": base + "leaflet.css"}


def leaflet_inline() -> dict[str, str]:
    """Leaflet's JS and CSS text, for standalone HTML that must open offline from a file."""
    return {
        "js": (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"),
        "css": (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"),
    }


def publish_json(obj: object, static_dir: Path = STATIC_DIR) -> str:
    """Write ``obj`` as a content-addressed JSON file under ``static/gen`` and return its URL."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:20]
    path = static_dir / "gen" / f"{digest}.json"
    if not path.exists():
        _write_atomic(path, data)
    return f"{STATIC_URL}gen/{digest}.json"


__all__ = ["STATIC_DIR", "install_vendor_assets", "leaflet_inline", "publish_json"]
