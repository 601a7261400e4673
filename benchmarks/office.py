"""Office attachments of task tables: the five samples as a district office sends them.

Besides saved pages (benchmarks/pages.py), districts publish a Government Work Report task
table as an attachment: a workbook (.xlsx, or an old .xls), a Word document (.docx), or a PDF
printed from the Word file. This module renders each sample of ``data/raw`` as such files,
from the same facts and raw rows (in the source's own script) its page is made of, through
pages.py's columns, headers and category groups, so an attachment and a text dump of one
document can be compared row for row.

``.xlsx`` (openpyxl)
    one visible sheet: "附件" (attachment) in A1, the report's title merged across the table's
    width (when the sample has one), the header row, one row per task row; a category cell
    covering its group is a vertically merged range; a cell's paragraphs are joined by line
    breaks (wrapped); a plain integer number is a number cell. A second, hidden sheet "说明"
    (notes) holds a filling-in note, which a reader must skip.
``.docx`` (python-docx)
    "附件", the title (centered, bold), then the table ("Table Grid" borders): the header row
    repeated on every page (``w:tblHeader``), category cells merged vertically, each paragraph
    of a cell a paragraph of its own; A4 landscape, a "- N -" page-number footer.
``.pdf``, ``.xls``
    made once from the .docx and the .xlsx by LibreOffice and committed: they need not be
    reproducible byte for byte, and LibreOffice is not needed to run the tests.

The .xlsx and .docx bytes are deterministic (fixed document dates and author, fixed zip
member times): a test checks that the committed files are what this writes. Run::

    .venv/bin/python benchmarks/office.py --write-fixtures                      # .xlsx, .docx
    .venv/bin/python benchmarks/office.py --write-fixtures --with-office-suite  # and .pdf, .xls

to rewrite ``tests/fixtures/office_samples/`` (the second needs ``soffice`` on the PATH).
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from govtasks.models import SourceRow
from pages import (
    _LIST_FIELDS,
    RAW,
    ROOT,
    PageStyle,
    Sample,
    _category_paragraphs,
    _Column,
    _columns,
    _groups,
    _paragraphs,
    read_samples,
    style_for,
)

FIXTURES = ROOT / "tests" / "fixtures" / "office_samples"

#: 附件 "attachment": the line above an attachment's title, as official documents print it.
ATTACHMENT = "附件"
#: The hidden sheet's name, 说明 "notes", and its note: "Filling-in note: the progress column is
#: filled in by the lead unit and sent to the district government office's supervision section."
NOTES_SHEET = "说明"
NOTE = "填报说明：本表“进展情况”栏由牵头单位填写，汇总后报区政府办督查科。"
#: The font of official documents (仿宋_GB2312, FangSong), as a Word attachment asks for it.
FONT = "仿宋_GB2312"
#: A no-break space: what a text dump's ``nbsp_mark`` ("?" in 004) stands for.
NBSP = "\u00a0"

#: Fixed document metadata and zip member times, so the same rows give the same bytes.
AUTHOR = "govtasks"
DATE = datetime.datetime(2020, 1, 1)
ZIP_TIME = (2020, 1, 1, 0, 0, 0)

#: A column's width in characters of a Latin font (a Han character takes two), by field.
WIDTHS: dict[str, float] = {
    "seq": 9,  # "序号" on one line at 12 pt, in the narrowest table (001's)
    "category": 16,
    "content": 44,
    "lead_leaders": 12,
    "lead_units": 20,
    "supporting_units": 20,
    "progress": 64,
    "problems": 24,
    "next_steps": 40,
}
_EXTRA_WIDTH = 20
_PLAIN_INT = re.compile(r"^[0-9]+$")


# --- cell text ------------------------------------------------------------------------------


def cell_text(value: str, style: PageStyle) -> str:
    """A paragraph's text as a Word or Excel cell holds it: the style's no-break space mark
    (what a text dump printed for one) is a no-break space again.

    >>> cell_text("沈 ?昱", PageStyle(nbsp_mark="?")), cell_text("沈 ?昱", PageStyle())
    ('沈 \\xa0昱', '沈 ?昱')
    """
    return value.replace(style.nbsp_mark, NBSP) if style.nbsp_mark else value


def padded(lines: list[str], style: PageStyle) -> list[str]:
    """``lines`` with a no-break space after the last when the style pads its cells (004's
    cells each end in one, as Word keeps them).

    >>> padded(["甲", "乙"], PageStyle(cell_padding=True)), padded([], PageStyle(cell_padding=True))
    (['甲', '乙\\xa0'], [])
    """
    if not (style.cell_padding and lines):
        return lines
    return [*lines[:-1], lines[-1] + NBSP]


def cell_lines(row: SourceRow, column: _Column, style: PageStyle) -> list[str]:
    """The paragraphs a cell of ``column`` holds for ``row``: a long cell's paragraphs, a
    category's number and name (as the page prints them), a list's entries one each, or all in
    one joined with "、" when the style lists them so. Unpadded.

    >>> row = SourceRow(source_line=1, content="甲\\n乙", lead_units=["区发改局", "各街道"])
    >>> cell_lines(row, _Column("lead_units", "责任单位"), PageStyle(list_separator="、"))
    ['区发改局、各街道']
    >>> cell_lines(row, _Column("lead_units", "牵头单位"), PageStyle())
    ['区发改局', '各街道']
    >>> cell_lines(row, _Column("content", "项目内容"), PageStyle())
    ['甲', '乙']
    """
    name = column.field
    if name.startswith("extra:"):
        lines = _paragraphs(row.extra.get(name.removeprefix("extra:")))
    elif name in _LIST_FIELDS:
        entries: list[str] = [e for e in getattr(row, name) if e.strip()]
        lines = ["、".join(entries)] if entries and style.list_separator == "、" else entries
    elif name == "category":
        lines = _category_paragraphs(row, style)
    else:
        lines = _paragraphs(getattr(row, name))
    return [cell_text(line, style) for line in lines]


def spans(rows: Sequence[SourceRow], style: PageStyle) -> dict[int, int]:
    """First row index -> number of rows of each category group a merged cell covers (groups of
    two rows or more, when the style merges categories)."""
    if style.categories != "rowspan":
        return {}
    return {start: length for start, length in _groups(rows) if length > 1}


def _width(column: _Column) -> float:
    return WIDTHS.get(column.field, _EXTRA_WIDTH)


# --- zips -----------------------------------------------------------------------------------


def fixed_zip(data: bytes) -> bytes:
    """An Office zip with its members in the same order and bytes, each stamped with one fixed
    time and the same attributes, so two runs write the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0  # MS-DOS, as Office writes it (the default depends on the OS)
            member.external_attr = 0
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# --- .xlsx ----------------------------------------------------------------------------------


def render_xlsx(title: str | None, rows: Sequence[SourceRow], style: PageStyle) -> bytes:
    """The workbook of a task table (see the module docstring); deterministic bytes."""
    columns = _columns(rows, style)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    wrap = Alignment(wrap_text=True, vertical="top")
    centered = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.cell(1, 1, ATTACHMENT)
    line = 2
    if title:
        sheet.cell(line, 1, title).font = Font(bold=True, size=16)
        sheet.cell(line, 1).alignment = Alignment(horizontal="center", vertical="center")
        if len(columns) > 1:
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(columns))
        line += 1
    header = line
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(header, index, "\n".join(padded([cell_text(column.header, style)], style)))
        cell.font = Font(bold=True)
        cell.alignment = centered
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    merged = spans(rows, style)
    covered = 0  # rows below a merged category cell still covered by it
    for offset, row in enumerate(rows):
        line = header + 1 + offset
        for index, column in enumerate(columns, start=1):
            if column.field == "category" and style.categories == "rowspan":
                if covered:
                    continue
                if offset in merged:
                    last = line + merged[offset] - 1
                    sheet.merge_cells(start_row=line, start_column=index, end_row=last, end_column=index)
            cell = sheet.cell(line, index)
            if column.field == "seq" and row.seq is not None and _PLAIN_INT.match(row.seq):
                cell.value = int(row.seq)  # a number typed into Excel is a number
                cell.alignment = centered
                continue
            lines = padded(cell_lines(row, column, style), style)
            if lines:
                cell.value = "\n".join(lines)
            cell.alignment = centered if column.field in ("category", "seq") else wrap
        covered = merged[offset] - 1 if offset in merged else max(covered - 1, 0)
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    notes = book.create_sheet(NOTES_SHEET)
    notes.cell(1, 1, NOTE)
    notes.sheet_state = "hidden"
    book.properties.creator = AUTHOR
    book.properties.lastModifiedBy = AUTHOR
    book.properties.created = DATE
    book.properties.modified = DATE
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the modified date with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return fixed_zip(buffer.getvalue())


# --- .docx ----------------------------------------------------------------------------------


def _font(run_or_style: object, size: float | None = None, bold: bool = False) -> None:
    """Set the East Asian font (Word asks for it apart from the Latin one), size and weight."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    element = run_or_style.element  # type: ignore[attr-defined]
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        font.size = Pt(size)
    if bold:
        font.bold = True


def _fill(cell: _Cell, lines: Sequence[str], *, bold: bool = False, center: bool = False) -> None:
    """Write ``lines`` into an empty cell, one paragraph each."""
    for index, text in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


def _field_mark(paragraph: Paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    paragraph.add_run().element.append(mark)


def _page_number(paragraph: Paragraph) -> None:
    """Print "- N -", N a PAGE field, as official documents number their pages."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    _field_mark(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    paragraph.add_run().element.append(code)
    _field_mark(paragraph, "separate")
    paragraph.add_run("1")  # the number shown until the field is updated
    _field_mark(paragraph, "end")
    paragraph.add_run(" -")


def render_docx(title: str | None, rows: Sequence[SourceRow], style: PageStyle) -> bytes:
    """The Word attachment of a task table (see the module docstring); deterministic bytes."""
    columns = _columns(rows, style)
    document = Document()
    _font(document.styles["Normal"], size=12)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    _page_number(section.footer.paragraphs[0])
    document.add_paragraph(ATTACHMENT)
    if title:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(title), size=16, bold=True)

    table = document.add_table(rows=len(rows) + 1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(_width(c) for c in columns)
    widths = [int(usable * _width(c) / total) for c in columns]
    for index, width in enumerate(widths):
        table.columns[index].width = width  # the grid, which LibreOffice lays the table out by
        for cell in table.columns[index].cells:
            cell.width = width  # each cell's, which Word goes by (set before any merge)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for index, column in enumerate(columns):
        _fill(header.cells[index], padded([cell_text(column.header, style)], style), bold=True, center=True)
    category = next((i for i, c in enumerate(columns) if c.field == "category"), None)
    for offset, row in enumerate(rows):
        cells = table.rows[offset + 1].cells
        for index, column in enumerate(columns):
            if index == category and style.categories == "rowspan":
                continue  # written below, once per group
            lines = padded(cell_lines(row, column, style), style)
            _fill(cells[index], lines, center=column.field == "seq")
    if category is not None and style.categories == "rowspan":
        merged = spans(rows, style)
        for start, _ in _groups(rows):
            cell = table.cell(start + 1, category)
            if start in merged:
                cell = cell.merge(table.cell(start + merged[start], category))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _fill(cell, padded(cell_lines(rows[start], columns[category], style), style), center=True)

    properties = document.core_properties
    properties.author = properties.last_modified_by = AUTHOR
    properties.created = properties.modified = DATE
    properties.revision = 1
    properties.comments = ""  # python-docx's template says "generated by python-docx"
    properties.title = title or ""
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


# --- the five samples -----------------------------------------------------------------------


@dataclass(frozen=True)
class SampleFiles:
    """A sample's attachments as this module writes them, and what they were made from."""

    stem: str
    xlsx: bytes
    docx: bytes
    sample: Sample


def sample_files(raw: Path = RAW) -> list[SampleFiles]:
    """The .xlsx and .docx of every sample text in ``raw``, in its layout's style, named like
    the sample."""
    files = []
    for sample in read_samples(raw):
        style = style_for(sample.layout)
        title = sample.facts.title
        files.append(
            SampleFiles(
                sample.path.stem,
                render_xlsx(title, sample.rows, style),
                render_docx(title, sample.rows, style),
                sample,
            )
        )
    return files


def office_suite_copies(sources: Sequence[Path], extension: str, out: Path) -> list[Path]:
    """Convert ``sources`` with LibreOffice (``soffice --headless --convert-to``) into ``out``,
    in a throwaway profile (a running LibreOffice, or another conversion, is left alone)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("--with-office-suite needs LibreOffice's soffice on the PATH")
    with tempfile.TemporaryDirectory(prefix="govtasks-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            extension,
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=900)
    made = [out / source.with_suffix(f".{extension}").name for source in sources]
    missing = [path.name for path in made if not path.exists()]
    if missing:
        raise SystemExit(f"LibreOffice did not write {', '.join(missing)}")
    return made


def write_fixtures(out: Path = FIXTURES, raw: Path = RAW, *, with_office_suite: bool = False) -> list[Path]:
    """Write :func:`sample_files` into ``out`` (and their LibreOffice .pdf and .xls copies when
    asked); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for files in sample_files(raw):
        for extension, data in (("xlsx", files.xlsx), ("docx", files.docx)):
            target = out / f"{files.stem}.{extension}"
            target.write_bytes(data)
            written.append(target)
    if with_office_suite:
        documents = [p for p in written if p.suffix == ".docx"]
        workbooks = [p for p in written if p.suffix == ".xlsx"]
        written += office_suite_copies(documents, "pdf", out)
        written += office_suite_copies(workbooks, "xls", out)
    return written


#: The long table: one sample's rows printed this many times, a table of 30 pages or more in
#: the PDF (for the benchmark's "a 30-page PDF table" and the reader's page-joining tests).
LONG_SAMPLE = "002"
LONG_COPIES = 2
LONG_FIXTURES = ROOT / "tests" / "fixtures" / "office_long"


def long_docx(raw: Path = RAW) -> bytes:
    """Sample :data:`LONG_SAMPLE`'s rows :data:`LONG_COPIES` times over in one Word table."""
    sample = next(s for s in read_samples(raw) if s.path.name.startswith(LONG_SAMPLE))
    rows = list(sample.rows) * LONG_COPIES
    return render_docx(sample.facts.title, rows, style_for(sample.layout))


def write_long(out: Path = LONG_FIXTURES, raw: Path = RAW, *, with_office_suite: bool = False) -> list[Path]:
    """Write the long table's .docx (and its LibreOffice .pdf when asked) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{LONG_SAMPLE}x{LONG_COPIES}.docx"
    target.write_bytes(long_docx(raw))
    written = [target]
    if with_office_suite:
        written += office_suite_copies([target], "pdf", out)
    return written


def _main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write-fixtures", action="store_true", help=f"rewrite {FIXTURES}")
    parser.add_argument(
        "--with-office-suite",
        action="store_true",
        help="also make the .pdf (from each .docx) and .xls (from each .xlsx) with LibreOffice",
    )
    parser.add_argument("--out", type=Path, default=FIXTURES, help="where to write the files")
    args = parser.parse_args(argv)
    if not args.write_fixtures:
        parser.error("nothing to do: pass --write-fixtures")
    written = write_fixtures(args.out, with_office_suite=args.with_office_suite)
    written += write_long(with_office_suite=args.with_office_suite)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    _main()
