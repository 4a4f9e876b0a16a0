"""Basemap layers (land, ocean, neighbouring provinces, rivers, lakes) and web generalisation.

The default map is drawn from these, so the first view needs no network. For the browser the
prefecture coverage is simplified once more, topology-preservingly (shared borders still meet),
and provinces and reaches are dissolved from the simplified prefectures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geo.layers import load_layer
from geo.places import Places, content_key

POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")
WEB_TOLERANCE = 0.01  # degrees, about 1 km: invisible at the belt-wide zoom levels
WEB_GRID = 1e-4  # coordinates rounded to ~10 m for the browser


@dataclass(frozen=True)
class Basemap:
    """Context layers for the offline basemap."""

    land: gpd.GeoDataFrame
    ocean: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    lakes: gpd.GeoDataFrame

    @property
    def key(self) -> str:
        """A hash of the layers' contents (see :func:`geo.places.content_key`)."""
        return content_key(self.land, self.ocean, self.neighbours, self.rivers, self.lakes)


def load_basemap(data_dir: str | Path) -> Basemap:
    """Load and validate the basemap layers of a data folder.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding land, ocean, neighbours, rivers and lakes GeoJSON.

    Returns
    -------
    Basemap
    """
    data_dir = Path(data_dir)
    box = (90.0, 15.0, 130.0, 40.0)
    return Basemap(
        land=load_layer(data_dir / "land.geojson", geometry_types=POLYGONS, bounds=box),
        ocean=load_layer(data_dir / "ocean.geojson", geometry_types=POLYGONS, bounds=box),
        neighbours=load_layer(data_dir / "neighbours.geojson", geometry_types=POLYGONS, bounds=box),
        rivers=load_layer(data_dir / "rivers.geojson", geometry_types=LINES, required=("main",), bounds=box),
        lakes=load_layer(data_dir / "lakes.geojson", geometry_types=POLYGONS, bounds=box),
    )


@dataclass(frozen=True)
class WebPolygons:
    """Generalised polygons for the browser; the three layers share every border vertex."""

    prefectures: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    reaches: gpd.GeoDataFrame


def generalise_for_web(places: Places, tolerance: float = WEB_TOLERANCE, grid: float = WEB_GRID) -> WebPolygons:
    """Simplify the prefecture coverage and dissolve provinces and reaches from it.

    Parameters
    ----------
    places : Places
        Loaded place layers.
    tolerance : float
        Simplification tolerance in degrees.
    grid : float
        Coordinates are snapped to this grid (degrees) after simplification.

    Returns
    -------
    WebPolygons
    """
    pref = places.prefectures.copy()
    simple = shapely.coverage_simplify(pref.geometry.values, tolerance)
    pref["geometry"] = shapely.set_precision(simple, grid)
    provinces = places.provinces.copy()
    provinces["geometry"] = [
        shapely.coverage_union_all(pref.loc[pref["province"] == pid, "geometry"].values) for pid in provinces["id"]
    ]
    reaches = places.reaches.copy()
    reaches["geometry"] = [
        shapely.coverage_union_all(provinces.loc[provinces["reach"] == rid, "geometry"].values) for rid in reaches["id"]
    ]
    return WebPolygons(pref, provinces, reaches)


def simplify_layer(gdf: gpd.GeoDataFrame, tolerance: float = WEB_TOLERANCE, grid: float = WEB_GRID):
    """A copy of a context layer, simplified and snapped for the browser."""
    out = gdf.copy()
    out["geometry"] = shapely.set_precision(shapely.simplify(out.geometry.values, tolerance), grid)
    return out[~out.geometry.is_empty]


__all__ = ["Basemap", "WebPolygons", "generalise_for_web", "load_basemap", "simplify_layer"]
