"""Same page, same rows (issue 18): the five samples' saved pages (tests/fixtures/html_samples)
printed to PDF by a browser (Chromium's headless print, Skia's PDF writer:
``tests/fixtures/office_browser/``, made by its make_fixtures.py) give the text dumps' rows,
field for field, and their facts, through the generic reader.

A browser prints a page as LibreOffice never prints a document: cell borders are thin filled
rectangles, each cell drawing its top and left one, so a row the page break cuts has no rule
under it nor over its rest; a merged cell's text runs on past the page or into the next one;
a <thead> is repeated on every page (003); a page exported from Word (000, 002) shows its
source's line breaks as spaces inside Chinese words; the navigation bar, the info block and
the footer are printed around the table; 002's page prints its table twice, and the PDF reads
it twice, as two equal tables (the link stage drops the repeats, as for the text dump).

What the PDF cannot tell is listed row by row in :data:`UNTOLD`: a line that ends a paragraph
(a <br>) where it is full, or where the next word would have fitted after a space (a
browser does not print a space a line wraps at, so "区综合行政 执法局" wrapped at its space
looks like two lines of one unit each); a column one character wide, all of whose lines are
full; and a real space between two Chinese characters in a page whose source line breaks
are printed as spaces (dropped with them).
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.link.blocks import dedupe
from govtasks.models import CleanRow, ParsedFile
from govtasks.read.pdf import read_pdf
from govtasks.read.pdf_tables import closing_rules
from govtasks.read.pdf_text import drop_source_breaks, shows_source_breaks
from govtasks.run.per_file import process_file

FIXTURES = Path(__file__).parent / "fixtures" / "office_browser"
#: Progress rows per sample, repeats dropped: the text dumps' counts.
ROWS = {"000": 82, "001": 15, "002": 128, "003": 103, "004": 83}
#: Facts the printed page gives as its text dump does (its title, and its info block's).
FACTS = ("district", "year", "period", "title", "published", "index_no")
FIELDS = (
    "seq",
    "category_no",
    "category",
    "content",
    "lead_units",
    "lead_leaders",
    "progress",
    "problems",
    "next_steps",
    "supporting_units",
    "extra",
    "period",
)
#: Where the PDF's row differs from the text's, and why (sample, row index after repeats are
#: dropped → field → the PDF's value, or for a text field (the text's piece, the PDF's piece)).
UNTOLD: dict[tuple[str, int], dict[str, object]] = {
    # A full line ending a paragraph ("…砼浇筑。<br>阿里银泰…", "…36.52%。<br>3月7日…"): it wraps.
    ("001", 4): {"progress": ("砼浇筑。\n阿里银泰", "砼浇筑。阿里银泰")},
    ("003", 32): {"progress": ("36.52%。\n3月7日", "36.52%。3月7日")},
    # A real space in a page whose source line breaks print as spaces: dropped with them.
    ("002", 110): {"progress": ("创青春 墅未来", "创青春墅未来")},
    # "市规划和自然资源局 余杭分局", "区综合行政 执法局" wrapped at their space, which is not
    # printed: the next word would have fitted without it, as after a line break.
    ("003", 24): {"lead_units": ("市规划和自然资源局", "余杭分局")},
    **{("003", row): {"lead_units": ("区综合行政", "执法局")} for row in (47, 48, 49, 51, 100)},
    # Units one a line (<br>), each filling its line ("区征迁办" in a column four wide).
    ("004", 35): {"lead_units": ("区住建局(规划分局)", "区征迁办各平台", "镇(街道)")},
    ("004", 36): {"lead_units": ("区住建局", "区水务公司", "国网余杭供电公司移动余杭分公司")},
    ("004", 55): {"lead_units": ("区委宣传部", "区司法局团区委")},
    ("004", 59): {"lead_units": ("区教育局相关平台", "镇街")},
    # Leaders one a line in a column one character wide: every line is full.
    ("004", 32): {"lead_leaders": ("沈昱", "李敏华於卫国陈夏林")},
    **{("004", row): {"lead_leaders": ("王建平曾", "宏")} for row in (71, 73, 75)},
}


@cache
def parsed(path: Path) -> ParsedFile:
    result = process_file(path, path.parent, default_phrases())
    assert isinstance(result, ParsedFile), (path.name, result)
    return result


def browser_pdf(sample: str) -> Path:
    return FIXTURES / SAMPLES[sample].with_suffix(".pdf").name


def expected(sample: str, index: int, row: CleanRow) -> tuple[object, ...]:
    """The text row's fields, with what the PDF cannot tell (:data:`UNTOLD`) as the PDF has it."""
    fields = dict(zip(FIELDS, row.same_statement(), strict=True))
    for name, value in UNTOLD.get((sample, index), {}).items():
        text = fields[name]
        if isinstance(text, str):
            assert isinstance(value, tuple)
            old, new = value
            assert old in text
            fields[name] = text.replace(old, new)
        else:
            fields[name] = value
    return tuple(fields.values())


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_browser_pdf_gives_the_rows_of_the_text_field_for_field(sample: str) -> None:
    pdf, text = parsed(browser_pdf(sample)), parsed(SAMPLES[sample])
    pdf_rows, _ = dedupe(pdf.rows)
    text_rows, _ = dedupe(text.rows)
    assert pdf.format == "generic"
    assert len(pdf_rows) == len(text_rows) == ROWS[sample]
    for index, (pdf_row, text_row) in enumerate(zip(pdf_rows, text_rows, strict=True)):
        assert pdf_row.same_statement() == expected(sample, index, text_row), (index, pdf_row.source_ref)


@pytest.mark.parametrize(("folder", "sample"), [("a4", "000"), ("a5_landscape", "002")])
def test_a_page_printed_on_other_paper_gives_the_same_rows(folder: str, sample: str) -> None:
    """Cut elsewhere by its pages (000's on A4, 002's on 93 pages of A5 landscape: merged cells
    cut with their text printed past the page or run on into the next, rows cut in other
    places, lines wrapped at a source line break's space): the same rows."""
    pdf, text = parsed(FIXTURES / folder / browser_pdf(sample).name), parsed(SAMPLES[sample])
    pdf_rows, _ = dedupe(pdf.rows)
    text_rows, _ = dedupe(text.rows)
    assert len(pdf.rows) == (2 if sample == "002" else 1) * len(pdf_rows)  # 002 prints its table twice
    assert len(pdf_rows) == len(text_rows) == ROWS[sample]
    for index, (pdf_row, text_row) in enumerate(zip(pdf_rows, text_rows, strict=True)):
        assert pdf_row.same_statement() == expected(sample, index, text_row), (index, pdf_row.source_ref)
    assert {k: getattr(pdf.facts, k) for k in FACTS} == {k: getattr(text.facts, k) for k in FACTS}


def test_what_the_pdf_cannot_tell_is_a_few_rows() -> None:
    assert len(UNTOLD) == 17  # of 411 rows
    assert {sample for sample, _ in UNTOLD} == {"001", "002", "003", "004"}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_browser_pdf_gives_the_facts_of_the_text(sample: str) -> None:
    pdf, text = parsed(browser_pdf(sample)), parsed(SAMPLES[sample])
    assert {k: getattr(pdf.facts, k) for k in FACTS} == {k: getattr(text.facts, k) for k in FACTS}
    assert pdf.script == text.script


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_printed_info_block_gives_the_publisher(sample: str) -> None:
    """003's info block prints 发布机构 empty, followed by 主题分类: no publisher, as its text
    dump has none (the next label is no value: formats.generic._label_value)."""
    assert parsed(browser_pdf(sample)).facts.publisher == parsed(SAMPLES[sample]).facts.publisher


def test_the_browsers_header_and_footer_are_dropped() -> None:
    """000's page printed with the browser's header (the date and the page's title) and footer
    (the page's address and "1/12" … "12/12"), as "Save as PDF" prints by default: the same rows
    and facts, and neither line read as the document's."""
    path = FIXTURES / "with_header_footer" / SAMPLES["000"].with_suffix(".pdf").name
    pdf, plain = parsed(path), parsed(browser_pdf("000"))
    assert [row.same_statement() for row in pdf.rows] == [row.same_statement() for row in plain.rows]
    assert {k: getattr(pdf.facts, k) for k in FACTS} == {k: getattr(plain.facts, k) for k in FACTS}
    lines = read_pdf(path.read_bytes()).lines
    assert not any("html_samples" in line or "/12" in line or " PM" in line for line in lines)
    assert lines == read_pdf(browser_pdf("000").read_bytes()).lines


def test_a_page_printing_its_table_twice_gives_two_equal_tables() -> None:
    """002's page prints its table twice (the article, then a second rendering): the PDF reads
    both, each joined over its pages, and they are equal row for row, as the text's are."""
    pdf = parsed(browser_pdf("002"))
    first, second = pdf.rows[:128], pdf.rows[128:]
    assert len(second) == 128
    assert [row.same_statement() for row in first] == [row.same_statement() for row in second]
    assert "a table running over pages 1-21 was joined into one; 2 rows cut by a page break joined back" in (
        pdf.warnings
    )
    assert "a table running over pages 21-42 was joined into one; 5 rows cut by a page break joined back" in (
        pdf.warnings
    )


def test_a_header_the_browser_repeats_is_read_once() -> None:
    warnings = parsed(browser_pdf("003")).warnings
    assert (
        "a table running over pages 1-27 was joined into one; its header, repeated on 26 pages, "
        "was read once; 10 rows cut by a page break joined back"
    ) in warnings


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_source_line_breaks_are_dropped_only_where_the_page_shows_them(sample: str) -> None:
    note = (
        "spaces between Chinese characters dropped: most long paragraphs hold one, the line breaks "
        "of a web page's source that a browser printed as spaces"
    )
    assert (note in parsed(browser_pdf(sample)).warnings) == (sample in ("000", "002"))


# --- The rules, on any input ---------------------------------------------------------------------

#: Wide characters (ideographs, CJK and full-width punctuation), and others: curly quotes are
#: of ambiguous width, and no break between them and Chinese is dropped.
WIDE = "区发改局甲乙，。、（）"
text = st.text(alphabet=st.sampled_from(WIDE + "“”ab1 \n"), max_size=30)


@given(text)
def test_dropping_source_breaks_drops_spaces_between_wide_characters_only(value: str) -> None:
    dropped = drop_source_breaks(value)
    assert dropped.replace(" ", "") == value.replace(" ", "")
    assert drop_source_breaks(dropped) == dropped
    assert not any(
        a in WIDE and b == " " and c in WIDE
        for a, b, c in zip(dropped, dropped[1:], dropped[2:], strict=False)
    )


@given(text)
def test_short_texts_never_show_source_breaks(value: str) -> None:
    assert not shows_source_breaks([value] * 5)


@given(
    st.lists(st.integers(10, 60), min_size=2, max_size=6),
    st.lists(st.integers(10, 60), min_size=1, max_size=6),
)
def test_a_grid_ruled_all_round_needs_no_closing_rule_and_one_cut_short_needs_one(
    widths: list[int], heights: list[int]
) -> None:
    xs = [sum(widths[:i]) + 30.0 for i in range(len(widths) + 1)]
    ys = [sum(heights[:i]) + 20.0 for i in range(len(heights) + 1)]
    verticals = [(x, top, bottom) for x in xs for top, bottom in itertools.pairwise(ys)]
    rules = [(xs[0], xs[-1], y) for y in ys]
    assert closing_rules(verticals, rules) == []
    assert closing_rules(verticals, rules[:-1]) == [(xs[0], xs[-1], ys[-1])]
    assert closing_rules(verticals, rules[1:]) == [(xs[0], xs[-1], ys[0])]
