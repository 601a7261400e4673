"""A table as a rectangular grid of cells: what every table reader produces (saved pages,
pipe and paragraph text tables, and the office readers of read/: workbooks, Word, PDF), and
what the generic table reader consumes. Shared by read/ and tables/, so it sits at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Cells a table may have (once a page's spans are expanded, or a sheet's used area): real
#: task tables have hundreds; a page of many wide colspans or a sheet of millions of cells
#: would otherwise cost memory and time. The page reader and the workbook reader both hold to it.
MAX_TABLE_CELLS = 250_000


@dataclass(frozen=True)
class Cell:
    """One cell: its text (paragraphs joined with "\\n"), where it starts in the source, and
    whether it was filled by copying a rowspan/colspan cell rather than printed there."""

    text: str
    line: int  # 1-based line of the source file where the cell (or the cell it copies) starts
    from_span: bool = False


@dataclass(frozen=True)
class Grid:
    """A rectangular table: every row has ``width`` cells (short rows are padded with empty,
    spanned-from-nothing cells by whoever builds the grid)."""

    rows: tuple[tuple[Cell, ...], ...]
    #: The last row is cut off where the source ends (a text table whose rows close with "|"
    #: ends on an unclosed line); ``False`` when the source cannot tell.
    cut_at_end: bool = False

    @property
    def width(self) -> int:
        """The number of columns.

        >>> Grid(((Cell("a", 1), Cell("b", 1)),)).width
        2
        >>> Grid(()).width
        0
        """
        return len(self.rows[0]) if self.rows else 0

    def column(self, index: int) -> list[Cell]:
        """Every cell of column ``index``, top to bottom.

        >>> [c.text for c in Grid(((Cell("a", 1), Cell("b", 1)), (Cell("c", 2), Cell("d", 2)))).column(1)]
        ['b', 'd']
        """
        return [row[index] for row in self.rows]
