"""Recognise a task table's columns by their header words, in any order (issue 5, point 3).

A header cell is matched after folding it to simplified script and removing the letter-spacing
and padding that real pages put in it ("序 号", "牽頭單位?", "序號(hào)"). Every column gets a
:data:`ColumnKind`; a column the reader has no field for is ``"extra"`` and is kept under its
header text by the table readers, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from govtasks.clean.folding import fold_script

ColumnKind = Literal[
    "seq",
    "category",
    "content",
    "leaders",
    "lead_units",
    "supporting_units",
    "progress",
    "problems",
    "next_steps",
    "extra",
]

#: Every kind, in the order the table readers fill their fields.
KINDS: tuple[ColumnKind, ...] = get_args(ColumnKind)

#: Header words per kind (simplified script, no spaces). Order matters only for ties, see
#: :func:`classify`.
HEADER_WORDS: tuple[tuple[str, ColumnKind], ...] = (
    ("序号", "seq"),  # sequence number
    ("项目名称", "category"),  # project name
    ("任务名称", "category"),  # task name
    ("项目内容", "content"),  # project content
    ("任务内容", "content"),  # task content
    ("重点工作", "content"),  # key work
    ("重点工作任务", "content"),  # key work task
    ("工作任务", "content"),  # work task
    ("主要工作内容", "content"),  # main work content
    ("内容与要求", "content"),  # content and requirements
    ("工作目标", "content"),  # work target (民生实事 livelihood-project tables)
    ("牵头领导", "leaders"),  # leading official
    ("牵头单位", "lead_units"),  # lead unit
    ("牵头部门", "lead_units"),  # lead department
    ("责任单位", "lead_units"),  # responsible unit
    ("配合单位", "supporting_units"),  # supporting unit
    ("配合部门", "supporting_units"),  # supporting department
    ("参与单位", "supporting_units"),  # participating unit
    ("进展情况", "progress"),  # progress
    ("完成情况", "progress"),  # completion
    ("工作举措与完成情况", "progress"),  # measures taken and completion
    ("半年度工作完成情况", "progress"),  # half-year completion
    ("累计完成情况", "progress"),  # cumulative completion
    ("问题与困难", "problems"),  # problems and difficulties
    ("下一步工作打算", "next_steps"),  # plans for the next step
    ("备注", "extra"),  # remarks: a column every reader knows, kept under its header
)

#: Every header word of a task table: what tells a task table from other tables and text
#: (govtasks.formats.looks_like_a_table, govtasks.tables.html.task_table).
TABLE_WORDS: tuple[str, ...] = tuple(word for word, _ in HEADER_WORDS)

_EXACT: dict[str, ColumnKind] = {}
for _word, _kind in HEADER_WORDS:
    _EXACT.setdefault(_word, _kind)

#: Words naming the lead unit outright (牵头 = "takes the lead"); they outrank 责任单位
#: ("responsible unit") when a table has both, see :func:`column_map`.
_LEAD_WORDS = ("牵头单位", "牵头部门")

#: Kinds whose value a row has once: a second column of the same kind is kept as extra.
_SINGLE_KINDS = frozenset(KINDS) - {"extra"}

#: Letter-spacing and padding inside header cells: whitespace (NBSP and the ideographic space
#: included), the "?" that NBSP became in some copies, and pinyin annotations that garbled
#: pages put after characters ("序號(hào)").
_NOISE = re.compile(r"[\s?\u00a0\u3000]+|[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+[)）]")


#: Letter-spacing and padding only: what is removed from a header before it keys an extra value.
_SPACING = re.compile(r"[\s?\u00a0\u3000]+")


def normalize_header(header: str) -> str:
    """``header`` folded to simplified script with spacing, padding and pinyin removed.

    >>> normalize_header(" 牽 頭 單 位? ")
    '牵头单位'
    >>> normalize_header("序號(hào)")
    '序号'
    """
    return _NOISE.sub("", fold_script(header))


def classify(header: str) -> ColumnKind:
    """The kind of the column headed ``header``.

    An exact header word wins; otherwise the longest header word contained in the header
    decides ("重点工作任务完成进度" holds 重点工作 and 重点工作任务: content through the longer).
    Tie — two contained words of the same length and different kinds: the one listed first in
    :data:`HEADER_WORDS` wins ("牵头单位/配合单位" is lead_units). Anything else is extra.

    >>> classify("序 号")
    'seq'
    >>> classify("牽頭單位")
    'lead_units'
    >>> classify("一季度完成情况")
    'progress'
    >>> classify("牵头单位/配合单位")
    'lead_units'
    >>> classify("备注")
    'extra'
    """
    text = normalize_header(header)
    if not text:
        return "extra"
    exact = _EXACT.get(text)
    if exact is not None:
        return exact
    best: tuple[int, ColumnKind] | None = None
    for word, kind in HEADER_WORDS:
        if word in text and (best is None or len(word) > best[0]):
            best = (len(word), kind)
    return best[1] if best else "extra"


@dataclass(frozen=True)
class Column:
    """One column of a table: its position, what it holds, and its header as printed.

    ``period`` is set on the progress columns of a table that prints one per period
    (一季度 … 四季度): each holds the progress of that period.
    """

    index: int
    kind: ColumnKind
    header: str
    period: str | None = None


#: Periods named in a column header (first match wins: 第一季度 before 一季度): quarters
#: (季度) and half-years (上半年 first half, 下半年 second half).
_PERIOD_HEADERS: tuple[tuple[str, str], ...] = (
    ("一季度", "Q1"), ("1季度", "Q1"), ("二季度", "Q2"), ("2季度", "Q2"), ("三季度", "Q3"),
    ("3季度", "Q3"), ("四季度", "Q4"), ("4季度", "Q4"), ("上半年", "H1"), ("下半年", "H2"),
)  # fmt: skip


def header_period(header: str) -> str | None:
    """The period a column header names, if any.

    >>> header_period("一季度完成情况"), header_period("第三季度"), header_period("进展情况")
    ('Q1', 'Q3', None)
    """
    text = normalize_header(header)
    return next((period for word, period in _PERIOD_HEADERS if word in text), None)


def column_map(headers: Sequence[str]) -> list[Column]:
    """One :class:`Column` per header cell, in print order, its header without letter-spacing.

    Rules for what :func:`classify` alone leaves ambiguous:

    * **No content column, but a category column** (上城区's 序号 · 任务名称 · 指标要求 · …): the
      task name *is* the task, so the category column becomes the content column.
    * **Two columns of one kind**: a row has one value per field, so the first column (in print
      order) keeps the kind and later ones become extra under their header — nothing is lost.
    * **Quarterly columns** (一季度 … 四季度, or 一季度完成情况 …): each is a progress column
      with its ``period``; the table reports several periods (one progress row per period).
    * **Both 牵头单位/牵头部门 and 责任单位**: the column that says "lead" (牵头) is lead_units
      wherever it stands, and 责任单位 names the units that share the task with the lead: it is
      supporting_units, or extra when a 配合单位 (supporting) column is printed too.
    * An empty header is extra (a trailing "||" makes such a column), and so is one naming the
      province's units (省牵头单位): the report is a district's or a city's.

    >>> [c.kind for c in column_map(["序号", "任务名称", "指标要求", "牵头部门"])]
    ['seq', 'content', 'extra', 'lead_units']
    >>> [c.kind for c in column_map(["责任单位", "重点工作", "牵头单位"])]
    ['supporting_units', 'content', 'lead_units']
    >>> [c.kind for c in column_map(["责任单位", "重点工作", "牵头单位", "配合单位"])]
    ['extra', 'content', 'lead_units', 'supporting_units']
    >>> [c.kind for c in column_map(["序号", "重点工作", "责任单位", "省牵头单位"])]
    ['seq', 'content', 'lead_units', 'extra']
    >>> [(c.kind, c.period) for c in column_map(["重点工作", "一季度完成情况", "二季度完成情况"])]
    [('content', None), ('progress', 'Q1'), ('progress', 'Q2')]
    """
    normalized = [normalize_header(h) for h in headers]
    # 省牵头单位 (the province's lead unit) names another government's unit, not this report's.
    kinds = ["extra" if n.startswith("省") else classify(h) for h, n in zip(headers, normalized, strict=True)]
    if "content" not in kinds and "category" in kinds:
        kinds[kinds.index("category")] = "content"
    has_lead_word = any(
        kind != "extra" and any(w in n for w in _LEAD_WORDS)
        for kind, n in zip(kinds, normalized, strict=True)
    )
    if has_lead_word:
        for i, (kind, text) in enumerate(zip(kinds, normalized, strict=True)):
            if kind == "lead_units" and not any(w in text for w in _LEAD_WORDS):
                kinds[i] = "extra" if "supporting_units" in kinds else "supporting_units"
    periods = _period_columns(headers, kinds)
    seen: set[ColumnKind] = set()
    columns = []
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        if i in periods:
            columns.append(Column(i, "progress", _SPACING.sub("", header), periods[i]))
            continue
        if kind in _SINGLE_KINDS and kind in seen:
            kind = "extra"
        seen.add(kind)
        columns.append(Column(i, kind, _SPACING.sub("", header)))
    return columns


def _period_columns(headers: Sequence[str], kinds: Sequence[ColumnKind]) -> dict[int, str]:
    """Progress columns of a quarterly table: index -> period, when two or more columns name
    different periods and each is a progress column or a bare period ("一季度"); else empty."""
    found: dict[int, str] = {}
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        period = header_period(header)
        bare = normalize_header(header).lstrip("第") in {w for w, _ in _PERIOD_HEADERS}
        if period is not None and (kind == "progress" or bare):
            found[i] = period
    return found if len(set(found.values())) >= 2 else {}


def header_row(rows: Sequence[Sequence[str]], limit: int = 30) -> int | None:
    """Index of the header row among the first ``limit`` rows: the first row with a content
    column (after :func:`column_map`'s rules) and at least two recognised, non-extra kinds.

    Info tables above the task table (索引号 | … index number) have no such row.

    >>> header_row([["索引号", "000330185/2022-86781"], ["序号", "项目内容", "责任单位"]])
    1
    >>> header_row([["备注", "说明"]]) is None
    True
    """
    for i, row in enumerate(rows[:limit]):
        kinds = {c.kind for c in column_map(row)}
        if "content" in kinds and len(kinds - {"extra"}) >= 2:
            return i
    return None
