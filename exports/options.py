"""Export options as plain values (no Matplotlib import), so the UI can offer them cheaply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SIZES: dict[str, tuple[int, int, int]] = {  # width px, height px, dpi
    "16:9": (1920, 1080, 150),
    "4:3": (1600, 1200, 150),
    "a4-landscape": (3508, 2480, 300),
    "a4-portrait": (2480, 3508, 300),
    # A slide: 1920 × 1080 on PowerPoint's own 13.33 × 7.5 in page (so 14 pt there is 14 pt here).
    "slide": (1920, 1080, 144),
    # Figures for a report, as wide as an A4 or A5 page (210 or 148 mm), √2 landscape, caption under the map.
    "report-a4": (2480, 1754, 300),
    "report-a5": (1748, 1240, 300),
}
# The frame each size gets (others: the full briefing frame).
LAYOUT_OF_SIZE = {"slide": "slide", "report-a4": "report", "report-a5": "report"}
LAYERS = ("basemap", "reaches", "provinces", "prefectures", "lakes", "rivers", "sites", "cities", "roles")
DEFAULT_LAYERS = frozenset(LAYERS) - {"prefectures"}


@dataclass(frozen=True)
class SnapshotOptions:
    """How to render: size, frame, title, language, background, extent, layers, date, selection."""

    size: str = "a4-landscape"
    custom: tuple[int, int, int] | None = None  # (width px, height px, dpi) when size == "custom"
    framed: bool = True
    title: str | None = None
    lang: str = "en"
    transparent: bool = False
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    layers: frozenset[str] = DEFAULT_LAYERS
    date: dt.date | None = None
    selected: tuple[str, str] | None = None
    whole_view: bool = False  # tables: every row of the view even when a place is selected

    @property
    def pixels(self) -> tuple[int, int, int]:
        """(width, height, dpi) of the output."""
        if self.size == "custom":
            if not self.custom:
                raise ValueError("size 'custom' needs custom=(width, height, dpi)")
            w, h, dpi = self.custom
            if not (100 <= w <= 10000 and 100 <= h <= 10000 and 50 <= dpi <= 600):
                raise ValueError("custom size must be 100–10000 px per side at 50–600 dpi")
            return w, h, dpi
        return SIZES[self.size]

    @property
    def layout(self) -> str:
        """``slide``, ``report`` or ``briefing`` (the frame; ``framed=False`` draws the map only)."""
        return LAYOUT_OF_SIZE.get(self.size, "briefing")


__all__ = ["DEFAULT_LAYERS", "LAYERS", "LAYOUT_OF_SIZE", "SIZES", "SnapshotOptions"]
