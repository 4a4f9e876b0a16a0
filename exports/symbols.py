"""Matplotlib markers with the shapes of the style table (present.style.SHAPES), as the live map draws them."""

from __future__ import annotations

import numpy as np
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path

from present.style import SHAPES


def _centre(points) -> np.ndarray:
    """Shape points (18 × 18 box, y down) → marker vertices (centred on 0, y up, unit half-size)."""
    arr = np.asarray(points, dtype=float)
    return np.column_stack([(arr[:, 0] - 9) / 9, (9 - arr[:, 1]) / 9])


def marker(symbol: str) -> MarkerStyle | str:
    """A Matplotlib marker for a symbol name of :data:`present.style.SHAPES`."""
    shape = SHAPES[symbol]
    if shape["kind"] == "cross":
        return "x"
    if shape["kind"] in ("ring", "circle"):
        return "o"
    if shape["kind"] in ("line", "dash"):
        return "_"
    if shape["kind"] == "box":
        return "s"
    verts = _centre(shape["points"])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(verts) - 1) + [Path.CLOSEPOLY]
    return MarkerStyle(Path(np.vstack([verts, verts[:1]]), codes))


__all__ = ["marker"]
