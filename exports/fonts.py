"""A real CJK font for static exports, installed from PyPI (never whatever the machine has).

``noto-cjk-sans-otc`` ships the Noto Sans CJK collection (SIL OFL 1.1). Matplotlib reads one face
of a file, so the Simplified Chinese face is extracted once per machine into a cache folder and
registered with Matplotlib; it covers Latin too, so every text of an export uses it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from functools import cache
from pathlib import Path

SC_FACE_NAME = "Noto Sans CJK SC"
_LOCK = threading.Lock()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for candidate in (Path(base) / "yreb-green-map" / "fonts", Path(tempfile.gettempdir()) / "yreb-green-map-fonts"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    raise OSError("no writable cache folder for the CJK font")


@cache
def cjk_font_path() -> Path:
    """Path of the Noto Sans CJK SC face (OpenType/CFF), extracted from the installed collection."""
    import noto_cjk_sans_otc
    from fontTools.ttLib import TTCollection

    source = Path(str(noto_cjk_sans_otc.FONT_PATH))
    target = _cache_dir() / f"NotoSansCJKsc-Regular-{source.stat().st_size}.otf"
    with _LOCK:
        if not target.exists():
            collection = TTCollection(str(source))
            face = next(f for f in collection.fonts if f["name"].getDebugName(1) == SC_FACE_NAME)
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            face.save(str(tmp))
            os.replace(tmp, target)
    return target


@cache
def register_matplotlib_font() -> str:
    """Register the CJK face with Matplotlib and make it the default; returns its family name."""
    import matplotlib
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update({
        "font.family": [name],
        "pdf.fonttype": 42,  # embed the (subset) font itself: text stays selectable and extractable
        "svg.fonttype": "none",  # keep SVG text as text; exports embed a subset font as @font-face
        "axes.unicode_minus": False,
    })  # fmt: skip
    return name


__all__ = ["SC_FACE_NAME", "cjk_font_path", "register_matplotlib_font"]
