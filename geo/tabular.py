"""Read a table (CSV text or an .xlsx sheet) from uploaded bytes, with a line for every row.

The format is told by content, not by name: ``PK\\x03\\x04`` is a zip, hence .xlsx; the OLE magic is
an old .xls, refused with advice; anything else is CSV text in UTF-8 or GB18030 (``geo.decoding``).
Every row keeps the place where a person finds it: for CSV the *physical* line where the record
starts (a quoted field may span lines), for .xlsx the sheet row. Blank rows are skipped.

Costs are bounded before the expensive work: the row cap stops reading at the first row over it,
and an .xlsx is unpacked only after the zip directory shows its parts are not a zip bomb.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass, field

from geo.decoding import UndecodableText, decode_text
from geo.errors import GeoDataError, Problem
from geo.messages import problem

MAX_UNZIPPED = 256 * 1024 * 1024  # a 200,000-row sheet unpacks to about 30 MB
MAX_FIELD_PROBLEMS = 200
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 .xls (and other OLE documents)
_XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, ValueError, TypeError,
                AttributeError, IndexError, OSError, EOFError, SyntaxError)  # fmt: skip  # SyntaxError: XML ParseError


class TableError(GeoDataError):
    """The bytes are not a table we can read (or are over a cap); nothing was parsed."""


@dataclass
class Table:
    """The header and the non-blank rows of a table, each row with its line (CSV) or row (.xlsx)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    format: str  # "csv" or "xlsx"
    encoding: str | None = None  # "UTF-8" or "GB18030" for CSV
    sheet: str | None = None
    header_line: int = 1
    problems: list[Problem] = field(default_factory=list)  # rows dropped for their field count
    more_problems: int = 0  # field-count problems beyond MAX_FIELD_PROBLEMS


def read_table(raw: bytes, name: str, *, max_rows: int, sheet: str | None = None,
               max_unzipped: int = MAX_UNZIPPED) -> Table:  # fmt: skip
    """Read CSV or .xlsx bytes into a :class:`Table`.

    Parameters
    ----------
    raw : bytes
        The upload.
    name : str
        How to name the file in messages.
    max_rows : int
        More data rows than this is an error, raised as soon as the first extra row is read.
    sheet : str, optional
        For .xlsx, the sheet to read; the first one by default.
    max_unzipped : int
        For .xlsx, the most bytes its parts may unpack to.

    Returns
    -------
    Table
        Rows with the wrong number of fields are left out and listed in ``problems``.

    Raises
    ------
    TableError
        When the bytes cannot be read as a table or a cap is exceeded.
    """
    if raw.startswith(_ZIP):
        return _read_xlsx(raw, name, max_rows, sheet, max_unzipped)
    if raw.startswith(_OLE):
        raise TableError(problem(name, None, "", "facilities.xls"))
    try:
        decoded = decode_text(raw)
    except UndecodableText as exc:
        code = "facilities.utf16" if exc.kind == "utf16" else "facilities.undecodable"
        raise TableError(problem(name, exc.line, "", code, byte=f"{exc.byte:02x}", line=exc.line)) from None
    nul = decoded.text.find("\x00")
    if nul >= 0:
        raise TableError(problem(name, decoded.text.count("\n", 0, nul) + 1, "", "facilities.binary"))
    collector = _Collector(name, max_rows, "csv")
    collector.table.encoding = decoded.encoding
    _read_csv(decoded.text, collector)
    return collector.finish()


class _Collector:
    """Fills a :class:`Table` row by row: the header first, then rows checked against its width."""

    def __init__(self, name: str, max_rows: int, fmt: str):
        self.name, self.max_rows, self.have_header = name, max_rows, False
        self.table = Table([], [], [], fmt)

    def add(self, record: list[str], line: int, end: int) -> None:
        """Take the header or a data row; ``end`` > ``line`` when a quoted field spans lines."""
        table = self.table
        if not self.have_header:
            table.header, table.header_line, self.have_header = record, line, True
            return
        if len(table.rows) >= self.max_rows:
            raise TableError(problem(self.name, line, "", "facilities.too_many_rows", limit=self.max_rows))
        if len(record) != len(table.header):
            self._field_count(record, line, end)
            return
        table.rows.append(record)
        table.lines.append(line)

    def _field_count(self, record: list[str], line: int, end: int) -> None:
        """Report a row whose field count differs from the header's (capped)."""
        table = self.table
        if len(table.problems) >= MAX_FIELD_PROBLEMS:
            table.more_problems += 1
            return
        if table.format == "xlsx":
            code = "facilities.field_count_sheet"
        else:
            code = "facilities.field_count_quote" if end > line else "facilities.field_count"
        table.problems.append(
            problem(self.name, line, "row", code, expected=len(table.header), got=len(record), end=end)
        )

    def finish(self) -> Table:
        """The table, once it is known to have a header."""
        if not self.have_header:
            raise TableError(problem(self.name, 1, "", "facilities.empty", columns="name, category, city, lon, lat"))
        return self.table


def _read_csv(text: str, table: _Collector) -> None:
    """Feed every non-blank CSV record to the collector with the physical line where it starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    try:
        for record in reader:
            # line_num counts physical lines read so far, so a record starts one after the last one ended.
            start, end = end + 1, reader.line_num
            if "".join(record).strip():
                table.add(record, start, end)
    except csv.Error as exc:
        # The csv module's only failure on text is a field over its 128 KiB limit, and the usual
        # cause is a quote that is never closed: the field then swallows the rest of the file.
        start = end + 1
        if "field limit" in str(exc):
            raise TableError(problem(table.name, start, "", "facilities.runaway_field", line=start)) from None
        raise TableError(problem(table.name, reader.line_num, "", "facilities.csv_error", error=str(exc))) from None


def _check_zip(raw: bytes, name: str, limit: int) -> None:
    """Refuse zip bombs from the directory alone, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            # zipfile never inflates a member past its declared size (it fails the CRC instead),
            # so the declared sizes bound what the reader can be made to unpack.
            size = sum(info.file_size for info in zf.infolist())
    except _XLSX_ERRORS as exc:
        raise TableError(problem(name, None, "", "facilities.xlsx_unreadable", error=str(exc)[:200])) from None
    if size > limit:
        raise TableError(problem(name, None, "", "facilities.xlsx_too_big", size=size, limit=limit))


def _read_xlsx(raw: bytes, name: str, max_rows: int, sheet: str | None, max_unzipped: int) -> Table:
    """Read one worksheet's cached values (formulas are never evaluated) row by row.

    calamine (Rust, MIT) reads a 200,000-row sheet about ten times faster than openpyxl's read-only
    mode; the zip check above bounds what it may unpack.
    """
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    _check_zip(raw, name, max_unzipped)
    collector = _Collector(name, max_rows, "xlsx")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except (*_XLSX_ERRORS, CalamineError) as exc:
        raise TableError(problem(name, None, "", "facilities.xlsx_unreadable", error=str(exc)[:200])) from None
    try:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if sheet is not None and sheet not in names:
            shown = ", ".join(repr(n) for n in names)
            raise TableError(problem(name, None, "", "facilities.xlsx_no_sheet", sheet=sheet, sheets=shown))
        if not names:
            raise TableError(problem(name, None, "", "facilities.xlsx_unreadable", error="no worksheet"))
        ws = book.get_sheet_by_name(sheet if sheet is not None else names[0])
        collector.table.sheet = ws.name
        # iter_rows yields every row from the sheet's first (empty ones too), so the count is the sheet row.
        for number, values in enumerate(ws.iter_rows(), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()  # trailing empty cells are formatting, not data
            if "".join(cells).strip():
                width = len(collector.table.header) if collector.have_header else len(cells)
                collector.add(cells + [""] * (width - len(cells)), number, number)
    except (*_XLSX_ERRORS, CalamineError) as exc:
        raise TableError(problem(name, None, "", "facilities.xlsx_unreadable", error=str(exc)[:200])) from None
    finally:
        book.close()
    return collector.finish()


def _cell_text(value) -> str:
    """A cell as the text a CSV of it would hold: 2019.0 → ``2019``, a date → ``2019-05-01``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Excel stores every number as a double: a year typed as 2019 comes back as 2019.0.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


__all__ = ["MAX_UNZIPPED", "Table", "TableError", "read_table"]
