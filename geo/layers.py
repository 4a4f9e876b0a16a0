"""Strict GeoJSON loading: check everything, repair nothing.

Every feature is checked for an id, its geometry type, finite coordinates inside
longitude/latitude bounds, closed rings, validity and required non-null properties.
A bad feature is reported by id (never dropped, never "fixed" with ``buffer(0)``),
and all problems of a file are reported together.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape

from geo.errors import LayerError, Problem

MAX_LAYER_BYTES = 50 * 1024 * 1024
# Loose box around China: catches swapped lat/lon (e.g. 31, 121) and stray points.
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)
_WGS84_NAMES = {
    None,
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def _properties(feature) -> dict:
    """A feature's properties, or {} when they are missing or not an object."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    return props if isinstance(props, dict) else {}


def _feature_id(feature):
    """The top-level id, else ``properties.id`` (None when there is neither)."""
    return feature.get("id", _properties(feature).get("id")) if isinstance(feature, dict) else None


def _positions(coords) -> Iterable[list]:
    """Yield every [x, y, ...] position of a GeoJSON coordinates array."""
    if coords and isinstance(coords[0], (int, float)) and not isinstance(coords[0], bool):
        yield coords
        return
    for part in coords or []:
        if isinstance(part, list):
            yield from _positions(part)


def _rings(geom: dict) -> Iterable[list]:
    kind, coords = geom.get("type"), geom.get("coordinates")
    if kind == "Polygon":
        yield from (ring for ring in coords or [] if isinstance(ring, list))
    elif kind == "MultiPolygon":
        for poly in coords or []:
            if isinstance(poly, list):
                yield from (ring for ring in poly if isinstance(ring, list))


def _label(feature: dict, index: int) -> tuple[str, object, dict]:
    """The feature's label for messages (its id, else its index), its id and its properties."""
    raw_props = feature.get("properties")
    props = raw_props if isinstance(raw_props, dict) else {}
    fid = feature.get("id", props.get("id"))
    label = f"feature {fid!r}" if isinstance(fid, (str, int)) and not isinstance(fid, bool) else f"features[{index}]"
    return label, fid, props


def _header_problems(feature: dict, fid, props: dict, required: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(message, hint) for the properties and id of a feature."""
    out: list[tuple[str, str | None]] = []
    if feature.get("properties") is not None and not isinstance(feature.get("properties"), dict):
        out.append(("properties must be an object or null", None))
    if fid is None:
        out.append(("has no id", "give every feature an 'id' (top level or in properties)"))
    elif not isinstance(fid, (str, int, float)) or isinstance(fid, bool):
        out.append(("id must be a string or a number", None))
    out += [(f"property {key!r} is missing or null", None) for key in required if props.get(key) is None]
    return out


def _geometry_shape_problem(geom, geometry_types: tuple[str, ...]) -> tuple[str, str | None] | None:
    """What is wrong with the geometry object itself (null, wrong type, no coordinates), if anything."""
    if geom is None:
        return "geometry is null", "every feature needs a geometry"
    if not isinstance(geom, dict) or geom.get("type") not in geometry_types:
        got = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
        return f"expected geometry of type {' or '.join(geometry_types)}, got {got!r}", None
    if not isinstance(geom.get("coordinates"), list):
        return "coordinates must be an array", None
    return None


def _position_problem(pos, bounds) -> tuple[str, str | None] | None:
    """What is wrong with one position (not numbers, not finite, off the globe, outside ``bounds``)."""
    if len(pos) < 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos):
        return f"coordinate {pos!r} is not a pair of numbers", None
    x, y = pos[0], pos[1]
    if not (math.isfinite(x) and math.isfinite(y)):
        return f"coordinate {pos!r} is not finite", None
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        return (f"coordinate ({x}, {y}) is outside longitude -180..180 / latitude -90..90",
                "GeoJSON order is [longitude, latitude]")  # fmt: skip
    if bounds and not (bounds[0] <= x <= bounds[2] and bounds[1] <= y <= bounds[3]):
        swapped = bounds[0] <= y <= bounds[2] and bounds[1] <= x <= bounds[3]
        hint = "longitude and latitude look swapped; GeoJSON order is [longitude, latitude]" if swapped else None
        return f"coordinate ({x}, {y}) is outside the expected area {bounds}", hint
    return None


def _coordinates_problem(geom: dict, bounds) -> tuple[str, str | None] | None:
    """The first problem of the positions and rings of a geometry, if any."""
    positions = list(_positions(geom.get("coordinates")))
    if not positions:
        return "geometry is empty", None
    for pos in positions:
        problem = _position_problem(pos, bounds)
        if problem:
            return problem
    for ring in _rings(geom):
        if len(ring) < 4 or ring[0] != ring[-1]:
            return ("a polygon ring is not closed (first and last position differ, or fewer than 4 positions)",
                    "close the ring by repeating its first position at the end")  # fmt: skip
    return None


def _read_shape(geom: dict):
    """(shape, None) or (None, (message, hint)): never repaired, an invalid geometry is a problem."""
    try:
        shp = shape(geom)
    except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
        return None, (f"geometry cannot be read: {exc}", None)
    if shp.is_empty:
        return shp, ("geometry is empty", None)
    if not shp.is_valid:
        hint = "fix it in a GIS (e.g. split a self-intersecting 'bow-tie' polygon); it is not repaired automatically"
        return shp, (f"geometry is invalid: {shapely.is_valid_reason(shp)}", hint)
    return shp, None


def _feature_problems(
    feature, index: int, name: str, geometry_types: tuple[str, ...], required: tuple[str, ...], bounds, shapes: list
) -> tuple[str, list[Problem]]:
    """Check one feature; return its label (id or index) and what is wrong with it (appends its geometry)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return f"features[{index}]", [Problem(name, None, f"features[{index}]", "expected a GeoJSON Feature")]
    label, fid, props = _label(feature, index)
    found = _header_problems(feature, fid, props, required)
    geom = feature.get("geometry")
    problem = _geometry_shape_problem(geom, geometry_types) or _coordinates_problem(geom, bounds)
    if problem is None:
        shp, problem = _read_shape(geom)
        if shp is not None:
            shapes.append(shp)
    if problem is not None:
        found.append(problem)
    return label, [Problem(name, None, label, message, hint) for message, hint in found]


def parse_layer(
    raw: bytes,
    name: str,
    *,
    geometry_types: tuple[str, ...],
    required: tuple[str, ...] = (),
    bounds: tuple[float, float, float, float] | None = CHINA_BOUNDS,
) -> gpd.GeoDataFrame:
    """Validate GeoJSON bytes and return them as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    raw : bytes
        A GeoJSON FeatureCollection.
    name : str
        How the file is named in messages.
    geometry_types : tuple of str
        Allowed GeoJSON geometry types, e.g. ``("Polygon", "MultiPolygon")``.
    required : tuple of str
        Properties that must be present and non-null on every feature.
    bounds : (minx, miny, maxx, maxy), optional
        Coordinates outside this box are rejected (catches swapped lat/lon).

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by feature id, one column per property.

    Raises
    ------
    LayerError
        Listing every bad feature by id.
    """
    if len(raw) > MAX_LAYER_BYTES:
        raise LayerError(Problem(name, None, "", f"file is {len(raw):,} bytes; the limit is {MAX_LAYER_BYTES:,}"))
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LayerError(Problem(name, None, "", "not UTF-8 text", "save the file as UTF-8")) from None
    except json.JSONDecodeError as exc:
        raise LayerError(
            Problem(
                name,
                exc.lineno,
                "",
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                "the file looks truncated" if exc.pos >= len(raw) - 200 else None,
            )
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise LayerError(Problem(name, None, "", "expected a GeoJSON FeatureCollection"))
    crs = doc.get("crs")
    crs_props = crs.get("properties") if isinstance(crs, dict) else None
    crs_name = crs_props.get("name") if isinstance(crs_props, dict) else crs
    if isinstance(crs, dict) and not isinstance(crs_props, dict):
        crs_name = repr(crs_props)[:80]
    if not (crs_name is None or isinstance(crs_name, str)) or crs_name not in _WGS84_NAMES:
        crs_name = crs_name if isinstance(crs_name, str) or crs_name is None else repr(crs_name)[:80]
        raise LayerError(
            Problem(
                name,
                None,
                "crs",
                f"expected WGS 84 longitude/latitude (EPSG:4326), got {crs_name!r}",
                "reproject to EPSG:4326, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`",
            )
        )
    problems: list[Problem] = []
    shapes: list = []  # the geometries built while checking, reused for the frame
    seen: set = set()
    for i, feature in enumerate(doc["features"]):
        label, found = _feature_problems(feature, i, name, geometry_types, required, bounds, shapes)
        problems.extend(found)
        fid = _feature_id(feature)
        if isinstance(fid, (str, int, float)) and not isinstance(fid, bool):
            if fid in seen:
                problems.append(Problem(name, None, label, "duplicate feature id"))
            seen.add(fid)
    if not doc["features"]:
        problems.append(Problem(name, None, "", "the collection has no features"))
    if problems:
        raise LayerError(problems)
    rows = [{**_properties(f), "id": _feature_id(f)} for f in doc["features"]]
    gdf = gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4326")
    out = gdf.set_index("id", drop=False).rename_axis(None)
    # What the layer was read from, so caches and export signatures key on content, never on object identity.
    out.attrs["sha256"] = hashlib.sha256(raw).hexdigest()
    return out


def load_layer(path: str | Path, **checks) -> gpd.GeoDataFrame:
    """Read a GeoJSON file and validate it with :func:`parse_layer`.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    **checks
        Passed to :func:`parse_layer` (``geometry_types``, ``required``, ``bounds``).

    Returns
    -------
    geopandas.GeoDataFrame
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LayerError(
            Problem(str(path), None, "", f"cannot read the file: {exc.strerror}", "check the path")
        ) from None
    return parse_layer(raw, str(path), **checks)


__all__ = ["CHINA_BOUNDS", "load_layer", "parse_layer"]
