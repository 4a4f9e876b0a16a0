"""Data loaded once per process and shared by every session (Streamlit resource caches).

The catalogue is keyed by its path, size and modification time, so an edited file is picked up
on the next rerun; if the edit breaks it, the app shows the problems and keeps serving the last
good catalogue from that path.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit.logger import get_logger

from geo.basemap import Basemap, WebPolygons, generalise_for_web, load_basemap
from geo.dataset import DATA_DIR, Dataset, load_dataset_with, measures_path
from geo.errors import CatalogueError, GeoDataError, Problem
from geo.facilities import load_facilities
from geo.places import Places, load_places
from geo.settings import Settings
from geo.sites import Sites, load_sites
from present.assets import check_url, clean_generated, install_vendor_assets, install_web_font, publish_json
from present.facilities_view import facilities_points, facilities_spec
from present.scene import base_collections, filter_layers, inline
from present.search import search_index
from present.sites_view import site_layers, site_spec_key

_LOCK = threading.Lock()
# Streamlit's logger setup (handler, level from .streamlit/config.toml): the load script counts
# these lines to show that data is loaded once per process, not once per session.
_LOG = get_logger("yreb")
_LAST_GOOD: dict[str, Dataset] = {}
LOAD_COUNTS: dict[str, int] = {"places": 0, "catalogue": 0, "basemap": 0}


@st.cache_resource(show_spinner=False)
def places() -> Places:
    """The place layers (validated)."""
    LOAD_COUNTS["places"] += 1
    _LOG.info("yreb: loaded places (%d in this process)", LOAD_COUNTS["places"])
    return load_places(DATA_DIR)


@st.cache_resource(show_spinner=False, max_entries=4)
def _sites(folder: str, stamp: tuple) -> Sites:
    LOAD_COUNTS["sites"] = LOAD_COUNTS.get("sites", 0) + 1
    _LOG.info("yreb: loaded sites from %s (%d in this process)", folder, LOAD_COUNTS["sites"])
    return load_sites(folder, places())


def sites(settings: Settings | None = None) -> Sites:
    """The sites of the green-manufacturing lists and the 2018 development zones (validated): those of the
    ``sites`` setting, or the built-in ones when it is unset or its files are rejected (logged, and reported
    by :func:`sites_error`)."""
    folder = str(settings.sites) if settings is not None and settings.sites else str(DATA_DIR)
    try:
        files = (Path(folder) / "sites.csv", Path(folder) / "site_sources.csv")
        stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        return _sites(folder, stamp)
    except (OSError, GeoDataError) as exc:
        if folder == str(DATA_DIR):
            raise
        _SITES_ERRORS[folder] = exc
        _LOG.error("yreb: sites in %s rejected: %s", folder, exc)
        return sites(None)


_SITES_ERRORS: dict[str, Exception] = {}


def sites_error(settings: Settings) -> Exception | None:
    """The problem with the ``sites`` setting's files, if they were rejected."""
    sites(settings)
    return _SITES_ERRORS.get(str(settings.sites)) if settings.sites else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _site_layer_files(sites_key: str, spec_key: tuple, _sites: Sites, _spec, lang: str, crs: str) -> dict:
    layers = site_layers(_sites, _spec, lang, crs)
    return {style: (publish_json(fc), len(fc["features"])) for style, fc in layers.items()}


def site_sources(sites_in_use: Sites, spec, lang: str, crs: str) -> tuple[dict[str, dict], set[str]]:
    """The site layers of a view as published files (the lists are the same for every session), and the
    styles that have something to draw."""
    files = _site_layer_files(sites_in_use.key, site_spec_key(spec), sites_in_use, spec, lang, crs)
    sources = {style: {"url": check_url(url)} for style, (url, _) in files.items()}
    return sources, {style for style, (_, n) in files.items() if n}


@st.cache_resource(show_spinner=False)
def basemap() -> Basemap:
    """Basemap layers (validated)."""
    LOAD_COUNTS["basemap"] += 1
    _LOG.info("yreb: loaded basemap (%d in this process)", LOAD_COUNTS["basemap"])
    return load_basemap(DATA_DIR)


@st.cache_resource(show_spinner=False)
def web_polygons() -> WebPolygons:
    """Prefectures, provinces and reaches generalised for the browser."""
    return generalise_for_web(places(), tolerance=0.02)


@st.cache_resource(show_spinner=False, max_entries=16)
def _catalogue(path: str, mtime_ns: int, size: int, max_bytes: int) -> Dataset:
    LOAD_COUNTS["catalogue"] += 1
    _LOG.info("yreb: loaded catalogue %s (%d in this process)", path, LOAD_COUNTS["catalogue"])
    return load_dataset_with(places(), path, max_bytes)


def dataset(settings: Settings) -> tuple[Dataset | None, GeoDataError | None]:
    """The catalogue in use (the ``measures`` setting or the built-in one) and its error, if any.

    Returns
    -------
    (Dataset or None, GeoDataError or None)
        On an error, the last good dataset loaded from the same path (or None) and the error.
    """
    path = measures_path(settings.measures)
    key = str(path)
    try:
        stat = Path(path).stat()
    except OSError as exc:
        error = CatalogueError(Problem(key, None, "", f"cannot read the file: {exc.strerror}", "check the path"))
        return _LAST_GOOD.get(key), error
    try:
        data = _catalogue(key, stat.st_mtime_ns, stat.st_size, settings.catalogue_max_bytes)
    except GeoDataError as exc:
        return _LAST_GOOD.get(key), exc
    with _LOCK:
        _LAST_GOOD[key] = data
    return data, None


@st.cache_resource(show_spinner=False, max_entries=4)
def _env_facilities(path: str, mtime_ns: int, size: int, max_bytes: int, max_rows: int):
    LOAD_COUNTS["facilities"] = LOAD_COUNTS.get("facilities", 0) + 1
    _LOG.info("yreb: loaded facilities %s", path)
    return load_facilities(path, places(), max_bytes=max_bytes, max_rows=max_rows)


@dataclass(frozen=True)
class FacilitiesInUse:
    """Facilities a session sees: from ``$YREB_FACILITIES`` (shared by every session) or its own upload."""

    name: str
    key: str  # content hash (uploads) or path, time and size (the shared file): what signatures key on
    frame: gpd.GeoDataFrame
    shared: bool  # False for an upload: nothing derived from it is written to disk or served by URL


def env_facilities(settings: Settings) -> FacilitiesInUse | None:
    """The facilities of the ``facilities`` setting, or None (errors are logged, not fatal)."""
    if settings.facilities is None:
        return None
    path = str(settings.facilities)
    try:
        stat = Path(path).stat()
        frame = _env_facilities(path, stat.st_mtime_ns, stat.st_size, settings.facilities_max_bytes,
                                settings.facilities_max_rows)  # fmt: skip
    except (OSError, GeoDataError) as exc:
        _LOG.error("yreb: facilities file %s rejected: %s", path, exc)
        return None
    return FacilitiesInUse(Path(path).name, f"env-{path}-{stat.st_mtime_ns}-{stat.st_size}", frame, shared=True)


def facilities_view(facilities: FacilitiesInUse, lang: str, crs: str, points_limit: int) -> dict:
    """The facilities spec the map draws.

    The shared file's points are published as a file the browser fetches; an upload's points travel with
    its own session's page only (never a file on disk or a URL others could fetch).
    """
    if facilities.shared:
        spec = _shared_facilities_spec(facilities.frame, facilities.key, lang, crs, points_limit)
        return {**spec, "points": {"url": check_url(spec["points"]["url"])}}
    cached = st.session_state.get("_facilities_spec")
    key = (facilities.key, lang, crs, points_limit)
    if cached is None or cached[0] != key:
        points = inline(facilities_points(facilities.frame, crs))
        cached = (key, facilities_spec(facilities.frame, places(), lang, crs, points, facilities.key, points_limit))
        st.session_state["_facilities_spec"] = cached
    return cached[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared_facilities_spec(_frame, key: str, lang: str, crs: str, points_limit: int) -> dict:
    points = {"url": publish_json(facilities_points(_frame, crs))}
    return facilities_spec(_frame, places(), lang, crs, points, key, points_limit)


def filter_layers_for(data: Dataset, spec, lang: str, crs: str) -> dict:
    """Overlay layers for a filter, shared by every session viewing the same catalogue and filter.

    Keyed by the catalogue's content (``data.key``), never by the object's address: an uploaded dataset is
    freed when its session leaves, and CPython gives its address to the next object of that size.
    """
    return _filter_layers(data, data.key, spec, lang, crs)


@st.cache_resource(show_spinner=False, max_entries=64)
def _filter_layers(_data: Dataset, data_key: str, spec, lang: str, crs: str) -> dict:
    return filter_layers(_data, spec, lang, crs)


FILTER_KEYS = ("cities", "outlines")


def filter_sources(data: Dataset, spec, lang: str, crs: str, shared: bool) -> dict[str, dict]:
    """Where the browser gets each filter layer: a published file (catalogues every session shares) or the
    data itself (an upload, which must stay in its session)."""
    layers = filter_layers_for(data, spec, lang, crs)
    if not shared:
        out = {key: inline(layers[key]) for key in FILTER_KEYS}
        out.update({f"role-{role}": inline(fc) for role, fc in layers["roles"].items()})
        return out
    urls = _filter_layer_files(data, data.key, spec, lang, crs)
    return {key: {"url": check_url(url)} for key, url in urls.items()}


@st.cache_resource(show_spinner=False, max_entries=64)
def _filter_layer_files(_data: Dataset, data_key: str, spec, lang: str, crs: str) -> dict[str, str]:
    layers = filter_layers_for(_data, spec, lang, crs)
    urls = {key: publish_json(layers[key]) for key in FILTER_KEYS}
    urls.update({f"role-{role}": publish_json(fc) for role, fc in layers["roles"].items()})
    return urls


@st.cache_data(show_spinner=False, max_entries=4)
def builtin_catalogue_bytes(path: str) -> bytes:
    """The catalogue file in use (for download)."""
    return Path(path).read_bytes()


@st.cache_resource(show_spinner=False)
def _runtime_assets() -> dict[str, str]:
    from exports.fonts import web_font_path

    removed = clean_generated()
    if any(removed.values()):
        _LOG.info("yreb: cleaned generated files %s", removed)
    return {**install_vendor_assets(), "font": install_web_font(web_font_path())}


def runtime_assets() -> dict[str, str]:
    """Leaflet and the map runtime, served by the app (installed once per process, checked every run)."""
    return {key: check_url(url) for key, url in _runtime_assets().items()}


@st.cache_resource(show_spinner=False, max_entries=8)
def _base_layer_urls(lang: str, crs: str) -> dict[str, str]:
    collections = base_collections(basemap(), web_polygons(), lang, crs)
    return {key: publish_json(fc) for key, fc in collections.items()}


def base_sources(lang: str, crs: str) -> dict[str, dict]:
    """The filter-independent layers as files the browser fetches (published once per language and CRS)."""
    return {key: {"url": check_url(url)} for key, url in _base_layer_urls(lang, crs).items()}


@st.cache_resource(show_spinner=False, max_entries=8)
def base_styles(lang: str, crs: str) -> frozenset[str]:
    """The styles the base layers draw (for the legend)."""
    from present.web_scene import feature_styles

    collections = base_collections(basemap(), web_polygons(), lang, crs)
    return frozenset().union(*(feature_styles(fc) for fc in collections.values()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _search_url(lang: str, crs: str, sites_key: str, _sites: Sites) -> str:
    return publish_json(search_index(places(), lang, crs, _sites))


def search_source(lang: str, crs: str, sites_in_use: Sites) -> dict:
    """The find-a-place index (every place of the gazetteer and every listed park, zone and firm), a file
    fetched once."""
    return {"url": check_url(_search_url(lang, crs, sites_in_use.key, sites_in_use))}


__all__ = ["LOAD_COUNTS", "FacilitiesInUse", "base_sources", "base_styles", "basemap", "dataset", "env_facilities",
           "facilities_view", "filter_layers_for", "filter_sources", "places", "runtime_assets", "search_source",
           "site_sources", "sites", "sites_error", "web_polygons"]  # fmt: skip
