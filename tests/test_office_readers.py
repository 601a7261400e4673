"""The workbook and Word readers (issue 18) on small real files, made here with openpyxl and
python-docx as a district office would make them (and one saved by LibreOffice, for the
formulas' stored values): what each cell reads as, merged cells, hidden sheets, title rows,
nested and continued tables, and the rows and facts the whole per-file stage gives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.clean.normalize import default_phrases
from govtasks.errors import TableTooLarge
from govtasks.models import ParsedFile, Rejection
from govtasks.read.document import Document, read_document
from govtasks.read.workbook import column_letters, number_text
from govtasks.run.per_file import process_file

CASES = Path(__file__).parent / "fixtures" / "office_cases"
#: Header words: 序号 number, 重点任务 key task, 责任单位 responsible unit, 进展情况 progress.
HEADER = ["序号", "重点任务", "责任单位", "进展情况"]
TITLE = "拱墅区2023年第三季度政府工作报告重点任务进展情况"


def texts(doc: Document, table: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row] for row in doc.tables[table].rows]


def parse(path: Path) -> ParsedFile:
    result = process_file(path, path.parent, default_phrases())
    assert isinstance(result, ParsedFile), result
    return result


# --- workbooks ------------------------------------------------------------------------------


def test_a_sheet_reads_as_a_person_sees_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "附件"
    sheet["A2"] = TITLE
    sheet.merge_cells("A2:D2")
    sheet.append(HEADER)
    sheet.append([1.0, "推进城市有机更新\n完成老旧小区改造10个", "区建设局", "已完成12个"])
    sheet.append([2, "新增高新技术企业", None, dt.datetime(2023, 9, 30)])
    sheet.merge_cells("C4:C5")  # one unit leads both rows
    sheet.append(["一、民生实事"])  # a section row inside the table, merged across it
    sheet.merge_cells("A6:D6")
    sheet.append([3, "新建幼儿园", "区教育局", "主体结构完工"])
    sheet.append(["注：进展截至9月底"])  # a closing note: a paragraph below the table
    hidden = book.create_sheet("说明")
    hidden["A1"] = "本表由区府办汇总"
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    book.save(path)
    doc = read_document(path)
    assert (doc.kind, doc.encoding) == ("workbook", "xlsx")
    # "附件" and the merged title are paragraphs above the table, which starts at the header.
    assert doc.lines[:2] == ("附件", TITLE)
    assert doc.places[:3] == ("Sheet!A1", "Sheet!A2", "Sheet!A3")
    assert texts(doc) == [
        HEADER,
        ["1", "推进城市有机更新\n完成老旧小区改造10个", "区建设局", "已完成12个"],
        ["2", "新增高新技术企业", "区建设局", "2023-09-30"],
        ["一、民生实事"] * 4,
        ["3", "新建幼儿园", "区教育局", "主体结构完工"],
    ]
    assert [c.from_span for c in doc.tables[0].rows[2]] == [False, False, True, False]
    assert [c.from_span for c in doc.tables[0].rows[3]] == [False, True, True, True]
    assert doc.lines[-1] == "注：进展截至9月底"
    assert doc.notes == ("hidden sheet '说明' skipped",)
    result = parse(path)
    assert (result.facts.district, result.facts.year, result.facts.period) == ("拱墅区", 2023, "Q3")
    assert [(r.seq, r.category, r.lead_units, r.source_ref) for r in result.rows] == [
        ("1", None, ("区建设局",), "Sheet!A4"),
        ("2", None, ("区建设局",), "Sheet!A5"),
        ("3", "民生实事", ("区教育局",), "Sheet!A7"),
    ]
    assert result.rows[0].content == "推进城市有机更新\n完成老旧小区改造10个"


def test_formulas_read_as_their_stored_values_never_calculated() -> None:
    """LibreOffice saved the workbook (as Excel and WPS do): 完成率 is =D3/C3 in a 0.0% format,
    stored as 0.486; the reader shows the stored value as the sheet prints it."""
    doc = read_document(CASES / "formulas.xlsx")
    assert texts(doc)[1:] == [
        ["1", "新增国家高新技术企业", "500", "243", "48.6%", "新认定243家"],
        ["2", "完成老旧小区改造", "40", "40", "100.0%", "已全部完工"],
    ]


def test_a_formula_never_calculated_reads_as_empty(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([1, "任务甲", "区财政局", "=1+1"])  # openpyxl stores no value for it
    path = tmp_path / "uncalculated.xlsx"
    book.save(path)
    assert texts(read_document(path))[1] == ["1", "任务甲", "区财政局", ""]


def test_every_visible_sheet_is_read_in_order(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "一季度"
    first.append([TITLE])
    first.append(HEADER)
    first.append([1, "任务甲", "区财政局", "进展甲"])
    second = book.create_sheet("续表")
    second.append(HEADER)
    second.append([2, "任务乙", "区建设局", "进展乙"])
    path = tmp_path / "two sheets.xlsx"
    book.save(path)
    result = parse(path)
    assert [(r.seq, r.content, r.source_ref) for r in result.rows] == [
        ("1", "任务甲", "一季度!A3"),
        ("2", "任务乙", "续表!A2"),
    ]


def test_a_sheet_spanning_too_many_cells_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "序号"
    sheet["Z20000"] = "x"  # 20,000 rows × 26 columns
    path = tmp_path / "huge.xlsx"
    book.save(path)
    with pytest.raises(TableTooLarge, match="over the 250,000-cell limit"):
        read_document(path)
    result = process_file(path, tmp_path, default_phrases())
    assert isinstance(result, Rejection) and result.code == "table-too-large"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_whole_number_reads_without_a_decimal_point(number: int) -> None:
    assert number_text(float(number)) == str(number)


@given(st.integers(min_value=1, max_value=18_278))
def test_column_letters_count_like_a_spreadsheet(number: int) -> None:
    letters = column_letters(number)
    value = 0
    for letter in letters:
        value = value * 26 + ord(letter) - ord("A") + 1
    assert value == number and letters.isupper()


# --- Word documents -------------------------------------------------------------------------


def word_table(path: Path, *, continued: bool = False) -> None:
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph(TITLE)
    table = document.add_table(rows=4, cols=4)
    for column, text in enumerate(HEADER):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "推进城市有机更新"
    table.cell(1, 1).add_paragraph("完成老旧小区改造10个")
    table.cell(1, 2).text = "区建设局"
    table.cell(1, 3).text = "已完成12个"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "新增高新技术企业"
    table.cell(2, 3).text = "新认定43家"
    table.cell(1, 2).merge(table.cell(2, 2))  # one unit leads both rows
    merged = table.cell(3, 0).merge(table.cell(3, 3))  # a note across the last row
    merged.text = "注：进展截至9月底"
    inner = table.cell(2, 3).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "指标"
    inner.cell(0, 1).text = "43"
    if continued:  # the table broken in two, the second part without its header
        document.add_paragraph("")
        rest = document.add_table(rows=1, cols=4)
        for column, text in enumerate(["3", "新建幼儿园", "区教育局", "主体结构完工"]):
            rest.cell(0, column).text = text
    document.save(path)


def test_a_word_table_reads_with_its_merged_cells_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "table.docx"
    word_table(path)
    doc = read_document(path)
    assert (doc.kind, doc.encoding) == ("word", "docx")
    assert doc.lines[:2] == ("附件", TITLE)
    assert texts(doc) == [
        HEADER,
        ["1", "推进城市有机更新\n完成老旧小区改造10个", "区建设局", "已完成12个"],
        ["2", "新增高新技术企业", "区建设局", "新认定43家"],
    ]
    # The note merged across the last row is a paragraph below the table, as a sheet's is.
    assert doc.lines[doc.tables[0].rows[-1][0].line] == "注：进展截至9月底"
    assert [c.from_span for c in doc.tables[0].rows[2]] == [False, False, True, False]
    # The nested table is a table of its own, read after the one holding it.
    assert texts(doc, 1) == [["指标", "43"]]
    assert doc.places[doc.tables[1].rows[0][0].line - 1] == "table 2 row 1"
    result = parse(path)
    assert (result.facts.district, result.facts.year, result.facts.period) == ("拱墅区", 2023, "Q3")
    assert [(r.seq, r.lead_units, r.source_ref) for r in result.rows] == [
        ("1", ("区建设局",), "table 1 row 2"),
        ("2", ("区建设局",), "table 1 row 3"),
    ]


def test_a_word_table_broken_in_two_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "continued.docx"
    word_table(path, continued=True)
    result = parse(path)
    assert [(r.seq, r.content, r.source_ref) for r in result.rows] == [
        ("1", "推进城市有机更新\n完成老旧小区改造10个", "table 1 row 2"),
        ("2", "新增高新技术企业", "table 1 row 3"),
        ("3", "新建幼儿园", "table 3 row 1"),
    ]


def test_a_word_document_without_a_table_reads_its_paragraphs_as_a_text_would(tmp_path: Path) -> None:
    """No table: the paragraphs are the document's lines, read as a text dump's (a label list)."""
    document = docx.Document()
    for line in (
        TITLE,
        "1.推进城市有机更新，完成老旧小区改造10个。",
        "责任单位：区建设局",
        "进展情况：已完成12个。",
        "2.新增国家高新技术企业50家。",
        "责任单位：区科技局",
        "进展情况：新认定43家。",
    ):
        document.add_paragraph(line)
    path = tmp_path / "list.docx"
    document.save(path)
    result = parse(path)
    assert [(r.content, r.lead_units, r.progress) for r in result.rows] == [
        ("推进城市有机更新，完成老旧小区改造10个。", ("区建设局",), "已完成12个。"),
        ("新增国家高新技术企业50家。", ("区科技局",), "新认定43家。"),
    ]
    assert result.rows[0].source_ref == "paragraph 2"


# --- facts from the file name ---------------------------------------------------------------


def untitled_workbook(path: Path) -> None:
    """A sheet with the table alone: no title row, no place, year or period in its cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([1, "推进城市有机更新", "区建设局", "已完成12个"])
    sheet.append([2, "新增高新技术企业", "区科技局", "新认定43家"])
    book.save(path)


def test_an_attachment_saved_under_its_title_takes_its_facts_from_the_name(tmp_path: Path) -> None:
    path = tmp_path / "拱墅区2021年第四季度重点任务进展.xlsx"
    untitled_workbook(path)
    result = parse(path)
    assert (result.facts.district, result.facts.year, result.facts.period) == ("拱墅区", 2021, "Q4")
    assert result.facts.inferred == dict.fromkeys(
        ("district", "year", "period"), f"from the file name {path.name}"
    )


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("P020211231.xlsx", "district, year, period"),  # a CMS's numbering: names nothing
        ("西湖区2021年第四季度重点任务进展.xlsx", "district"),  # 西湖区: in Hangzhou and in Nanchang
    ],
)
def test_a_name_naming_nothing_outright_leaves_the_facts_to_a_sidecar(
    tmp_path: Path, name: str, missing: str
) -> None:
    path = tmp_path / name
    untitled_workbook(path)
    result = process_file(path, tmp_path, default_phrases())
    assert isinstance(result, Rejection) and result.code == "missing-facts"
    assert result.reason.startswith(f"could not tell the {missing} of this report")
    assert "sidecar" in result.hint


# --- a header of two rows -------------------------------------------------------------------

#: The rows a two-row header's table gives: 责任单位 (responsible units) spans 牵头单位 (lead)
#: and 配合单位 (supporting) in the second header row; the other header cells span both rows.
TWO_ROW_ROWS = [
    (
        "1",
        "聚焦创新驱动",
        "建设城西科创大走廊核心区",
        ("区科技局",),
        ("区发改局", "区财政局"),
        "已完成年度目标的60%。",
    ),
    ("2", "聚焦创新驱动", "新增国家高新技术企业300家", ("区科技局",), (), "新认定243家"),
]


def test_a_two_row_header_in_a_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "余杭区2023年政府工作报告重点工作任务上半年推进情况表"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "填报单位：区府办"  # a row of two texts above the header: not the title
    sheet["E2"] = "填报时间：2023年7月10日"
    sheet.append(["序号", "工作任务", "责任单位", None, "上半年推进情况"])
    sheet.append([None, None, "牵头单位", "配合单位", None])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(cells)
    sheet.append(["一、聚焦创新驱动"])
    sheet.merge_cells("A5:E5")
    sheet.append([1, "建设城西科创大走廊核心区", "区科技局", "区发改局、区财政局", "已完成年度目标的60%。"])
    sheet.append([2, "新增国家高新技术企业300家", "区科技局", None, "新认定243家"])
    path = tmp_path / "two rows.xlsx"
    book.save(path)
    result = parse(path)
    assert [
        (r.seq, r.category, r.content, r.lead_units, r.supporting_units, r.progress) for r in result.rows
    ] == TWO_ROW_ROWS
    assert (result.facts.district, result.facts.year, result.facts.period) == ("余杭区", 2023, "H1")


def test_a_two_row_header_on_a_saved_page(tmp_path: Path) -> None:
    """The same table as a page prints it (rowspan and colspan): read the same way."""
    (tmp_path / "page.html").write_text(
        '<html><head><meta charset="utf-8">'
        "<title>余杭区2023年政府工作报告重点工作任务上半年推进情况表</title></head><body><table>"
        '<tr><td rowspan="2">序号</td><td rowspan="2">工作任务</td><td colspan="2">责任单位</td>'
        '<td rowspan="2">上半年推进情况</td></tr>'
        "<tr><td>牵头单位</td><td>配合单位</td></tr>"
        '<tr><td colspan="5">一、聚焦创新驱动</td></tr>'
        "<tr><td>1</td><td>建设城西科创大走廊核心区</td><td>区科技局</td><td>区发改局、区财政局</td>"
        "<td>已完成年度目标的60%。</td></tr>"
        "<tr><td>2</td><td>新增国家高新技术企业300家</td><td>区科技局</td><td></td><td>新认定243家</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    result = parse(tmp_path / "page.html")
    assert [
        (r.seq, r.category, r.content, r.lead_units, r.supporting_units, r.progress) for r in result.rows
    ] == TWO_ROW_ROWS


def test_rows_hidden_in_a_visible_sheet_are_read_and_said(tmp_path: Path) -> None:
    """A row hidden from view (filtered or folded away) is data all the same: read, with a note."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务"
    sheet.append(HEADER)
    sheet.append([1, "任务甲", "区财政局", "进展甲"])
    sheet.append([2, "任务乙", "区建设局", "进展乙"])
    sheet.row_dimensions[3].hidden = True
    path = tmp_path / "hidden row.xlsx"
    book.save(path)
    doc = read_document(path)
    assert texts(doc)[2] == ["2", "任务乙", "区建设局", "进展乙"]
    assert doc.notes == ("sheet '任务': 1 hidden row read (3)",)


def test_a_content_control_without_content_holds_nothing(tmp_path: Path) -> None:
    """A ``w:sdt`` may omit its ``w:sdtContent`` (the schema allows it): it holds no block."""
    path = tmp_path / "sdt.docx"
    word_table(path)
    document = docx.Document(str(path))
    document.element.body.insert(0, docx.oxml.parse_xml(f'<w:sdt xmlns:w="{docx.oxml.ns.nsmap["w"]}"/>'))
    document.save(str(path))
    assert [r.seq for r in parse(path).rows] == ["1", "2"]
