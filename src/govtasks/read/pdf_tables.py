"""A PDF's tables: found from their rules or from their text's alignment, and joined across
pages (for :mod:`govtasks.read.pdf`).

A table is held as cells (each the printed lines inside it) and rows of slots, each slot a
cell's index and whether it is *covered* (a merged cell's copy, like a rowspan on a page).
Texts are made last (:meth:`Table.rows_of_slots`), once every part of a table that runs over
several pages has been joined (:meth:`Table.extend`): a row cut by a page break has its two
halves' lines in one cell, and a wrap at the cut is joined like any other.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govtasks.read.pdf_text import (
    CLOSING,
    Glyph,
    Line,
    justified_edge,
    line_pitch,
    lines_of,
    paragraphs,
    rows_of,
    segments_of,
    wraps,
)

#: Two rules (or column starts) this close, in points, are the same.
SNAP = 1.0
#: Two parts of a table on consecutive pages are one table when their columns line up within
#: this many points.
COLUMN_MATCH = 4.0
#: The inner margin of a cell when a table gives no line to measure it (Word's default, 0.19 cm).
DEFAULT_PADDING = 5.4
#: The most header rows a page may repeat.
MAX_HEADER_ROWS = 3
#: A row number (序号) as printed in its column: "1", "12", "(3)", "一、".
_ROW_NUMBER = re.compile(r"[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）.、．]?")

Slot = tuple[int, bool]


@dataclass
class Cell:
    """A cell's printed lines, top to bottom, and where its text starts and stops (its box
    less its inner margins)."""

    lines: list[Line]
    left: float
    right: float

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass
class Table:
    """A table (one page's part, or parts joined): cells, rows of slots, each row's place."""

    cells: list[Cell]
    rows: list[list[Slot]]
    places: list[str]
    #: Column boundaries (ruled) or starts (unruled) of the last part, to match the next page's.
    columns: tuple[float, ...]
    pages: list[int]
    top: float
    bottom: float
    header_rows: int = 1
    #: The columns of the last row whose cell the page break cut: no rule closes it at the
    #: bottom, and it goes on at the top of the next page (a browser's print).
    open_below: frozenset[int] = frozenset()
    #: The width (in font sizes) of a space a line may have broken at without printing it: a
    #: browser's, at the page's source line breaks (see :func:`pdf_text.shows_source_breaks`).
    break_space: float = 0.0
    repeated_headers: int = 0  # pages whose repeated header rows were dropped
    cut_rows: int = 0  # rows cut by a page break joined back
    _texts: dict[int, str] = field(default_factory=dict)
    _pitch: list[float | None] = field(default_factory=list)  # the line pitch, once measured
    _edges: dict[float, float | None] = field(default_factory=dict)  # justified edge by column
    _reaches: dict[float, float | None] = field(default_factory=dict)  # furthest line end by column
    _paragraphs: dict[float, frozenset[str]] = field(default_factory=dict)  # by column

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def text(self, index: int) -> str:
        """Cell ``index``'s text (its lines joined into paragraphs), made once."""
        if index not in self._texts:
            cell = self.cells[index]
            known = self._known(cell)
            self._texts[index] = paragraphs(
                cell.lines,
                cell.left,
                cell.right,
                self.pitch,
                self.edge(cell),
                known,
                self.reach(cell),
                self.break_space,
            )
        return self._texts[index]

    def _known(self, cell: Cell) -> frozenset[str]:
        """The paragraphs of ``cell``'s column, read by geometry alone (see :func:`paragraphs`)."""
        column = round(cell.right)
        if column not in self._paragraphs:
            texts = (
                paragraphs(
                    c.lines, c.left, c.right, self.pitch, self.edge(c), (), self.reach(c), self.break_space
                )
                for c in self.cells
                if round(c.right) == column
            )
            self._paragraphs[column] = frozenset(p.strip() for text in texts for p in text.split("\n"))
        return self._paragraphs[column]

    def reach(self, cell: Cell) -> float | None:
        """How far right the lines of ``cell``'s column reach, inside their cells (see
        :func:`wraps`): a line run past its cell (a word too long to wrap) is left out, and a
        line ending with punctuation, which an office suite lets hang in the margin."""
        column = round(cell.right)
        if column not in self._reaches:
            self._reaches[column] = max(
                (
                    line.x1
                    for c in self.cells
                    if round(c.right) == column
                    for line in c.lines
                    if line.x1 <= c.right + SNAP and line.text.rstrip()[-1:] not in CLOSING
                ),
                default=None,
            )
        return self._reaches[column]

    def edge(self, cell: Cell) -> float | None:
        """Where the justified lines of ``cell``'s column stop (see :func:`justified_edge`)."""
        column = round(cell.right)
        if column not in self._edges:
            same = [c for c in self.cells if round(c.right) == column]
            self._edges[column] = justified_edge((c.lines for c in same), cell.left, cell.right)
        return self._edges[column]

    @property
    def pitch(self) -> float | None:
        """The table's usual line pitch inside a cell (see :func:`line_pitch`)."""
        if not self._pitch:
            self._pitch.append(line_pitch(cell.lines for cell in self.cells))
        return self._pitch[0]

    def plain(self, index: int) -> str:
        """Cell ``index``'s text by its own lines' geometry alone: what joining pages compares
        (the column-wide measures of :meth:`text` are taken once, on the joined table)."""
        cell = self.cells[index]
        return paragraphs(cell.lines, cell.left, cell.right)

    def row_texts(self, row: Sequence[Slot]) -> tuple[str, ...]:
        return tuple(self.plain(index) for index, _ in row)

    def rows_of_slots(self) -> list[list[tuple[str, bool]]]:
        """The rows as :meth:`govtasks.read.extracted.Extraction.table` takes them."""
        return [[(self.text(index), covered) for index, covered in row] for row in self.rows]

    def continues_into(self, part: Table) -> bool:
        """Whether ``part``, at the top of the next page, is this table's next part: its
        columns line up with this table's last part."""
        return (
            part.pages[0] == self.pages[-1] + 1
            and len(part.columns) == len(self.columns)
            and all(abs(a - b) <= COLUMN_MATCH for a, b in zip(part.columns, self.columns, strict=True))
        )

    def extend(self, part: Table) -> None:
        """Join ``part`` (the next page's) to this table: the header rows it repeats are
        dropped, a row the page break cut is joined back to its first half, and a merged
        cell that runs on into the page (printed empty there, or with the rest of its text)
        covers its slots there too.

        Where the last row's cells are open at the bottom (:attr:`open_below`), the page break
        cut those: all of them, the row; some, merged cells that go on. Else the row is cut
        when it looks so (see :meth:`_cut`)."""
        repeated = self._repeated_header(part)
        if repeated:
            self.repeated_headers += 1
        rows, places = part.rows[repeated:], part.places[repeated:]
        offset = len(self.cells)
        self.cells.extend(part.cells)
        moved: dict[int, int] = {}  # part's cell → this table's cell it continues
        if not rows:
            row_cut = False
        elif self.open_below:
            row_cut = len(self.open_below) == self.width
        else:
            row_cut = self._cut(part, rows)
        if row_cut or (rows and self.open_below):
            if row_cut:
                self.cut_rows += 1
            for column, ((here, _), (there, covered)) in enumerate(zip(self.rows[-1], rows[0], strict=True)):
                if covered or there in moved or not (row_cut or column in self.open_below):
                    continue
                self.cells[here].lines.extend(part.cells[there].lines)
                self.cells[there + offset] = Cell([], 0.0, 0.0)  # its lines are in ``here`` now
                moved[there] = here
            if row_cut:
                rows, places = rows[1:], places[1:]
        elif rows:
            grouping = self._grouping_columns(part)
            for column, ((here, _), (there, covered)) in enumerate(zip(self.rows[-1], rows[0], strict=True)):
                if (
                    column in grouping
                    and not covered
                    and part.cells[there].empty
                    and not self.cells[here].empty
                ):
                    moved[there] = here
        self._texts.clear()
        self._pitch.clear()
        self._edges.clear()
        self._reaches.clear()
        self._paragraphs.clear()
        for row in rows:
            self.rows.append(
                [(moved[i], True) if i in moved else (i + offset, covered) for i, covered in row]
            )
        self.places.extend(places)
        self.pages.append(part.pages[0])
        self.columns = part.columns
        self.bottom = part.bottom
        self.open_below = part.open_below

    def _repeated_header(self, part: Table) -> int:
        """How many of ``part``'s first rows repeat this table's header (0 when none)."""
        most = min(MAX_HEADER_ROWS, len(part.rows), len(self.rows) - 1)
        for count in range(most, 0, -1):
            if all(
                self.row_texts(self.rows[i]) == part.row_texts(part.rows[i]) for i in range(count)
            ) and any(part.row_texts(part.rows[0])):
                self.header_rows = max(self.header_rows, count)
                return count
        return 0

    def _cut(self, part: Table, rows: list[list[Slot]]) -> bool:
        """Whether ``rows[0]`` (``part``'s first row after any repeated header) is the rest of
        this table's last row, cut by the page break.

        It is when it is empty in a column that every other row fills with text of its own
        (序号, a task's text); it is not when such a column shows a row number there. Else it
        is when each of its cells with text goes on from a cell of the last row whose last
        line wraps (reaches the cell's edge: see :func:`wraps`)."""
        first = rows[0]
        if all(part.cells[i].empty for i, _ in first):
            return False
        always = self._always_filled(part, rows[1:])
        if any(first[c][1] or part.cells[first[c][0]].empty for c in always):
            return True
        if any(_ROW_NUMBER.fullmatch(part.plain(first[c][0]).strip()) for c in always):
            return False
        for (here, _), (there, covered) in zip(self.rows[-1], first, strict=True):
            if covered or not part.cells[there].lines:
                continue
            cell = self.cells[here]
            below = part.cells[there].lines[0]
            edge = part.edge(part.cells[there])  # the column's, measured on this page
            if not cell.lines or not wraps(cell.lines[-1], below, cell.left, cell.right, edge=edge):
                return False
        return True

    def _always_filled(self, part: Table, more: list[list[Slot]]) -> list[int]:
        """The columns that every data row (not a header, not a row that is one cell) fills
        with a cell of its own, with text."""
        rows = [(self, row) for row in self.rows[self.header_rows :]] + [(part, row) for row in more]
        rows = [(table, row) for table, row in rows if len({i for i, _ in row}) > 1]
        if len(rows) < 2:
            return []
        return [
            column
            for column in range(self.width)
            if all(not row[column][1] and not table.cells[row[column][0]].empty for table, row in rows)
        ]

    def _grouping_columns(self, part: Table) -> set[int]:
        """The columns holding a cell merged down several rows, in this table or ``part``."""
        found: set[int] = set()
        for rows in (self.rows, part.rows):
            for above, row in itertools.pairwise(rows):
                found.update(c for c, (i, covered) in enumerate(row) if covered and above[c][0] == i)
        return found


def _boundaries(values: Iterable[float]) -> list[float]:
    """Sorted distinct ``values``, those within :data:`SNAP` of the previous one dropped.

    >>> _boundaries([10, 50.4, 50, 90, 10.2])
    [10, 50, 90]
    """
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(bounds: Sequence[float], value: float) -> int:
    """The index of the boundary nearest ``value``."""
    i = bisect.bisect_left(bounds, value)
    if i == len(bounds) or (i > 0 and value - bounds[i - 1] < bounds[i] - value):
        i -= 1
    return i


#: Rules this close (in points) across their length are one rule, and a rule ending this near
#: another meets it (pdfplumber's snap and join tolerances).
RULE_SLACK = 3.0


#: The most room (in font sizes) between a cell's text and a line printed past the part of the
#: cell on the page that goes on with it: a line's spacing and a paragraph's.
OVERFLOW_GAP = 2.0
#: The most rules a page may draw for :func:`closing_rules` to look at them (a page of a table
#: draws hundreds; a chart or a hostile page, more: no rule is added there).
MAX_RULES = 20_000


def closing_rules(
    verticals: Sequence[tuple[float, float, float]], horizontals: Sequence[tuple[float, float, float]]
) -> list[tuple[float, float, float]]:
    """The rules a table leaves out where a page break cuts it, as (x0, x1, y): where two or
    more vertical rules (each x, top, bottom) of a table end at one height and a horizontal
    rule (each x0, x1, y) meets none or only some of them there, one rule across them. A
    browser draws each cell's top and left border (and the last column's right one): the row
    the page break cuts has its sides drawn down to the page's bottom margin, and its rest at
    the top of the next page has its sides from the top margin, with no rule closing either
    (or closing only the cells that end there, not a merged cell that runs on). Vertical rules
    none of which a horizontal rule meets or crosses are no table's (columns ruled apart): left
    open; one of them may be (the side of a merged cell as tall as the page).

    >>> sides = [(10, 0, 50), (10, 50, 90), (60, 0, 90), (110, 0, 90)]
    >>> closing_rules(sides, [(10, 110, 0), (10, 110, 50)])
    [(10, 110, 90)]
    >>> closing_rules(sides, [(10, 110, 0), (10, 110, 50), (10, 110, 90)])
    []
    >>> closing_rules(sides, [(10, 110, 0), (10, 110, 50), (60, 110, 90)])
    [(10, 110, 90)]
    >>> tall = [(0, 0, 90), *sides]  # a merged cell's side, no rule under it, none crossing it
    >>> closing_rules(sides, []), closing_rules(tall, [(0, 110, 0), (10, 110, 50)])
    ([], [(0, 110, 90)])
    """
    if len(verticals) + len(horizontals) > MAX_RULES:
        return []
    rules = _joined_verticals(v for v in verticals if v[2] - v[1] >= RULE_SLACK)
    flat = sorted((h[2], h[0], h[1]) for h in horizontals if h[1] - h[0] >= RULE_SLACK)
    heights = [y for y, _, _ in flat]

    def met(x: float, top: float, bottom: float) -> bool:
        """Whether a horizontal rule between ``top`` and ``bottom`` meets or crosses x."""
        start = bisect.bisect_left(heights, top - RULE_SLACK)
        stop = bisect.bisect_right(heights, bottom + RULE_SLACK)
        return any(x0 - RULE_SLACK <= x <= x1 + RULE_SLACK for _, x0, x1 in flat[start:stop])

    ends = sorted(
        (y, (x, not met(x, y, y), ruled))
        for x, top, bottom in rules
        for ruled in [met(x, top, bottom)]
        for y in (top, bottom)
    )
    closing: list[tuple[float, float, float]] = []
    for group in _runs(ends, SNAP):
        xs = sorted({round(x, 2) for _, (x, _, _) in group})
        if len(xs) >= 2 and any(is_open for _, (_, is_open, _) in group) and any(r for _, (_, _, r) in group):
            closing.append((xs[0], xs[-1], group[0][0]))
    return closing


def _joined_verticals(edges: Iterable[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Vertical rules (x, top, bottom) as drawn lines: those at one x (within :data:`RULE_SLACK`,
    the two sides of a thin filled rectangle) that touch or overlap joined into one.

    >>> _joined_verticals([(10, 0, 50), (10.75, 0, 50), (10, 50, 90), (60, 0, 40), (60, 60, 90)])
    [(10, 0, 90), (60, 0, 40), (60, 60, 90)]
    """
    joined: list[tuple[float, float, float]] = []
    by_x = sorted(edges)
    for column in _runs([(x, (x, top, bottom)) for x, top, bottom in by_x], RULE_SLACK):
        x = column[0][0]
        spans = sorted((top, bottom) for _, (_, top, bottom) in column)
        top, bottom = spans[0]
        for start, end in spans[1:]:
            if start <= bottom + RULE_SLACK:
                bottom = max(bottom, end)
            else:
                joined.append((x, top, bottom))
                top, bottom = start, end
        joined.append((x, top, bottom))
    return joined


def _runs(items: Sequence[tuple[float, Any]], slack: float) -> list[list[tuple[float, Any]]]:
    """Sorted ``items`` (a key first) in runs whose keys follow each other within ``slack``.

    >>> [[k for k, _ in run] for run in _runs([(0, "a"), (1, "b"), (5, "c")], 1)]
    [[0, 1], [5]]
    """
    runs: list[list[tuple[float, Any]]] = []
    for item in items:
        if runs and item[0] - runs[-1][-1][0] <= slack:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def ruled_table(
    bboxes: Sequence[tuple[float, float, float, float]],
    glyphs: Sequence[Glyph],
    page: int,
    *,
    drawn: Sequence[tuple[float, float, float]] | None = None,
) -> tuple[Table, set[int]]:
    """The table whose cells pdfplumber found at ``bboxes`` (x0, top, x1, bottom) from the
    page's rules, with the glyphs inside each cell; and the indexes of the glyphs it took.

    A merged cell covers every slot it spans (pdfplumber leaves those empty): its text is in
    its top left slot, the others are covered copies. ``drawn``: the page's horizontal rules
    (x0, x1, y), to tell the columns whose last cell no rule closes at the table's bottom (see
    :func:`closing_rules`): the page break cut it, and it goes on at the top of the next page
    (:attr:`Table.open_below`). The lines that run on below such a cell, inside its column,
    are its own (a browser prints a merged cell's text whole, past the part of the cell on the
    page)."""
    xs = _boundaries(v for b in bboxes for v in (b[0], b[2]))
    ys = _boundaries(v for b in bboxes for v in (b[1], b[3]))
    slots: list[list[Slot | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    boxes: list[tuple[float, float, float, float]] = []
    for box in sorted(bboxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0 or slots[r0][c0] is not None:
            continue
        index = len(boxes)
        boxes.append(box)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if slots[r][c] is None:
                    slots[r][c] = (index, (r, c) != (r0, c0))
    for r, row in enumerate(slots):  # a hole no cell covers (broken rules): an empty cell
        for c, slot in enumerate(row):
            if slot is None:
                row[c] = (len(boxes), False)
                boxes.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
    inside: list[list[Glyph]] = [[] for _ in boxes]
    taken: set[int] = set()
    for n, glyph in enumerate(glyphs):
        middle_x = (glyph.x0 + glyph.x1) / 2
        c = bisect.bisect_right(xs, middle_x) - 1
        r = bisect.bisect_right(ys, glyph.middle) - 1
        if 0 <= r < len(slots) and 0 <= c < len(slots[r]):
            slot = slots[r][c]
            assert slot is not None
            inside[slot[0]].append(glyph)
            taken.add(n)
    open_below = frozenset(
        c
        for c in range(len(xs) - 1)
        if drawn is not None and slots and not _ruled(drawn, (xs[c] + xs[c + 1]) / 2, ys[-1])
    )
    if open_below:
        last_row = [
            slot[0] if slot is not None and c in open_below else None for c, slot in enumerate(slots[-1])
        ]
        _overflow(glyphs, taken, inside, xs, ys[-1], last_row)
    lines = [lines_of(found) for found in inside]
    padding = _padding(boxes, lines)
    cells = [Cell(found, box[0] + padding, box[2] - padding) for box, found in zip(boxes, lines, strict=True)]
    rows = [[slot for slot in row if slot is not None] for row in slots]
    places = [f"page {page} row {r + 1}" for r in range(len(rows))]
    table = Table(cells, rows, places, tuple(xs), [page], ys[0], ys[-1], open_below=open_below)
    return table, taken


def _ruled(drawn: Sequence[tuple[float, float, float]], x: float, y: float) -> bool:
    """Whether one of the ``drawn`` rules (x0, x1, y) runs through the point (x, y)."""
    return any(abs(rule_y - y) <= RULE_SLACK and x0 <= x <= x1 for x0, x1, rule_y in drawn)


def _overflow(
    glyphs: Sequence[Glyph],
    taken: set[int],
    inside: list[list[Glyph]],
    xs: Sequence[float],
    bottom: float,
    last_row: Sequence[int | None],
) -> None:
    """Give each cell of the last row the page break cut (``last_row``, a cell index by
    column, None where the cell is closed) the lines below the table's ``bottom`` that go on
    with its text inside its column: each line within the column, as near the line above it
    as lines of a cell are, a paragraph's spacing allowed (:data:`OVERFLOW_GAP`; see
    :func:`ruled_table`)."""
    below = [(n, g) for n, g in enumerate(glyphs) if n not in taken and g.middle > bottom]
    if not below:
        return
    ends = [
        bottom if cell is None else max((g.bottom for g in inside[cell]), default=bottom) for cell in last_row
    ]
    index = {id(g): n for n, g in below}
    for row in rows_of(g for _, g in below):
        c = bisect.bisect_right(xs, (row[0].x0 + row[0].x1) / 2) - 1
        if not 0 <= c < len(last_row) or row[-1].x1 > xs[c + 1] + SNAP:
            continue
        cell = last_row[c]
        if cell is None or min(g.top for g in row) - ends[c] > OVERFLOW_GAP * max(g.size for g in row):
            continue
        inside[cell].extend(row)
        taken.update(index[id(g)] for g in row)
        ends[c] = max(g.bottom for g in row)


def _padding(boxes: Sequence[tuple[float, float, float, float]], lines: Sequence[list[Line]]) -> float:
    """The cells' inner margin, measured on the left (text stops as far from the right edge):
    a low tenth of the distances from a cell's left edge to its lines' starts, most of which
    are left-aligned; Word's default when no cell has a line."""
    distances = sorted(
        line.x0 - box[0]
        for box, found in zip(boxes, lines, strict=True)
        for line in found
        if line.x0 > box[0]
    )
    if not distances:
        return DEFAULT_PADDING
    return min(distances[len(distances) // 10], 3 * DEFAULT_PADDING)


def unruled_tables(pages: Sequence[tuple[int, Sequence[Glyph]]]) -> dict[int, tuple[Table, set[int]]]:
    """The tables printed without rules on ``pages`` (each its number and glyphs), found from
    their text's alignment: lines split into pieces by wide gaps, whose starts line up in three
    or more columns over several lines (the same columns on every page, so that a table's
    parts on consecutive pages line up). For each page with one, the table and the indexes of
    the glyphs it took.

    A row starts on a line where the row-number column (序号, told by its numbers) or else
    the first column has text; a row whose only text starts in the first column and runs past
    the second column's start is one cell across the row (a section's heading). Cells merged
    down several rows cannot be told from empty ones without rules: the slots below a merged
    cell's text are empty."""
    rows = {number: rows_of(glyphs) for number, glyphs in pages}
    pieces = {number: [segments_of(row) for row in found] for number, found in rows.items()}
    sizes = [p.size for lines in pieces.values() for line in lines for p in line]
    if not sizes:
        return {}
    slack = 0.5 * statistics.median(sizes)
    grid = _Columns(_column_starts([line for lines in pieces.values() for line in lines], slack), slack)
    if len(grid.starts) < 3:
        return {}
    regions = {n: region for n, lines in pieces.items() if (region := _table_region(lines, grid))}
    used = {grid.column(p.x0) for n, (a, b) in regions.items() for line in pieces[n][a:b] for p in line}
    grid = _Columns([start for c, start in enumerate(grid.starts) if c in used], slack)
    if len(grid.starts) < 3:
        return {}
    key = _key_column([line for n, (a, b) in regions.items() for line in pieces[n][a + 1 : b]], grid)
    found: dict[int, tuple[Table, set[int]]] = {}
    for number, glyphs in pages:
        if number in regions:
            first, last = regions[number]
            table = _unruled_table(pieces[number][first:last], grid, key, number)
            inside = {id(glyph) for row in rows[number][first:last] for glyph in row}
            found[number] = table, {n for n, glyph in enumerate(glyphs) if id(glyph) in inside}
    return found


def _unruled_table(lines: Sequence[Sequence[Line]], grid: _Columns, key: int, page: int) -> Table:
    """The table of ``lines`` (each a line's pieces) in the columns of ``grid``, rows starting
    at text in column ``key`` (see :func:`unruled_tables`)."""
    row_starts = [n for n in range(len(lines)) if n == 0 or _starts_row(lines[n], grid, key)]
    width = len(grid.starts)
    rights = [s - _gutter(lines, grid) for s in grid.starts[1:]]
    rights.append(max((p.x1 for line in lines for p in line), default=grid.starts[-1]))
    cells: list[Cell] = []
    table_rows: list[list[Slot]] = []
    for r, begin in enumerate(row_starts):
        end = row_starts[r + 1] if r + 1 < len(row_starts) else len(lines)
        found: list[list[Line]] = [[] for _ in range(width)]
        spans = [1] * width
        for line in lines[begin:end]:
            for piece in line:
                column = grid.column(piece.x0)
                if column is not None:
                    found[column].append(piece)
                    spans[column] = max(spans[column], grid.reach(piece.x1) - column)
        if _heading(lines[begin:end], grid):
            spans[0] = width
        row: list[Slot] = []
        column = 0
        while column < width:
            span = min(spans[column] if found[column] else 1, width - column)
            row.append((len(cells), False))
            row.extend((len(cells), True) for _ in range(1, span))
            cells.append(Cell(found[column], grid.starts[column], rights[column + span - 1]))
            column += span
        table_rows.append(row)
    places = [f"page {page} row {r + 1}" for r in range(len(table_rows))]
    top = min(p.top for p in lines[0])
    bottom = max(p.bottom for p in lines[-1])
    return Table(cells, table_rows, places, tuple(grid.starts), [page], top, bottom)


@dataclass(frozen=True)
class _Columns:
    """The columns of a table printed without rules: where each starts, within ``slack``."""

    starts: list[float]
    slack: float

    def column(self, x: float) -> int | None:
        """The column a piece starting at ``x`` is in; None when it starts at no column."""
        i = _index(self.starts, x)
        return i if abs(self.starts[i] - x) <= self.slack else None

    def reach(self, x1: float) -> int:
        """How many columns start before ``x1`` (a piece ending there runs into them all)."""
        return bisect.bisect_left(self.starts, x1 - self.slack)

    def aligned(self, line: Sequence[Line]) -> bool:
        return bool(line) and all(self.column(p.x0) is not None for p in line)


def _column_starts(pieces: Sequence[Sequence[Line]], slack: float) -> list[float]:
    """Where columns start: x positions at which pieces of two or more lines that have
    several pieces start (within ``slack``, so that centred numbers "9" and "10" agree)."""
    xs = sorted(p.x0 for line in pieces if len(line) > 1 for p in line)
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= slack:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [min(g) for g in groups if len(g) >= 2]


def _table_region(pieces: Sequence[Sequence[Line]], grid: _Columns) -> tuple[int, int] | None:
    """The lines ``first`` to ``last`` (exclusive) of the table: from a line of several pieces
    that all start at column starts (and the lines just above it whose pieces do: the rest of a
    row cut by the page break), through the lines whose pieces all do, to the last line of
    several pieces and the lines under it that go on with its cells (not in the first column),
    or are headings of the table's next section at the end of the page. The longest such run
    with three lines of several pieces; None without one."""
    best: tuple[int, int] | None = None
    n = 0
    while n < len(pieces):
        if not (grid.aligned(pieces[n]) and len(pieces[n]) > 1):
            n += 1
            continue
        end = n + 1
        while end < len(pieces) and grid.aligned(pieces[end]) and _close(pieces[end - 1], pieces[end]):
            end += 1
        stop = max(i for i in range(n, end) if len(pieces[i]) > 1) + 1
        while stop < end and grid.column(pieces[stop][0].x0) != 0:
            stop += 1
        if end == len(pieces) and all(_heading([line], grid) for line in pieces[stop:end]):
            stop = end  # a section's heading closing the page: the table goes on overleaf
        begin = n
        while begin > 0 and grid.aligned(pieces[begin - 1]) and _close(pieces[begin - 1], pieces[begin]):
            begin -= 1  # lines of a row the page break cut, at the top of the page
        if sum(len(pieces[i]) > 1 for i in range(n, stop)) >= 3 and (
            best is None or stop - begin > best[1] - best[0]
        ):
            best = (begin, stop)
        n = end
    return best


def _close(above: Sequence[Line], below: Sequence[Line]) -> bool:
    """Whether two lines are near enough to be in one table (less than three lines apart)."""
    size = max(p.size for p in (*above, *below))
    return min(p.top for p in below) - max(p.bottom for p in above) < 3 * size


def _key_column(pieces: Sequence[Sequence[Line]], grid: _Columns) -> int:
    """The column whose text starts each row: the first of the first three columns whose
    pieces are mostly row numbers (序号), else the first column."""
    for column in range(min(3, len(grid.starts))):
        texts = [p.text.strip() for line in pieces for p in line if grid.column(p.x0) == column]
        if texts and sum(bool(_ROW_NUMBER.fullmatch(t)) for t in texts) >= 0.6 * len(texts):
            return column
    return 0


def _starts_row(line: Sequence[Line], grid: _Columns, key: int) -> bool:
    """Whether a line starts a row: it has text in the key column, or it is a heading."""
    return any(grid.column(p.x0) == key for p in line) or _heading([line], grid)


def _heading(lines: Sequence[Sequence[Line]], grid: _Columns) -> bool:
    """Whether a row's lines are one piece starting in the first column and running past the
    second's start: a section's heading across the table ("一、稳住经济基本盘")."""
    pieces = [p for line in lines for p in line]
    return len(pieces) == 1 and grid.column(pieces[0].x0) == 0 and grid.reach(pieces[0].x1) > 1


def _gutter(pieces: Sequence[Sequence[Line]], grid: _Columns) -> float:
    """The narrowest room between a column's text and the next column's start: where a
    column's text stops (twice a cell's inner margin, when its fullest line is full)."""
    room = [
        grid.starts[column + 1] - p.x1
        for line in pieces
        for p in line
        if (column := grid.column(p.x0)) is not None
        and column + 1 < len(grid.starts)
        and grid.starts[column + 1] > p.x1
    ]
    return max(min(room, default=2 * DEFAULT_PADDING), grid.slack)


def glyph_of(char: dict[str, Any]) -> Glyph:
    """A pdfplumber char as a :class:`Glyph`."""
    return Glyph(
        char["text"],
        float(char["x0"]),
        float(char["x1"]),
        float(char["top"]),
        float(char["bottom"]),
        float(char["size"]),
        bool(char.get("upright", True)),
    )
