"""Tables printed in other text shapes than pipe rows or one cell per paragraph.

Copies of pages flatten a table in several ways; each function here turns one shape back into
what the other table readers take:

* :func:`cells_per_line`: one cell per line, each closed by a "|" on its own line or at the
  end of the cell's line ("序号" / "|" / "重点工作任务" / "|" …): the paragraphs without their
  pipes, for :mod:`govtasks.tables.paragraph`;
* :func:`spaced_grid`: cells separated by single spaces, a row per line or the whole table on
  one line ("序号 重点工作 进展情况 1 任务。 进展。 2 …"): a :class:`Grid`, rows cut at the
  printed sequence numbers 1, 2, 3 … and each row's pieces fitted to the columns;
* :func:`glued_grid`: the cells of a Word table pasted as text with nothing between them, a row
  per line, under a glued header line ("类别序号重点督办内容牵头单位全年完成情况"): a
  :class:`Grid`, each row cut at its number, the end of its task sentence and its unit's name.

* :func:`flattened_list`: a numbered task list flattened onto one line, its headings and items
  apart by single spaces ("一、标题 (一)标题。 1.任务。(单位) 2.任务。…"): the paragraphs cut
  before each numbering mark, for :mod:`govtasks.tables.label_list`.

All answer ``None`` for a text of another shape, after a cheap test that runs first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govtasks.clean.folding import fold_script
from govtasks.tables.columns import ColumnKind, classify, column_map, normalize_header, split_glued
from govtasks.tables.grid import Cell, Grid
from govtasks.tables.paragraph import is_person_name, is_unit_name, section_heading

Paragraph = tuple[int, str]

#: A lone pipe line, or a cell closed by pipes: "|", "||", "区发改局 |".
_CLOSING_PIPES = re.compile(r"\s*\|[|\s]*$")
#: Cells printed one per line: at least this many pipe lines, nearly all of them closing pipes.
_MIN_PIPE_LINES = 6
_CLOSING_SHARE = 0.9

#: 序号 (number) followed by a space: the quick test for a spaced table.
_SPACED_SEQ = re.compile(r"(?:序号|序號)\s+\S")
_SPACE = re.compile(r"\s+")
#: A sequence number as printed in its own cell.
_NUMBER = re.compile(r"^\d{1,3}$")
#: Header cells: short, no sentence punctuation.
_HEADER_CELL = re.compile(r"^[^。；;，,：:]{1,16}$")
_MAX_HEADER = 12
#: The most pieces a row's fit searches over (the search grows with their square); a longer
#: row gives its extra pieces to the progress column, or the last.
_MAX_FITTED = 64
#: What a unit's name is written with: Han characters (no digit, no punctuation).
_UNIT_CHAR = re.compile(r"[\u4e00-\u9fff]")
#: A content cell ends a sentence.
_SENTENCE_END = re.compile(r"[。；;！!]$")


#: A space before a numbering mark ("一、", "(一)", "1.", "1、"): where a flattened list breaks.
_FLAT_BREAK = re.compile(
    r"\s+(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,3}[.、．](?!\d))"
)
#: A flattened list: a paragraph this long, cut into at least this many pieces.
_MIN_FLAT_LENGTH = 200
_MIN_FLAT_PIECES = 4


def flattened_list(paragraphs: Sequence[Paragraph]) -> list[Paragraph] | None:
    """The paragraphs with each long one holding a flattened numbered list cut before its
    numbering marks (each piece keeps its paragraph's line); ``None`` when none is cut.

    >>> text = "通知。" * 70 + " 一、提振信心 (一)促进消费。 1.扩大消费。(商务厅负责) 2.稳就业。(人社厅负责)"
    >>> [t for _, t in flattened_list([(1, text)])][1:]
    ['一、提振信心', '(一)促进消费。', '1.扩大消费。(商务厅负责)', '2.稳就业。(人社厅负责)']
    >>> flattened_list([(1, "1.任务 2.任务")]) is None
    True
    """
    out: list[Paragraph] = []
    cut = False
    for line, text in paragraphs:
        pieces = _FLAT_BREAK.split(text) if len(text) >= _MIN_FLAT_LENGTH and " " in text else [text]
        if len(pieces) >= _MIN_FLAT_PIECES:
            cut = True
            out.extend((line, piece.strip()) for piece in pieces if piece.strip())
        else:
            out.append((line, text))
    return out if cut else None


def cells_per_line(paragraphs: Sequence[Paragraph]) -> list[Paragraph] | None:
    """``paragraphs`` without their closing pipes when the table prints one cell per line, a
    "|" after each; ``None`` for any other text (a pipe row "a | b | c |" has inner pipes).

    >>> cells_per_line([(1, "序号"), (2, "|"), (3, "重点工作 |"), (4, "|"), (5, "1"), (6, "|"),
    ...                 (7, "任务。"), (8, "|")])
    >>> cells_per_line([(n, t) for n, t in enumerate(["序号 |", "重点工作 |", "1 |", "任务。 |", "区发改局 |",
    ...                 "||", "2 |"], start=1)])  # doctest: +NORMALIZE_WHITESPACE
    [(1, '序号'), (2, '重点工作'), (3, '1'), (4, '任务。'), (5, '区发改局'), (7, '2')]
    """
    piped = [text for _, text in paragraphs if "|" in text]
    if len(piped) < _MIN_PIPE_LINES:
        return None
    closing = sum(_CLOSING_PIPES.sub("", text).find("|") < 0 for text in piped)
    if closing < _CLOSING_SHARE * len(piped):
        return None
    cells = [(line, _CLOSING_PIPES.sub("", text).strip()) for line, text in paragraphs]
    return [(line, text) for line, text in cells if text]


def spaced_grid(paragraphs: Sequence[Paragraph]) -> Grid | None:
    """The table whose cells are separated by single spaces, or ``None``.

    The header is the run of short cells from "序号" to the first row's number "1" (or the
    section heading before it); a row runs from its number to the next one (1, 2, 3 … in
    turn) or to a section heading ("一、…") standing before the next number, which becomes a
    heading row. A row with more pieces than columns has them fitted (see :func:`fit_pieces`).

    >>> grid = spaced_grid([(1, "序号 重点工作 进展情况 牵头单位"), (2, "1 建学校。 已开工 多所。 区教育局"),
    ...                     (3, "2 修道路。 已完成。 区建委")])
    >>> [[c.text for c in row] for row in grid.rows]  # doctest: +NORMALIZE_WHITESPACE
    [['序号', '重点工作', '进展情况', '牵头单位'],
     ['1', '建学校。', '已开工 多所。', '区教育局'],
     ['2', '修道路。', '已完成。', '区建委']]
    """
    if not any(_SPACED_SEQ.search(text) for _, text in paragraphs):
        return None
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
    """A row's cells: its number, then its pieces fitted to the other columns (a row cut off
    by the end of the excerpt fills them in order and is padded with spanned empty cells)."""
    cells = [Cell(number[1], number[0])]
    if len(pieces) <= len(kinds):
        cells.extend(Cell(text, line) for line, text in pieces)
        cells.extend(Cell("", number[0], True) for _ in range(len(kinds) - len(pieces)))
        return tuple(cells)
    at = 0
    for taken in fit_pieces(kinds, [text for _, text in pieces]):
        group = pieces[at : at + taken]
        cells.append(Cell(" ".join(text for _, text in group), group[0][0]))
        at += taken
    return tuple(cells)


#: The columns a glued row can be cut into, in print order: the category (repeated on every row
#: or left out), the number, the task, its lead unit, its progress (or none).
_GLUED_ORDERS: tuple[tuple[ColumnKind, ...], ...] = (
    ("category", "seq", "content", "lead_units", "progress"),
    ("seq", "content", "lead_units", "progress"),
    ("category", "seq", "content", "lead_units"),
    ("seq", "content", "lead_units"),
)
#: The quick test for a glued header: 序号 (number) inside a line with no space.
_GLUED_SEQ = re.compile(r"^\S*(?:序号|序號)\S*$")
#: The longest category cell glued before a row's number.
_MAX_GLUED_CATEGORY = 30
#: Where a task sentence may end before its unit: 。 full stop, ；; semicolon, ! exclamation.
_TASK_END = "。；;!！"
#: The last character of a unit's name (局 bureau, 委 commission, 办 office, 院, 厅, 部, 所, 处,
#: 室, 会, 府 government, 中心 centre ends with 心): shortest name first, see :func:`_unit_prefix`.
_UNIT_LAST = "局委办院厅部所处室会府心"
_MAX_UNIT = 20


def glued_grid(paragraphs: Sequence[Paragraph]) -> Grid | None:
    """The table whose cells are glued together with nothing between them, or ``None``.

    Its header line splits into known header names (:func:`govtasks.tables.columns.split_glued`)
    in one of the :data:`_GLUED_ORDERS`; each line under it is a row, numbered 1, 2, 3 … in
    turn, cut by :func:`glued_row`. The table ends at the first line that is no such row.

    >>> grid = glued_grid([(1, "类别序号重点工作牵头单位完成情况"),
    ...                    (2, "主要目标1增长6%左右。区发改委已完成。"),
    ...                    (3, "主要目标2就业稳定。区人社局新增就业3000人。"), (4, "附件")])
    >>> [[c.text for c in row] for row in grid.rows]  # doctest: +NORMALIZE_WHITESPACE
    [['类别', '序号', '重点工作', '牵头单位', '完成情况'],
     ['主要目标', '1', '增长6%左右。', '区发改委', '已完成。'],
     ['主要目标', '2', '就业稳定。', '区人社局', '新增就业3000人。']]
    """
    for index, (line, text) in enumerate(paragraphs):
        if len(text) > 40 or not _GLUED_SEQ.match(fold_script(text)):
            continue
        names = split_glued(normalize_header(text))
        if names is None:
            continue
        kinds = tuple(column.kind for column in column_map(names))
        if kinds not in _GLUED_ORDERS:
            continue
        rows: list[tuple[Cell, ...]] = [tuple(Cell(name, line) for name in names)]
        for row_line, row_text in paragraphs[index + 1 :]:
            cells = glued_row(row_text, kinds, len(rows))
            if cells is None:
                break
            rows.append(tuple(Cell(cell, row_line) for cell in cells))
        if len(rows) >= 3:
            return Grid(tuple(rows))
    return None


def glued_row(text: str, kinds: Sequence[ColumnKind], number: int) -> list[str] | None:
    """``text`` cut into the cells of ``kinds`` when it is row ``number`` of a glued table: the
    category before the number, the task up to the end of the sentence a unit's name follows,
    the unit, then the progress; ``None`` when it is no such row.

    >>> glued_row("主要目标1增长6%左右。区发展改革委西城区增速为正。", ["category", "seq", "content",
    ...           "lead_units", "progress"], 1)
    ['主要目标', '1', '增长6%左右。', '区发展改革委', '西城区增速为正。']
    >>> glued_row("1建学校。区教育局", ["seq", "content", "lead_units"], 2) is None
    True
    """
    match = re.match(rf"^(.*?)(?<!\d){number}(?!\d)(.+)$", text)
    if match is None:
        return None
    category, rest = match.group(1), match.group(2)
    if kinds[0] == "category":
        if len(category) > _MAX_GLUED_CATEGORY or any(c in category for c in "。，,；;:："):
            return None
    elif category:
        return None
    for end, char in enumerate(rest):
        if char not in _TASK_END:
            continue
        unit = _unit_prefix(rest[end + 1 :])
        if unit is None:
            continue
        progress = rest[end + 1 + len(unit) :]
        if kinds[-1] != "progress" and progress.strip():
            continue
        cells = [str(number), rest[: end + 1], unit]
        if kinds[0] == "category":
            cells.insert(0, category)
        return [*cells, progress] if kinds[-1] == "progress" else cells
    return None


def _unit_prefix(text: str) -> str | None:
    """The unit's name ``text`` starts with: the shortest prefix of three characters or more
    ending like a unit's name (a progress text glued after it often starts with a place name,
    "区财政局西城区…"), taken on while the next character still ends one ("区政府办").

    >>> _unit_prefix("区财政局西城区一般公共预算收入"), _unit_prefix("区政府办已完成"), _unit_prefix("已完成")
    ('区财政局', '区政府办', None)
    """
    for end in range(3, min(len(text), _MAX_UNIT) + 1):
        piece = text[:end]
        if piece[-1] in _UNIT_LAST and is_unit_name(piece):
            while end < len(text) and text[end] in _UNIT_LAST:
                end += 1
            return text[:end]
        if not _UNIT_CHAR.match(piece[-1]):
            return None
    return None


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
