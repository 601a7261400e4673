"""Tables printed with spaces between their cells, one row per line (issue 17, point 4).

Some copies lose a table's borders and keep only the spaces between cells::

    序号 市折子号 市政府工作报告任务 目前进展情况      <- header: 序号 then header words
    1 21 以首善标准推进……机制。 成立通州区……       <- a row: its number, then its cells
    提质改造农村公路 公里 168 171.70 102.2%         <- no number: a merged-cell continuation

:func:`spaced_grid` turns such text into a :class:`~govtasks.tables.grid.Grid`, one row per line;
:func:`govtasks.tables.pipe.rows_from_grid` (with ``align_short_rows``) then reads it like a pipe
table: a row whose empty cells vanished is aligned by what its cells are, a line without a
number continues the row above. Cells hold no spaces of their own in such copies, so a line
with more pieces than the header has columns gives the surplus to its last cell.

The reader looks further only where a line starts with 序号 (sequence number) and holds other
words after a space (:func:`has_spaced_header`), so it costs nothing on other text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govtasks.clean.folding import fold_script
from govtasks.tables.columns import column_map, explain
from govtasks.tables.grid import Cell, Grid

#: A header line's first cell: 序号 (sequence number), maybe letter-spaced, in either script.
_SEQ_HEADER = re.compile(r"^\s*序\s*[号號]\s+\S")
#: How far into a file the header may be.
_HEADER_LINES = 80
#: The fewest columns a spaced header names.
_MIN_COLUMNS = 3


def has_spaced_header(lines: Sequence[str]) -> bool:
    """The cheap test: a line without pipes starts with 序号 and goes on after a space.

    >>> has_spaced_header(["标题", "序号 任务 进展情况"]), has_spaced_header(["序号 | 任务 |"])
    (True, False)
    """
    return any(_SEQ_HEADER.match(line) and "|" not in line for line in lines[:_HEADER_LINES])


def _pieces(line: str) -> list[str]:
    """A line's cells: split at spaces, a lone character glued to the next piece (a letter-spaced
    header "单 位", "备  注" is one cell).

    >>> _pieces("序号 考核指标 单 位 工作目标 备  注")
    ['序号', '考核指标', '单位', '工作目标', '备注']
    """
    pieces: list[str] = []
    pending = ""
    for piece in line.split():
        if not pending and len(piece) == 1 and re.match(r"[\u4e00-\u9fff]", piece):
            pending = piece
            continue
        pieces.append(pending + piece)
        pending = ""
    if pending:
        pieces.append(pending)
    return pieces


def _header_cells(line: str) -> list[str] | None:
    """The cells of a header line, or ``None`` when it is none: at least three cells, the first
    序号, most of the others header words (:func:`~govtasks.tables.columns.explain`), a content
    column among them.

    >>> _header_cells("序号 市折子号 市政府工作报告任务 目前进展情况")
    ['序号', '市折子号', '市政府工作报告任务', '目前进展情况']
    >>> _header_cells("序号 一 二 三") is None
    True
    """
    if not _SEQ_HEADER.match(line) or "|" in line:
        return None
    cells = [fold_script(c) for c in _pieces(line)]
    if len(cells) < _MIN_COLUMNS:
        return None
    unread = sum(not explain(c).recognised for c in cells[1:])
    if unread * 2 >= len(cells) - 1 or "content" not in {c.kind for c in column_map(cells)}:
        return None
    return _pieces(line)


def spaced_grid(lines: Sequence[str], first_line: int = 1) -> Grid:
    """The spaced table in ``lines`` as a grid: the header line, then one row per non-blank line
    up to the first blank line after some rows (or the end); short rows padded with empty
    ``from_span`` cells. Empty grid when no header line is found.

    >>> g = spaced_grid(["序号 任务 进展情况", "1 建学校 已开工 主体完工", "2 修道路"])
    >>> [[c.text for c in row] for row in g.rows]
    [['序号', '任务', '进展情况'], ['1', '建学校', '已开工 主体完工'], ['2', '修道路', '']]
    """
    start = next((i for i, line in enumerate(lines[:_HEADER_LINES]) if _header_cells(line) is not None), None)
    if start is None:
        return Grid(())
    header = _header_cells(lines[start]) or []
    width = len(header)
    rows: list[list[Cell]] = [[Cell(h, first_line + start) for h in header]]
    for offset, raw in enumerate(lines[start + 1 :], start=start + 1):
        text = raw.strip()
        if not text:
            if len(rows) > 1:
                break
            continue
        pieces = text.split()
        if len(pieces) > width:  # cells hold no spaces: the surplus is the last cell's
            pieces = [*pieces[: width - 1], " ".join(pieces[width - 1 :])]
        rows.append([Cell(p, first_line + offset) for p in pieces])
    return Grid(tuple(tuple(r + [Cell("", r[-1].line, True)] * (width - len(r))) for r in rows))
