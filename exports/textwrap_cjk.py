"""Wrap mixed Chinese and Latin text to a width measured with the real font (Matplotlib's wrap does
not break Chinese, which has no spaces)."""

from __future__ import annotations

import re

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

_TOKENS = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’\-/.,;:()%“”\"]+\s*|\s+|.", re.S)
_MEASURE = TextToPath()


def text_width_pt(text: str, size: float, prop: FontProperties | None = None) -> float:
    """Width of ``text`` in points at font ``size``."""
    prop = (prop or FontProperties()).copy()
    prop.set_size(size)
    width, _, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    return width


def wrap(text: str, size: float, max_width_pt: float, prop: FontProperties | None = None) -> list[str]:
    """Greedy line breaking: Latin words stay whole, Chinese breaks between characters."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for token in _TOKENS.findall(paragraph):
            candidate = line + token
            if line and text_width_pt(candidate.rstrip(), size, prop) > max_width_pt:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


__all__ = ["text_width_pt", "wrap"]
