"""Workbooks: .xlsx (and .xlsm) with openpyxl, .xls with xlrd, each sheet a table.

Both readers turn a sheet into one matrix of cell texts, then :func:`_sheet` says what it
holds, the same way for both:

- every visible sheet is read, in the workbook's order; hidden sheets are skipped, with a note;
  rows hidden in a visible sheet (filtered or folded away) are read, with a note;
- a merged range's text is copied into every slot it covers, the copies marked as covered
  (like a rowspan/colspan on a web page);
- a value is printed as a person sees it: a whole number as "1" (never "1.0"), a date as
  2023-03-01, a percentage cell as "34.2%", a formula as its cached value (never evaluated;
  a formula never calculated reads as empty), a line break inside a cell as a paragraph break;
- the rows above the table that hold one text only (an "附件" line, the title merged across
  the columns) are paragraphs above the table, as a page's title is: they give the facts;
  so are such rows below it (a note, a date); see :meth:`Extraction.table`. Empty rows and
  columns around the table are not read.

The sheet's cells are counted before they are read: a sheet of more than
:data:`govtasks.grid.MAX_TABLE_CELLS` is refused (a task table has hundreds of cells).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from govtasks.errors import CorruptFile, EncryptedFile, TableTooLarge
from govtasks.grid import MAX_TABLE_CELLS
from govtasks.read.containers import OfficeZip
from govtasks.read.extracted import Extracted, Extraction, Slot

#: The most bytes a sheet's XML may unpack to: openpyxl holds every cell in memory before the
#: cells can be counted, so a sheet is first measured by its part (a cell takes 30-200 bytes).
MAX_SHEET_XML = 48 * 1024 * 1024


@dataclass(frozen=True)
class _Sheet:
    """A sheet as a matrix of cell texts (row-major, ``None`` for an empty cell), its merged
    ranges as 0-based ``(first row, first column, last row, last column)``, inclusive."""

    name: str
    cells: list[list[str | None]]
    merged: list[tuple[int, int, int, int]]
    first_row: int  # 1-based row and column of cells[0][0] in the sheet
    first_column: int
    hidden_rows: tuple[int, ...] = ()  # 1-based sheet rows hidden from view, holding text


def read_xlsx(package: OfficeZip) -> Extracted:
    """Every visible sheet of an .xlsx/.xlsm workbook (see the module docstring)."""
    import openpyxl  # only when a workbook arrives
    from openpyxl.utils.exceptions import InvalidFileException

    for info in package.archive.infolist():  # sizes true to the bytes: the container checked them
        if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            raise TableTooLarge(
                f"sheet part {info.filename} unpacks to {info.file_size:,} bytes, over the "
                f"{MAX_SHEET_XML:,} of a sheet of {MAX_TABLE_CELLS:,} cells"
            )
    try:
        # data_only: a formula's cached value, never the formula; keep_vba=False: macros dropped.
        book = openpyxl.load_workbook(io.BytesIO(package.data), data_only=True, keep_vba=False)
    except (InvalidFileException, KeyError, ValueError, TypeError, IndexError) as error:
        raise CorruptFile(f"an Excel workbook (.xlsx) whose parts do not open: {_one_line(error)}") from error
    except SyntaxError as error:  # lxml's or ElementTree's parse error: a part that is no XML
        raise CorruptFile(f"an Excel workbook (.xlsx) with a broken part: {_one_line(error)}") from error
    extraction = Extraction()
    if package.macro_note is not None:
        extraction.note(package.macro_note)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            extraction.note(f"hidden sheet {sheet.title!r} skipped")
            continue
        _sheet(_xlsx_sheet(sheet), extraction)
    return extraction.done()


def _xlsx_sheet(sheet: object) -> _Sheet:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    stored = [(r, c) for (r, c), cell in sheet._cells.items() if cell.value is not None and cell.value != ""]
    name = sheet.title
    if not stored:
        return _Sheet(name, [], [], 1, 1)
    top, left = min(r for r, _ in stored), min(c for _, c in stored)
    bottom, right = max(r for r, _ in stored), max(c for _, c in stored)
    _check_size(name, bottom - top + 1, right - left + 1)
    cells: list[list[str | None]] = [[None] * (right - left + 1) for _ in range(bottom - top + 1)]
    for r, c in stored:
        cell = sheet._cells[(r, c)]
        cells[r - top][c - left] = xlsx_text(cell.value, cell.number_format or "General")
    merged = [
        (m.min_row - top, m.min_col - left, m.max_row - top, m.max_col - left)
        for m in sheet.merged_cells.ranges
    ]
    hidden = tuple(
        r
        for r, dimension in sorted(sheet.row_dimensions.items())
        if dimension.hidden and top <= r <= bottom and any(cells[r - top])
    )
    return _Sheet(name, cells, merged, top, left, hidden)


def xlsx_text(value: object, number_format: str) -> str | None:
    """A cell's value as printed: whole numbers without ".0", dates as ISO dates, a number in a
    percentage format as a percentage, text with its line breaks as "\\n".

    >>> xlsx_text(12.0, "General"), xlsx_text(0.342, "0.0%"), xlsx_text(2.5, "General")
    ('12', '34.2%', '2.5')
    >>> xlsx_text(dt.datetime(2023, 3, 1), "yyyy-mm-dd"), xlsx_text("甲\\r\\n乙", "@")
    ('2023-03-01', '甲\\n乙')
    >>> xlsx_text(True, "General")
    'TRUE'
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(float(value), number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


#: A plain number format: optional thousands separator, fixed decimals, optional percent
#: ("0", "0.00", "#,##0", "#,##0.0", "0.0%"); other formats (General, text, dates, currencies)
#: show the number in its shortest form.
_PLAIN_FORMAT = re.compile(r"^(#,##)?0(?:\.(0+))?(%?)$")


def number_text(value: float, number_format: str = "General") -> str:
    """A number as the sheet shows it: in a plain number format (:data:`_PLAIN_FORMAT`) with its
    decimals, thousands separator and percent; otherwise whole numbers without a decimal point
    and the rest in their shortest form (a percent sign in another format still multiplies by
    100).

    >>> number_text(1.0), number_text(3.5), number_text(1e16), number_text(0.486, "0.0%")
    ('1', '3.5', '10000000000000000', '48.6%')
    >>> number_text(1.0, "0.0%"), number_text(0.05, "0%"), number_text(1234.5, "#,##0.00")
    ('100.0%', '5%', '1,234.50')
    """
    plain = _PLAIN_FORMAT.match(number_format.strip())
    if plain is not None and math.isfinite(value):
        thousands, decimals, percent = plain.groups()
        shown = value * 100 if percent else value
        return f"{shown:{',' if thousands else ''}.{len(decimals or '')}f}{percent}"
    percent = "%" in number_format
    if percent:
        value = round(value * 100, 10)
    text = str(int(value)) if math.isfinite(value) and value == int(value) else repr(value)
    return f"{text}%" if percent else text


def read_xls(data: bytes) -> Extracted:
    """Every visible sheet of an old .xls workbook (see the module docstring)."""
    import xlrd  # only when an old workbook arrives

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as error:
        message = _one_line(error)
        if "encrypt" in message.lower() or "password" in message.lower():
            raise EncryptedFile(f"a password-protected Excel workbook (.xls): {message}") from error
        raise CorruptFile(f"an Excel workbook (.xls) that does not open: {message}") from error
    except (AssertionError, IndexError, KeyError, ValueError, TypeError, EOFError) as error:
        raise CorruptFile(f"an Excel workbook (.xls) that does not open: {_one_line(error)}") from error
    extraction = Extraction()
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        if sheet.visibility:
            extraction.note(f"hidden sheet {sheet.name!r} skipped")
            continue
        _sheet(_xls_sheet(book, sheet), extraction)
    return extraction.done()


def _xls_sheet(book: object, sheet: object) -> _Sheet:
    import xlrd

    assert isinstance(book, xlrd.book.Book) and isinstance(sheet, xlrd.sheet.Sheet)
    _check_size(sheet.name, sheet.nrows, sheet.ncols)

    def text(r: int, c: int) -> str | None:
        cell = sheet.cell(r, c)
        kind, value = cell.ctype, cell.value
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        if kind == xlrd.XL_CELL_NUMBER:
            return number_text(value, _xls_format(book, cell.xf_index))
        if kind == xlrd.XL_CELL_DATE:
            return xlsx_text(xlrd.xldate_as_datetime(value, book.datemode), "")
        if kind == xlrd.XL_CELL_BOOLEAN:
            return "TRUE" if value else "FALSE"
        return str(value).replace("\r\n", "\n").replace("\r", "\n") or None

    cells = [[text(r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
    merged = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
    hidden = tuple(
        r + 1
        for r, info in sorted(sheet.rowinfo_map.items())
        if info.hidden and r < len(cells) and any(cells[r])
    )
    return _Sheet(sheet.name, cells, merged, 1, 1, hidden)


def _xls_format(book: object, xf_index: int) -> str:
    """The number format string of an .xls cell's format record ("" when unknown)."""
    import xlrd

    assert isinstance(book, xlrd.book.Book)
    try:
        xf = book.xf_list[xf_index]
        return str(book.format_map[xf.format_key].format_str)
    except (IndexError, KeyError):
        return ""


def _check_size(name: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_TABLE_CELLS:
        raise TableTooLarge(
            f"sheet {name!r} spans {rows:,} rows × {columns:,} columns, over the "
            f"{MAX_TABLE_CELLS:,}-cell limit for one task table"
        )


def _sheet(sheet: _Sheet, extraction: Extraction) -> None:
    """Hand a sheet's rows to ``extraction`` as one table (whose title rows become paragraphs:
    see :meth:`Extraction.table`)."""
    extraction.units += 1
    if sheet.cells:
        place = _place_of(sheet)
        extraction.table(_slots(sheet), [place(r) for r in range(len(sheet.cells))])
    if sheet.hidden_rows:
        # Rows hidden from view are data all the same (a filter, a row folded away): read, and said.
        rows = ", ".join(map(str, sheet.hidden_rows[:5])) + (", …" if len(sheet.hidden_rows) > 5 else "")
        count = len(sheet.hidden_rows)
        extraction.note(f"sheet {sheet.name!r}: {count} hidden row{'s' if count > 1 else ''} read ({rows})")


def _slots(sheet: _Sheet) -> list[list[Slot]]:
    """The sheet's matrix with each merged range's text copied into the slots it covers."""
    slots: list[list[Slot]] = [[(text or "", False) for text in row] for row in sheet.cells]
    height, width = len(slots), len(slots[0])
    for top, left, bottom, right in sheet.merged:
        if not (0 <= top < height and 0 <= left < width):
            continue  # a merged range of empty cells outside the used area
        text = slots[top][left][0]
        for r in range(top, min(bottom, height - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                if (r, c) != (top, left):
                    slots[r][c] = (text, True)
    return slots


def _place_of(sheet: _Sheet) -> Callable[[int], str]:
    """Names a row of the matrix by its first cell, as a spreadsheet does: "Sheet1!A7"."""
    quoted = sheet.name if sheet.name.isalnum() else "'" + sheet.name.replace("'", "''") + "'"
    column = column_letters(sheet.first_column)
    return lambda r: f"{quoted}!{column}{sheet.first_row + r}"


def column_letters(number: int) -> str:
    """A 1-based column number as a spreadsheet's letters.

    >>> column_letters(1), column_letters(26), column_letters(28), column_letters(703)
    ('A', 'Z', 'AB', 'AAA')
    """
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return message[:200] or type(error).__name__
