"""What the office readers (workbooks, Word documents, PDFs) get out of a file, in one shape.

Each reader walks its file in reading order and hands every paragraph and every table row to
an :class:`Extraction`, with the place it comes from in the file ("Sheet1!A3", "paragraph 2",
"table 1 row 3", "page 2 row 5"). The extraction numbers them as the lines of the document's
text: a paragraph is one line, a table row is one line (its cells joined by " | ", a cell's
own line breaks read as spaces). So an office document has lines like a text dump (for the
facts rules, which read the lines above the table), and tables as
:class:`~govtasks.grid.Grid` like a saved page, whose ``Cell.line`` is the line of its row.
``places[n - 1]`` says where line ``n`` is in the file: the ``source_ref`` of a row starting there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from govtasks.grid import Cell, Grid

#: A table's slot as a reader gives it: the text (paragraphs joined with "\n"), and whether it
#: is covered by a merged cell whose text it copies (like a rowspan/colspan copy on a page).
Slot = tuple[str, bool]


@dataclass(frozen=True)
class Extracted:
    """A document's text lines, where each line is in the file, its tables, and notes for the
    user (a hidden sheet skipped, a table cut across pages joined)."""

    lines: tuple[str, ...]
    places: tuple[str, ...]
    tables: tuple[Grid, ...]
    notes: tuple[str, ...] = ()
    #: Pages (PDF), sheets (workbook) or tables (Word) read: for the benchmark's pages/s.
    units: int = 0


@dataclass
class Extraction:
    """Collects paragraphs and table rows in reading order (see the module docstring).

    >>> e = Extraction()
    >>> e.paragraph("附件", "paragraph 1")
    >>> e.table([[("序号", False), ("任务", False)], [("1", False), ("甲\\n乙", False)]],
    ...         ["table 1 row 1", "table 1 row 2"])
    >>> done = e.done()
    >>> done.lines, done.places[2], [[c.line for c in row] for row in done.tables[0].rows]
    (('附件', '序号 | 任务', '1 | 甲 乙'), 'table 1 row 2', [[2, 2], [3, 3]])
    """

    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    tables: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    units: int = 0

    def paragraph(self, text: str, place: str) -> None:
        """One paragraph outside any table (a title, a date line); blank ones are skipped."""
        for line in text.splitlines():
            if line.strip():
                self.lines.append(line.rstrip())
                self.places.append(place)

    def table(self, rows: Sequence[Sequence[Slot]], places: Sequence[str]) -> None:
        """One table: ``rows`` of slots, ``places[i]`` where row ``i`` starts. Rows without
        text are dropped; rows at the table's top or bottom that show one text only (a title
        merged across a sheet or a Word table, "附件", a closing note) are paragraphs above or
        below it, as a page's title is; short rows are padded with empty covered slots."""
        kept = [
            (row, place) for row, place in zip(rows, places, strict=True) if any(t.strip() for t, _ in row)
        ]
        first, last = 0, len(kept)
        while first < last and _one_text(kept[first][0]):
            first += 1
        while last > first and _one_text(kept[last - 1][0]):
            last -= 1
        for row, place in kept[:first]:
            self.paragraph(_the_text(row), place)
        if first < last:
            self._grid(kept[first:last])
        for row, place in kept[last:]:
            self.paragraph(_the_text(row), place)

    def _grid(self, rows: Sequence[tuple[Sequence[Slot], str]]) -> None:
        width = max(len(row) for row, _ in rows)
        grid_rows = []
        for row, place in rows:
            line = len(self.lines) + 1
            self.lines.append(" | ".join(" ".join(text.split()) for text, _ in row).rstrip())
            self.places.append(place)
            cells = [Cell(text, line, from_span=covered) for text, covered in row]
            cells += [Cell("", line, from_span=True)] * (width - len(cells))
            grid_rows.append(tuple(cells))
        self.tables.append(Grid(tuple(grid_rows)))

    def note(self, text: str) -> None:
        """Something the user should know about how the file was read."""
        self.notes.append(text)

    def done(self) -> Extracted:
        return Extracted(
            tuple(self.lines), tuple(self.places), tuple(self.tables), tuple(self.notes), self.units
        )


def _one_text(row: Sequence[Slot]) -> bool:
    """Whether a row shows one text only: one filled cell, or one merged across the others.

    >>> _one_text([("附件", False), ("", False)]), _one_text([("标题", False), ("标题", True)])
    (True, True)
    >>> _one_text([("序号", False), ("任务", False)])
    False
    """
    return sum(1 for text, covered in row if text.strip() and not covered) == 1


def _the_text(row: Sequence[Slot]) -> str:
    return next(text for text, covered in row if text.strip() and not covered)
