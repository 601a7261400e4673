"""Tables printed in other text shapes than pipe rows or one cell per paragraph.

Copies of pages flatten a table in several ways; each function here turns one shape back into
what the other table readers take:

* :func:`cells_per_line`: one cell per line, each closed by a "|" on its own line or at the
  end of the cell's line ("序号" / "|" / "重点工作任务" / "|" …): the paragraphs without their
  pipes, for :mod:`govtasks.tables.paragraph`;
* :func:`glued_grid`: the cells of a Word table pasted as text with nothing between them, a row
  per line, under a glued header line ("类别序号重点督办内容牵头单位全年完成情况"): a
  :class:`Grid`, each row cut at its number, the end of its task sentence and its unit's name.

* :func:`flattened_list`: a numbered task list flattened onto one line, its headings and items
  apart by single spaces ("一、标题 (一)标题。 1.任务。(单位) 2.任务。…"): the paragraphs cut
  before each numbering mark, for :mod:`govtasks.tables.label_list`.

All answer ``None`` for a text of another shape, after a cheap test that runs first. Cells
separated by spaces are :mod:`govtasks.tables.spaced`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govtasks.clean.folding import fold_script
from govtasks.grid import Cell, Grid
from govtasks.tables.columns import ColumnKind, column_map, normalize_header, split_glued
from govtasks.tables.paragraph import Paragraph, is_unit_name

#: A lone pipe line, or a cell closed by pipes: "|", "||", "区发改局 |".
_CLOSING_PIPES = re.compile(r"\s*\|[|\s]*$")
#: Cells printed one per line: at least this many pipe lines, nearly all of them closing pipes.
_MIN_PIPE_LINES = 6
_CLOSING_SHARE = 0.9

#: What a unit's name is written with: Han characters (no digit, no punctuation).
_UNIT_CHAR = re.compile(r"[\u4e00-\u9fff]")


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
