"""Every character an export draws has a glyph: text is cleaned before Matplotlib sees it.

Exports draw with a chain of faces from installed packages (never system fonts): Matplotlib's own
DejaVu Sans for Latin text (so apostrophes and quotes are proportional, not the CJK face's full-width
ones), then Noto Sans CJK SC (the small subset first, the full face for anything else). A character
none of them has — an emoji, CJK Extension B (𠀀), a private-use code point — would make FreeType raise
and the whole export fail, and invisible format characters (U+200B zero-width space and U+FEFF, common
in text copied from government web pages, bidi controls, variation selectors) have no glyph either.

:func:`clean_text` removes the invisible ones and replaces every other character without a glyph by
U+FFFD (a visible "�", drawn from DejaVu Sans), so the reader sees that something was there.
:func:`clean_figure` applies it to every text artist of a figure just before saving, so no drawing path
can bypass it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

REPLACEMENT = "\ufffd"
# Invisible characters that are removed rather than replaced: variation selectors are combining marks
# (category Mn) that only choose a glyph variant; format characters (Cf) are handled by category.
_VARIATION = set(range(0xFE00, 0xFE10)) | set(range(0xE0100, 0xE01F0))
_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}


@cache
def face_paths() -> tuple[Path, ...]:
    """The faces exports draw with, in fallback order: Latin, CJK subset, full CJK."""
    from exports.fonts import cjk_font_path, latin_font_path, subset_font_path

    return (latin_font_path(), subset_font_path(), cjk_font_path())


@cache
def _coverage() -> tuple[frozenset[int], ...]:
    from fontTools.ttLib import TTFont

    out = []
    for path in face_paths():
        with TTFont(str(path), lazy=True) as font:
            out.append(frozenset(font.getBestCmap()))
    return tuple(out)


def face_index(ch: str) -> int | None:
    """Index in :func:`face_paths` of the first face that has a glyph for ``ch`` (None: no face has one)."""
    code = ord(ch)
    for i, cmap in enumerate(_coverage()):
        if code in cmap:
            return i
    return None


@cache
def _clean_char(ch: str) -> str:
    if ch == "\n":
        return ch
    if ch == "\t":
        return " "
    code = ord(ch)
    category = unicodedata.category(ch)
    if category in ("Cf", "Cc") or code in _VARIATION:
        return ""  # invisible: zero-width space, BOM, bidi controls, joiners, variation selectors, controls
    if face_index(ch) is not None:
        return ch
    return " " if category == "Zs" else REPLACEMENT  # a rare space a face lacks is still a space


def clean_text(text: object) -> str:
    """``text`` as exports can draw it: invisible format characters removed, glyph-less ones shown as "�".

    >>> clean_text("a\\u200bb\\ufeff 🌱")  # doctest: +SKIP
    'ab �'
    """
    value = str(text)
    if value.isascii() and value.isprintable():
        return value  # the common case, unchanged and cheap
    for old, new in _NEWLINES.items():
        value = value.replace(old, new)
    return "".join(_clean_char(ch) for ch in value)


def clean_figure(fig) -> int:
    """Clean every text artist of ``fig`` (titles, labels, legend entries) in place; returns how many changed."""
    from matplotlib.text import Text

    changed = 0
    for artist in fig.findobj(Text):
        text = artist.get_text()
        safe = clean_text(text)
        if safe != text:
            artist.set_text(safe)
            changed += 1
    return changed


@cache
def _ft2(index: int):
    from matplotlib.ft2font import FT2Font

    return FT2Font(str(face_paths()[index]))


@cache
def advance_em(ch: str) -> float:
    """Advance width of one (clean) character in em, from the face that draws it."""
    from matplotlib.ft2font import LoadFlags

    index = face_index(ch)
    if index is None:
        ch, index = REPLACEMENT, 0
    font = _ft2(index)
    glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING | LoadFlags.NO_SCALE)
    return glyph.horiAdvance / font.units_per_EM


__all__ = ["REPLACEMENT", "advance_em", "clean_figure", "clean_text", "face_index", "face_paths"]
