"""Matplotlib markers with the same shapes as the interactive map's SVG symbols."""

from __future__ import annotations

import numpy as np
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path

# The SVG shapes are drawn in an 18×18 box with y pointing down; here centred and y up.
_POLYGONS = {
    "square": [(3, 3), (15, 3), (15, 15), (3, 15)],
    "triangle": [(9, 2), (16, 15), (2, 15)],
    "diamond": [(9, 1), (17, 9), (9, 17), (1, 9)],
    "star": [(9, 1), (11.4, 6.6), (17, 6.9), (12.7, 10.6), (14, 16.5), (9, 13.4), (4, 16.5), (5.3, 10.6), (1, 6.9),
             (6.6, 6.6)],
    "chevron": [(9, 2), (16, 12), (12, 12), (12, 16), (6, 16), (6, 12), (2, 12)],
    "chevrons": [(9, 16), (16, 6), (12, 6), (12, 2), (6, 2), (6, 6), (2, 6)],
}  # fmt: skip


def _centre(points) -> np.ndarray:
    arr = np.asarray(points, dtype=float)
    return np.column_stack([(arr[:, 0] - 9) / 9, (9 - arr[:, 1]) / 9])


def marker(symbol: str) -> MarkerStyle | str:
    """A Matplotlib marker for a symbol name used in :data:`present.style.ROLE_SYMBOLS`."""
    if symbol == "cross":
        return "x"
    if symbol == "ring":
        return "o"
    verts = _centre(_POLYGONS[symbol])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(verts) - 1) + [Path.CLOSEPOLY]
    return MarkerStyle(Path(np.vstack([verts, verts[:1]]), codes))


__all__ = ["marker"]
