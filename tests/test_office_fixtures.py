"""The office attachments of the five samples (issue 18) are what they claim to be.

``tests/fixtures/office_samples/`` holds each sample of ``data/raw`` as a district office sends
it (benchmarks/office.py): a workbook (.xlsx) with a hidden notes sheet, a Word document
(.docx), and LibreOffice's copies of them, a PDF of the Word file and an old .xls of the
workbook. Made from each sample's facts and raw rows, in the sample's own script.

The .xlsx and .docx are rewritten, byte for byte, by::

    .venv/bin/python benchmarks/office.py --write-fixtures

and the .pdf and .xls were made once with LibreOffice (``--with-office-suite``); nothing here
needs LibreOffice. These tests read the files with the libraries the readers use (openpyxl,
xlrd, python-docx, pdfplumber) and check what a reader will meet, values checked by looking.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

import docx
import openpyxl
import pdfplumber
import pytest
import xlrd
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl.worksheet.worksheet import Worksheet
from tests.conftest import SAMPLES

from office import FIXTURES, NOTE, NOTES_SHEET, ZIP_TIME, SampleFiles, sample_files
from pages import _paragraphs

#: The four files of each sample.
EXTENSIONS = ("xlsx", "docx", "pdf", "xls")
#: Task rows per sample (002's second printing dropped): the text dumps' counts.
ROWS = {"000": 82, "001": 15, "002": 128, "003": 103, "004": 83}
#: Each sample's report title; 003 (a bare table) has none.
TITLES = {
    "000": "【区级】杭州市萧山区人民政府2020年《政府工作报告》上半年度重点任务执行情况",
    "001": "杭州市萧山区发展和改革局2020年《政府工作报告》第三季度重点任务执行情况",
    "002": "2020第二季度政府工作报告重点任务目标执行情况",
    "003": None,
    "004": "2018年《政府工作报告》工作任务分解表",
}
#: The header row as printed (004 pads every cell with a no-break space, as its source does).
HEADERS = {
    "000": ["项目名称", "项目内容", "进展情况"],
    "001": ["序号", "任务内容", "工作举措与完成情况", "问题与困难", "下一步工作打算"],
    "002": ["项目名称", "项目内容", "责任单位", "进展情况"],
    "003": ["序號(hào)", "重點(diǎn)工作", "牽頭單位", "半年度工作完成情況"],
    "004": ["序号\xa0", "重 点 工 作 任 务\xa0", "牵头领导\xa0", "牵头单位\xa0"],
}
#: Category cells merged over their group's rows: (first range, how many); 000 and 002 print
#: a category column, the others none.
CATEGORY_MERGES = {"000": ("A4:A8", 16), "002": ("A4:A9", 22)}
#: The column of the task's own text (a reader's "content"), second in every sample.
CONTENT_COLUMN = 2


@cache
def made() -> dict[str, SampleFiles]:
    return {files.stem[:3]: files for files in sample_files()}


def path(sample: str, extension: str) -> str:
    return str(FIXTURES / f"{SAMPLES[sample].stem}.{extension}")


@cache
def workbook(sample: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path(sample, "xlsx"))


def table_sheet(sample: str) -> Worksheet:
    sheet = workbook(sample).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def header_row(sample: str) -> int:
    return 3 if TITLES[sample] else 2


# --- the files ------------------------------------------------------------------------------


def test_committed_files_are_what_the_script_writes() -> None:
    files = made()
    assert sorted(files) == sorted(SAMPLES)
    for written in files.values():
        for extension, data in (("xlsx", written.xlsx), ("docx", written.docx)):
            assert (FIXTURES / f"{written.stem}.{extension}").read_bytes() == data, (
                f"{written.stem}.{extension} is stale: run "
                ".venv/bin/python benchmarks/office.py --write-fixtures (then --with-office-suite "
                "to remake the .pdf and .xls from them)"
            )


def test_every_sample_has_its_four_files_and_no_other() -> None:
    expected = {f"{p.stem}.{extension}" for p in SAMPLES.values() for extension in EXTENSIONS}
    assert {p.name for p in FIXTURES.iterdir()} == expected


def test_rendering_is_deterministic() -> None:
    again = sample_files()
    for written in again:
        assert written.xlsx == made()[written.stem[:3]].xlsx
        assert written.docx == made()[written.stem[:3]].docx
        for data in (written.xlsx, written.docx):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}


# --- .xlsx ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_workbook_has_one_visible_sheet_then_a_hidden_note(sample: str) -> None:
    book = workbook(sample)
    assert [(s.title, s.sheet_state) for s in book.worksheets] == [
        ("Sheet1", "visible"),
        (NOTES_SHEET, "hidden"),
    ]
    assert book[NOTES_SHEET]["A1"].value == NOTE


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_workbook_prints_attachment_title_header_and_one_row_per_task(sample: str) -> None:
    sheet = table_sheet(sample)
    header = header_row(sample)
    width = len(HEADERS[sample])
    assert sheet["A1"].value == "附件"
    if TITLES[sample]:
        assert sheet["A2"].value == TITLES[sample]
        assert f"A2:{chr(ord('A') + width - 1)}2" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[header]] == HEADERS[sample]
    assert sheet.max_row == header + ROWS[sample]
    assert sheet.max_column == width


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_workbook_content_cells_hold_each_rows_paragraphs(sample: str) -> None:
    sheet = table_sheet(sample)
    rows = made()[sample].sample.rows
    first = header_row(sample) + 1
    cells = [sheet.cell(first + i, CONTENT_COLUMN) for i in range(len(rows))]
    # 004 pads a cell's last paragraph with a no-break space, as its source does.
    assert [c.value.removesuffix("\xa0") for c in cells] == ["\n".join(_paragraphs(r.content)) for r in rows]
    assert all(c.alignment.wrap_text for c in cells)


def test_workbook_category_cells_are_merged_down_their_groups() -> None:
    for sample in SAMPLES:
        sheet = table_sheet(sample)
        ranges = sorted(
            (r for r in sheet.merged_cells.ranges if r.min_row > 2), key=lambda r: (r.min_col, r.min_row)
        )
        if sample not in CATEGORY_MERGES:
            assert ranges == [], sample
            continue
        first, count = CATEGORY_MERGES[sample]
        assert (str(ranges[0]), len(ranges)) == (first, count), sample
        assert all(r.min_col == r.max_col == 1 for r in ranges)
    sheet = table_sheet("002")
    # "(一)" above the category's name, as the source prints it; the units joined with "、".
    assert sheet["A4"].value == "(一)\n经济社会发展主要预期目标"
    assert sheet["A5"].value is None  # covered by the merge
    assert sheet["C4"].value == "区发改经信局、区科技工业区管委会、各街道"
    assert sheet["A10"].value == "(二)\n支持实体企业发展"


def test_workbook_numbers_are_numbers_and_lists_are_lines() -> None:
    assert [table_sheet("001").cell(r, 1).value for r in (4, 5, 18)] == [1, 2, 164]
    assert isinstance(table_sheet("001")["A4"].value, int)
    assert (table_sheet("003")["A3"].value, table_sheet("003")["A105"].value) == (1, 108)
    sheet = table_sheet("004")
    assert (sheet["A4"].value, sheet["A86"].value) == (1, 83)
    # Leaders one a line; the source's no-break spaces (its text dump's "?") kept as such.
    assert sheet["C5"].value == "沈 \xa0昱\n祝振伟\xa0"
    assert sheet["D5"].value == "余杭经济技术开发区(钱江经济开发区)\xa0"


# --- .docx ----------------------------------------------------------------------------------


@cache
def document(sample: str) -> docx.document.Document:
    return docx.Document(path(sample, "docx"))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_document_prints_attachment_title_and_one_table(sample: str) -> None:
    doc = document(sample)
    expected = ["附件", TITLES[sample]] if TITLES[sample] else ["附件"]
    assert [p.text for p in doc.paragraphs] == expected
    if TITLES[sample]:
        title = doc.paragraphs[1]
        assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in title.runs)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    assert len(table.rows) == 1 + ROWS[sample]
    assert [c.text for c in table.rows[0].cells] == HEADERS[sample]
    # Only the header row repeats on every page.
    repeated = [i for i, row in enumerate(table.rows) if row._tr.xpath("./w:trPr/w:tblHeader")]
    assert repeated == [0]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_document_page_is_a4_landscape_numbered_in_the_footer(sample: str) -> None:
    section = document(sample).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    footer = section.footer.paragraphs[0]
    assert footer.text == "- 1 -"  # the PAGE field's cached number between the dashes
    assert [t.text for t in footer._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_document_category_cells_are_merged_vertically() -> None:
    for sample in SAMPLES:
        table = document(sample).tables[0]._tbl
        starts = table.xpath(".//w:tc/w:tcPr/w:vMerge[@w:val='restart']")
        continued = table.xpath(".//w:tc/w:tcPr/w:vMerge[not(@w:val)]")
        expected = CATEGORY_MERGES[sample][1] if sample in CATEGORY_MERGES else 0
        # Every row of a merged group but its first continues the merge.
        covered = {"000": 63, "002": 106}.get(sample, 0)
        assert (len(starts), len(continued)) == (expected, covered), sample
    table = document("002").tables[0]
    top = table.cell(1, 0)
    assert table.cell(6, 0)._tc is top._tc  # one cell over rows 1 to 6: (一)'s six tasks
    assert [p.text for p in top.paragraphs] == ["(一)", "经济社会发展主要预期目标"]
    assert table.cell(7, 0)._tc is not top._tc


def test_document_cells_hold_one_paragraph_each() -> None:
    table = document("004").tables[0]
    assert [p.text for p in table.cell(1, 2).paragraphs] == ["祝振伟", "陈夏林\xa0"]
    assert [p.text for p in table.cell(2, 2).paragraphs] == ["沈 \xa0昱", "祝振伟\xa0"]
    assert table.cell(1, 0).text == "1\xa0"
    # 002 lists its units in one paragraph, joined with "、".
    units = document("002").tables[0].cell(1, 2).paragraphs
    assert [p.text for p in units] == ["区发改经信局、区科技工业区管委会、各街道"]
    # 003's long progress cells keep their paragraphs.
    rows = made()["003"].sample.rows
    progress = document("003").tables[0].cell(1, 3).paragraphs
    assert [p.text for p in progress] == _paragraphs(rows[0].progress)
    assert len(progress) == 4


# --- .pdf (LibreOffice, from the .docx) ----------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_pdf_has_pages_with_text_and_the_header_on_each(sample: str) -> None:
    with pdfplumber.open(path(sample, "pdf")) as pdf:
        assert len(pdf.pages) >= 2
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert all(texts)
    assert texts[0].startswith("附件\n")
    # LibreOffice repeats the header row on every page: a line of the headers (003's first
    # wraps, "(hào)" on the next line). Digits are set in another font than Han characters,
    # and pdfplumber finds a space at the change ("2020 年").
    header = " ".join(h.removesuffix("\xa0") for h in HEADERS[sample]).replace("序號(hào)", "序號")
    lines = texts[0].splitlines()
    if TITLES[sample]:
        assert (lines[1].replace(" ", ""), lines[2]) == (TITLES[sample], header)
    else:
        assert lines[1:3] == [header, "(hào)"]
    assert [text.splitlines()[0] for text in texts[1:]] == [header] * (len(texts) - 1)
    assert [text.splitlines()[-1] for text in texts] == [f"- {n} -" for n in range(1, len(texts) + 1)]


# --- .xls (LibreOffice, from the .xlsx) ----------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_xls_holds_the_workbooks_cells(sample: str) -> None:
    old = xlrd.open_workbook(path(sample, "xls"), formatting_info=True)
    new = workbook(sample)
    assert [(s.name, s.visibility) for s in old.sheets()] == [("Sheet1", 0), (NOTES_SHEET, 1)]
    for old_sheet, new_sheet in zip(old.sheets(), new.worksheets, strict=True):
        assert (old_sheet.nrows, old_sheet.ncols) == (new_sheet.max_row, new_sheet.max_column)
        for row in range(old_sheet.nrows):
            for column in range(old_sheet.ncols):
                value = new_sheet.cell(row + 1, column + 1).value
                # LibreOffice changed nothing: texts (line breaks, no-break spaces) are the
                # same; numbers come back as floats, as .xls stores every number.
                assert old_sheet.cell_value(row, column) == ("" if value is None else value), (row, column)
                if isinstance(value, int):
                    assert old_sheet.cell_type(row, column) == xlrd.XL_CELL_NUMBER
        merged = {(r.min_row - 1, r.max_row, r.min_col - 1, r.max_col) for r in new_sheet.merged_cells.ranges}
        assert set(old_sheet.merged_cells) == merged
