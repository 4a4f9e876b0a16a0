"""Wrap mixed Chinese and Latin text to a width measured with the real faces, with the CJK line-breaking
rules (禁则): no line starts with closing punctuation (``：，。）」`` …), none ends with an opening bracket
(``（「`` …), Latin words stay whole, Chinese breaks between characters.

Matplotlib's own wrap does not break Chinese, which has no spaces. Widths come from the advance widths
of the face that draws each character (exports/glyphs.py), cached per character, so laying out a brief
costs a dictionary lookup per character rather than a text layout per candidate line.
"""

from __future__ import annotations

import re

from exports.glyphs import advance_em, clean_text

# Never at the start of a line: closing brackets and quotes, stops, commas, colons, iteration marks, small kana,
# dashes and ellipses (which also never split).
NO_START = frozenset(
    "，。、；：？！）］｝〕〉》」』】〙〗〟｠»›"
    "’”"
    "!%),.:;?]}¢°‰′″℃·・…‥—–～〜ー々〻ヽヾゝゞ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
# Never at the end of a line: opening brackets and quotes.
NO_END = frozenset("（［｛〔〈《「『【〘〖〝｟«‹‘“([{£¥$＄￡￥")

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
# Atoms: a run of non-space, non-CJK characters (a Latin word with the punctuation attached to it), a run of
# spaces, or one other character (a hanzi, a full-width mark).
_ATOMS = re.compile(rf"[^\s{_CJK}]+|[^\S\n]+|.", re.S)


def text_width_pt(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (sum of advances, no kerning: a safe upper estimate)."""
    return sum(advance_em(ch) for ch in text) * size


def _units(paragraph: str) -> list[str]:
    """The paragraph cut at every allowed break: spaces are units of their own; a unit that starts with a
    NO_START character, or follows one that ends with a NO_END character, is glued to its neighbour."""
    units: list[str] = []
    content = False  # a non-space unit has been seen
    for atom in _ATOMS.findall(paragraph):
        if content and not atom.isspace() and atom[0] in NO_START:
            while units[-1].isspace():  # "a ：b": the colon stays with "a", space and all
                atom = units.pop() + atom
            units[-1] += atom
        elif units and not units[-1].isspace() and units[-1].rstrip()[-1] in NO_END:
            units[-1] += atom  # an opening bracket takes what follows with it, never ends a line
        else:
            units.append(atom)
        content = content or not atom.isspace()
    return units


def _split_long(unit: str, size: float, limit: float) -> list[str]:
    """A unit wider than a whole line (a long URL): broken between characters, as a last resort (still never
    before closing punctuation or after an opening bracket: such a line runs a character over instead)."""
    parts, part = [], ""
    for ch in unit:
        if part and text_width_pt(part + ch, size) > limit and ch not in NO_START and part[-1] not in NO_END:
            parts.append(part)
            part = ""
        part += ch
    return [*parts, part] if part else parts


def wrap(text: str, size: float, max_width_pt: float) -> list[str]:
    """Greedy line breaking with the 禁则 rules (see the module docstring); text is cleaned first
    (:func:`exports.glyphs.clean_text`), so what is measured is what is drawn."""
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        line, width = "", 0.0
        for unit in _units(paragraph):
            if unit.isspace():
                if line:
                    line += unit
                    width += text_width_pt(unit, size)
                continue
            unit_width = text_width_pt(unit, size)
            if line and width + unit_width > max_width_pt:
                lines.append(line.rstrip())
                line, width = "", 0.0
            if unit_width > max_width_pt:
                *full, unit = _split_long(unit, size, max_width_pt)
                lines.extend(full)
                unit_width = text_width_pt(unit, size)
            line += unit
            width += unit_width
        lines.append(line.rstrip())
    return lines


def fits(text: str, size: float, max_width_pt: float, max_lines: int) -> bool:
    """Whether ``text`` wraps into at most ``max_lines`` lines."""
    return len(wrap(text, size, max_width_pt)) <= max_lines


__all__ = ["NO_END", "NO_START", "fits", "text_width_pt", "wrap"]
