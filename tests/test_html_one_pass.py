"""The one-pass page reader (libxslt writes every table's layout and every text at once) gives
exactly what reading the page element by element gives: layouts, cell texts, the body's lines,
grids, facts and errors. The element-by-element reader stays for pages holding the one-pass
reader's marks, and is the specification here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtasks.clean.folding import fold_script
from govtasks.errors import GovtasksError, TableTooLarge
from govtasks.formats import page_facts
from govtasks.grid import Cell, Grid
from govtasks.models import ReportFacts
from govtasks.read.document import fold_spaces
from govtasks.read.page import decode_page
from govtasks.tables import html

# --- what the element-by-element reader gives -----------------------------------------------


def _clear_caches() -> None:
    for cached in (html.page_tree, html.page_read, html.page_tables, html.page_task_table):
        cached.cache_clear()


@contextmanager
def element_by_element() -> Iterator[None]:
    """Pages read as if every page held the one-pass reader's marks."""
    _clear_caches()
    with mock.patch.object(html, "page_read", lambda text: None):
        yield
    _clear_caches()


Outcome = list[Grid] | ReportFacts | tuple[str, str, int | None]


def outcome(read: object, text: str) -> Outcome:
    """What ``read(text)`` gives, or the error it raises."""
    try:
        return read(text)  # type: ignore[operator, no-any-return]
    except GovtasksError as error:
        return type(error).__name__, str(error), error.line


def assert_one_pass_reads_like_element_by_element(text: str) -> None:
    _clear_caches()
    tree = html.page_tree(text)
    assert page_facts._first_title(tree) is tree.find(".//title")
    read = html.page_read(text)
    assert (read is None) == html._holds_marks(text)
    if read is not None:
        tables = list(tree.iter("table"))
        assert read.tables == [html._layout(table) for table in tables]
        assert read.cells == [html.cell_text(c) for table in tables for c in html._own_cell_elements(table)]
        body = tree.find("body")
        assert read.body.split("\n") == page_facts._text_lines(body if body is not None else tree)
    fast = outcome(html.page_tables, text), outcome(page_facts.page_facts, text)
    with element_by_element():
        slow = outcome(html.page_tables, text), outcome(page_facts.page_facts, text)
    assert fast == slow


# --- random pages ---------------------------------------------------------------------------

#: Text with what the readers treat specially: source line breaks between wide characters or
#: not, space-like characters (also as references), wide digits, breaks and blocks.
TEXT = st.sampled_from(
    [
        "", "国", "家", "a", "5", "５", " ", "  ", "\t", "\n", "\r\n", " \n ", "&#13;", "&#10;",
        "&nbsp;", "\u00a0", "\u3000", "&#x3000;", "\u200b", "\ufeff", "\u2003", "\x0c", "\x85",
        "重点工作", "序号", "2020年", "索 引 號:", "發布機構", "<br>", "<br/>", "&lt;b&gt;", "&amp;", "|",
    ]
)  # fmt: skip
SPAN = st.sampled_from(
    [None, "", "0", "1", "2", "3;", "abc", "-1", " 2 ", "９", "2\u200b", "\u200b2", "99999"]
)
INLINE = st.sampled_from(["span", "b", "a", "o:p", "font", "strong"])
BLOCK = st.sampled_from(["p", "div", "li", "h1", "h2", "blockquote", "section", "caption", "dd"])
HIDDEN = st.sampled_from(["script", "style", "noscript", "template"])
#: The one-pass reader's marks, as characters and as references.
MARKS = st.sampled_from(["\ufdd0", "\ufdd6", "&#64977;", "&#xFDD7;"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Some page content: text, inline and block elements, hidden ones, comments, tables."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9 if depth < 3 else 3))
        if kind <= 3:
            parts.append(draw(TEXT))
        elif kind == 4:
            tag = draw(INLINE)
            marks = draw(st.sampled_from(["", ' class="Title"', ' id="x-TITLE"', ' class="MsoNormal"']))
            parts.append(f"<{tag}{marks}>{draw(fragments(depth + 1))}</{tag}>")
        elif kind == 5:
            tag = draw(BLOCK)
            parts.append(f"<{tag}>{draw(fragments(depth + 1))}</{tag}>")
        elif kind == 6:
            tag = draw(HIDDEN)
            parts.append(f"<{tag}>{draw(TEXT)}<table><tr><td>隐</td></tr></table></{tag}>")
        elif kind == 7:
            parts.append(
                draw(
                    st.sampled_from(
                        ["<!-- 注释 -->", "<?php echo 1; ?>", "<td>孤</td>", "<tr><td>行</td></tr>"]
                    )
                )
            )
        else:
            parts.append(draw(tables(depth + 1)))
    return "".join(parts)


@st.composite
def cells(draw: st.DrawFn, depth: int) -> str:
    tag = draw(st.sampled_from(["td", "th"]))
    spans = "".join(
        f' {name}="{value}"' for name in ("rowspan", "colspan") if (value := draw(SPAN)) is not None
    )
    return f"<{tag}{spans}>{draw(fragments(depth))}</{tag}>"


@st.composite
def rows(draw: st.DrawFn, depth: int) -> str:
    between = draw(st.sampled_from(["", "\n", " ", "国"]))
    return "<tr>" + between.join(draw(st.lists(cells(depth), max_size=4))) + "</tr>" + draw(TEXT)


@st.composite
def tables(draw: st.DrawFn, depth: int) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        group = draw(st.sampled_from(["", "thead", "tbody", "tfoot", "caption", "colgroup"]))
        content = "".join(draw(st.lists(rows(depth), max_size=3)))
        parts.append(f"<{group}>{content}</{group}>" if group else content)
    return "<table>" + draw(TEXT) + "".join(parts) + "</table>"


@st.composite
def pages(draw: st.DrawFn) -> str:
    title = draw(
        st.sampled_from(
            [
                "",
                "<title>2020年执行情况_萧山区人民政府</title>",
                "<title>國\n家</title>",
                "<svg><title>图</title></svg>",
            ]
        )
    )
    body = draw(fragments())
    shape = draw(st.sampled_from(["document", "no body", "bare", "marks"]))
    if shape == "document":
        return f"<!DOCTYPE html>\n<html><head>{title}</head>\n<body>{body}</body></html>"
    if shape == "no body":
        return f"<html><head>{title}<meta charset='utf-8'></head></html>"
    if shape == "marks":  # read element by element
        return f"<html><body>{body}{draw(MARKS)}</body></html>"
    return title + body


@settings(max_examples=300, deadline=None)
@given(pages())
def test_random_pages_read_in_one_pass_as_element_by_element(page: str) -> None:
    assert_one_pass_reads_like_element_by_element(page)


# --- the sample pages and the hostile ones ---------------------------------------------------


def test_fixture_pages_read_in_one_pass_as_element_by_element(html_fixture_texts: list[str]) -> None:
    for text in html_fixture_texts:
        assert html.page_read(text) is not None
        assert_one_pass_reads_like_element_by_element(text)


@pytest.fixture
def html_fixture_texts() -> list[str]:
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    paths = sorted((fixtures / "html").glob("*.html")) + sorted((fixtures / "html_samples").glob("*.html"))
    return [decode_page(path.read_bytes())[0] for path in paths]


def test_hostile_spans_fail_alike_with_the_line_of_the_cell() -> None:
    row = "<tr>" + '<td colspan="50">x</td>' * 100 + "</tr>\n"
    page = "<html><body>\n<table>\n" + row * 60 + "</table></body></html>"
    assert_one_pass_reads_like_element_by_element(page)
    with pytest.raises(TableTooLarge) as raised:
        html.page_tables(page)
    assert raised.value.line == 53  # the first cell past the limit: row 51, on line 53


def test_a_page_holding_the_marks_is_read_element_by_element() -> None:
    for mark in ("\ufdd0", "\ufdd7", "&#64976;", "&#xfdd1;", "&#x0FDD3"):
        page = f"<html><body><table><tr><td>序号{mark}</td><td>重点工作</td></tr></table></body></html>"
        assert html._holds_marks(page)
        assert html.page_read(page) is None
        assert [[cell.text for cell in row] for row in html.page_tables(page)[0].rows] == [
            [html.cell_text(html.page_tree(page).find(".//td")), "重点工作"]
        ]


# --- the string steps of the one-pass reader --------------------------------------------------

#: :func:`govtasks.tables.html.shown_breaks` as a regex, the way it was first written.
WIDE_BREAK = re.compile(rf"(?<=[{html._WIDE}])[ \t\r]*\r[ \t\r]*(?=[{html._WIDE}])")


@given(
    st.text(st.sampled_from(["\r", " ", "\t", "国", "，", "５", "a", "\n", "\ufdd0", "\u3000"]), max_size=20)
)
def test_shown_breaks_is_the_regex(text: str) -> None:
    assert html.shown_breaks(text) == WIDE_BREAK.sub("", text).replace("\r", " ")


@given(st.text(st.sampled_from(["\u00a0", "\u3000", "\u2002", "\u200a", "\u200b", "\ufeff", " ", "国", "a"])))
def test_spaces_folded_is_fold_spaces(text: str) -> None:
    assert html._spaces_folded(text) == fold_spaces(text)


@given(
    st.lists(
        st.text(
            st.sampled_from([" ", "\t", "\r", "\n", "\u3000", "\u00a0", "\u200b", "国", "家", "a", "\ufdd0"])
        )
    )
)
def test_texts_cleaned_at_once_are_cleaned_one_by_one(raws: list[str]) -> None:
    joined = "".join(raw + html._TEXT_END for raw in raws)
    expected = [html.clean_paragraphs(html._marked(raw).replace(html._PARAGRAPH_MARK, "\n")) for raw in raws]
    assert html._cleaned_texts(joined).split(html._TEXT_END)[:-1] == expected


CELL_TEXT = st.text(
    st.sampled_from(
        ["索", "引", "号", "號", "发", "發", "布", "佈", "机", "機", "构", "構", " ", "|", "日", "期", "a"]
    )
)


@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=3), min_size=1, max_size=4))
def test_info_or_navigation_reads_each_cell_on_its_own(texts: list[list[str]]) -> None:
    width = max(map(len, texts))
    grid = Grid(tuple(tuple(Cell(t, 1) for t in row + [""] * (width - len(row))) for row in texts))
    squeezed = ["".join(fold_script(cell.text).split()) for row in grid.rows for cell in row]
    expected = any(word in text for text in squeezed for word in html._INFO_WORDS) or all(
        len(text) < html._MIN_SENTENCE_CHARS for text in squeezed
    )
    assert html._is_info_or_navigation(grid) == expected


def test_title_candidates_are_headings_and_elements_marked_title_in_any_case() -> None:
    page = (
        "<html><body><h2>一</h2><div class='Article-TITLE'>二</div><span id='subtitle'>三</span>"
        "<p class='tİtle'>no: İ lowers to i and a dot</p><em class='title'>no: not a block</em>"
        "<td class='x' id='TiTlE'>四</td></body></html>"
    )
    found = [element.text for element in page_facts._headings(html.page_tree(page))]
    assert found == ["一", "二", "三", "四"]
