"""Turn uploaded bytes into text: UTF-8 (with or without a byte-order mark) or GB18030.

Chinese offices send what their tools save. Excel's "CSV UTF-8" writes UTF-8 with a BOM; its plain
"CSV (comma delimited)" on Chinese Windows writes the ANSI code page 936, i.e. GBK, which GB18030
extends. UTF-8 is tried first and strictly: a GBK file is almost never valid UTF-8, while nearly any
byte string decodes as GB18030, so the reverse order would misread UTF-8 files. Anything else
(UTF-16 "Unicode Text", Big5, Latin-1 with bytes GB18030 refuses, binary) is refused by the caller,
which knows how to word the advice for its own kind of file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Excel's "Unicode Text" is UTF-16 with a BOM; refused with its own message since its fix differs.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# GB18030 maps its user-defined areas (and nothing common) to the private-use area: such a character
# in a GB18030 reading means the bytes were some other encoding that GB18030 happened to accept.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class DecodedText:
    """Text read from bytes and how it was read."""

    text: str
    encoding: str  # "UTF-8" or "GB18030", as shown to people
    bom: bool = False


class UndecodableText(ValueError):
    """The bytes are neither UTF-8 nor GB18030.

    ``kind`` is ``"utf16"`` (a UTF-16 byte-order mark) or ``"unknown"``; ``line`` and ``byte`` point
    at the first byte that is not UTF-8 (1-based line, byte value), the most useful place to look.
    """

    def __init__(self, kind: str, line: int, byte: int):
        super().__init__(f"{kind} text: byte 0x{byte:02x} at line {line}")
        self.kind, self.line, self.byte = kind, line, byte


def decode_text(raw: bytes) -> DecodedText:
    """Decode uploaded bytes as UTF-8 (BOM optional), else as GB18030.

    Parameters
    ----------
    raw : bytes
        The file content.

    Returns
    -------
    DecodedText
        The text (without a BOM) and the encoding used, ``"UTF-8"`` or ``"GB18030"``.

    Raises
    ------
    UndecodableText
        When neither encoding reads the bytes (or GB18030 reads them only as private-use characters).
    """
    if raw.startswith(_UTF16_BOMS):
        raise UndecodableText("utf16", 1, raw[0])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        bom = text.startswith("\ufeff")
        return DecodedText(text[1:] if bom else text, "UTF-8", bom)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _PRIVATE_USE.search(text):
        # GB18030 has its own BOM (84 31 95 33), which decodes to U+FEFF.
        bom = text.startswith("\ufeff")
        return DecodedText(text[1:] if bom else text, "GB18030", bom)
    line = raw.count(b"\n", 0, first_bad) + 1
    raise UndecodableText("unknown", line, raw[first_bad])


__all__ = ["DecodedText", "UndecodableText", "decode_text"]
