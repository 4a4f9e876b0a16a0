"""A real CJK font for static exports, installed from PyPI (never whatever the machine has).

``noto-cjk-sans-otc`` ships the Noto Sans CJK collection (SIL OFL 1.1). Matplotlib reads one face
of a file, so the Simplified Chinese face is extracted once per machine into a cache folder. Every
PDF embeds a subset of its font, and subsetting a 65,000-glyph font takes most of a PDF export's
time, so a smaller face is also prepared once: Latin, punctuation, the 6,763 GB 2312 hanzi and every
character of the shipped data, renamed "Noto Sans CJK SC Subset" (the OFL allows modified
versions under another name). Matplotlib uses it first and falls back to the full face for any
other character, so nothing is ever missing. ``scripts/setup.sh`` prepares both.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from functools import cache
from pathlib import Path

from geo.settings import Settings

SC_FACE_NAME = "Noto Sans CJK SC"
SUBSET_NAME = "Noto Sans CJK SC Subset"
_LOCK = threading.Lock()
_DATA = Path(__file__).resolve().parent.parent / "data"


_CONFIGURED: dict[str, Path] = {}


def configure(cache_dir: Path | None) -> None:
    """Use ``cache_dir`` (the ``cache_dir`` setting, read by app.py and cli.py) for the prepared fonts, and
    remove temporary font files that a killed process left there (once per process)."""
    if cache_dir is not None:
        _CONFIGURED["cache_dir"] = Path(cache_dir)
    if not _CONFIGURED.get("cleaned"):
        _CONFIGURED["cleaned"] = True
        with contextlib.suppress(OSError):
            remove_stale_temporary(_cache_dir())


def remove_stale_temporary(folder: Path) -> list[str]:
    """Delete ``*.tmp<pid>`` files (see :func:`_save_atomic`) whose process is gone; returns their names.

    A process killed while saving a face leaves a 10-16 MB temporary file; one still running (another
    server sharing the cache) keeps its own.
    """
    removed = []
    for path in folder.glob("*.tmp*"):
        pid = path.suffix[len(".tmp") :]
        if not pid.isdigit() or (int(pid) != os.getpid() and _alive(int(pid))):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _cache_dir() -> Path:
    base = _CONFIGURED.get("cache_dir") or Settings.from_env({}).cache_dir
    for candidate in (base / "fonts", Path(tempfile.gettempdir()) / "yreb-green-map-fonts"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    raise OSError("no writable cache folder for the CJK font")


def _save_atomic(font, target: Path) -> None:
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    font.save(str(tmp))
    os.replace(tmp, target)


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
            _save_atomic(face, target)
    return target


def _subset_text() -> str:
    chars = {chr(c) for c in range(0x20, 0x250)} | {chr(c) for c in range(0x2000, 0x2070)}
    chars |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF00, 0xFFF0)}
    for code in range(0x4E00, 0x9FA6):
        try:
            chr(code).encode("gb2312")
            chars.add(chr(code))
        except UnicodeEncodeError:
            continue
    for path in [*sorted(_DATA.glob("*.geojson")), _DATA / "measures.yaml", _DATA / "sites.csv"]:
        if path.exists():
            chars |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


@cache
def subset_font_path() -> Path:
    """Path of the smaller face used first by exports (built once per machine and data version)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = _subset_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    full = cjk_font_path()
    target = _cache_dir() / f"NotoSansCJKsc-Subset-{full.stat().st_size}-{digest}.otf"
    with _LOCK:
        if not target.exists():
            opts = subset.Options()
            opts.notdef_outline = True
            opts.layout_features = []
            opts.drop_tables += ["GSUB", "GPOS", "GDEF", "VORG", "vhea", "vmtx"]
            with TTFont(str(full)) as font:
                subsetter = subset.Subsetter(opts)
                subsetter.populate(text=text)
                subsetter.subset(font)
                for record in font["name"].names:
                    if record.nameID in (1, 3, 4, 6, 16):
                        value = SUBSET_NAME if record.nameID != 6 else SUBSET_NAME.replace(" ", "")
                        record.string = value
                _save_atomic(font, target)
    return target


LATIN_NAME = "YREB Latin Sans"
# Latin, Greek, general punctuation, letterlike symbols, arrows, maths, shapes and U+FFFD (the replacement glyph).
_LATIN_BLOCKS = ((0x20, 0x250), (0x370, 0x400), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2150),
                 (0x2190, 0x2200), (0x2200, 0x2300), (0x25A0, 0x2600), (0xFFFD, 0xFFFE))  # fmt: skip


@cache
def latin_font_path() -> Path:
    """The Latin face of every export: DejaVu Sans (shipped inside Matplotlib, its default face) cut to the
    Latin, punctuation and symbol blocks without its large layout tables, renamed (the Bitstream Vera licence
    of DejaVu allows modified versions under another name). Built once per machine; PDFs embed it fast."""
    import matplotlib
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    target = _cache_dir() / f"YrebLatinSans-{source.stat().st_size}.ttf"
    with _LOCK:
        if not target.exists():
            opts = subset.Options()
            opts.notdef_outline = True
            opts.layout_features = []
            opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
            opts.name_IDs = ["*"]
            with TTFont(str(source)) as font:
                subsetter = subset.Subsetter(opts)
                subsetter.populate(unicodes=[c for lo, hi in _LATIN_BLOCKS for c in range(lo, hi)])
                subsetter.subset(font)
                for record in font["name"].names:
                    if record.nameID in (1, 3, 4, 6, 16):
                        record.string = LATIN_NAME if record.nameID != 6 else LATIN_NAME.replace(" ", "")
                _save_atomic(font, target)
    return target


WEB_FONT_FAMILY = "YREB Noto Sans CJK SC"


def _web_font_text() -> str:
    """Every character the page may show in Chinese: the UI strings, the catalogue, place and site names."""
    from present.i18n import STRINGS

    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0x3000, 0x3040)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)} | set("·—–‘’“”…《》〔〕")
    for entry in STRINGS.values():
        for text in entry.values():
            chars |= set(text)
    for path in [_DATA / "measures.yaml", _DATA / "cities.geojson", _DATA / "sites.csv", _DATA / "provinces.geojson"]:
        if path.exists():
            chars |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x2E7F}
    return "".join(sorted(c for c in chars if c.isprintable()))


@cache
def web_font_path() -> Path:
    """A small WOFF2 face for the page: Noto Sans CJK SC subset to the characters the app and its data use
    (the system font covers anything else). Built once per machine and data version."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = _web_font_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    full = cjk_font_path()
    target = _cache_dir() / f"YrebCJK-{full.stat().st_size}-{digest}.woff2"
    with _LOCK:
        if not target.exists():
            opts = subset.Options()
            opts.flavor = "woff2"
            opts.layout_features = ["kern", "liga", "vert", "locl"]
            opts.drop_tables += ["VORG", "vhea", "vmtx"]
            with TTFont(str(full)) as font:
                subsetter = subset.Subsetter(opts)
                subsetter.populate(text=text)
                subsetter.subset(font)
                font.flavor = "woff2"
                _save_atomic(font, target)
    return target


@cache
def register_matplotlib_font() -> str:
    """Register the faces with Matplotlib (Latin, then CJK subset, then full CJK); returns the first family."""
    import matplotlib
    from matplotlib import font_manager

    names = []
    # Latin first (proportional apostrophes and quotes), then the CJK faces; Matplotlib picks, per
    # character, the first face that has it.
    for path in (latin_font_path(), subset_font_path(), cjk_font_path()):
        font_manager.fontManager.addfont(str(path))
        names.append(font_manager.FontProperties(fname=str(path)).get_name())
    matplotlib.rcParams.update({
        "font.family": names,
        "pdf.fonttype": 42,  # embed the (subset) font itself: text stays selectable and extractable
        "svg.fonttype": "none",  # keep SVG text as text; exports embed a subset font as @font-face
        "axes.unicode_minus": False,
        # Every string we draw is data or a label, never math: "$x$" in a title stays "$x$" (and nested
        # math cannot crash the renderer).
        "text.parse_math": False,
    })  # fmt: skip
    return names[0]


def matplotlib_families() -> list[str]:
    """Font families exports use, in fallback order."""
    import matplotlib

    register_matplotlib_font()
    return list(matplotlib.rcParams["font.family"])


__all__ = [
    "SC_FACE_NAME",
    "cjk_font_path",
    "configure",
    "latin_font_path",
    "matplotlib_families",
    "register_matplotlib_font",
    "subset_font_path",
]
