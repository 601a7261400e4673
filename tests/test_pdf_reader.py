"""The PDF reader (issue 18) on real PDFs: Word documents printed to PDF by LibreOffice
(``tests/fixtures/office_pdf/``, made by its make_fixtures.py; the five samples in
``tests/fixtures/office_samples/``, made by benchmarks/office.py), compared cell for cell with
the Word tables they were printed from; and PDFs that must be refused, each with its reason.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.errors import CorruptFile, EncryptedFile, RejectedFile, ScannedPdf, UnsafeFile
from govtasks.grid import Grid
from govtasks.read.extracted import Extracted
from govtasks.read.office import read_office
from govtasks.read.pdf import _PAGE_NUMBER, read_pdf
from govtasks.read.pdf_text import Line, join_wrapped, leading_unit, paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "office_pdf"
SAMPLES = Path(__file__).parent / "fixtures" / "office_samples"
HEADER = ["序号", "领域", "重点任务", "责任单位", "进展情况"]
TITLE = "某某区2023年《政府工作报告》重点任务上半年执行情况"


@cache
def read(path: Path) -> Extracted:
    return read_pdf(path.read_bytes())


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def word_table(path: Path, index: int = 0) -> list[list[str]]:
    """The cell texts of a Word document's table, a merged cell's text in each slot it spans
    (python-docx gives the merged cell for each)."""
    return [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[index].rows]


def word_merges(path: Path, *, across: bool = True) -> list[list[bool]]:
    """For each slot of the Word table, whether a merged cell from above (or from the left,
    ``across``) covers it."""
    rows = [[cell._tc for cell in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    return [
        [
            (across and c > 0 and tc is row[c - 1]) or (r > 0 and tc is rows[r - 1][c])
            for c, tc in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]


def paragraphs_of(extracted: Extracted) -> list[str]:
    return [
        line for line, place in zip(extracted.lines, extracted.places, strict=True) if "paragraph" in place
    ]


def spaced(text: str) -> str:
    """A cell's text with each line's whitespace runs as one space and no space at its ends:
    what a PDF can tell (a Word cell's trailing no-break space is not printed)."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


# --- A ruled table over three pages, from Word (LibreOffice's PDF) ------------------------


def test_the_ruled_table_has_the_word_tables_cells() -> None:
    extracted = read(FIXTURES / "ruled.pdf")
    assert len(extracted.tables) == 1
    want = word_table(FIXTURES / "ruled.docx")
    got = texts(extracted.tables[0])
    # One paragraph that fills its line to within a character looks wrapped, and its next
    # paragraph names a unit printed nowhere else: joined (a known limit, see pdf_text).
    assert want[18][3] == "市生态环境局某某分局\n区治水办"
    assert got[18][3] == "市生态环境局某某分局区治水办"
    got[18][3] = want[18][3]
    assert got == want


def test_merged_cells_cover_the_slots_they_span_like_on_a_page() -> None:
    grid = read(FIXTURES / "ruled.pdf").tables[0]
    assert [[cell.from_span for cell in row] for row in grid.rows] == word_merges(FIXTURES / "ruled.docx")
    # A field merged down rows 17-19 runs on over the page break, printed empty on page 3.
    assert [row[1].text for row in grid.rows[-3:]] == ["民生"] * 3
    assert [row[1].from_span for row in grid.rows[-3:]] == [False, True, True]
    # A section's heading across the table: its text in the first slot, copies in the others.
    assert [(cell.text, cell.from_span) for cell in grid.rows[1]] == [("一、稳住经济基本盘", False)] + [
        ("一、稳住经济基本盘", True)
    ] * 4


def test_a_table_over_three_pages_is_one_with_its_header_once() -> None:
    extracted = read(FIXTURES / "ruled.pdf")
    assert extracted.units == 3
    rows = texts(extracted.tables[0])
    assert rows[0] == HEADER
    assert sum(row == HEADER for row in rows) == 1
    assert [row[0] for row in rows if row[0].isdigit()] == [str(n) for n in range(1, 20)]
    assert extracted.notes == (
        "a table running over pages 1-3 was joined into one; its header, repeated on 2 pages, "
        "was read once; 2 rows cut by a page break joined back",
    )


def test_rows_cut_by_a_page_break_are_joined_back() -> None:
    with pdfplumber.open(FIXTURES / "ruled.pdf") as pdf:
        pages = [page.extract_tables()[0] for page in pdf.pages]
    # Row 8's task is cut after "支持大企业"; row 17 is cut after its progress's first paragraph
    # (pdfplumber's own reading, one cell's lines joined by "\n").
    assert pages[0][-1][0] == "8" and pages[0][-1][2].endswith("支持大企业")
    assert pages[1][1][:3] == ["", "", "做大做强。"]
    assert pages[1][-1][0] == "17" and pages[1][-1][4].endswith("增学位5400个。")
    assert pages[2][1][4].startswith("推进集团化办学")
    extracted = read(FIXTURES / "ruled.pdf")
    rows = {row[0].text: row for row in extracted.tables[0].rows}
    eight, seventeen = rows["8"], rows["17"]
    assert eight[2].text == "落实全省“雄鹰行动”培育计划，发挥龙头企业引领带动作用，支持大企业做大做强。"
    assert seventeen[2].text == "新建改扩建中小学、幼儿园15所，新增学位1.2万个。"
    assert seventeen[4].text == (
        "已开工学校12所，竣工交付4所，新增学位5400个。\n推进集团化办学，新组建教育集团3个，实现优质教育资源全覆盖。"
    )
    # A row is placed where it starts; the rows after a cut one on the next page follow it.
    assert [extracted.places[row[0].line - 1] for row in (eight, seventeen, rows["18"])] == [
        "page 1 row 10",
        "page 2 row 13",
        "page 3 row 3",
    ]


def test_wrapped_lines_are_joined_and_paragraphs_kept() -> None:
    rows = {row[0].text: [cell.text for cell in row] for row in read(FIXTURES / "ruled.pdf").tables[0].rows}
    # Centred unit names, one a paragraph, two of them wrapped in the narrow cell.
    assert rows["6"][3] == "区政务服务中心\n区数据资源局"
    assert rows["1"][3] == "区发改局\n区经信局\n区统计局"
    # Justified text: the wrapped lines joined, the paragraph that ends short of the edge kept.
    assert rows["1"][4] == (
        "上半年完成固定资产投资312.5亿元，同比增长9.1%，其中制造业投资增长12.3%，高于全市平均水平2.1个百分点。"
        "谋划推进重大项目86个，总投资1280亿元，已开工项目41个。\n下一步将加快项目前期工作，确保三季度再开工一批重大项目。"
    )
    # A Latin phrase wrapped twice: at Chinese text without a space, between words with one.
    assert "推动企业上云1500家，接入Zhejiang Government Service Network统一平台。" in rows["10"][4]
    assert "\n" not in rows["16"][2] and "保护，PM2.5平均" in rows["16"][2]


def test_page_headers_footers_and_numbers_are_dropped_the_title_kept() -> None:
    for name in ("ruled.pdf", "unruled.pdf"):
        extracted = read(FIXTURES / name)
        assert paragraphs_of(extracted) == [
            "附件",
            TITLE,
            "（截至2023年6月30日）",
            "某某区人民政府办公室",
            "2023年7月10日",
        ]
        assert not [line for line in extracted.lines if "文件" in line or re.search(r"- \d -|第 \d 页", line)]
    with pdfplumber.open(FIXTURES / "unruled.pdf") as pdf:
        assert "第 1 页 共 4 页" in pdf.pages[0].extract_text()


def test_a_table_without_rules_is_read_from_its_alignment() -> None:
    extracted = read(FIXTURES / "unruled.pdf")
    assert extracted.units == 4 and len(extracted.tables) == 1
    assert extracted.notes == ("a table running over pages 1-4 was joined into one",)
    # Without rules a field merged down rows is printed in its first row only: the others are
    # empty; everything else is the Word table's.
    word = FIXTURES / "unruled.docx"
    want = [
        ["" if below else text for text, below in zip(row, merges, strict=True)]
        for row, merges in zip(word_table(word), word_merges(word, across=False), strict=True)
    ]
    assert texts(extracted.tables[0]) == want


def test_a_table_split_by_hand_and_continued_overleaf_is_one() -> None:
    """Two Word tables of the same columns, the second on the next page under "续表"."""
    extracted = read(FIXTURES / "continued.pdf")
    assert len(extracted.tables) == 1
    word = FIXTURES / "continued.docx"
    assert texts(extracted.tables[0]) == word_table(word, 0) + word_table(word, 1)[1:]
    assert "续表" not in extracted.lines
    assert extracted.notes == (
        "a table running over pages 1-2 was joined into one; its header, repeated on 1 page, was read once",
    )


def test_a_pdf_that_forbids_copying_is_read() -> None:
    """An owner password (copying and changes forbidden) opens without one, as in a viewer."""
    extracted = read(FIXTURES / "restricted.pdf")
    assert texts(extracted.tables[0]) == word_table(FIXTURES / "ruled.docx")[:5]
    # One page: its running title cannot be told from a title.
    assert paragraphs_of(extracted)[:2] == ["某某区人民政府办公室文件", "附件"]


def test_the_same_bytes_read_the_same() -> None:
    data = (FIXTURES / "ruled.pdf").read_bytes()
    assert read_pdf(data) == read_pdf(data)


def test_office_reads_a_pdf_as_one() -> None:
    found = read_office((FIXTURES / "ruled.pdf").read_bytes())
    assert found is not None and found[:2] == ("pdf", "pdf")
    assert found[2] == read(FIXTURES / "ruled.pdf")


def test_a_blank_pdf_reads_as_nothing() -> None:
    assert read(FIXTURES / "blank.pdf") == Extracted((), (), (), (), units=1)


# --- The five samples: their PDFs give their Word tables' cells --------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.stem[:3])
def test_a_sample_pdf_gives_its_word_tables_cells(path: Path) -> None:
    extracted = read(path)
    want = [[spaced(text) for text in row] for row in word_table(path.with_suffix(".docx"))]
    got = [[spaced(text) for text in row] for row in texts(extracted.tables[0])]
    assert len(extracted.tables) == 1
    if path.stem.startswith("001"):
        # LibreOffice draws no space at a wrap where the line is full: "各项 扶持" (a stray
        # space in the sample's text) wrapped there reads without it.
        assert want[1][1].replace("各项 扶持", "各项扶持") == got[1][1]
        got[1][1] = want[1][1]
    assert got == want
    assert paragraphs_of(extracted) == [
        p.text for p in docx.Document(str(path.with_suffix(".docx"))).paragraphs if p.text.strip()
    ]


# --- PDFs that are refused --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "reason"),
    [
        ("scanned.pdf", ScannedPdf, "scanned PDF: no text layer (OCR is not supported)"),
        ("scanned_numbered.pdf", ScannedPdf, "scanned PDF: no text layer (OCR is not supported)"),
        ("encrypted.pdf", EncryptedFile, "the PDF is protected by a password"),
        ("truncated.pdf", CorruptFile, "the PDF cannot be parsed: PSEOF: Unexpected EOF"),
        (
            "garbage.pdf",
            CorruptFile,
            "the PDF cannot be parsed: PDFSyntaxError: No /Root object! - Is this really a PDF?",
        ),
        ("looping.pdf", UnsafeFile, "the page tree reaches object 2 twice (it loops or fans out)"),
        ("fan_out.pdf", UnsafeFile, "the page tree reaches object 4 twice (it loops or fans out)"),
        (
            "huge_count.pdf",
            UnsafeFile,
            "the PDF says it has 10,000,000 pages, over the 500 a report may have",
        ),
        ("inflating.pdf", UnsafeFile, "a stream decodes to over 64 MB"),
        ("many_chars.pdf", UnsafeFile, "page 1 draws over 50,000 characters"),
        ("self_drawing.pdf", UnsafeFile, "page 1 draws form 6 inside itself"),
        ("circular_references.pdf", UnsafeFile, "objects refer to each other in a circle: 6 → 7 → 6"),
    ],
)
def test_a_pdf_is_refused_with_its_reason(name: str, error: type[RejectedFile], reason: str) -> None:
    with pytest.raises(error) as raised:
        read_pdf((FIXTURES / name).read_bytes())
    assert raised.value.reason == reason
    assert "\n" not in raised.value.reason


@pytest.mark.parametrize("seed", range(12))
def test_a_damaged_pdf_is_read_or_refused(seed: int) -> None:
    """Bytes overwritten, a piece cut out, or the end cut off: the reader reads what pdfminer
    can, or refuses the file with a reason; nothing else escapes."""
    rng = random.Random(seed)
    data = bytearray((FIXTURES / "restricted.pdf").read_bytes())
    if seed % 3 == 0:
        for _ in range(10):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif seed % 3 == 1:
        start = rng.randrange(len(data))
        del data[start : start + rng.randint(1, 5000)]
    else:
        del data[rng.randrange(len(data)) :]
    try:
        read_pdf(bytes(data))
    except RejectedFile as error:
        assert error.reason and "\n" not in error.reason


def test_page_numbers_are_told_from_dates() -> None:
    numbers = ["-3-", "—3—", "3", "第3页", "第3页共10页", "共10页第3页", "3/10", "Page3of10"]
    assert all(_PAGE_NUMBER.fullmatch(text) for text in numbers)
    assert not any(_PAGE_NUMBER.fullmatch(text) for text in ["2023年7月10日", "附件", "一、", "第三季度"])


# --- The text joiners, on any text --------------------------------------------------------------

pieces = st.text(alphabet=st.sampled_from("区发改局甲乙，。、“”（）ab1 2.%-"), max_size=12)


@given(pieces, pieces)
def test_a_wrap_join_loses_and_adds_nothing_but_one_space(head: str, tail: str) -> None:
    joined = join_wrapped(head, tail)
    assert "".join(joined.split()) == "".join((head + tail).split())
    start, end = head.rstrip(), tail.lstrip()
    assert joined in (start + end, f"{start} {end}")
    if joined != start + end:  # a space only where one was drawn, or between Latin letters or digits,
        # or after Latin punctuation before a letter
        drawn = head[-1:].isspace() or tail[:1].isspace()
        assert drawn or (
            start[-1].isascii()
            and end[0].isascii()
            and ((start[-1].isalnum() and end[0].isalnum()) or (start[-1] in ",.:;" and end[0].isalpha()))
        )


@given(pieces, pieces)
def test_a_lines_first_unit_is_a_prefix_decided_by_its_own_characters(text: str, more: str) -> None:
    unit = leading_unit(text)
    assert 0 <= unit <= len(text)
    assert (unit == 0) == (text == "")
    if unit < len(text):  # the unit stopped inside the text: what follows cannot change it
        assert leading_unit(text + more) == unit


@given(st.lists(st.tuples(pieces, st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=6))
def test_joining_a_cells_lines_keeps_every_character_in_order(specs: list[tuple[str, float, float]]) -> None:
    lines = [
        Line(text, x0, x0 + width, 12.0 * n, 12.0 * n + 10, 10.0, 10.0)
        for n, (text, x0, width) in enumerate(specs)
        if text.strip()
    ]
    text = paragraphs(lines, left=0.0, right=120.0)
    assert "".join(text.split()) == "".join("".join(line.text.split()) for line in lines)
    assert text.count("\n") <= max(len(lines) - 1, 0)
