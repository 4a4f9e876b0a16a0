"""Wrap mixed Chinese and Latin text to a width measured with the real font (Matplotlib's wrap does
not break Chinese, which has no spaces).

Widths come from the font's own advance widths, cached per character, so laying out a brief's
pages costs a dictionary lookup per character rather than a text layout per candidate line.
"""

from __future__ import annotations

import re
from functools import cache

from matplotlib.ft2font import FT2Font, LoadFlags

from exports.fonts import cjk_font_path

_TOKENS = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’\-/.,;:()%“”\"]+\s*|\s+|.", re.S)


@cache
def _font() -> FT2Font:
    return FT2Font(str(cjk_font_path()))


@cache
def _advance(ch: str) -> float:
    """Advance width of one character in em (1.0 = the font size)."""
    font = _font()
    glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING | LoadFlags.NO_SCALE)
    return glyph.horiAdvance / font.units_per_EM


def text_width_pt(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (regular weight, no kerning: a safe upper estimate)."""
    return sum(_advance(ch) for ch in text) * size


def wrap(text: str, size: float, max_width_pt: float) -> list[str]:
    """Greedy line breaking: Latin words stay whole, Chinese breaks between characters."""
    limit = max_width_pt
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, width = "", 0.0
        for token in _TOKENS.findall(paragraph):
            token_width = text_width_pt(token, size)
            if line and width + text_width_pt(token.rstrip(), size) > limit:
                lines.append(line.rstrip())
                line = token.lstrip()
                width = text_width_pt(line, size)
            else:
                line += token
                width += token_width
        lines.append(line.rstrip())
    return lines


__all__ = ["text_width_pt", "wrap"]
