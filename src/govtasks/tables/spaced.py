"""Tables printed with spaces between their cells: the one reader, :func:`spaced_table`.

Copies of pages that lose a table's borders keep only the spaces between its cells, in two shapes:

* **a header line, then a row per line** (:func:`line_grid`)::

    序号 市折子号 市政府工作报告任务 目前进展情况      <- header: 序号 then header words
    1 21 以首善标准推进……机制。 成立通州区……       <- a row: its number, then its cells
    提质改造农村公路 公里 168 171.70 102.2%         <- no number: a merged-cell continuation

  cells split at spaces (a lone character glued to the next: "单 位"), the surplus of a line with
  more pieces than the header has columns given to its last cell (cells hold no spaces of their
  own in such copies); read like a pipe table, a row whose empty cells vanished aligned by what
  its cells are (``align_short_rows``), a line without a number continuing the row above;

* **rows cut at their numbers** (:func:`numbered_grid`), a row per line or the whole table on one
  line ("序号 重点工作 进展情况 1 任务。 进展。 2 …"): the header is the run of short cells from
  序号 to the first row's number "1", a row runs from its number to the next one (1, 2, 3 … in
  turn), a section heading "一、…" before a number heads the rows below, and each row's pieces are
  fitted to the columns (:func:`fit_pieces`: a progress text may hold spaces of its own).

The first shape is read first (its rows keep their continuation lines); the second where it gives
no complete row. Both are asked only where a line holds 序号 (sequence number) followed by a space
and more (:func:`has_spaced_header`), so the reader costs nothing on other text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govtasks.clean.folding import fold_script
from govtasks.grid import Cell, Grid
from govtasks.tables.columns import Column, ColumnKind, classify, column_map, explain
from govtasks.tables.paragraph import Paragraph, is_person_name, is_unit_name, section_heading
from govtasks.tables.pipe import TableRead, _align, _cell_class, glue_lone_characters, rows_from_grid

#: 序号 (sequence number), maybe letter-spaced, in either script, then a space and more: where a
#: spaced table's header starts (a header line starts with it).
_SEQ = re.compile(r"序\s*[号號]\s+\S")
#: How far into a file a header line may be.
_HEADER_LINES = 80
#: The fewest columns a spaced header names.
_MIN_COLUMNS = 3

_SPACE = re.compile(r"\s+")
#: A sequence number as printed in its own cell.
_NUMBER = re.compile(r"^\d{1,3}$")
#: Header cells: short, no sentence punctuation.
_HEADER_CELL = re.compile(r"^[^。；;，,：:]{1,16}$")
_MAX_HEADER = 12
#: The most pieces a row's fit searches over (the search grows with their square); a longer
#: row gives its extra pieces to the progress column, or the last.
_MAX_FITTED = 64
#: A content cell ends a sentence.
_SENTENCE_END = re.compile(r"[。；;！!]$")


def has_spaced_header(lines: Sequence[str]) -> bool:
    """The cheap test: some line holds 序号 followed by a space and more.

    >>> has_spaced_header(["标题", "序号 任务 进展情况"]), has_spaced_header(["序号", "任务"])
    (True, False)
    """
    return any(_SEQ.search(line) for line in lines)


def spaced_table(lines: Sequence[str]) -> TableRead | None:
    """The table printed with spaces between its cells in ``lines`` (a text's lines, the first
    being line 1), in whichever of the two shapes reads (see the module's docstring); ``None``
    when neither finds a header.

    >>> read = spaced_table(["序号 重点工作 进展情况", "1 建学校。 已开工", "2 修道路。 已完成。"])
    >>> [(r.seq, r.content, r.progress) for r in read.rows]
    [('1', '建学校。', '已开工'), ('2', '修道路。', '已完成。')]
    >>> spaced_table(["序号 重点工作 进展情况 1 建学校。 已开工"]).rows[0].content
    '建学校。'
    >>> spaced_table(["今年以来,全区上下 1、全力以赴"]) is None
    True
    """
    if not has_spaced_header(lines):
        return None
    by_line = line_grid(lines)
    if by_line.rows:
        read = rows_from_grid(by_line, align_short_rows=True)
        if read.complete_rows:
            return read
    paragraphs = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]
    by_number = numbered_grid(paragraphs)
    return rows_from_grid(by_number) if by_number is not None else None


# --- a header line, then a row per line -------------------------------------------------------


def _pieces(line: str) -> list[str]:
    """A line's cells: split at spaces, a lone character glued to the next piece (a letter-spaced
    header "单 位", "备  注" is one cell).

    >>> _pieces("序号 考核指标 单 位 工作目标 备  注")
    ['序号', '考核指标', '单位', '工作目标', '备注']
    """
    return glue_lone_characters(line.split())


def _header_cells(line: str) -> list[str] | None:
    """The cells of a header line, or ``None`` when it is none: no pipes, at least three cells,
    the first 序号, most of the others header words (:func:`~govtasks.tables.columns.explain`),
    a content column among them.

    >>> _header_cells("序号 市折子号 市政府工作报告任务 目前进展情况")
    ['序号', '市折子号', '市政府工作报告任务', '目前进展情况']
    >>> _header_cells("序号 一 二 三") is None
    True
    """
    if not _SEQ.match(line.lstrip()) or "|" in line:
        return None
    cells = [fold_script(c) for c in _pieces(line)]
    if len(cells) < _MIN_COLUMNS:
        return None
    unread = sum(not explain(c).recognised for c in cells[1:])
    if unread * 2 >= len(cells) - 1 or "content" not in {c.kind for c in column_map(cells)}:
        return None
    return _pieces(line)


def line_grid(lines: Sequence[str], first_line: int = 1) -> Grid:
    """The spaced table in ``lines`` as a grid: the header line (in the first lines), then one
    row per non-blank line up to the first blank line after some rows (or the end); short rows
    padded with empty ``from_span`` cells. Empty grid when no header line is found.

    >>> g = line_grid(["序号 任务 进展情况", "1 建学校 已开工 主体完工", "2 修道路"])
    >>> [[c.text for c in row] for row in g.rows]
    [['序号', '任务', '进展情况'], ['1', '建学校', '已开工 主体完工'], ['2', '修道路', '']]
    """
    start = next((i for i, line in enumerate(lines[:_HEADER_LINES]) if _header_cells(line) is not None), None)
    if start is None:
        return Grid(())
    header = _header_cells(lines[start]) or []
    body: list[tuple[int, list[str]]] = []
    for offset, raw in enumerate(lines[start + 1 :], start=start + 1):
        text = raw.strip()
        if not text:
            if body:
                break
            continue
        body.append((offset, text.split()))
    if _prints_items([pieces for _, pieces in body]):
        header = [header[0], "", *header[1:]]  # the item's own column, after 序号, unnamed
    width = len(header)
    rows: list[list[Cell]] = [[Cell(h, first_line + start) for h in header]]
    for offset, pieces in body:
        if len(pieces) > width:  # cells hold no spaces: the surplus is the last cell's
            pieces = [*pieces[: width - 1], " ".join(pieces[width - 1 :])]
        rows.append([Cell(p, first_line + offset) for p in pieces])
    return Grid(tuple(tuple(r + [Cell("", r[-1].line, True)] * (width - len(r))) for r in rows))


def _prints_items(body: Sequence[Sequence[str]]) -> bool:
    """Whether the numbered lines print an item cell between the number and the task: an item
    merged over its indicator lines, printed on the first (岳阳楼 m02: "2 特殊群体健康保障
    孕产妇免费产前筛查 人次 2800 …" then "新生儿先天性心脏病免费筛查 人次 2800 …"). So when every
    numbered line (of three cells or more, two at least) opens with two texts where every line
    under them (two at least) opens with one text then a measure or a figure.

    >>> _prints_items([["1", "教育设施建设", "新建学校", "人次", "2"], ["新建幼儿园", "人次", "3"],
    ...                ["2", "卫生健康保障", "新建医院", "个", "1"], ["新建卫生室", "个", "5"]])
    True
    >>> _prints_items([["1", "新建学校", "已开工"], ["2", "新建医院", "已完成"], ["主体完工", "年底"]])
    False
    """
    numbered = [p for p in body if len(p) >= 3 and _NUMBER.match(p[0])]
    under = [p for p in body if len(p) >= 2 and not _NUMBER.match(p[0])]
    if len(numbered) < 2 or len(under) < 2:
        return False
    items = all(_cell_class(p[1]) == "words" and _cell_class(p[2]) == "words" for p in numbered)
    return items and all(_cell_class(p[0]) == "words" and _cell_class(p[1]) != "words" for p in under)


# --- rows cut at their numbers ----------------------------------------------------------------


def numbered_grid(paragraphs: Sequence[Paragraph]) -> Grid | None:
    """The table whose cells are separated by single spaces and whose rows are cut at their
    numbers, or ``None``.

    The header is the run of short cells from "序号" to the first row's number "1" (or the
    section heading before it); a row runs from its number to the next one (1, 2, 3 … in
    turn) or to a section heading ("一、…") standing before the next number, which becomes a
    heading row. A row with more pieces than columns has them fitted (see :func:`fit_pieces`).

    >>> grid = numbered_grid([(1, "序号 重点工作 进展情况 牵头单位"),
    ...                       (2, "1 建学校。 已开工 多所。 区教育局"), (3, "2 修道路。 已完成。 区建委")])
    >>> [[c.text for c in row] for row in grid.rows]  # doctest: +NORMALIZE_WHITESPACE
    [['序号', '重点工作', '进展情况', '牵头单位'],
     ['1', '建学校。', '已开工 多所。', '区教育局'],
     ['2', '修道路。', '已完成。', '区建委']]
    """
    pieces = [(line, piece) for line, text in paragraphs for piece in _SPACE.split(text) if piece]
    for start, (_, piece) in enumerate(pieces):
        if classify(fold_script(piece)) == "seq":
            grid = _grid_from(pieces, start)
            if grid is not None:
                return grid
    return None


def _grid_from(pieces: Sequence[Paragraph], start: int) -> Grid | None:
    """The spaced table whose header starts at ``pieces[start]``, if one does."""
    end = start + 1
    while end < len(pieces) and end - start <= _MAX_HEADER and not _row_starts(pieces, end, 1):
        if not _HEADER_CELL.match(pieces[end][1]):
            return None
        end += 1
    if end - start < 3 or end >= len(pieces) or not _row_starts(pieces, end, 1):
        return None
    header = pieces[start:end]
    kinds: list[ColumnKind] = [classify(fold_script(text)) for _, text in header]
    if len(set(kinds) - {"extra"}) < 2:
        return None
    rows: list[tuple[Cell, ...]] = [tuple(Cell(text, line) for line, text in header)]
    expected = 1
    at = end
    while at < len(pieces):
        line, text = pieces[at]
        if section_heading(fold_script(text)) and _NUMBER.match(text) is None:
            rows.append((Cell(text, line), *(Cell("", line, True) for _ in header[1:])))
            at += 1
            continue
        stop = at + 1
        while stop < len(pieces) and not _row_starts(pieces, stop, expected + 1):
            stop += 1
        rows.append(_row(pieces[at], pieces[at + 1 : stop], kinds[1:]))
        expected += 1
        at = stop
    return Grid(tuple(rows))


def _row_starts(pieces: Sequence[Paragraph], at: int, number: int) -> bool:
    """Whether row ``number`` starts at ``pieces[at]``: its number, or a section heading
    right before its number."""
    text = pieces[at][1]
    if text == str(number):
        return True
    following = pieces[at + 1][1] if at + 1 < len(pieces) else None
    return following == str(number) and section_heading(fold_script(text)) is not None


def _row(number: Paragraph, pieces: Sequence[Paragraph], kinds: Sequence[ColumnKind]) -> tuple[Cell, ...]:
    """A row's cells: its number, then its pieces fitted to the other columns; a row of fewer
    pieces (an empty cell prints none, or the excerpt cuts the row) puts each where it reads
    best, in order (:func:`~govtasks.tables.pipe._align`), the other cells spanned and empty."""
    cells = [Cell(number[1], number[0])]
    if len(pieces) <= len(kinds):
        # an empty cell leaves no piece (常熟 p12: "1 任务。 发改委" under 序号 名称 工作任务 牵头责任单位):
        # each piece goes to the column it reads as, in order, the others empty
        printed = [Cell(text, line) for line, text in pieces]
        targets = _align(printed, [Column(i, kind, "") for i, kind in enumerate(kinds)]) if printed else []
        placed = dict(zip(targets, printed, strict=True))
        cells.extend(placed.get(i, Cell("", number[0], True)) for i in range(len(kinds)))
        return tuple(cells)
    at = 0
    for taken in fit_pieces(kinds, [text for _, text in pieces]):
        group = pieces[at : at + taken]
        cells.append(Cell(" ".join(text for _, text in group), group[0][0]))
        at += taken
    return tuple(cells)


def _group_score(kind: ColumnKind, texts: Sequence[str]) -> float:
    """How well ``texts``, joined by spaces, read as one ``kind`` cell (higher is better)."""
    if kind in ("lead_units", "supporting_units"):
        return sum(1.0 if is_unit_name(t) else -3.0 for t in texts)
    if kind == "leaders":
        return sum(1.0 if is_person_name(t) else -3.0 for t in texts)
    extra = len(texts) - 1
    if kind == "content":
        return (1.0 if _SENTENCE_END.search(texts[-1]) else 0.0) - 0.5 * extra
    if kind == "progress":
        return -0.2 * extra  # progress texts are the longest, spaces inside them are common
    return -1.0 * extra


def fit_pieces(kinds: Sequence[ColumnKind], texts: Sequence[str]) -> list[int]:
    """How many of a row's pieces each column takes (every column one at least), by the best
    sum of :func:`_group_score`; ties go to earlier columns taking fewer. Beyond
    :data:`_MAX_FITTED` pieces, the extra ones go to the progress column (or the last).

    >>> fit_pieces(["content", "extra", "progress", "lead_units"],
    ...            ["任务。", "序时推进", "梳理项目", "按月排出。", "市发改委"])
    [1, 1, 2, 1]
    """
    count, width = len(texts), len(kinds)
    if count > _MAX_FITTED:  # a row this long is no table row: no search, one piece a column
        split = [1] * width
        longest = next((i for i, kind in enumerate(kinds) if kind == "progress"), None)
        split[longest if longest is not None else width - 1] += count - width
        return split
    # best[c][i]: the best score of columns c.. taking pieces i.. (and how many column c takes)
    best: list[list[tuple[float, int] | None]] = [[None] * (count + 1) for _ in range(width + 1)]
    best[width][count] = (0.0, 0)
    for column in range(width - 1, -1, -1):
        for i in range(count - (width - column), -1, -1):
            options = []
            for taken in range(1, count - i - (width - column - 1) + 1):
                rest = best[column + 1][i + taken]
                if rest is not None:
                    options.append((_group_score(kinds[column], texts[i : i + taken]) + rest[0], taken))
            if options:
                top = max(score for score, _ in options)
                best[column][i] = next(option for option in options if option[0] == top)
    split, i = [], 0
    for column in range(width):
        entry = best[column][i]
        assert entry is not None  # count >= width: every column can take one piece
        split.append(entry[1])
        i += entry[1]
    return split
