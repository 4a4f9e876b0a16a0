"""Place labels without collisions: provincial capitals, the places the catalogue names and the selected place.

Greedy placement, most important label first: each label tries eight positions around its place's symbol
(never on it) and takes the first that stays inside the map frame and clear of every label already placed
and of the obstacles (the legend); among those it prefers one that covers no other place's symbol. A label
with nowhere to go is left out (the selected place and the provincial capitals are placed first, so they
always have the whole map to choose from). Boxes are measured with the renderer, in display pixels.
"""

from __future__ import annotations

from matplotlib import patheffects
from matplotlib.transforms import Bbox

from exports.glyphs import clean_text
from geo.vocab import PROVINCIAL_CAPITALS

# Candidate directions, preferred first: right, upper right, lower right, above, below, left, …
DIRECTIONS = ((1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 0), (-1, 1), (-1, -1))
PAD = 2.0  # px kept between boxes


def label_priority(pid: str, selected: str | None, named: set[str]) -> int | None:
    """0 the selected place, 1 a provincial capital, 2 a place a measure in view names; None: no label."""
    if pid == selected:
        return 0
    if pid in PROVINCIAL_CAPITALS.values():
        return 1
    if pid in named:
        return 2
    return None


def _overlaps(box: Bbox, others) -> int:
    return sum(1 for o in others if box.x0 < o.x1 + PAD and o.x0 < box.x1 + PAD and box.y0 < o.y1 + PAD
               and o.y0 < box.y1 + PAD)  # fmt: skip


def _candidate(px: float, py: float, r: float, w: float, h: float, d: tuple[int, int]) -> Bbox:
    dx, dy = d
    k = 0.72 if dx and dy else 1.0  # diagonal positions hug the symbol's corner
    cx = px + dx * (r * k + w / 2 + PAD) if dx else px
    cy = py + dy * (r * k + h / 2 + PAD) if dy else py
    return Bbox.from_bounds(cx - w / 2, cy - h / 2, w, h)


def place_labels(ax, drawn, wanted: list[tuple[int, str, str]], fontsize: float, obstacles=()) -> None:
    """Label ``wanted`` places ((priority, place id, text), lowest priority first) without collisions.

    Records each placed label's id and display box in ``drawn.labels`` / ``drawn.label_boxes``.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    frame = ax.get_window_extent(renderer)
    frame = Bbox.from_extents(frame.x0 + PAD, frame.y0 + PAD, frame.x1 - PAD, frame.y1 - PAD)
    points = {pid: ax.transData.transform(xy) for pid, xy in drawn.xy.items()}
    symbols = {}
    for pid, (px, py) in points.items():
        r = drawn.radius_pt.get(pid, 2) * dpi / 72
        if frame.x0 <= px <= frame.x1 and frame.y0 <= py <= frame.y1:
            symbols[pid] = Bbox.from_extents(px - r, py - r, px + r, py + r)
    placed: list[Bbox] = list(obstacles)
    halo = [patheffects.withStroke(linewidth=fontsize * 0.28, foreground="white")]
    for priority, pid, text in sorted(wanted):
        if pid not in symbols:
            continue  # outside the frame
        text = clean_text(text)
        px, py = points[pid]
        common = {"xytext": (0, 0), "textcoords": "offset points", "ha": "center", "va": "center",
                  "fontsize": fontsize, "annotation_clip": False}  # fmt: skip
        # The halo is a copy drawn as an outline under the label, so the label itself stays real text in a PDF
        # (Matplotlib draws text with path effects as paths).
        under = ax.annotate(text, drawn.xy[pid], color="white", zorder=19.9, path_effects=halo,
                            gid=f"label-halo-{pid}", **common)  # fmt: skip
        label = ax.annotate(text, drawn.xy[pid], color="#1a1a1a", zorder=20, gid=f"label-{pid}", **common)
        extent = label.get_window_extent(renderer)
        w, h = extent.width + fontsize * 0.28 * dpi / 72, extent.height
        r = drawn.radius_pt.get(pid, 2) * dpi / 72
        others = [b for q, b in symbols.items() if q != pid]
        best = None
        for d in DIRECTIONS:
            box = _candidate(px, py, r, w, h, d)
            if not frame.contains(box.x0, box.y0) or not frame.contains(box.x1, box.y1) or _overlaps(box, placed):
                continue
            cost = _overlaps(box, others)
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == 0:
                break
        if best is None or (best[0] and priority > 1):
            label.remove()
            under.remove()
            continue
        box = best[1]
        centre = ((box.x0 + box.x1) / 2 - px) * 72 / dpi, ((box.y0 + box.y1) / 2 - py) * 72 / dpi
        label.xyann = under.xyann = centre
        placed.append(box)
        drawn.labels.append(pid)
        drawn.label_boxes[pid] = box


__all__ = ["DIRECTIONS", "label_priority", "place_labels"]
