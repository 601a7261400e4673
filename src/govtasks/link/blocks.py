"""The link stage: parsed reports -> the rows of the reports, tasks and progress tables.

- A row printed twice in one report (same statement, e.g. 002's doubled page) is kept once.
- Reports of one district, year and period that carry the same statements are copies of one
  document (a mirror site, a traditional-script copy, a re-download): one of them is the
  primary, the others get ``duplicate_of``, and a statement they share becomes one progress
  row whose ``also_in`` names the copies.
- Rows of one district and year that state the same task, also in slightly different words,
  get one ``task_id`` (rules and thresholds in :mod:`govtasks.link.matching`); different rows of one
  report are always different tasks.
- Ids are derived from content, never from run order or a counter (docs/architecture.md, "Ids").

All of this happens within one district and year, so a run links one (district, year) block at
a time (:func:`link_block`, :class:`Linked`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, overload

from pydantic import BaseModel

from govtasks.assess.figures import row_figures
from govtasks.assess.status import status_of
from govtasks.ids import content_key, link_key, report_id, task_id
from govtasks.link.matching import COPY_SHARE, LINK_THRESHOLD, Block, Candidate, copy_share
from govtasks.models import (
    PERIOD_ORDER,
    CleanRow,
    Figure,
    ParsedFile,
    Progress,
    Report,
    ReportFacts,
    ReviewPair,
    Task,
    row_builder,
)

#: Excel's limit on the characters of one cell (rows over it are flagged ``long_cell``).
EXCEL_CELL_LIMIT = 32_767


M = TypeVar("M", bound=BaseModel)

#: Every how many rows of a large table the link stage validates one against its model.
SAMPLE_EVERY = 16


class Rows(Sequence[M], Generic[M]):
    """The rows of one output table, held as tuples in the model's field order (list columns
    as tuples, ``extra`` as its (header, text) pairs), not as models.

    A model costs about a kilobyte a row more than its values, most of them strings the parsed
    rows hold already: at 400,000 progress rows that was most of the run's memory, and building
    and validating every model about a tenth of the link time. The writer reads the tuples
    column by column (:meth:`column`); indexing or iterating gives validated models, made on
    demand, for callers that look at rows one by one (tests).

    Validation: reports are all validated as they are made (few); of tasks and progress rows,
    every :data:`SAMPLE_EVERY` th (:meth:`check`). Their values come from rows validated when
    parsed (``SourceRow``) and ids made here, so a row can only break its model through a bug
    in the link stage, which a sample shows as well; ``govtasks validate`` checks every row of
    the written tables against the models.
    """

    __slots__ = ("_data", "_fields", "_maps", "model")

    def __init__(self, model: type[M], data: list[tuple[Any, ...]]) -> None:
        self.model = model
        self._data = data
        self._fields = tuple(model.model_fields)
        self._maps = tuple(i for i, name in enumerate(self._fields) if name == "extra")

    def __len__(self) -> int:
        return len(self._data)

    @overload
    def __getitem__(self, index: int) -> M: ...
    @overload
    def __getitem__(self, index: slice) -> list[M]: ...
    def __getitem__(self, index: int | slice) -> M | list[M]:
        if isinstance(index, slice):
            return [self._model(values) for values in self._data[index]]
        return self._model(self._data[index])

    def __iter__(self) -> Iterator[M]:
        return (self._model(values) for values in self._data)

    def __eq__(self, other: object) -> bool:
        """Same table, same values (as the lists of models this replaced compared)."""
        if not isinstance(other, Rows):
            return NotImplemented
        return self.model is other.model and self._data == other._data

    def _model(self, values: tuple[Any, ...]) -> M:
        record = dict(zip(self._fields, values, strict=True))
        for i in self._maps:
            record[self._fields[i]] = dict(values[i])
        return self.model.model_validate(record)

    def column(self, name: str) -> list[Any]:
        """One column's values, as held (tuples for lists, pairs for ``extra``)."""
        i = self._fields.index(name)
        return [values[i] for values in self._data]

    @property
    def tuples(self) -> list[tuple[Any, ...]]:
        return self._data

    def check(self, every: int = 1) -> None:
        """Validate every ``every`` th row against the model (raises pydantic's ValidationError)."""
        for values in self._data[::every]:
            self._model(values)


@dataclass(frozen=True)
class Tables:
    reports: Rows[Report]
    tasks: Rows[Task]
    progress: Rows[Progress]
    #: source_file -> notes about deduplication and copies, for the run summary
    notes: dict[str, list[str]]
    #: borderline similarity pairs (matching.REVIEW_LOW .. REVIEW_HIGH), for links_review.csv
    review: list[ReviewPair] = field(default_factory=list)
    figures: Rows[Figure] = field(default_factory=lambda: Rows(Figure, []))


def split_periods(parsed: ParsedFile) -> list[tuple[ParsedFile, str | None]]:
    """The reports a file holds: itself (period ``None``), or, when its rows name periods (a
    quarterly table), one part per period, in period order. A row without a period of its own
    (no progress in any period column) goes to the file's own period."""
    own = parsed.facts.period
    if own is None or not any(row.period for row in parsed.rows):
        return [(parsed, None)]
    groups: dict[str, list[CleanRow]] = defaultdict(list)
    for row in parsed.rows:
        groups[row.period or own].append(row)
    return [
        (
            dataclasses.replace(
                parsed, facts=parsed.facts.model_copy(update={"period": period}), rows=tuple(groups[period])
            ),
            period,
        )
        for period in sorted(groups, key=PERIOD_ORDER.__getitem__)
    ]


def dedupe(rows: tuple[CleanRow, ...]) -> tuple[list[CleanRow], list[str]]:
    """Drop rows that repeat an earlier row's whole statement; say what was dropped.

    >>> row = CleanRow(1, "1", None, None, "任务", (), (), "进展", None, None, ())
    >>> kept, notes = dedupe((row, CleanRow(9, *list(row.__dict__.values())[1:])))
    >>> len(kept), notes
    (1, ['line 9 repeats line 1; kept once'])
    """
    seen: dict[tuple[object, ...], CleanRow] = {}
    kept: list[CleanRow] = []
    notes: list[str] = []
    for row in rows:
        first = seen.get(row.same_statement())
        if first is None:
            seen[row.same_statement()] = row
            kept.append(row)
        else:
            notes.append(f"line {row.source_line} repeats line {first.source_line}; kept once")
    return kept, notes


def statement_key(row: CleanRow) -> tuple[str, ...]:
    """What two copies of one document share for a row: its words, units and people.

    Numbering and headings are left out (a mirror may drop them); spaces, punctuation and
    width are ignored as in the task key.
    """
    texts = (row.content, row.progress or "", row.problems or "", row.next_steps or "")
    lists = (row.lead_units, row.lead_leaders, row.supporting_units)
    return (*(content_key(t) for t in texts), *("、".join(entries) for entries in lists))


# --- reports and their copies --------------------------------------------------------------------


@dataclass
class _Report:
    """A parsed file being linked: its kept rows and what linking decides about it."""

    parsed: ParsedFile
    rows: list[CleanRow]
    rid: str
    duplicate_of: _Report | None = None
    #: primary only: row index -> ids of copies carrying the same statement
    also_in: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: copy only: indexes of the rows whose statement the primary does not carry
    residual: list[int] = field(default_factory=list)

    @property
    def district(self) -> str:
        assert self.parsed.facts.district is not None
        return self.parsed.facts.district

    @property
    def year(self) -> int:
        assert self.parsed.facts.year is not None
        return self.parsed.facts.year

    @property
    def period(self) -> str:
        assert self.parsed.facts.period is not None
        return self.parsed.facts.period

    def order(self) -> tuple[object, ...]:
        """Reports are read by district, year and period; published date and name break ties."""
        f = self.parsed.facts
        return (f.district, f.year, PERIOD_ORDER[self.period], f.published or "", self.parsed.source_file)

    def preference(self) -> tuple[object, ...]:
        """Which of several copies is the primary: the most rows, then simplified script, then
        the earliest published, then the file name."""
        f = self.parsed
        return (-len(self.rows), f.script != "simplified", f.facts.published or "9999", f.source_file)


def _find_copies(reports: list[_Report], notes: dict[str, list[str]]) -> None:
    """Mark reports of one district, year and period that are copies of an earlier-preferred one."""
    groups: dict[tuple[str, int, str], list[_Report]] = defaultdict(list)
    for report in reports:
        groups[(report.district, report.year, report.period)].append(report)
    for group in groups.values():
        if len(group) == 1:  # nothing to be a copy of: spare the statement keys (a third of linking)
            continue
        primaries: list[tuple[_Report, set[tuple[str, ...]]]] = []
        for report in sorted(group, key=_Report.preference):
            statements = {statement_key(row) for row in report.rows}
            primary = next((p for p, s in primaries if copy_share(statements, s) >= COPY_SHARE), None)
            if primary is None:
                primaries.append((report, statements))
                continue
            report.duplicate_of = primary
            _fold_copy(report, primary)
            share = len(report.rows) - len(report.residual)
            note = f"copy of {primary.parsed.source_file}: {share} of {len(report.rows)} rows are the same"
            if report.residual:
                note += f"; {len(report.residual)} rows differ and are kept (flag copy_differs)"
            notes[report.parsed.source_file].append(note)


def _fold_copy(copy: _Report, primary: _Report) -> None:
    """Point each row of ``copy`` at the primary's row with the same statement, if any."""
    free: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, row in enumerate(primary.rows):
        free[statement_key(row)].append(index)
    for index, row in enumerate(copy.rows):
        matches = free.get(statement_key(row))
        if matches:
            primary.also_in[matches.pop(0)].append(copy.rid)
        else:
            copy.residual.append(index)


# --- linking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    """A row that becomes a progress row, and the task cluster it joined."""

    report: _Report
    index: int  # in report.rows
    key: str
    cluster: int
    similarity: float


def _link_units(reports: list[_Report]) -> Iterable[tuple[_Report, list[int]]]:
    """The row sets linked as one report: each primary's rows, then each copy's differing rows."""
    copies: dict[int, list[_Report]] = defaultdict(list)
    for report in reports:
        if report.duplicate_of is not None:
            copies[id(report.duplicate_of)].append(report)
    for report in reports:
        if report.duplicate_of is None:
            yield report, list(range(len(report.rows)))
            for copy in sorted(copies[id(report)], key=_Report.preference):
                if copy.residual:
                    yield copy, copy.residual


@dataclass(frozen=True)
class Linked:
    """The rows one (district, year) block adds to each output table, in table order, as tuples
    in the models' field order (see :class:`Rows`), and its notes and borderline pairs.

    Reports are ordered by district, year and period, copies are only found within a district,
    year and period, tasks are clustered, numbered and sorted within a district and year, and
    progress rows and borderline pairs follow that order: so the tables of a whole corpus are
    its blocks' rows one after another, blocks in (district, year) order. A run links one block
    at a time and writes a few at once (:meth:`joined`, govtasks.run.ingest), never holding the rows
    of the whole corpus.
    """

    reports: list[tuple[Any, ...]]
    tasks: list[tuple[Any, ...]]
    progress: list[tuple[Any, ...]]
    #: source_file -> notes about deduplication and copies, for the run summary
    notes: dict[str, list[str]]
    review: list[ReviewPair]
    #: the figures of the progress rows, in progress order (see :func:`_figures`)
    figures: list[tuple[Any, ...]] = field(default_factory=list)

    @classmethod
    def joined(cls, parts: Sequence[Linked]) -> Linked:
        """Consecutive blocks' rows as one piece: each table's rows one block after another
        (blocks in (district, year) order, so still table order), and all their notes."""
        return cls(
            reports=[row for part in parts for row in part.reports],
            tasks=[row for part in parts for row in part.tasks],
            progress=[row for part in parts for row in part.progress],
            notes={name: notes for part in parts for name, notes in part.notes.items()},
            review=[pair for part in parts for pair in part.review],
            figures=[row for part in parts for row in part.figures],
        )


class HasFacts(Protocol):
    """A parsed file, or what a run keeps of one (govtasks.run.ingest.Ingested): it has its facts."""

    @property
    def facts(self) -> ReportFacts: ...


F = TypeVar("F", bound=HasFacts)


def block_of(parsed: HasFacts) -> tuple[str, int]:
    """The (district, year) block a parsed file is linked in."""
    district, year = parsed.facts.district, parsed.facts.year
    assert district is not None and year is not None, "a file without district or year is rejected"
    return (district, year)


def blocks(files: Iterable[F]) -> list[list[F]]:
    """The files grouped by :func:`block_of`, blocks in (district, year) order, files in the
    order given."""
    grouped: dict[tuple[str, int], list[F]] = defaultdict(list)
    for parsed in files:
        grouped[block_of(parsed)].append(parsed)
    return [grouped[home] for home in sorted(grouped)]


def build_tables(files: list[ParsedFile]) -> Tables:
    """Turn every parsed file into the rows of the three output tables (all in memory: a run
    links block by block instead, see :class:`Linked`)."""
    linked = Linked.joined([link_block(block) for block in blocks(files)])
    return Tables(
        reports=Rows(Report, linked.reports),
        tasks=Rows(Task, linked.tasks),
        progress=Rows(Progress, linked.progress),
        notes=linked.notes,
        review=linked.review,
        figures=Rows(Figure, linked.figures),
    )


def link_block(files: Sequence[ParsedFile]) -> Linked:
    """Link the files of one (district, year) block (see :func:`block_of`) into table rows."""
    if len({block_of(parsed) for parsed in files}) > 1:
        raise ValueError("link_block links the files of one district and year")
    notes: dict[str, list[str]] = {}
    reports: list[_Report] = []
    for whole in files:
        notes[whole.source_file] = []
        for parsed, period in split_periods(whole):
            kept, dedupe_notes = dedupe(parsed.rows)
            notes[parsed.source_file] += _summarise(dedupe_notes)
            reports.append(_Report(parsed, kept, report_id(parsed.sha256, period)))
    reports.sort(key=_Report.order)
    _find_copies(reports, notes)

    block = Block()
    placed: list[_Placed] = []
    candidates: list[tuple[_Placed, Candidate, _Placed | None]] = []
    members: dict[int, list[_Placed]] = defaultdict(list)
    for number, (report, indexes) in enumerate(_link_units(reports)):
        keys = [link_key(report.rows[i].content) for i in indexes]
        assignments, found = block.add_report(number, keys)
        here = [
            _Placed(report, i, key, a.cluster, a.similarity)
            for i, key, a in zip(indexes, keys, assignments, strict=True)
        ]
        candidates.extend(
            (here[c.row], c, None if c.blocked_by is None else here[c.blocked_by]) for c in found
        )
        for item in here:
            members[item.cluster].append(item)
        placed.extend(here)
        _note_same_content(report, here, notes)

    ids = _task_ids(members)
    progress = [_progress(item, ids[item.cluster]) for item in placed]
    figures = [figure for item in placed for figure in _figures(item, ids[item.cluster])]
    # Clusters are numbered in the order their first row was read: the tasks' order.
    tasks = [_task(ids[cluster], members[cluster]) for cluster in sorted(members)]
    review = [_review(item, c, blocker, members, ids) for item, c, blocker in candidates]
    review.sort(key=lambda r: (-r.similarity, r.report_id, r.source_line))
    linked = Linked([_report(r) for r in reports], tasks, progress, notes, review, figures)
    Rows(Report, linked.reports).check()
    Rows(Task, linked.tasks).check(SAMPLE_EVERY)
    Rows(Progress, linked.progress).check(SAMPLE_EVERY)
    Rows(Figure, linked.figures).check(SAMPLE_EVERY)
    return linked


def _task_ids(members: dict[int, list[_Placed]]) -> dict[int, str]:
    """Each cluster's id, from the key of its first row; a repeated key gets an occurrence number."""
    ids: dict[int, str] = {}
    occurrences: dict[str, int] = defaultdict(int)
    # Clusters are numbered in the order their first row was read, so occurrences are stable.
    for cluster in sorted(members):
        first = members[cluster][0]
        occurrences[first.key] += 1
        ids[cluster] = task_id(first.report.district, first.report.year, first.key, occurrences[first.key])
    return ids


def _note_same_content(report: _Report, here: list[_Placed], notes: dict[str, list[str]]) -> None:
    """Say when one report holds two rows with the same content but different details."""
    first_line: dict[str, int] = {}
    for item in here:
        line = report.rows[item.index].source_line
        if item.key in first_line:
            notes[report.parsed.source_file].append(
                f"line {line} has the same content as line {first_line[item.key]} with different "
                "details; kept as two tasks"
            )
        first_line.setdefault(item.key, line)


#: Rows of the output tables, made by column name in each model's field order (see :class:`Rows`).
_REPORT_ROW = row_builder(Report)
_TASK_ROW = row_builder(Task)
_PROGRESS_ROW = row_builder(Progress)
_FIGURE_ROW = row_builder(Figure)


def _progress(item: _Placed, tid: str) -> tuple[Any, ...]:
    """A progress row, as a tuple in :class:`Progress`'s field order (see :class:`Rows`); the
    parsed row's tuples and strings are shared, not copied."""
    row = item.report.rows[item.index]
    flags = row.flags
    if item.report.duplicate_of is not None:
        flags += ("copy_differs",)
    texts = (row.content, row.category, row.progress, row.problems, row.next_steps)
    if any(text is not None and len(text) > EXCEL_CELL_LIMIT for text in texts):
        flags += ("long_cell",)
    also_in = item.report.also_in.get(item.index)
    status, evidence = status_of(row.progress, row.problems, row.content)
    return _PROGRESS_ROW(
        task_id=tid,
        report_id=item.report.rid,
        row=item.index + 1,
        source_line=row.source_line,
        source_ref=row.source_ref,
        seq=row.seq,
        category_no=row.category_no,
        category=row.category,
        content=row.content,
        lead_units=row.lead_units,
        lead_leaders=row.lead_leaders,
        supporting_units=row.supporting_units,
        progress=row.progress,
        problems=row.problems,
        next_steps=row.next_steps,
        status=status,
        status_evidence=evidence,
        extra=row.extra,
        flags=flags,
        also_in=tuple(sorted(also_in)) if also_in else (),
        similarity=round(item.similarity, 4),
    )


def _figures(item: _Placed, tid: str) -> list[tuple[Any, ...]]:
    """The figures rows of a progress row (see :class:`Figure`), promised ones first."""
    row = item.report.rows[item.index]
    return [
        _FIGURE_ROW(
            report_id=item.report.rid,
            row=item.index + 1,
            number=number,
            task_id=tid,
            side=found.side,
            measure=found.measure,
            text=found.text,
            value=found.value,
            unit=found.unit,
            comparator=found.comparator,
            kind=found.kind,
            upper=found.upper,
            start=found.start,
            end=found.end,
            ratio=found.ratio,
        )
        for number, found in enumerate(row_figures(row.content, row.progress), start=1)
    ]


def _report(report: _Report) -> tuple[Any, ...]:
    """A reports row, as a tuple in :class:`Report`'s field order (see :class:`Rows`)."""
    parsed, facts = report.parsed, report.parsed.facts
    return _REPORT_ROW(
        report_id=report.rid,
        source_file=parsed.source_file,
        source_sha256=parsed.sha256,
        format=parsed.format,
        district=report.district,
        year=report.year,
        period=report.period,
        title=facts.title,
        publisher=facts.publisher,
        published=facts.published,
        index_no=facts.index_no,
        script=parsed.script,
        n_rows=len(report.rows),
        duplicate_of=report.duplicate_of.rid if report.duplicate_of else None,
        converter=parsed.converter,
        phrase_list=parsed.phrase_list,
    )


def _task(tid: str, rows: list[_Placed]) -> tuple[Any, ...]:
    """One task from its rows: wording of the earliest report, first non-empty lists; a tuple
    in :class:`Task`'s field order (see :class:`Rows`)."""
    clean = [item.report.rows[item.index] for item in rows]
    first = rows[0].report
    periods = sorted({item.report.period for item in rows}, key=PERIOD_ORDER.__getitem__)
    return _TASK_ROW(
        task_id=tid,
        district=first.district,
        year=first.year,
        category=next((r.category for r in clean if r.category), None),
        content=clean[0].content,
        lead_units=next((r.lead_units for r in clean if r.lead_units), ()),
        lead_leaders=next((r.lead_leaders for r in clean if r.lead_leaders), ()),
        supporting_units=next((r.supporting_units for r in clean if r.supporting_units), ()),
        n_reports=len({(item.report.duplicate_of or item.report).rid for item in rows}),  # copies once
        first_period=periods[0],
        last_period=periods[-1],
    )


def _review(
    item: _Placed,
    candidate: Candidate,
    blocker: _Placed | None,
    members: dict[int, list[_Placed]],
    ids: dict[int, str],
) -> ReviewPair:
    """The pair behind a candidate: the row, and the row of the candidate task its similarity
    was computed against (the task's first row with that key: the one the key came from, in
    an earlier report, never a row the task took later), and what decided."""
    other = next(m for m in members[candidate.cluster] if m.key == candidate.other_key)
    row, other_row = item.report.rows[item.index], other.report.rows[other.index]
    score = f"similarity {candidate.similarity:.3f}"
    if candidate.linked:
        decided_by = "threshold"
        reason = f"{score} >= threshold {LINK_THRESHOLD:.2f}: joined its closest task not yet in this report"
    elif blocker is None:
        decided_by = "threshold"
        reason = f"{score} < threshold {LINK_THRESHOLD:.2f}: kept apart from its closest task"
    else:
        decided_by = "one row per report"
        reason = (
            f"{score} >= threshold {LINK_THRESHOLD:.2f}, but line "
            f"{blocker.report.rows[blocker.index].source_line} of the same report joined that task "
            "first (a task takes one row per report)"
        )
    return ReviewPair(
        district=item.report.district,
        year=item.report.year,
        similarity=round(candidate.similarity, 4),
        threshold=LINK_THRESHOLD,
        decision="linked" if candidate.linked else "apart",
        decided_by=decided_by,
        reason=reason,
        task_id=ids[item.cluster],
        report_id=item.report.rid,
        source_line=row.source_line,
        content=row.content,
        other_task_id=ids[candidate.cluster],
        other_report_id=other.report.rid,
        other_source_line=other_row.source_line,
        other_content=other_row.content,
    )


def _summarise(notes: list[str]) -> list[str]:
    if len(notes) <= 3:
        return notes
    return [f"{len(notes)} rows repeat earlier rows of the same report (printed twice); kept once"]
