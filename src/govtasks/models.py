"""The data model: what parsers yield and what the three output tables hold.

``SourceRow`` is one table row as a format module reads it, in the source's own script.
``Report``, ``Task`` and ``Progress`` are the rows of the output tables; every one is
validated before it is written, and ``schemas/`` is generated from them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from govtasks.errors import RejectedFile

#: A report's period: PLAN (the task assignment), a quarter (Q1 … Q4), a half (H1, H2), the
#: full year (FY), or January to a month that ends no quarter (M1 … M11: "1-11月" is M11).
Period = Literal[
    "PLAN", "M1", "M2", "Q1", "M4", "M5", "Q2", "H1", "M7", "M8", "Q3", "M10", "M11", "Q4", "H2", "FY"
]

#: Order of periods within a year, used to sort reports and to pick a task's canonical wording:
#: by the last month covered (M11 before Q4), a quarter before the half-year ending with it.
PERIOD_ORDER: dict[str, int] = {period: order for order, period in enumerate(get_args(Period))}

Script = Literal["simplified", "traditional"]

#: A progress row's state, as its report states it (govtasks.assess.status): the task or its
#: target is done; work under way; late or missing its target; not begun; or the row does not say
#: (no progress text, as in a plan, or text silent about the state).
Status = Literal["completed", "in_progress", "behind", "not_started", "unknown"]

#: Where a figure was read: the task's wording (a target promised) or its progress (a result).
FigureSide = Literal["promised", "reached"]
#: What a figure is: a count or amount (quantity), a change (growth: 增长6%, 3个百分点), a part of a
#: whole (share: 优良率80%, 占比), or how much of the task's own target is done (completion: 完成率).
FigureKind = Literal["quantity", "growth", "share", "completion"]

#: The years a report may be of (first, last): the reports and tasks tables, and sidecars.
YEARS = (1990, 2100)

#: What a source file is, decided once in read/ from its bytes: a text dump, a saved web page
#: (HTML), a workbook (.xlsx, .xls), a Word document (.docx), or a PDF with a text layer.
SourceKind = Literal["text", "page", "workbook", "word", "pdf"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: Every code that may appear in ``flags``, with what it tells the reader. A row carrying an
#: unlisted code fails validation, so this table (and the README's copy) stays complete.
FLAGS: dict[str, str] = {
    # normalize stage
    "garbled_repaired": "a span garbled at the source (GBK bytes read one byte off) was rebuilt from bytes",
    "garbled": "a garbled span was found whose bytes do not allow a repair; it is left as printed",
    # reading
    "control_chars": "control characters or terminal escape sequences (NUL, ESC …, bidi overrides) were "
    "removed from the row's text",
    # any layout
    "truncated": "the row is cut off in the source (file or excerpt ends inside it, or cells are missing)",
    "multiline": "the row ran over several source lines and was joined",
    "extra_cells": "the row has more cells than the table has columns; the extra text is kept",
    "missing_cells": "the row has fewer cells than the table has columns",
    "continuation_line": "a line without a number was joined to the row above",
    # numbering
    "seq_gap": "the printed number skips numbers after the previous row",
    "seq_duplicate": "another row of the report prints the same number (it is a different task)",
    "seq_backwards": "the printed number is lower than the previous row's",
    # cell assembly by judgement
    "progress_joined": "the progress cell was assembled from several paragraphs",
    "empty_paragraph": "an empty paragraph sits in or just before the row in the source",
    "no_progress": "the row has no progress cell (followed directly by a heading or the table end)",
    "no_units": "the row has no unit cell",
    "unit_joined": "a unit name broken by a space was joined back into one unit",
    "lead_first": "the page says the unit listed first leads (列第一位者为牵头单位): the first unit of "
    "the row's list is its lead unit, the others are supporting units",
    "content_like_units": "the content reads like a list of units; kept as content by position",
    "split_by_table": "glued cells were split at points read by hand (listed in the format module)",
    "split_uncertain": "glued cells were split by rule, but another split is defensible",
    "span_filled": "some cells were empty in print (a merged cell) and copied from the row above",
    # link stage
    "copy_differs": "the report is a copy of another (reports.duplicate_of) but this row differs from it",
    "long_cell": "a text cell holds more than 32,767 characters, Excel's limit: read it from Parquet",
}


def _check_flags(flags: list[str]) -> list[str]:
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise ValueError(f"unknown flag codes {unknown}; add them to govtasks.models.FLAGS")
    return flags


#: A list of flag codes, each checked against ``FLAGS``.
FlagList = Annotated[list[str], AfterValidator(_check_flags)]


@dataclass(frozen=True)
class Stored:
    """How an integer column is stored (its width in bits), where the Python type leaves a
    choice: read by the writing stage, which derives each table's Arrow schema from its model."""

    bits: int


#: Integer columns by storage width; every other column's storage follows from its type.
Int16 = Annotated[int, Stored(16)]
Int32 = Annotated[int, Stored(32)]


@dataclass(frozen=True)
class OrderOf:
    """Marks a column derived from a period column of the same row: the period's position in
    :data:`PERIOD_ORDER`. :func:`row_builder` fills it, the model checks it. A number, not a
    categorical column: a Parquet dictionary carries no category order (README, "Period order")."""

    column: str


#: The columns holding the position of a period column's period in the year (0 … 15).
PeriodOrder = Annotated[int, Stored(16), OrderOf("period"), Field(ge=0, le=len(PERIOD_ORDER) - 1)]
FirstPeriodOrder = Annotated[int, Stored(16), OrderOf("first_period"), Field(ge=0, le=len(PERIOD_ORDER) - 1)]
LastPeriodOrder = Annotated[int, Stored(16), OrderOf("last_period"), Field(ge=0, le=len(PERIOD_ORDER) - 1)]


@cache
def derived_columns(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The columns of ``model`` derived from another (:class:`OrderOf`): (column, source).

    >>> derived_columns(Task)
    (('first_period_order', 'first_period'), ('last_period_order', 'last_period'))
    """
    return tuple(
        (name, marker.column)
        for name, info in model.model_fields.items()
        for marker in info.metadata
        if isinstance(marker, OrderOf)
    )


def _order_agrees(model: type[BaseModel], value: int, info: ValidationInfo) -> int:
    """A derived column (:class:`OrderOf`) holds the position of its source's period: the field
    validator of the models that have one (the source is declared before it)."""
    source = dict(derived_columns(model))[info.field_name or ""]
    period = info.data.get(source)  # absent when it failed validation itself
    if period is not None and value != PERIOD_ORDER[period]:
        raise ValueError(f"{value} is not the position of {source} {period} ({PERIOD_ORDER[period]})")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRow(_Strict):
    """One task row as printed in a source document (source script, artifacts still in)."""

    source_line: int = Field(ge=1, description="1-based line of the file where the row starts")
    seq: str | None = Field(default=None, description="number printed in the 序号 column, as printed")
    category_no: str | None = Field(
        default=None, description='section number printed before the category, e.g. "(一)"'
    )
    category: str | None = Field(default=None, description="category heading (项目名称) the row belongs to")
    content: str = Field(min_length=1, description="the task as worded in this report")
    lead_units: list[str] = Field(default_factory=list, description="one raw entry per unit, in print order")
    lead_leaders: list[str] = Field(default_factory=list, description="one raw entry per person")
    supporting_units: list[str] = Field(
        default_factory=list,
        description="配合单位: units that support the lead units, one raw entry per unit",
    )
    progress: str | None = None
    period: Period | None = Field(
        default=None,
        description="the period ``progress`` covers, when the table prints one progress column per "
        "period (一季度 … 四季度); None: the report's period",
    )
    problems: str | None = None
    next_steps: str | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="columns the reader does not know, header -> cell text (备注 …)"
    )
    flags: FlagList = Field(default_factory=list, description="short codes for what a reader should know")


class ReportFacts(_Strict):
    """What a document says about itself; ``inferred`` maps a field to how it was inferred."""

    district: str | None = None
    year: int | None = None
    period: Period | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    index_no: str | None = None
    inferred: dict[str, str] = Field(default_factory=dict)

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(value):
            raise ValueError(f"published must be YYYY-MM-DD, got {value!r}")
        if value is not None:
            date.fromisoformat(value)  # a date that exists: reports.published is a date column
        return value


class Report(_Strict):
    """A row of ``reports``: one ingested source document."""

    report_id: str = Field(
        pattern=r"^r[0-9a-f]{12}$",
        description="the report's id: \"r\" and 12 hex digits of the file's SHA-256 (with the period "
        "hashed in when one file holds a report per period)",
    )
    source_file: str = Field(description="the source file, relative to the raw folder, with '/'")
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the source file's bytes")
    format: str = Field(description="the format module that read the file (xiaoshan_halfyear, generic …)")
    district: str = Field(min_length=1, description="the district (区, 县, 市) whose government reports")
    year: Int16 = Field(ge=YEARS[0], le=YEARS[1], description="the year of the Government Work Report")
    period: Period = Field(
        description="the period the report covers: PLAN (the task list), M1 … M11 (January to that "
        "month), Q1 … Q4, H1, H2, FY"
    )
    period_order: PeriodOrder = Field(
        description="position of period in the year (PLAN 0 … FY 15), to sort by: see PERIOD_ORDER"
    )
    title: str | None = Field(description="the document's title, as printed")
    publisher: str | None = Field(description="发布机构: the office that published it, as printed")
    published: date | None = Field(description="发布日期: the date it was published")
    index_no: str | None = Field(description="索引号: the index number the site gives the page")
    script: Script = Field(description="the script the source was printed in: simplified or traditional")
    n_rows: Int32 = Field(ge=0, description="rows read from the document, after in-report dedupe")
    duplicate_of: str | None = Field(
        pattern=r"^r[0-9a-f]{12}$",
        description="report_id of the report this one is a copy of (mirror, other script or encoding)",
    )
    converter: str = Field(
        description="script converter (name, version, configuration) that produced the text"
    )
    phrase_list: str = Field(description="id of the protected phrase list used around the converter")

    @field_validator("period_order")
    @classmethod
    def _order(cls, value: int, info: ValidationInfo) -> int:
        return _order_agrees(cls, value, info)


class Task(_Strict):
    """A row of ``tasks``: one promised task of one district and year."""

    task_id: str = Field(
        pattern=r"^t[0-9a-f]{12}$",
        description='the task\'s id: "t" and 12 hex digits of a hash of district, year and first wording',
    )
    district: str = Field(min_length=1, description="the district that promised the task")
    year: Int16 = Field(ge=YEARS[0], le=YEARS[1], description="the year of the Government Work Report")
    category: str | None = Field(description="the heading the task is listed under, from its earliest row")
    content: str = Field(min_length=1, description="the task as worded in its earliest report (plan first)")
    lead_units: list[str] = Field(
        description="牵头单位: the units leading it, from its earliest row naming any"
    )
    lead_leaders: list[str] = Field(
        description="责任领导: the leaders in charge, from its earliest row naming any"
    )
    supporting_units: list[str] = Field(
        description="配合单位: the units supporting the lead units, from its earliest row naming any"
    )
    n_reports: Int32 = Field(ge=1, description="reports stating the task (copies of one report count once)")
    first_period: Period = Field(description="earliest period of a report stating the task")
    first_period_order: FirstPeriodOrder = Field(
        description="position of first_period in the year (PLAN 0 … FY 15)"
    )
    last_period: Period = Field(description="latest period of a report stating the task")
    last_period_order: LastPeriodOrder = Field(
        description="position of last_period in the year (PLAN 0 … FY 15)"
    )

    @field_validator("first_period_order", "last_period_order")
    @classmethod
    def _order(cls, value: int, info: ValidationInfo) -> int:
        return _order_agrees(cls, value, info)


class Progress(_Strict):
    """A row of ``progress``: one task as one report states it."""

    task_id: str = Field(pattern=r"^t[0-9a-f]{12}$", description="the task the row states (tasks.task_id)")
    report_id: str = Field(pattern=r"^r[0-9a-f]{12}$", description="the report it is in (reports.report_id)")
    row: Int32 = Field(ge=1, description="running order of the row in its report, after deduplication")
    source_line: Int32 = Field(
        ge=1,
        description="1-based line where the row starts: of the file for a text dump or a saved page; "
        "of the text read from it (a line per paragraph or table row) for a workbook, Word document or PDF",
    )
    source_ref: str | None = Field(
        description="where the row starts inside a workbook, Word document or PDF: 'Sheet1!B7' (sheet "
        "and cell), 'table 2 row 7' (a Word table), 'page 3 row 5' (a PDF page's table row); "
        "empty for text dumps and saved pages, whose source_line says it"
    )
    seq: str | None = Field(description="the number printed in the 序号 column, as printed")
    category_no: str | None = Field(description='the section number printed before the category, e.g. "(一)"')
    category: str | None = Field(description="the heading (项目名称, section) the row is listed under")
    content: str = Field(min_length=1, description="the task as worded in this report")
    lead_units: list[str] = Field(description="牵头单位: the units leading the task, one entry per unit")
    lead_leaders: list[str] = Field(description="责任领导: the leaders in charge, one entry per person")
    supporting_units: list[str] = Field(
        description="配合单位: the units supporting the lead units, one entry per unit"
    )
    progress: str | None = Field(description="进展情况: what the report says was done; empty in a plan")
    problems: str | None = Field(description="存在问题: the problems the report names")
    next_steps: str | None = Field(description="下步打算: what the report says comes next")
    status: Status = Field(
        description="the task's state as this report states it: completed, in_progress, behind, "
        "not_started, or unknown (no progress text, or text that does not say)"
    )
    status_evidence: str | None = Field(
        description="the phrase of progress (or problems) that decided status; empty for unknown"
    )
    extra: dict[str, str] = Field(description="columns the reader does not know, header -> cell text")
    flags: FlagList = Field(description="codes from govtasks.models.FLAGS")
    also_in: list[str] = Field(description="report_ids of copies of this report carrying the same statement")
    similarity: float = Field(
        ge=0,
        le=1,
        description="similarity of the content to the task's closest earlier wording (1 for its first row)",
    )


class Figure(_Strict):
    """A row of ``figures``: one number a progress row states, promised in its content (a target)
    or reached in its progress text (a result)."""

    report_id: str = Field(pattern=r"^r[0-9a-f]{12}$", description="the progress row's report")
    row: Int32 = Field(ge=1, description="the progress row (with report_id, the progress table's key)")
    number: Int16 = Field(
        ge=1, description="order of the figure within its progress row, promised ones first"
    )
    task_id: str = Field(pattern=r"^t[0-9a-f]{12}$", description="the progress row's task")
    side: FigureSide = Field(
        description="promised: read from the row's content (a target); reached: from its progress"
    )
    measure: str | None = Field(description="what is counted or measured, as printed before the number")
    text: str = Field(min_length=1, description="the figure as printed, number, unit and comparator")
    value: float = Field(description="the number, in the unit of ``unit`` (万 and 亿 folded into the unit)")
    unit: str | None = Field(
        description="the unit, normalised: 亿元, 万元, 元, %, 家, 个, 项, 公里, 平方米 …"
    )
    comparator: str | None = Field(
        description="以上 (at least), 超过 (more than), 以下 (at most), 左右 (about), 区间 (a range), "
        "力争 (aimed at); empty for an exact figure"
    )
    kind: FigureKind = Field(
        description="quantity (a count or amount), growth (a change: 增长6%), share (a part of a whole: "
        "优良率80%) or completion (how much of the task's own target is done: 完成率34.2%)"
    )
    upper: float | None = Field(description="a range's higher bound (20%-80%: value 20, upper 80)")
    start: Int32 = Field(
        ge=0, description="0-based character offset of ``text`` in the cell it was read from"
    )
    end: Int32 = Field(ge=1, description="offset just past ``text`` in that cell")
    ratio: float | None = Field(
        ge=0,
        description="reached rows only: value divided by the promised figure of the same measure and "
        "unit in the row's content; empty when no promised figure matches",
    )


# --- what the per-file stage hands to linking ------------------------------------------------


@dataclass(frozen=True)
class CleanRow:
    """A task row after normalization, before it is given ids."""

    source_line: int
    seq: str | None
    category_no: str | None
    category: str | None
    content: str
    lead_units: tuple[str, ...]
    lead_leaders: tuple[str, ...]
    progress: str | None
    problems: str | None
    next_steps: str | None
    flags: tuple[str, ...]
    supporting_units: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # (header, text) in column order
    period: str | None = None  # the period of ``progress`` in a quarterly table; None: the report's
    #: Where the row starts inside an office file ("Sheet1!B7"); None for text dumps and pages.
    source_ref: str | None = None

    def same_statement(self) -> tuple[object, ...]:
        """Everything but the line: two rows equal here are one row printed twice."""
        return (
            self.seq,
            self.category_no,
            self.category,
            self.content,
            self.lead_units,
            self.lead_leaders,
            self.progress,
            self.problems,
            self.next_steps,
            self.supporting_units,
            self.extra,
            self.period,
        )


#: How ``ParsedFile.chosen_by`` starts for a close call settled by reading.
READ_BY = "read: "


@dataclass(frozen=True)
class ParsedFile:
    source_file: str
    sha256: str
    format: str
    score: float
    facts: ReportFacts
    script: Script
    rows: tuple[CleanRow, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    converter: str = ""
    phrase_list: str = ""
    #: How the format was chosen: "detected" (its score, clear of the others), "sidecar", or for
    #: a close call settled by reading (:data:`READ_BY`) "read: <winner> over <runner-up>: <why>"
    #: (govtasks.formats.choose).
    chosen_by: str = "detected"


@dataclass(frozen=True)
class Rejection:
    """A file the per-file stage set aside: why (``code``, ``reason``), what to do (``hint``)."""

    source_file: str
    sha256: str | None
    reason: str
    hint: str
    line: int | None = None
    #: The reason's stable name: the ``code`` of its :class:`~govtasks.errors.RejectedFile`.
    #: No default: a cache file stored without one is not a whole result (it is parsed again).
    code: str = field(kw_only=True)
    #: The 索引号 of a file refused for a missing fact (``missing-facts``), when it prints one:
    #: the batch step looks for its series by it (govtasks.run.series).
    index_no: str | None = field(default=None, kw_only=True)
    #: Its publisher (发布机构) as printed, likewise: a series is one code AND one publisher.
    publisher: str | None = field(default=None, kw_only=True)

    @classmethod
    def of(cls, source_file: str, sha256: str | None, error: RejectedFile) -> Rejection:
        """The rejection ``error`` says ``source_file`` (whose bytes hash to ``sha256``) gets."""
        return cls(source_file, sha256, error.reason, error.hint, error.line, code=error.code)

    @property
    def location(self) -> str:
        """The file, and the line when one is known: "report.txt (line 12)"."""
        return f"{self.source_file} (line {self.line})" if self.line else self.source_file


@dataclass(frozen=True)
class ReviewPair:
    """A borderline pair for a person to check: a row and the row of a candidate task its
    similarity was computed against, and what decided.

    ``similarity`` is ``similarity(link_key(content), link_key(other_content))``, compared with
    ``threshold``; ``decided_by`` is "threshold" (the score alone: linked at or over it, apart
    under it) or "one row per report" (over the threshold, but another row of the same report
    had joined that task); ``reason`` says it in a sentence."""

    district: str
    year: int
    similarity: float
    threshold: float
    decision: str  # "linked" or "apart"
    decided_by: str  # "threshold" or "one row per report"
    reason: str
    task_id: str
    report_id: str
    source_line: int
    content: str
    other_task_id: str
    other_report_id: str
    other_source_line: int
    other_content: str


def column_at(model: type[BaseModel], name: str) -> int:
    """Where column ``name`` sits in the tuples of ``model``'s table rows (see :func:`row_builder`).

    >>> column_at(Report, "report_id"), column_at(Progress, "report_id")
    (0, 1)
    """
    return tuple(model.model_fields).index(name)


def row_builder(model: type[BaseModel]) -> Callable[..., tuple[Any, ...]]:
    """A function making a row of ``model``'s table from its values by name, as the tuple in the
    model's field order that the link stage holds and the writers read column by column (the
    model is the one definition of a table: its columns, their order, types and storage).
    Columns derived from another (:func:`derived_columns`) are filled here, not given.

    >>> row = row_builder(Task)
    >>> made = row(task_id="t" + "0" * 12, district="萧山区", year=2020, category=None, content="甲",
    ...     lead_units=(), lead_leaders=(), supporting_units=(), n_reports=1,
    ...     first_period="H1", last_period="FY")
    >>> made[:3], made[-4:]
    (('t000000000000', '萧山区', 2020), ('H1', 7, 'FY', 15))
    >>> row(task_id="t" + "0" * 12)
    Traceback (most recent call last):
    ...
    TypeError: a Task row takes exactly its fields; missing: category, content, district, ...
    """
    derived = derived_columns(model)
    names = tuple(name for name in model.model_fields if name not in dict(derived))
    in_order = operator.itemgetter(*model.model_fields)

    def build(**values: Any) -> tuple[Any, ...]:
        # As many values as fields, and each field found: exactly the fields (a misspelt name
        # leaves its field missing). Cheaper per row than comparing the sets of names.
        if len(values) == len(names):
            try:
                for column, source in derived:
                    values[column] = PERIOD_ORDER.get(values[source])  # not a period: the model says
                return in_order(values)  # type: ignore[no-any-return]
            except KeyError:
                values = {name: value for name, value in values.items() if name not in dict(derived)}
        missing = ", ".join(sorted(set(names) - values.keys()))
        unknown = ", ".join(sorted(values.keys() - set(names)))
        raise TypeError(
            f"a {model.__name__} row takes exactly its fields; missing: {missing}; unknown: {unknown}"
        )

    return build


TABLES: dict[str, type[BaseModel]] = {
    "reports": Report,
    "tasks": Task,
    "progress": Progress,
    "figures": Figure,
}


#: Each table's primary key: the columns that name one row.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id",),
    "tasks": ("task_id",),
    "progress": ("report_id", "row"),
    "figures": ("report_id", "row", "number"),
}

#: Each table's foreign keys: (its columns, the table referred to, that table's columns).
FOREIGN_KEYS: dict[str, tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = {
    "reports": ((("duplicate_of",), "reports", ("report_id",)),),
    "progress": (
        (("task_id",), "tasks", ("task_id",)),
        (("report_id",), "reports", ("report_id",)),
    ),
    "figures": (
        (("report_id", "row"), "progress", ("report_id", "row")),
        (("task_id",), "tasks", ("task_id",)),
    ),
}
