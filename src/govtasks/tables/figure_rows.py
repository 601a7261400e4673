"""Rows of a table of figures copied one cell per paragraph, whose merged cells are printed once.

A progress table of indicators (目标任务 · 责任单位 · 进度 · 完成目标(%) · 备注) prints a merged cell
(a unit over several rows, a group over several indicators) on the first row it spans only, so
the rows below are short and their later cells slide left::

    1 · 促进城乡劳动者就业创业 · 城镇新增就业(人) · 26000 · 市人力资源 / 社会保障局 · 19456 · 74.8
      · 达到时间进度
    2 · 城镇失业人员再就业(人) · 4000 · 3034 · 75.8 · 达到时间进度

Counting paragraphs cannot place such a row; what each paragraph is can: a figure goes to a
column of figures, a unit name (maybe split over two paragraphs, or a list running on after "、")
to the units, words to the task, the progress or the remarks. :func:`align_row` finds the
order-keeping placement whose paragraphs read best as their columns (pipe tables' rule for short
rows, :func:`govtasks.tables.pipe._fit`, with unit cells of several paragraphs), and a row
printing a group cell before its task (the header's task cell spans two columns: the group,
merged, and the task) gives that cell apart, for the rows below to copy. The reader decides
where the table is printed so (:func:`figure_profiles`): rows printing one paragraph per column
show two columns or more of figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from govtasks.tables.columns import ColumnKind

# The share of full rows making a column "mostly" figures, and a cell's class and fit, are pipe
# tables' own (their short rows are aligned the same way, a cell per column).
from govtasks.tables.pipe import _MOSTLY, _cell_class, _fit, _fit_profiled, skip_cost

Paragraph = tuple[int, str]  # (1-based line, stripped text)

#: Full rows (one paragraph per column) needed to tell which columns hold figures.
_MIN_FULL_ROWS = 2
#: Columns of figures a table needs to be read so (a target and a result at least).
_MIN_FIGURE_COLUMNS = 2
#: Paragraphs a unit cell may span: a name split in two, a list running over lines.
_MAX_UNIT_PARAGRAPHS = 3
#: What a paragraph left over after the last column costs (the start of the next group, cut).
_LEFT_OVER = 1.0
_UNIT_KINDS: frozenset[ColumnKind] = frozenset({"lead_units", "supporting_units", "leaders"})


def figure_profiles(kinds: Sequence[ColumnKind], rows: Sequence[Sequence[str]]) -> dict[int, str] | None:
    """The columns holding figures (index → "figure"), read from the rows printing one
    paragraph per column; ``None`` when the table is no progress table of figures (no progress
    column, fewer than two such rows, or fewer than two extra columns mostly of figures) or every
    row is printed in full.

    >>> kinds = ["content", "extra", "lead_units", "progress", "extra"]
    >>> rows = [["新增就业(人)", "26000", "人社局", "19456", "74.8"],
    ...         ["培训(人)", "400", "团市委", "1255", "313.8"], ["再就业(人)", "4000", "3034", "75.8"]]
    >>> figure_profiles(kinds, rows)
    {1: 'figure', 4: 'figure'}
    >>> figure_profiles(kinds, rows[:2]) is None  # every row in full: counting places them
    True
    """
    if "progress" not in kinds:  # a table of planned figures (指标 by district) reports nothing
        return None
    full = [row for row in rows if len(row) == len(kinds)]
    if len(full) < _MIN_FULL_ROWS or len(full) == len(rows):
        return None
    found: dict[int, str] = {}
    for index, kind in enumerate(kinds):
        if kind != "extra":
            continue
        classes = [_cell_class(row[index]) for row in full]
        if classes.count("figure") >= _MOSTLY * len(classes):
            found[index] = "figure"
    return found if len(found) >= _MIN_FIGURE_COLUMNS else None


@dataclass
class AlignedRow:
    """A row's paragraphs placed: per column the paragraphs it took (none: left out, merged with
    the row above or empty), the group cell printed before the task, and paragraphs left over."""

    cells: list[list[Paragraph]]
    group: Paragraph | None = None
    left_over: list[Paragraph] = field(default_factory=list)


def _score(kind: ColumnKind, profile: str | None, texts: Sequence[str]) -> float:
    text = "".join(texts)
    if profile is not None:
        return _fit_profiled(text, profile)
    return _fit(text, kind)


def _place(
    kinds: Sequence[ColumnKind], paragraphs: Sequence[Paragraph], profiles: Mapping[int, str]
) -> tuple[float, list[list[Paragraph]], list[Paragraph]]:
    """The best order-keeping placement of ``paragraphs`` in the columns ``kinds``: its score,
    the paragraphs per column and those left over at the end."""
    k, n = len(paragraphs), len(kinds)
    worst = float("-inf")
    # best[i][j]: the best score of placing the first i paragraphs in the first j columns, and
    # how many paragraphs column j-1 took to get there (0: skipped)
    best = [[worst] * (n + 1) for _ in range(k + 1)]
    took = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    texts = [t for _, t in paragraphs]
    for j in range(1, n + 1):
        kind = kinds[j - 1]
        cost = skip_cost(kind)  # pipe tables' costs: a merged group cell is cheap to leave out
        most = _MAX_UNIT_PARAGRAPHS if kind in _UNIT_KINDS else 1
        for i in range(0, k + 1):
            score = best[i][j - 1] - (0.0 if i == k else cost)  # skipped (free after the last)
            taken = 0
            for t in range(1, min(most, i) + 1):
                if best[i - t][j - 1] == worst:
                    continue
                placed = best[i - t][j - 1] + _score(kind, profiles.get(j - 1), texts[i - t : i])
                if placed > score:  # a tie: the fewer paragraphs, the column skipped
                    score, taken = placed, t
            best[i][j], took[i][j] = score, taken
    # paragraphs left over after the last column cost each
    end = max(range(k + 1), key=lambda i: (best[i][n] - _LEFT_OVER * (k - i), i))
    total = best[end][n] - _LEFT_OVER * (k - end)
    cells: list[list[Paragraph]] = [[] for _ in kinds]
    i = end
    for j in range(n, 0, -1):
        taken = took[i][j]
        cells[j - 1] = list(paragraphs[i - taken : i])
        i -= taken
    return total, cells, list(paragraphs[end:])


def align_row(
    kinds: Sequence[ColumnKind], paragraphs: Sequence[Paragraph], profiles: Mapping[int, str]
) -> AlignedRow:
    """A row's paragraphs placed in its columns (after its number) by what each reads as.

    >>> kinds = ["content", "extra", "lead_units", "progress", "extra", "extra"]
    >>> profiles = {1: "figure", 4: "figure"}
    >>> texts = ["再就业(人)", "4000", "3034", "75.8", "达到时间进度"]
    >>> row = align_row(kinds, list(enumerate(texts)), profiles)
    >>> [[t for _, t in cell] for cell in row.cells]
    [['再就业(人)'], ['4000'], [], ['3034'], ['75.8'], ['达到时间进度']]
    >>> texts = ["促进就业创业", "新增就业(人)", "26000", "市人力资源", "社会保障局", "19456", "74.8", "达到"]
    >>> row = align_row(kinds, list(enumerate(texts)), profiles)
    >>> row.group, [[t for _, t in cell] for cell in row.cells][:3]
    ((0, '促进就业创业'), [['新增就业(人)'], ['26000'], ['市人力资源', '社会保障局']])
    """
    score, cells, left = _place(kinds, paragraphs, profiles)
    opens_with_words = len(paragraphs) > 1 and all(_cell_class(t) == "words" for _, t in paragraphs[:2])
    if opens_with_words and kinds[:1] == ["content"]:
        # the header's task cell spanning a group (merged, printed on its first row) and the task
        grouped, grouped_cells, grouped_left = _place(kinds, paragraphs[1:], profiles)
        if grouped > score:
            return AlignedRow(grouped_cells, paragraphs[0], grouped_left)
    return AlignedRow(cells, None, left)
