"""Scripts, styles, fonts and data files the app serves itself (no CDN at runtime), kept healthy.

Leaflet comes from the ``xstatic-leaflet`` package installed from PyPI; the map runtime
(``present/web/yreb-map.js`` and ``.css``) is the project's own. Both are copied into
``static/vendor`` (git-ignored), where Streamlit's static serving (``.streamlit/config.toml``) serves
them from the app's own origin under names that carry their content hash, so browsers may cache them.

Layers of catalogues every session shares are published as content-addressed JSON files under
``static/gen``. Generated files are written atomically (temporary file + rename) and checked before
every use: a file that went missing or whose size or modification time changed is hashed again and
rewritten when it no longer matches, so deleting or truncating the folder under a running server
costs one rewrite, never a broken map. Old files and stray temporary files are cleaned at start.
Nothing derived from an upload is ever written here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
WEB_DIR = Path(__file__).resolve().parent / "web"
# URLs are relative to the app page, which Streamlit serves at its root (static files under app/static/).
STATIC_URL = "app/static/"
LEAFLET_DIR = Path(xs_leaflet.BASE_DIR)
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")
TEMP_PREFIX = ".tmp-"
_LOCK = threading.Lock()


def write_atomic(path: Path, data: bytes, prefix: str = TEMP_PREFIX, suffix: str = "") -> None:
    """Write the file whole or not at all: a temporary file beside it, then a rename (a reader, or a full disk,
    never sees half a file). The file is readable by all (0644) like any file the user writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    try:
        # mkstemp makes the file private (0600); published files are read by a web server in front of the app
        # (nginx serving the shared static folder, docs/deploy.md) as another user.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass
class _Entry:
    data: bytes
    sha: str
    stat: tuple[int, int] | None = None  # (size, mtime_ns) when last verified


class Published:
    """Files this process published, each verified against its content before use and rewritten if needed."""

    def __init__(self) -> None:
        self.entries: dict[Path, _Entry] = {}
        self.rewrites = 0

    def ensure(self, path: Path, data: bytes | None = None) -> None:
        """Make sure ``path`` holds ``data`` (or what it was published with): cheap when nothing changed."""
        with _LOCK:
            entry = self.entries.get(path)
            if entry is None:
                assert data is not None, f"{path} was never published"
                entry = self.entries[path] = _Entry(data, hashlib.sha256(data).hexdigest())
            try:
                st = path.stat()
                now = (st.st_size, st.st_mtime_ns)
            except OSError:
                now = None
            if now is not None and now == entry.stat:
                return
            if (
                now is not None
                and now[0] == len(entry.data)
                and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha
            ):
                entry.stat = now
                if st.st_mode & 0o044 != 0o044:  # intact, but written private by an older version
                    with contextlib.suppress(OSError):
                        path.chmod(0o644)
                return
            write_atomic(path, entry.data)
            self.rewrites += 1
            st = path.stat()
            entry.stat = (st.st_size, st.st_mtime_ns)


PUBLISHED = Published()


def _copy(src: Path, dst: Path) -> None:
    PUBLISHED.ensure(dst, src.read_bytes())


def install_vendor_assets(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Copy Leaflet and the map runtime into the static folder (idempotent, self-healing).

    Returns
    -------
    dict
        ``leaflet_js``, ``leaflet_css``, ``map_js``, ``map_css``: URLs relative to the app page.
    """
    base = f"vendor/leaflet-{xs_leaflet.VERSION}/"
    for name in LEAFLET_FILES:
        _copy(LEAFLET_DIR / name, static_dir / base / name)
    out = {"leaflet_js": STATIC_URL + base + "leaflet.js", "leaflet_css": STATIC_URL + base + "leaflet.css"}
    # The page opens faster with fewer requests (the browser opens six connections per host and Streamlit's
    # own scripts use them too): Leaflet and the runtime are served as one script and one style sheet,
    # under a name that carries their content hash (Leaflet's images stay beside its own CSS above).
    for ext in ("js", "css"):
        raw = (LEAFLET_DIR / f"leaflet.{ext}").read_bytes() + b"\n" + (WEB_DIR / f"yreb-map.{ext}").read_bytes()
        if ext == "css":
            raw = raw.replace(b"url(images/", f"url(leaflet-{xs_leaflet.VERSION}/images/".encode())
        hashed = f"vendor/map-{hashlib.sha256(raw).hexdigest()[:12]}.{ext}"
        PUBLISHED.ensure(static_dir / hashed, raw)
        out[f"map_{ext}"] = STATIC_URL + hashed
    return out


WEB_FONT_URL = STATIC_URL + "vendor/fonts/yreb-cjk.woff2"  # named in .streamlit/config.toml ([[theme.fontFaces]])


def install_web_font(font: Path, static_dir: Path = STATIC_DIR) -> str:
    """Serve the page's CJK font subset at the fixed URL the Streamlit theme names; returns that URL."""
    PUBLISHED.ensure(static_dir / WEB_FONT_URL[len(STATIC_URL) :], font.read_bytes())
    return WEB_FONT_URL


def leaflet_inline() -> dict[str, str]:
    """Leaflet's JS and CSS text, for standalone HTML that must open offline from a file."""
    return {
        "js": (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"),
        "css": (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"),
    }


def runtime_inline() -> dict[str, str]:
    """The map runtime's JS and CSS text (standalone HTML)."""
    return {
        "js": (WEB_DIR / "yreb-map.js").read_text(encoding="utf-8"),
        "css": (WEB_DIR / "yreb-map.css").read_text(encoding="utf-8"),
    }


def json_bytes(obj: object) -> bytes:
    """Compact UTF-8 JSON (no NaN)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def publish_json(obj: object, static_dir: Path = STATIC_DIR) -> str:
    """Write ``obj`` as a content-addressed JSON file under ``static/gen`` and return its URL."""
    return publish_bytes(json_bytes(obj), "json", static_dir)


def publish_bytes(data: bytes, ext: str, static_dir: Path = STATIC_DIR) -> str:
    """Write ``data`` as a content-addressed file under ``static/gen`` and return its URL."""
    digest = hashlib.sha256(data).hexdigest()[:20]
    PUBLISHED.ensure(static_dir / "gen" / f"{digest}.{ext}", data)
    return f"{STATIC_URL}gen/{digest}.{ext}"


def check_url(url: str, static_dir: Path = STATIC_DIR) -> str:
    """Before a URL is handed to a page: make sure its file is still there and intact (cheap when it is)."""
    if url.startswith(STATIC_URL):
        path = static_dir / url[len(STATIC_URL) :]
        if path in PUBLISHED.entries:
            PUBLISHED.ensure(path)
    return url


def clean_generated(
    static_dir: Path = STATIC_DIR, max_age_days: float = 30, max_bytes: int = 200 * 1024 * 1024
) -> dict:
    """Remove stray temporary files, files not used for ``max_age_days`` and, past ``max_bytes``, the least
    recently used; files this process published are kept. Returns what was removed (for the log)."""
    folder = static_dir / "gen"
    removed = {"temporary": 0, "old": 0, "over_size": 0}
    if not folder.is_dir():
        return removed
    now, keep = time.time(), set(PUBLISHED.entries)
    files = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.name.startswith(TEMP_PREFIX):
                path.unlink()
                removed["temporary"] += 1
            elif path.is_file() and path not in keep:
                st = path.stat()
                if now - max(st.st_atime, st.st_mtime) > max_age_days * 86400:
                    path.unlink()
                    removed["old"] += 1
                else:
                    files.append((max(st.st_atime, st.st_mtime), st.st_size, path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= max_bytes:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            removed["over_size"] += 1
            total -= size
    return removed


__all__ = [
    "PUBLISHED",
    "STATIC_DIR",
    "check_url",
    "clean_generated",
    "install_vendor_assets",
    "json_bytes",
    "leaflet_inline",
    "publish_bytes",
    "publish_json",
    "runtime_inline",
    "write_atomic",
]
