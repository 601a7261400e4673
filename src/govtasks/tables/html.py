"""Saved web pages: recognising them and parsing them safely.

Pages come from many sites and are untrusted. They are parsed with lxml's HTML parser with the
network switched off: nothing a page references (DTDs, images, stylesheets, entities declared
in a DOCTYPE) is ever fetched or expanded. Only the page's own text is read.

A page is parsed once and then read in one pass by libxslt (the layout of every table, every
cell's text and the body's text; the stylesheet may read and write nothing else). The reader
that walks the elements from Python (:func:`cell_text`, :func:`table_grid`) says what that
pass must give; it reads the rare page holding the pass's marks, and the tests hold the two
to the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from govtasks.clean.folding import fold_script
from govtasks.errors import TableTooLarge
from govtasks.grid import MAX_TABLE_CELLS, Cell, Grid
from govtasks.read.document import _SPACE_LIKE_CHARS as SPACE_LIKE_CHARS
from govtasks.read.document import fold_spaces
from govtasks.tables.columns import classify, normalize_header

#: How a saved page starts (after a BOM, spaces or an XML declaration and comments).


_TABLE_TAG = re.compile(r"<table\b", re.I)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def parse_html(text: str) -> Any:
    """The page as an lxml element tree, parsed without network access or entity expansion.

    lxml's HTML parser never resolves external entities; ``no_network`` also stops libxml2
    from loading a DTD named in the DOCTYPE.

    >>> len(parse_html("<html><body><table><tr><td>1</td></tr></table></body></html>").findall(".//td"))
    1
    """
    import lxml.html  # lazily: `govtasks --help` does not need it

    return _parsed(text, lxml.html.HTMLParser(**_PARSER_OPTIONS))


#: How every page is parsed: the same options for :func:`parse_html` and :func:`page_tree`.
_PARSER_OPTIONS: dict[str, bool] = {
    "no_network": True,
    "recover": True,
    "remove_comments": True,
    "huge_tree": False,
}


def _parsed(text: str, parser: Any) -> Any:
    from lxml import etree

    # Text, not bytes: a <meta charset> must not override the decoding already done (lxml
    # refuses text that still carries an XML encoding declaration, so that goes).
    text = _XML_DECLARATION.sub("", text)
    root = etree.fromstring(text if text.strip() else "<html></html>", parser=parser)
    # A page of only a DOCTYPE or comments parses to nothing (lxml.html.document_fromstring
    # raised "Document is empty" then, which no caller expected): it is an empty page.
    return root if root is not None else etree.fromstring("<html></html>", parser=parser)


@lru_cache(maxsize=4)  # identification, table reading and the page's facts share one parse
def page_tree(text: str) -> Any:
    """The page parsed like :func:`parse_html` (no network, no entity expansion) with the line
    numbers of ``text``, into plain lxml elements: ``lxml.html``'s element classes are looked
    up by a Python callback for every element visited, which cost more than the parse."""
    from lxml import etree

    return _parsed(_keep_line_numbers(text), etree.HTMLParser(**_PARSER_OPTIONS))


def count_tables(text: str) -> int:
    """How many ``<table>`` elements the page holds (0 without parsing when none is written).

    >>> count_tables("<html><body><p>通知</p></body></html>")
    0
    >>> count_tables("<html><body><table><tr><td>a</td></tr></table></body></html>")
    1
    """
    if not _TABLE_TAG.search(text):
        return 0
    return len(page_tree(text).findall(".//table"))


#: Elements whose start and end break a cell's text into paragraphs (``<br>`` is handled apart).
_BLOCK_TAGS = frozenset((
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "section", "article", "header", "footer", "table", "tr", "td", "th", "caption",
))  # fmt: skip


#: Elements whose text is never shown.
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})


#: Colspan beyond this is a typo (a task table has about ten columns); browsers cap it at 1000.
MAX_COLSPAN = 50


_LEADING_DIGITS = re.compile(r"\s*(\d+)")


BREAK = "\n"


#: East Asian wide characters (CJK ideographs and punctuation, kana, full-width forms; not
#: Hangul, which is written with spaces).
_WIDE = r"\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"


#: Marks a line break of the page's source in collected text until the text on both sides of
#: it is known (it may come from other elements); paragraph breaks are ``BREAK``.
_SOURCE_BREAK = "\r"


#: One wide character.
_WIDE_CHAR = re.compile(f"[{_WIDE}]")


#: Spaces and tabs, which a source line break's indentation is made of.
_INDENT = " \t"


#: What :func:`govtasks.read.document.fold_spaces` folds: a regex finds it several times faster
#: than fold_spaces's set test, and most cells hold none.
_SPACE_LIKE = re.compile("[" + re.escape("".join(sorted(SPACE_LIKE_CHARS))) + "]")


def _marked(text: str) -> str:
    """A text node with its source line breaks marked :data:`_SOURCE_BREAK`."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _SOURCE_BREAK)


def shown_breaks(text: str) -> str:
    """Collected text with its source line breaks (marked ``\\r``) as a browser shows them:
    nothing between two wide (Chinese) characters, a space anywhere else. Editors such as
    Word's HTML export wrap long lines of Chinese anywhere, also between elements, and Chinese
    has no spaces between words (CSS Text 3, "segment break transformation").

    A run of breaks, spaces and tabs with a break in it goes between two wide characters; any
    other break becomes a space (spaces and tabs stay).

    >>> shown_breaks("完成博物馆景观工程\\r  施工图设计, 累计\\r15条")
    '完成博物馆景观工程施工图设计, 累计 15条'
    """
    # Split at the breaks rather than scan every character with a regex: a page's text holds a
    # few hundred breaks in hundreds of thousands of characters.
    pieces = text.split(_SOURCE_BREAK)
    shown = [pieces[0]]
    last = len(pieces) - 1
    start = 1  # the piece after the first break of the next run
    while start <= last:
        end = start  # the piece after the run: pieces in between are only indentation
        while end < last and not pieces[end].strip(_INDENT):
            end += 1
        before, after = shown[-1].rstrip(_INDENT), pieces[end].lstrip(_INDENT)
        if before and after and _WIDE_CHAR.match(before[-1]) and _WIDE_CHAR.match(after[0]):
            shown[-1] = before
            shown.append(after)
        else:
            shown.append(" ")
            for indentation in pieces[start:end]:
                shown.extend((indentation, " "))
            shown.append(pieces[end])
        start = end + 1
    return "".join(shown)


def span_value(value: str | None) -> int:
    """A ``rowspan``/``colspan`` attribute read the lenient way browsers read it: the leading
    digits, else 1. ``0`` stays 0 (the caller decides what it means).

    >>> [span_value(v) for v in (None, "", "abc", "3;", " 2 ", "2.5", "-1", "0")]
    [1, 1, 1, 3, 2, 2, 1, 0]
    """
    match = _LEADING_DIGITS.match(value or "")
    # Cap the digits before int(): a hostile "9" * 10_000 must not cost a bignum conversion.
    return int(match.group(1)[:9]) if match else 1


def clean_paragraphs(raw: str) -> str:
    """Cell text with ``\\n`` between paragraphs: source line breaks (``\\r``) shown, spaces folded
    and collapsed, empty lines dropped.

    >>> clean_paragraphs("  区发改局\\u3000\\n\\n 区\\u00a0经信局 \\t局 \\n")
    '区发改局\\n区 经信局 局'
    """
    # Most cells are one line of plain text: skip the regex and the paragraph loop for them.
    # fold_spaces maps characters one by one and never touches "\n", so folding the whole text
    # at once is folding each paragraph.
    shown = shown_breaks(raw) if _SOURCE_BREAK in raw else raw
    # Breaks at either end only make empty paragraphs (a cell's <p> makes two).
    folded = (fold_spaces(shown) if _SPACE_LIKE.search(shown) else shown).strip(BREAK)
    if BREAK not in folded:
        return " ".join(folded.split())
    paragraphs = (" ".join(p.split()) for p in folded.split(BREAK))
    return BREAK.join(p for p in paragraphs if p)


def element_text(element: Any, parts: list[str], *, skip_tables: bool) -> None:
    """Append the text shown for ``element``'s content to ``parts``, with a break at every
    ``<br>`` and around every block element. Nested tables are their own grids, so their
    text is left out of the enclosing cell when ``skip_tables``."""
    # The hot loop of page reading (every cell, then the whole body for the page's facts):
    # each lxml attribute is read once, and text without a line break is not copied.
    append = parts.append
    text = element.text
    if text:
        append(_marked(text) if "\n" in text or "\r" in text else text)
    for child in element:
        tag = child.tag
        if tag.__class__ is not str:  # comments, processing instructions
            tag = ""
        if tag == "br":
            append(BREAK)
        elif tag in _HIDDEN_TAGS:
            pass
        elif tag == "table" and skip_tables:
            append(BREAK)  # the table still separates the text before it from the text after
        elif tag in _BLOCK_TAGS:
            append(BREAK)
            element_text(child, parts, skip_tables=skip_tables)
            append(BREAK)
        elif tag:
            element_text(child, parts, skip_tables=skip_tables)
        tail = child.tail
        if tail:
            append(_marked(tail) if "\n" in tail or "\r" in tail else tail)


def cell_text(element: Any) -> str:
    """The text of a ``<td>``/``<th>``: paragraphs split at ``<br>``, ``<p>`` and ``<div>``;
    the text of tables nested in it left out; line breaks of the page's source shown as a
    browser shows them (:func:`shown_breaks`).

    >>> cell_text(parse_html("<table><tr><td> 区发改局<br>区\\n财政局<p>一</p><p> </p>二</td></tr></table>")
    ...           .find(".//td"))
    '区发改局\\n区财政局\\n一\\n二'
    >>> cell_text(parse_html("<table><tr><td><span>国</span>\\n <span>家</span>\\n5G\\n基站</td></tr>"
    ...                      "</table>").find(".//td"))
    '国家 5G 基站'
    """
    parts: list[str] = []
    element_text(element, parts, skip_tables=True)
    return clean_paragraphs("".join(parts))


#: The tags of a table's cells.
_CELL_TAGS = ("td", "th")


def _own_rows(table: Any) -> list[list[Any]]:
    """The table's own ``<tr>`` elements (not those of nested tables), grouped in sections:
    each ``<thead>``/``<tbody>``/``<tfoot>``, and each run of rows directly under ``<table>``."""
    sections: list[list[Any]] = []
    loose: list[Any] | None = None  # the section of rows directly under <table> being collected
    for child in table:
        if child.tag == "tr":
            if loose is None:
                loose = []
                sections.append(loose)
            loose.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            loose = None
            sections.append([row for row in child if row.tag == "tr"])
    return [section for section in sections if section]


# A table's layout: what its grid is built from, besides the cells' texts. Plain tuples: a page
# has tens of thousands of cells. A line is ``None`` where the parser knows none.
#: One cell: its line, and its ``rowspan`` and ``colspan`` as written ("" when not written,
#: which reads as 1 just as an empty value does).
_CellLayout = tuple[int | None, str, str]


#: One row: its line, and its own cells.
_RowLayout = tuple[int | None, list[_CellLayout]]


#: One table: its line, whether it holds other tables, and its own rows by section.
_TableLayout = tuple[int | None, bool, list[list[_RowLayout]]]


def _line_of(element: Any) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else None


def _layout(table: Any) -> _TableLayout:
    """The layout of a ``<table>`` element, read element by element."""
    sections = [
        [
            (
                _line_of(row),
                [
                    (_line_of(cell), cell.get("rowspan", ""), cell.get("colspan", ""))
                    for cell in row
                    if cell.tag in _CELL_TAGS
                ],
            )
            for row in section
        ]
        for section in _own_rows(table)
    ]
    return _line_of(table), next(table.iterdescendants("table"), None) is not None, sections


def _cell_count(layout: _TableLayout) -> int:
    return sum(len(cells) for section in layout[2] for _, cells in section)


def _section_cells(section: list[_RowLayout], table_line: int, texts: Iterator[str]) -> list[dict[int, Cell]]:
    """Cells of one table section, each row's by column, every span copied into what it covers;
    ``texts`` gives the text of each cell in turn."""
    placed: list[dict[int, Cell]] = [{} for _ in section]
    count = 0  # slots filled in the section
    height = len(section)
    for r, (row_line, cells) in enumerate(section):
        slots = placed[r]
        column = 0
        default_line = row_line or table_line
        for cell_line, rowspan_value, colspan_value in cells:
            text = next(texts)
            while column in slots:
                column += 1
            line = cell_line or default_line
            if not rowspan_value and not colspan_value and count < MAX_TABLE_CELLS:
                # Most cells span nothing: one free slot, no copies.
                slots[column] = Cell(text, line)
                count += 1
                column += 1
                continue
            rowspan = span_value(rowspan_value)
            # rowspan="0" spans to the end of the section, as browsers do; a span past the
            # section's last row stops there instead of inventing rows.
            if rowspan == 0 or r + rowspan > height:
                rowspan = height - r
            colspan = min(max(span_value(colspan_value), 1), MAX_COLSPAN)
            if count + rowspan * colspan > MAX_TABLE_CELLS:
                raise TableTooLarge(
                    f"a table expands to more than {MAX_TABLE_CELLS:,} cells (rowspan/colspan)",
                    line=cell_line or table_line,
                )
            for dr in range(rowspan):
                covered = placed[r + dr]
                for dc in range(colspan):
                    # An earlier rowspan may already own a covered slot; the first writer keeps it.
                    if column + dc not in covered:
                        covered[column + dc] = Cell(text, line, from_span=dr > 0 or dc > 0)
                        count += 1
            column += colspan
    return placed


def table_grid(table: Any) -> Grid:
    """One ``<table>`` element as a rectangular grid (see :func:`page_tables`).

    >>> grid = table_grid(parse_html('<table><tr><td rowspan="2">A</td><td>b</td></tr><tr><td>c</td>'
    ...                              '</tr><tr><td colspan="x">d</td></tr></table>').find(".//table"))
    >>> [[(c.text, c.from_span) for c in row] for row in grid.rows]
    [[('A', False), ('b', False)], [('A', True), ('c', False)], [('d', False), ('', True)]]
    """
    return _grid(_layout(table), map(cell_text, _own_cell_elements(table)))


def _own_cell_elements(table: Any) -> Iterator[Any]:
    """The table's own ``<td>``/``<th>`` elements in document order (as :func:`_layout` lists them)."""
    for section in _own_rows(table):
        for row in section:
            yield from (cell for cell in row if cell.tag in _CELL_TAGS)


def _grid(layout: _TableLayout, texts: Iterator[str]) -> Grid:
    """The grid of a table from its layout and its own cells' texts, in document order."""
    table_line = layout[0] or 1
    rows: list[tuple[int, dict[int, Cell]]] = []  # (line of the <tr>, cells by column)
    for section in layout[2]:
        placed = _section_cells(section, table_line, texts)
        rows.extend(
            (row_line or table_line, cells) for (row_line, _), cells in zip(section, placed, strict=True)
        )
    width = max((max(cells) + 1 for _, cells in rows if cells), default=0)
    if width * len(rows) > MAX_TABLE_CELLS:
        raise TableTooLarge(
            f"a table of {len(rows):,} rows × {width:,} columns is over the {MAX_TABLE_CELLS:,}-cell limit",
            line=table_line,
        )
    return Grid(tuple(_padded(cells, width, line) for line, cells in rows))


def _padded(cells: dict[int, Cell], width: int, line: int) -> tuple[Cell, ...]:
    """A row's cells in column order, the empty slots filled with empty ``from_span`` cells."""
    if len(cells) == width:  # a full row (the keys are 0 .. width - 1)
        return tuple(map(cells.__getitem__, range(width)))
    return tuple(cells[c] if c in cells else Cell("", line, from_span=True) for c in range(width))


def _keep_line_numbers(text: str) -> str:
    """``text`` with an XML declaration blanked to as many newlines as it spans, so that
    :func:`parse_html` (which drops it) leaves every element on its line in the file."""
    return _XML_DECLARATION.sub(lambda m: BREAK * m.group(0).count(BREAK), text.lstrip("\ufeff"), count=1)


@lru_cache(maxsize=4)  # detection, identification and parsing all ask for the same page
def page_tables(text: str) -> list[Grid]:
    """Every table of the page, in document order, as a rectangular grid.

    Rowspans and colspans are copied into every slot they cover (copies have ``from_span``);
    broken span values are read leniently (:func:`span_value`; rowspans stop at the end of
    their section, colspans at :data:`MAX_COLSPAN`); short rows are padded with empty
    ``from_span`` cells. A table that holds other tables is a grid of its own only if its own
    cells show text; the nested tables are always grids of their own. Empty tables are skipped.
    ``Cell.line`` is the line of the ``<td>``/``<th>`` in ``text`` (of the original for copies).

    >>> page = "<table><tr><td><table><tr><th>序号</th><td>1</td></tr></table></td></tr></table>"
    >>> [[c.text for c in row] for g in page_tables(page) for row in g.rows]
    [['序号', '1']]
    """
    if not _TABLE_TAG.search(text):
        return []
    read = page_read(text)
    layouts: Iterable[_TableLayout]
    cell_texts: Iterator[str]  # every table's own cells', table after table
    if read is not None:
        layouts, cell_texts = read.tables, iter(read.cells)
    else:  # element by element
        tables = list(page_tree(text).iter("table"))
        layouts = map(_layout, tables)
        cell_texts = map(cell_text, (cell for table in tables for cell in _own_cell_elements(table)))
    grids: list[Grid] = []
    for layout in layouts:
        texts = list(islice(cell_texts, _cell_count(layout)))
        if layout[1] and not any(texts):
            continue  # a layout table around the real ones
        grid = _grid(layout, iter(texts))
        if grid.width:
            grids.append(grid)
    return grids


#: Marks in the output of :data:`_PAGE_XSLT`, Unicode noncharacters; a page holding any
#: of them (:func:`_holds_marks`) is read element by element instead.
_PARAGRAPH_MARK = "\ufdd0"  # a paragraph break: <br>, a block element's start or end


_TEXT_END = "\ufdd1"  # the end of one text: the body's, then each cell's


_TABLE_MARK = "\ufdd2"  # a table's layout starts


_GROUP_MARK = "\ufdd3"  # a <thead>/<tbody>/<tfoot> starts or ends


_ROW_MARK = "\ufdd4"  # a row starts


_CELL_MARK = "\ufdd5"  # a cell starts


_FIELD_MARK = "\ufdd6"  # between a table's or a cell's fields


_TEXTS_MARK = "\ufdd7"  # the texts follow the layouts


_MARKS = "".join(map(chr, range(0xFDD0, 0xFDD8)))


#: The marks written as character references (which need no ";" and may be followed by more
#: digits: a superset of what makes a mark is enough).
_MARK_REFERENCE = re.compile("&#(?:[xX]0*[fF][dD][dD][0-7]|0*649(?:7[6-9]|8[0-3]))")


def _holds_marks(text: str) -> bool:
    """Whether the page may hold a mark of :data:`_PAGE_XSLT`'s output of its own.

    >>> _holds_marks("<p>区</p>"), _holds_marks("<p>&#64979;</p>"), _holds_marks("<p>&#xFDD7</p>")
    (False, True, True)
    """
    return any(mark in text for mark in _MARKS) or _MARK_REFERENCE.search(text) is not None


def _tag_pattern(tags: Iterable[str]) -> str:
    return "|".join(sorted(tags))


#: What reading the page element by element gives, written by libxslt in C: visiting every
#: element from Python (several hundred thousand on a long Word export) cost more than
#: parsing the page. First the layout of every table (:func:`_layout`), the tables in document
#: order; then the texts, each ended by :data:`_TEXT_END`: the body's (tables included, as
#: :func:`_text_lines` collects it), then each table's own cells' (nested tables left out, as
#: :func:`cell_text` collects them), in the order of the layouts.
_PAGE_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:saxon="http://icl.com/saxon" exclude-result-prefixes="saxon">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/">
  <xsl:for-each select="//table">
    <xsl:text>{_TABLE_MARK}</xsl:text><xsl:value-of select="saxon:line-number()"/>
    <xsl:text>{_FIELD_MARK}</xsl:text><xsl:if test=".//table">1</xsl:if>
    <xsl:for-each select="tr | thead | tbody | tfoot">
      <xsl:choose>
        <xsl:when test="self::tr"><xsl:call-template name="row"/></xsl:when>
        <xsl:otherwise>
          <xsl:text>{_GROUP_MARK}</xsl:text>
          <xsl:for-each select="tr"><xsl:call-template name="row"/></xsl:for-each>
          <xsl:text>{_GROUP_MARK}</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:for-each>
  <xsl:text>{_TEXTS_MARK}</xsl:text>
  <xsl:choose>
    <xsl:when test="*/body"><xsl:apply-templates select="*/body[1]/node()"/></xsl:when>
    <xsl:otherwise><xsl:apply-templates select="*/node()"/></xsl:otherwise>
  </xsl:choose>
  <xsl:text>{_TEXT_END}</xsl:text>
  <xsl:for-each select="//table">
    <xsl:for-each select="(tr | thead/tr | tbody/tr | tfoot/tr)/*[self::td or self::th]">
      <xsl:apply-templates mode="cell"/>
      <xsl:text>{_TEXT_END}</xsl:text>
    </xsl:for-each>
  </xsl:for-each>
</xsl:template>
<xsl:template name="row">
  <xsl:text>{_ROW_MARK}</xsl:text><xsl:value-of select="saxon:line-number()"/>
  <xsl:for-each select="td | th">
    <xsl:text>{_CELL_MARK}</xsl:text><xsl:value-of select="saxon:line-number()"/>
    <xsl:text>{_FIELD_MARK}</xsl:text><xsl:value-of select="@rowspan"/>
    <xsl:text>{_FIELD_MARK}</xsl:text><xsl:value-of select="@colspan"/>
  </xsl:for-each>
</xsl:template>
<xsl:template match="br"><xsl:text>{_PARAGRAPH_MARK}</xsl:text></xsl:template>
<xsl:template match="{_tag_pattern(_HIDDEN_TAGS)}"/>
<xsl:template match="{_tag_pattern(_BLOCK_TAGS)}">
  <xsl:text>{_PARAGRAPH_MARK}</xsl:text>
  <xsl:apply-templates/>
  <xsl:text>{_PARAGRAPH_MARK}</xsl:text>
</xsl:template>
<xsl:template match="br | table" mode="cell"><xsl:text>{_PARAGRAPH_MARK}</xsl:text></xsl:template>
<xsl:template match="{_tag_pattern(_HIDDEN_TAGS)}" mode="cell"/>
<xsl:template match="{_tag_pattern(_BLOCK_TAGS - {"table"})}" mode="cell">
  <xsl:text>{_PARAGRAPH_MARK}</xsl:text>
  <xsl:apply-templates mode="cell"/>
  <xsl:text>{_PARAGRAPH_MARK}</xsl:text>
</xsl:template>
</xsl:stylesheet>"""


@lru_cache(maxsize=1)
def _page_transform() -> Any:
    """:data:`_PAGE_XSLT`, compiled once; it may read and write nothing but its input."""
    from lxml import etree

    return etree.XSLT(etree.XML(_PAGE_XSLT), access_control=etree.XSLTAccessControl.DENY_ALL)


@dataclass(frozen=True)
class _PageRead:
    """A page read in one pass: its tables' layouts and its texts, cleaned as
    :func:`clean_paragraphs` cleans them."""

    tables: list[_TableLayout]  # every table, in document order
    body: str  # the body's text (the page's when it has no <body>), paragraphs joined by "\n"
    cells: list[str]  # the text of every table's own cells, table after table


@lru_cache(maxsize=4)  # the page's tables and its facts both ask
def page_read(text: str) -> _PageRead | None:
    """The page read in one pass, or ``None`` for a page that holds the marks of that pass."""
    if _holds_marks(text):
        return None
    layouts, _, texts = str(_page_transform()(page_tree(text))).partition(_TEXTS_MARK)
    body, *cells = _cleaned_texts(texts).split(_TEXT_END)
    cells.pop()  # after the last end mark
    return _PageRead([_table_layout(table) for table in layouts.split(_TABLE_MARK)[1:]], body, cells)


def _table_layout(written: str) -> _TableLayout:
    """One table's layout as :data:`_PAGE_XSLT` writes it: its line and whether it holds other
    tables, then rows and groups of rows; a run of rows outside groups is one section.

    >>> _table_layout("3\\ufdd61\\ufdd44\\ufdd54\\ufdd62\\ufdd6\\ufdd3\\ufdd3\\ufdd3\\ufdd4-1\\ufdd3")
    (3, True, [[(4, [(4, '2', '')])], [(None, [])]])
    """
    head, *pieces = written.split(_GROUP_MARK)  # outside a group, inside, outside, ...
    line, mark, rows = head.partition(_ROW_MARK)
    table_line, nested = line.split(_FIELD_MARK)
    sections = [_written_rows(mark + rows)] + [_written_rows(piece) for piece in pieces]
    return _written_line(table_line), nested == "1", [section for section in sections if section]


def _written_rows(written: str) -> list[_RowLayout]:
    rows: list[_RowLayout] = []
    for row in written.split(_ROW_MARK)[1:]:
        line, *cells = row.split(_CELL_MARK)
        rows.append((_written_line(line), [_written_cell(cell) for cell in cells]))
    return rows


def _written_cell(written: str) -> _CellLayout:
    line, rowspan, colspan = written.split(_FIELD_MARK)
    return _written_line(line), rowspan, colspan


def _written_line(written: str) -> int | None:
    # saxon:line-number() and lxml's sourceline both ask libxml2 (xmlGetLineNo), which gives 0
    # or -1 for a line it does not know; sourceline is None then.
    line = int(written)
    return line if line > 0 else None


#: What :func:`govtasks.read.document.fold_spaces` replaces, and with what.
_SPACE_LIKE_REPLACEMENTS = tuple((char, fold_spaces(char)) for char in sorted(SPACE_LIKE_CHARS))


def _spaces_folded(text: str) -> str:
    """:func:`govtasks.read.document.fold_spaces` for a whole page's text: one ``str.replace`` per
    space-like character it holds costs a fraction of a regex pass over all of it.

    >>> _spaces_folded("区\\u00a0发改局\\u200b\\u3000")
    '区 发改局 '
    """
    for char, replacement in _SPACE_LIKE_REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _cleaned_texts(output: str) -> str:
    """Every text of :data:`_PAGE_XSLT`'s output cleaned at once, as :func:`clean_paragraphs`
    cleans each, and each ended by :data:`_TEXT_END`: the same steps, on the whole output; no
    step reaches across a paragraph mark or a text's end (neither is a space nor a wide
    character), so each text comes out as if cleaned on its own.

    >>> _cleaned_texts(" 发改局\\ufdd0 区\\u3000财政局 \\ufdd0\\ufdd0\\ufdd1\\ufdd0\\ufdd1国\\n家\\ufdd1")
    '发改局\\n区 财政局\\ufdd1\\ufdd1国家\\ufdd1'
    """
    mark, end = _PARAGRAPH_MARK, _TEXT_END
    text = _marked(output)
    if _SOURCE_BREAK in text:
        text = shown_breaks(text)
    text = _spaces_folded(text)
    # " ".join(paragraph.split()) for every paragraph: whitespace runs become one space, then
    # the spaces next to a mark go. String methods, not regexes: they run at memory speed.
    text = " ".join(text.split())
    for space_mark, bare_mark in ((" " + mark, mark), (" " + end, end), (mark + " ", mark), (end + " ", end)):
        text = text.replace(space_mark, bare_mark)
    # Then the empty paragraphs go, those at a text's ends too.
    while mark + mark in text:
        text = text.replace(mark + mark, mark)
    text = text.replace(mark + end, end).replace(end + mark, end).lstrip(mark)
    return text.replace(mark, BREAK)


#: Words only a page's info block prints (索引号 index number, 发布机构 publisher, 发布日期 date published).
_INFO_WORDS = ("索引号", "发布机构", "发布日期")


#: How far down a header may start (a caption row or a unit line may come first).
HEADER_ROWS = 3


#: A header cell is a few words; a longer cell that happens to contain a header word is content.
_MAX_HEADER_CHARS = 20


#: Navigation tables are rows of short link texts; a task table always has a sentence somewhere.
_MIN_SENTENCE_CHARS = 13


def header_words(row: tuple[Cell, ...]) -> set[str]:
    """The task-table headers one row prints: its short cells that name a task table's column
    (:func:`govtasks.tables.columns.classify` gives them a kind other than extra), as
    :func:`govtasks.tables.columns.normalize_header` reads them: letter-spacing, padding and
    inline pinyin ("重點(diǎn)工作") do not hide a word.

    >>> sorted(header_words((Cell("序 號", 1), Cell("累计完成情况", 1), Cell("累计完成情况", 1, True))))
    ['序号', '累计完成情况']
    >>> sorted(header_words((Cell("重點(diǎn)工作", 1), Cell("牵头领导?", 1), Cell("备注", 1))))
    ['牵头领导', '重点工作']
    >>> sorted(header_words((Cell("年度目标任务", 1), Cell("牵头市领导", 1), Cell("完成进度", 1))))
    ['完成进度', '年度目标任务', '牵头市领导']
    """
    found: set[str] = set()
    for cell in row:
        if cell.from_span:
            continue
        text = normalize_header(cell.text)
        if len(text) > _MAX_HEADER_CHARS:
            continue
        if classify(text) != "extra":
            found.add(text)
    return found


def _is_info_or_navigation(grid: Grid) -> bool:
    """Whether a cell prints a word only info blocks print, or no cell a sentence: read in
    simplified script without spaces (a cell "索 引 号" prints 索引号).

    >>> _is_info_or_navigation(Grid(((Cell("首页", 1), Cell("索 引 號:", 1)),)))
    True
    >>> _is_info_or_navigation(Grid(((Cell("推进城市有机更新, 完成老旧小区改造", 1),),)))
    False
    """
    squeezed = ["".join(cell.text.split()) for row in grid.rows for cell in row]
    # Folded all at once: folding keeps every character's place and makes or takes no space,
    # and no word holds the "|" that keeps cells apart.
    folded = fold_script("|".join(squeezed))
    if any(word in folded for word in _INFO_WORDS):
        return True
    return all(len(text) < _MIN_SENTENCE_CHARS for text in squeezed)


def task_table(grids: list[Grid]) -> int | None:
    """The index of the grid holding the task list: the one with the most header words
    (:func:`header_words`, at least two, in one of its first rows); info-block and
    navigation grids never count. Ties go to the earlier grid.

    >>> nav = Grid(((Cell("首页", 1), Cell("重点工作", 1), Cell("工作任务", 1)),))
    >>> tasks = Grid(((Cell("序号", 2), Cell("重点工作", 2), Cell("责任单位", 2)),
    ...               (Cell("1", 3), Cell("推进城市有机更新,完成老旧小区改造", 3), Cell("区建设局", 3))))
    >>> task_table([nav, tasks]), task_table([nav])
    (1, None)
    """
    best: tuple[int, int] | None = None  # (score, index)
    for index, grid in enumerate(grids):
        score = max((len(header_words(row)) for row in grid.rows[:HEADER_ROWS]), default=0)
        if score < 2 or _is_info_or_navigation(grid):
            continue
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


@lru_cache(maxsize=4)  # identification, table reading and the page's facts all ask
def page_task_table(text: str) -> int | None:
    """The index in :func:`page_tables` of the page's task table (:func:`task_table`).

    >>> page_task_table("<table><tr><th>序号</th><th>重点工作</th></tr>"
    ...                 "<tr><td>1</td><td>推进城市有机更新,完成老旧小区改造</td></tr></table>")
    0
    """
    return task_table(page_tables(text))
