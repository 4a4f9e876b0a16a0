"""WGS 84 → GCJ-02, the offset coordinate system of AMap (Gaode) and other Chinese web maps.

Overlays drawn on AMap tiles must be shifted by this transform (up to several hundred metres),
or they sit visibly off. The algorithm is the widely published one (Krasovsky 1940 ellipsoid
constants); points outside mainland China's rough box are returned unchanged.
"""

from __future__ import annotations

import numpy as np
import shapely

_A = 6378245.0
_EE = 0.00669342162296594323


def _out_of_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat):
    """Convert WGS 84 longitude/latitude (scalars or arrays) to GCJ-02.

    Parameters
    ----------
    lon, lat : float or array-like
        WGS 84 degrees.

    Returns
    -------
    (lon, lat)
        GCJ-02 degrees, same shape as the input; points outside China are unchanged.
    """
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon_a, lat_a)
    outside = _out_of_china(lon_a, lat_a)
    out_lon = np.where(outside, lon_a, lon_a + dlon)
    out_lat = np.where(outside, lat_a, lat_a + dlat)
    if np.ndim(lon) == 0:
        return float(out_lon), float(out_lat)
    return out_lon, out_lat


def to_gcj02(geometry):
    """Return a shapely geometry (or array of them) with every vertex shifted to GCJ-02."""

    def shift(coords: np.ndarray) -> np.ndarray:
        lon, lat = wgs84_to_gcj02(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometry, shift)


__all__ = ["to_gcj02", "wgs84_to_gcj02"]
