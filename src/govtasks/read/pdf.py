"""PDFs with a text layer (a report printed from Word or WPS, or a report page printed by a
browser): their paragraphs and tables, read with pdfplumber.

The PDF is first checked (:func:`govtasks.read.pdf_safety.check_pdf`: a password, a file
pdfminer cannot parse, loops and bombs are refused), then each page is read within limits:

- tables ruled with lines (or thin filled rectangles, as browsers draw borders) are found
  from their rules (pdfplumber's lines strategy), cell by cell, a merged cell covering every
  slot it spans; where a page break cuts a table and no rule closes it (a browser draws each
  cell's top and left border only), the rule is added where its vertical rules end
  (:func:`pdf_tables.closing_rules`); on a page without a ruled table, a table printed
  without rules is looked for in the alignment of its text (:func:`pdf_tables.unruled_tables`);
- a cell's lines are joined into its paragraphs by geometry (:mod:`govtasks.read.pdf_text`);
- a page's header and footer lines are dropped: page numbers ("- 3 -", "第 3 页 共 10 页")
  and lines repeated at the same height at the top or bottom of several pages (a running
  title); the other lines outside tables are the document's paragraphs (a title above the
  table, the date under it), a paragraph wrapped over lines read as one;
- a table that runs on at the top of the next page with the same columns (under a "续表"
  line or not) is one table: the header rows each page repeats are read once, a row cut by
  the page break is joined back, and a merged cell that runs on into the next page (printed
  empty there, or with the rest of its text) covers its slots;
- a web page whose HTML source wraps its lines, printed by a browser that shows each break
  as a space, has spaces inside Chinese words in most long paragraphs ("全 面启动"): then
  the spaces between two Chinese characters are dropped, as the saved-page reader drops the
  source's breaks (:func:`pdf_text.shows_source_breaks`).

A PDF without any text but its page numbers and running lines (a scan) is refused as
``ScannedPdf``: only OCR could read it.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage

from govtasks.errors import CorruptFile, ScannedPdf, UnsafeFile
from govtasks.read.extracted import Extracted, Extraction
from govtasks.read.pdf_safety import PDF_ERRORS, Budget, GuardedPage, check_pdf, reason
from govtasks.read.pdf_tables import Table, closing_rules, glyph_of, ruled_table, unruled_tables
from govtasks.read.pdf_text import (
    Glyph,
    Line,
    drop_source_break_glyphs,
    drop_source_breaks,
    join_wrapped,
    lines_of,
    shows_source_breaks,
    unique,
    wraps,
)

# pdfminer logs what it repairs in a damaged file ("Data-loss while decompressing corrupted
# data") as warnings, which Python prints to stderr when the program configured no logging:
# a handler of their own keeps them off a run's console; a program that configures logging
# still receives them.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: How near the top or bottom of a page (a share of its height) a header or footer line is.
RUNNING_ZONE = 0.15
#: Two lines on different pages are the same running line when their tops are this close.
RUNNING_SLACK = 3.0
#: A page number as printed in a header or footer (spaces removed): "-3-", "— 3 —", "3",
#: "第3页", "第3页共10页", "共10页第3页", "3/10", "Page 3 of 10".
_PAGE_NUMBER = re.compile(
    r"[-—–－~·.]*\d{1,4}[-—–－~·.]*"
    r"|第\d{1,4}页(?:[,，/／]?共\d{1,4}页)?"
    r"|共\d{1,4}页[,，]?第\d{1,4}页"
    r"|\d{1,4}[/／]\d{1,4}"
    r"|(?i:page)\d{1,4}(?:(?i:of)\d{1,4})?"
)


#: The line some documents print over a table's part on the next page: "续表", "续表1", "（续）".
_CONTINUED = re.compile(r"[（(]?续(?:表\S{0,4}|上表)?[)）]?")


def read_pdf(data: bytes) -> Extracted:
    """The paragraphs and tables of a PDF (see :mod:`govtasks.read.extracted`)."""
    count = check_pdf(data)
    pages = _read_pages(data, count)
    extraction = Extraction()
    extraction.units = len(pages)
    cells = (
        table.plain(index) for page in pages for table in page.tables for index in range(len(table.cells))
    )
    shown = shows_source_breaks(cells)
    if shown:
        extraction.note(
            "spaces between Chinese characters dropped: most long paragraphs hold one, the line breaks "
            "of a web page's source that a browser printed as spaces"
        )
        for page in pages:
            page.glyphs = drop_source_break_glyphs(page.glyphs)
    _drop_running_lines(pages)
    if not any(page.glyphs or page.tables for page in pages):
        if any(page.images for page in pages):
            raise ScannedPdf("scanned PDF: no text layer (OCR is not supported)")
        return extraction.done()  # blank pages: nothing to read
    _find_unruled_tables(pages)
    if shown:
        space = statistics.median([width for page in pages for width in page.spaces] or [0.0])
        for page in pages:
            for table in page.tables:
                table.break_space = space
    left, right = _text_edges(pages)
    blocks = [_blocks(page, left, right) for page in pages]
    joined = _join_tables(blocks)
    for page, page_blocks in zip(pages, blocks, strict=True):
        paragraph = 0
        for block in page_blocks:
            if isinstance(block, str):
                paragraph += 1
                extraction.paragraph(block, f"page {page.number} paragraph {paragraph}")
            elif id(block) not in joined:
                rows = block.rows_of_slots()
                if shown:
                    rows = [[(drop_source_breaks(text), covered) for text, covered in row] for row in rows]
                extraction.table(rows, block.places)
                _note_joins(extraction, block)
    _note_pages(extraction, pages)
    return extraction.done()


@dataclass
class _Page:
    """What a page holds: its tables, the glyphs outside them, and how many images."""

    number: int
    height: float
    glyphs: list[Glyph]  # outside the tables
    tables: list[Table]
    images: int
    sideways: int = 0  # glyphs outside tables not set upright (watermarks), left out
    unmapped: int = 0  # glyphs without a Unicode mapping, read as "(cid:N)"
    spaces: list[float] = field(default_factory=list)  # each space's width, in font sizes
    lines: list[Line] = field(default_factory=list)  # the glyphs' lines, headers and footers dropped


def _read_pages(data: bytes, count: int) -> list[_Page]:
    """Every page of the PDF read (at most ``count``, as :func:`check_pdf` counted them)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        budget = Budget()
        pages = []
        for number, page in enumerate(PDFPage.create_pages(pdf.doc), start=1):
            if number > count:
                break
            pages.append(_read_page(GuardedPage(pdf, page, number, budget)))
        return pages
    except RecursionError as error:
        raise UnsafeFile("the PDF's pages nest without end (a loop)") from error
    except PDF_ERRORS as error:
        raise CorruptFile(f"the PDF cannot be read: {reason(error)}") from error


def _read_page(page: GuardedPage) -> _Page:
    """One page's tables ruled with lines, and the glyphs outside them."""
    chars = [c for c in page.chars if c["text"] and (c["text"].isprintable() or c["text"].isspace())]
    glyphs = unique(map(glyph_of, chars))
    tables: list[Table] = []
    taken: set[int] = set()
    horizontals = [(e["x0"], e["x1"], e["top"]) for e in page.edges if e["orientation"] == "h"]
    for found in page.find_tables(_table_settings(page, horizontals)):
        table, inside = ruled_table(found.cells, glyphs, page.page_number, drawn=horizontals)
        if table.width > 1:  # one column: a frame around text, read as paragraphs
            tables.append(table)
            taken |= inside
    outside = [g for n, g in enumerate(glyphs) if n not in taken]
    upright = [g for g in outside if g.upright]
    return _Page(
        number=page.page_number,
        height=float(page.height),
        glyphs=upright,
        tables=tables,
        images=len(page.images),
        sideways=len(outside) - len(upright),
        unmapped=sum(g.text.startswith("(cid:") for g in glyphs),
        spaces=[(g.x1 - g.x0) / g.size for g in glyphs if g.text == " " and g.size > 0],
    )


def _table_settings(page: GuardedPage, horizontals: list[tuple[float, float, float]]) -> dict[str, Any]:
    """pdfplumber's table settings for ``page`` (whose horizontal rules are ``horizontals``):
    its rules, and the rules a page break left out of a table cut by it (see
    :func:`closing_rules`)."""
    verticals = [(e["x0"], e["top"], e["bottom"]) for e in page.edges if e["orientation"] == "v"]
    closing = [
        {
            "object_type": "closing_edge",
            "orientation": "h",
            "x0": x0,
            "x1": x1,
            "top": y,
            "bottom": y,
            "width": x1 - x0,
            "height": 0.0,
        }
        for x0, x1, y in closing_rules(verticals, horizontals)
    ]
    return {"explicit_horizontal_lines": closing}


def _drop_running_lines(pages: Sequence[_Page]) -> None:
    """Set each page's lines, its headers and footers dropped (see the module docstring)."""
    for page in pages:
        page.lines = lines_of(page.glyphs, wide_gap=True)
    seen: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                seen[_shape(line.text)].append((page.number, line.top))
    needed = max(2, (len(pages) + 1) // 2)
    for page in pages:
        running = [_running(line, page, seen, needed) for line in page.lines]
        dropped = [line for line, drop in zip(page.lines, running, strict=True) if drop]
        page.lines = [line for line, drop in zip(page.lines, running, strict=True) if not drop]
        page.glyphs = [g for g in page.glyphs if not any(d.top <= g.middle <= d.bottom for d in dropped)]


def _running(line: Line, page: _Page, seen: dict[str, list[tuple[int, float]]], needed: int) -> bool:
    """Whether ``line`` is a header or footer: in the page's margin, a page number or a line
    ``seen`` at the same height on ``needed`` pages or more."""
    if not _in_margin(line, page):
        return False
    if _PAGE_NUMBER.fullmatch("".join(line.text.split())):
        return True
    pages = {n for n, top in seen[_shape(line.text)] if abs(top - line.top) <= RUNNING_SLACK}
    return len(pages) >= needed


def _in_margin(line: Line, page: _Page) -> bool:
    return line.bottom <= RUNNING_ZONE * page.height or line.top >= (1 - RUNNING_ZONE) * page.height


def _shape(text: str) -> str:
    """A line's text without spaces and with each number as "#": a footer "第 3 页" on each
    page, "9/27" and "10/27" alike.

    >>> _shape("某某区 2023 年 第3页"), _shape("file:///a.html 9/27") == _shape("file:///a.html 10/27")
    ('某某区#年第#页', True)
    """
    return re.sub(r"\d+", "#", "".join(text.split()))


def _find_unruled_tables(pages: Sequence[_Page]) -> None:
    """Tables printed without rules, on the pages without ruled tables."""
    found = unruled_tables([(page.number, page.glyphs) for page in pages if not page.tables])
    for page in pages:
        if page.number not in found:
            continue
        table, taken = found[page.number]
        page.tables.append(table)
        page.glyphs = [g for n, g in enumerate(page.glyphs) if n not in taken]
        page.lines = [
            line
            for line in page.lines
            if not table.top - 0.5 <= (line.top + line.bottom) / 2 <= table.bottom + 0.5
        ]


def _text_edges(pages: Sequence[_Page]) -> tuple[float, float]:
    """Where the document's text starts and stops across the page (its margins): from the
    lines outside tables and the tables' edges."""
    lefts = [line.x0 for page in pages for line in page.lines]
    rights = [line.x1 for page in pages for line in page.lines]
    for page in pages:
        for table in page.tables:
            lefts.append(table.columns[0])
            rights.append(max(cell.right for cell in table.cells))
    return min(lefts, default=0.0), max(rights, default=0.0)


Block = str | Table


def _blocks(page: _Page, left: float, right: float) -> list[Block]:
    """The page's paragraphs and tables, top to bottom."""
    placed: list[tuple[float, int, Block]] = []
    group: list[Line] = []
    for line in [*page.lines, None]:
        if line is not None and group and _runs_on(group[-1], line, left, right):
            group.append(line)
            continue
        if group:
            text = group[0].text.strip()
            for below in group[1:]:
                text = join_wrapped(text, below.text)
            placed.append((group[0].top, len(placed), text))
        group = [line] if line is not None else []
    placed.extend((table.top, len(placed), table) for table in page.tables)
    return [block for _, _, block in sorted(placed, key=lambda p: (p[0], p[1]))]


def _runs_on(above: Line, below: Line, left: float, right: float) -> bool:
    """Whether the line ``below`` goes on with the paragraph of the line ``above`` it: the
    same size, no paragraph spacing between, ``above`` wrapped (see :func:`wraps`), and
    ``below`` starting at the left margin or centred under it (a title wrapped in two)."""
    size = above.size
    if abs(below.size - size) > 0.1 * size or not 0 <= below.top - above.top <= 1.8 * size:
        return False
    if not wraps(above, below, left, right):
        return False
    centred = abs((below.x0 + below.x1) - (above.x0 + above.x1)) <= 2 * size
    return below.x0 <= left + size or centred


def _join_tables(blocks: list[list[Block]]) -> set[int]:
    """Join each table that runs on at the top of the next page to its part above (see the
    module docstring); returns the ids of the parts joined into a table above them.

    A table whose last part is open at the bottom too (no rule under its last row: a style
    without a bottom border, not a page break) tells nothing by its open bottoms: each join is
    judged by its rows (see :meth:`Table.extend`)."""
    links: list[tuple[Table, Table, bool, list[Block]]] = []  # part, next part, under "续表", page
    for previous, current in itertools.pairwise(blocks):
        if not previous or not current or not isinstance(previous[-1], Table):
            continue
        above, below = previous[-1], current[0]
        marked = isinstance(below, str) and bool(_CONTINUED.fullmatch(below.replace(" ", "")))
        if marked and len(current) > 1:
            below = current[1]  # under a "续表" line
        if isinstance(below, Table) and above.continues_into(below):
            links.append((above, below, marked, current))
    following = {id(above): below for above, below, _, _ in links}
    for above, _, _, _ in links:
        chain = [above]
        while id(chain[-1]) in following:
            chain.append(following[id(chain[-1])])
        if chain[-1].open_below:
            for part in chain:
                part.open_below = frozenset()
    joined: set[int] = set()
    head_of: dict[int, Table] = {}  # a part joined → the table it was joined to
    for above, below, marked, current in links:
        head = head_of.get(id(above), above)
        if marked:
            del current[0]
        head.extend(below)
        joined.add(id(below))
        head_of[id(below)] = head
    return joined


def _note_joins(extraction: Extraction, table: Table) -> None:
    """Tell the user a table was joined from the parts on several pages."""
    if len(table.pages) < 2:
        return
    note = f"a table running over pages {table.pages[0]}-{table.pages[-1]} was joined into one"
    if table.repeated_headers:
        note += f"; its header, repeated on {_count(table.repeated_headers, 'page')}, was read once"
    if table.cut_rows:
        note += f"; {_count(table.cut_rows, 'row')} cut by a page break joined back"
    extraction.note(note)


def _note_pages(extraction: Extraction, pages: Sequence[_Page]) -> None:
    """Tell the user of pages that were images only, of text left out as sideways (a
    watermark), and of characters whose font maps them to no Unicode text."""
    images = [page.number for page in pages if page.images and not page.glyphs and not page.tables]
    if images:
        extraction.note(f"{_pages(images)} hold images but no text (scanned?): nothing was read there")
    sideways = sum(page.sideways for page in pages)
    if sideways:
        extraction.note(
            f"{_count(sideways, 'character')} set sideways outside the tables (a watermark?) skipped"
        )
    unmapped = sum(page.unmapped for page in pages)
    if unmapped:
        extraction.note(
            f"{_count(unmapped, 'character')} with no Unicode mapping in their font: read as (cid:N)"
        )


def _count(number: int, noun: str) -> str:
    """``number`` ``noun``s, in English.

    >>> _count(1, "row"), _count(3, "page")
    ('1 row', '3 pages')
    """
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def _pages(numbers: Sequence[int]) -> str:
    """Page numbers, in English.

    >>> _pages([4]), _pages([2, 5])
    ('page 4', 'pages 2, 5')
    """
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))
