"""Re-read the written outputs and check them against the schemas and the table invariants.

``validate(out_dir)`` is the library half of ``govtasks validate``: it never raises for bad
outputs, it collects every problem it finds into a :class:`ValidationReport` (one line per
problem, frictionless-style), so a broken folder is described rather than crashed on.

The checks, in the order they run (README, "Outputs"; docs/architecture.md, "Linking", "Copies of one
document", "Ids"):

1. **files**: each table's ``.parquet`` and ``.csv`` exists and can be read.
2. **schema**: each Parquet file has exactly the Arrow schema of ``govtasks.write.tables.SCHEMAS``
   (types, nullability, each column's description); every row validates against its pydantic model
   (``govtasks.models.TABLES``).
   **metadata**: each Parquet file carries the run's metadata (``govtasks.write.tables.FileMetadata``),
   the same in every table, naming the converter and phrase list the reports name.
3. **keys**: report ids are unique in ``reports``, and file hashes and names are unique per period
   (a file with quarterly columns holds one report per period, see ``one_file_per_hash``), task ids in
   ``tasks``; ``progress`` has one row per task and report, and one row per row number of a report.
4. **references**: every progress row's task and report exist; ``also_in`` names copies of the
   row's report; ``duplicate_of`` names the primary of the same district, year and period;
   every task has a progress row.
5. **content**: no text that is only whitespace where the tables promise text (content,
   district), no blank list entries; an empty content or district is the models' to report.
6. **consistency**: ids follow from the file hashes and the tasks' first wordings; each
   report's rows are all accounted for; ``copy_differs`` sits exactly on rows of copies; a task's
   district, year, ``n_reports``, periods, wording, lists and similarity agree with its rows; a
   figure belongs to a progress row of its task and its text is at its span of that row's cell;
   a row's status evidence is words of its progress or problems.
7. **csv**: each CSV holds the same cells as its Parquet file, as the writer renders them; a table
   written split by year (``progress/2023.csv`` …) holds in each year's files that year's rows.

Row-level checks need the contract schema, so a table whose Parquet file is missing, unreadable
or of another schema gets its file problem and the checks that need it are listed in
``ValidationReport.skipped``. A cell is blamed once: when an earlier check already reported a
cell, later checks say nothing more about it (a blank ``content`` is not also "not the task's
wording"). Problems of one check, table and column are capped at :data:`MAX_PER_KIND`, plus one
line counting the rest, so a broken 100k-row table gives a screenful, not 100k lines.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from govtasks.ids import link_key, report_id, task_id
from govtasks.models import PERIOD_ORDER, PRIMARY_KEYS, TABLES
from govtasks.write.tables import (
    METADATA_KEY,
    SCHEMAS,
    SPLIT_FILE,
    FileMetadata,
    csv_cell,
    records,
    run_id,
)

#: Problems of one kind (check, table, column) shown before the rest are only counted.
MAX_PER_KIND = 20

_BOM = b"\xef\xbb\xbf"

#: A table row as read from Parquet: column -> value (lists are lists, nulls are None).
Row = dict[str, Any]
#: The tables whose Parquet file matched the contract schema, by name.
Tables = Mapping[str, list[Row]]

#: Columns (or column tuples) whose values must be unique within their table.
KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    # A file with quarterly columns holds one report per period: a file is unique per period.
    "reports": (PRIMARY_KEYS["reports"], ("source_sha256", "period"), ("source_file", "period")),
    "tasks": (PRIMARY_KEYS["tasks"],),
    "progress": (("task_id", "report_id"), PRIMARY_KEYS["progress"]),
    "figures": (PRIMARY_KEYS["figures"],),
}

#: Columns that hold text a reader relies on: present means not blank.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("district",),
    "tasks": ("district", "content"),
    "progress": ("content",),
    "figures": ("text",),
}

#: List columns whose entries must not be blank (one entry per unit, person, flag or report).
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": (),
    "tasks": ("lead_units", "lead_leaders"),
    "progress": ("lead_units", "lead_leaders", "flags", "also_in"),
    "figures": (),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the outputs.

    ``table`` is ``reports``, ``tasks`` or ``progress`` ("" for the output folder itself);
    ``row`` the 1-based row in the table (None for a problem of the whole table or file);
    ``column`` the column, or columns joined with "," for a compound key.

    >>> str(Problem("tasks", 3, "n_reports", "n_reports is 2 but its rows are in 1 document"))
    'tasks row 3, n_reports: n_reports is 2 but its rows are in 1 document'
    >>> str(Problem("tasks", None, None, "tasks.csv is missing"))
    'tasks: tasks.csv is missing'
    """

    table: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.table or "output folder"
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """What :func:`validate` found: the problems, the rows per table and the checks not run."""

    problems: list[Problem]
    #: rows per table, for every table whose Parquet file could be read
    counts: dict[str, int]
    #: checks that could not run, each with the reason (a table they need is missing or broken)
    skipped: list[str] = field(default_factory=list)
    #: problems found, counting those a "... more problems like the above" line stands for
    found: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(out_dir: Path) -> ValidationReport:
    """Check the tables written to ``out_dir`` by ``govtasks ingest``; never raises for bad outputs."""
    if not out_dir.is_dir():
        what = "is not a folder" if out_dir.exists() else "does not exist"
        return ValidationReport([Problem("", None, None, f"{out_dir} {what}")], {}, found=1)
    collector = _Collector()
    tables: dict[str, list[Row]] = {}
    readable: dict[str, list[Row]] = {}
    columns: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    metadata: dict[str, FileMetadata] = {}
    for name in SCHEMAS:
        loaded, problems = _read_parquet(out_dir, name)
        collector.add("files", problems)
        if loaded is None:
            continue
        schema, rows = loaded
        counts[name] = len(rows)
        readable[name] = rows
        columns[name] = list(schema.names)
        mismatch = list(schema_problems(name, schema))
        collector.add("schema", mismatch)
        if not mismatch:
            tables[name] = rows
        try:
            metadata[name] = FileMetadata.of_file(schema.metadata)
        except ValueError as exc:
            collector.add("metadata", [Problem(name, None, None, f"{name}.parquet: {exc}")])
    collector.add("metadata", metadata_problems(metadata, tables.get("reports")))
    skipped: list[str] = []
    for check in CHECKS:
        missing = [name for name in check.needs if name not in tables]
        if missing:
            skipped.append(f"{check.name} ({', '.join(check.needs)}): {', '.join(missing)} not usable")
            continue
        collector.add(check.name, check.run(tables))
    years = {row["report_id"]: row["year"] for row in readable.get("reports", ())}
    for name in SCHEMAS:
        path = out_dir / f"{name}.csv"
        parts = split_files(out_dir, name)  # a table too long for a spreadsheet: split by year
        if parts and path.is_file():
            message = f"{path.name} and {name}/ both hold the table: a run writes one or the other"
            collector.add("files", [Problem(name, None, None, message)])
        elif not parts and not path.is_file():
            collector.add("files", [Problem(name, None, None, f"{path.name} is missing")])
        elif name not in readable:
            skipped.append(f"csv ({name}): {name}.parquet not readable")
        elif parts:
            found = split_csv_problems(name, parts, columns[name], readable[name], years)
            collector.add("csv", found)
        else:
            collector.add("csv", csv_problems(name, path, columns[name], readable[name]))
    return ValidationReport(collector.problems, counts, skipped, collector.found)


class _Collector:
    """Gathers problems: a cell blamed once, at most MAX_PER_KIND per check, table and column."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.found = 0
        self._cells: set[tuple[str, str, int, str]] = set()

    def add(self, check: str, found: Iterable[Problem]) -> None:
        shown: Counter[tuple[str, str | None]] = Counter()
        hidden: Counter[tuple[str, str | None]] = Counter()
        # The CSV is another file: its cells are judged apart from the Parquet cells.
        group = "csv" if check == "csv" else "parquet"
        for problem in found:
            if problem.row is not None and problem.column is not None:
                cell = (group, problem.table, problem.row, problem.column)
                if cell in self._cells:
                    continue
                self._cells.add(cell)
            self.found += 1
            kind = (problem.table, problem.column)
            if shown[kind] < MAX_PER_KIND:
                shown[kind] += 1
                self.problems.append(problem)
            else:
                hidden[kind] += 1
        for (table, column), n in hidden.items():
            message = f"{n} more problems like the above not shown ({check} check)"
            self.problems.append(Problem(table, None, column, message))


# --- small helpers ---------------------------------------------------------------------------------


def show(value: object, limit: int = 60) -> str:
    """A value as it goes into a one-line message: its repr, cut to ``limit`` characters.

    >>> show("进展\\n良好")
    "'进展\\\\n良好'"
    >>> show("长" * 100, limit=8)
    "'长长长长长长…"
    >>> show(None)
    'None'
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_blank(value: object) -> bool:
    """Text that is there but says nothing: only whitespace (full-width spaces included).

    The empty string is not blank here: the models reject it already (``min_length``).

    >>> is_blank("  "), is_blank("\\u3000\\n"), is_blank(""), is_blank("甲"), is_blank(None)
    (True, True, False, False, False)
    """
    return isinstance(value, str) and value != "" and not value.strip()


def _text(value: object) -> Any:
    """A cell without its blank parts: blank text -> None, a list without its blank entries.

    >>> _text(" "), _text("甲"), _text(["甲", " ", None]), _text(None)
    (None, '甲', ['甲'], None)
    """
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        return [entry for entry in value if _text(entry) is not None]
    return value


def period_rank(period: object) -> int | None:
    """Position of a period in the year (PLAN first), None for anything that is not a period.

    >>> period_rank("PLAN"), period_rank("FY"), period_rank("H3"), period_rank(None)
    (0, 15, None, None)
    """
    return PERIOD_ORDER.get(period) if isinstance(period, str) else None


# --- files and schema ------------------------------------------------------------------------------


def _read_parquet(out_dir: Path, name: str) -> tuple[tuple[Any, list[Row]] | None, list[Problem]]:
    """(Arrow schema, rows) of ``name``.parquet, or None and the reason it cannot be read."""
    path = out_dir / f"{name}.parquet"
    if not path.is_file():
        return None, [Problem(name, None, None, f"{path.name} is missing")]
    try:
        table = pq.read_table(path)
        rows: list[Row] = records(table)
    except (OSError, ValueError, pa.ArrowException) as exc:  # pyarrow raises all three for bad files
        reason = " ".join(str(exc).split())
        return None, [Problem(name, None, None, f"{path.name} cannot be read: {show(reason, 200)}")]
    return (table.schema, rows), []


def schema_problems(name: str, actual: Any) -> Iterator[Problem]:
    """How the Arrow schema ``actual`` of table ``name`` differs from the contract, column by column."""
    expected = SCHEMAS[name]
    # Types compared without metadata (a list's or map's inner names are Parquet's, not ours),
    # then each column's description.
    if actual.equals(expected) and all(_described(f) == _described(expected.field(f.name)) for f in actual):
        return
    file = f"{name}.parquet"
    want = {f.name: f for f in expected}
    have = {f.name: f for f in actual}
    found = False
    for f in expected:
        if f.name not in have:
            found = True
            yield Problem(name, None, f.name, f"{file} has no column {f.name} ({f.type})")
        elif not have[f.name].type.equals(f.type):
            found = True
            yield Problem(name, None, f.name, f"{file} stores {f.name} as {have[f.name].type}, not {f.type}")
        elif have[f.name].nullable != f.nullable:
            found = True
            yield Problem(name, None, f.name, f"{file} column {f.name} nullable={have[f.name].nullable}")
        elif _described(have[f.name]) != _described(f):
            found = True
            said = show(_described(have[f.name]))
            yield Problem(name, None, f.name, f"{file} column {f.name} is described {said}, not as the model")
    for f in actual:
        if f.name not in want:
            found = True
            yield Problem(name, None, f.name, f"{file} has an unexpected column {f.name} ({f.type})")
    if not found and actual.names != expected.names:
        found = True
        yield Problem(name, None, None, f"{file} has its columns in another order: {', '.join(actual.names)}")
    if not found:  # something the column-by-column comparison does not see (e.g. field metadata)
        yield Problem(name, None, None, f"{file} schema differs from the contract: {show(str(actual), 200)}")


def metadata_problems(metadata: Mapping[str, FileMetadata], reports: list[Row] | None) -> Iterator[Problem]:
    """The tables' file metadata (:class:`~govtasks.write.tables.FileMetadata`) is one run's:
    the same in every file, its parser version of its govtasks version, its converter and phrase
    list those of every report."""
    if not metadata:
        return
    first_name, first = next(iter(metadata.items()))
    for name, own in metadata.items():
        if own != first:
            yield Problem(
                name, None, None, f"{name}.parquet's {METADATA_KEY!r} metadata differs from {first_name}'s"
            )
    if not first.parser_version.startswith(first.govtasks_version + "+"):
        why = f"parser_version {show(first.parser_version)} is not of govtasks {first.govtasks_version}"
        yield Problem(first_name, None, None, f"{first_name}.parquet metadata: {why}")
    if reports is None:
        return
    for number, report in enumerate(reports, 1):
        for column in ("converter", "phrase_list"):
            if report[column] != getattr(first, column):
                said = show(getattr(first, column))
                message = f"{column} {show(report[column])} but the file metadata says {said}"
                yield Problem("reports", number, column, message)
    files = [(report["source_file"], report["source_sha256"]) for report in reports]
    expected = run_id(first.parser_version, first.phrase_list, files)
    if first.run_id != expected:
        why = f"run_id {show(first.run_id)} is not that of its reports' files ({expected})"
        yield Problem(first_name, None, None, f"{first_name}.parquet metadata: {why}")


def _described(column: pa.Field) -> str | None:
    """A column's description, from its field metadata (None without one)."""
    text = (column.metadata or {}).get(b"description")
    return None if text is None else text.decode("utf-8", "replace")


def rows_match_model(name: str, tables: Tables) -> Iterator[Problem]:
    """Every row validates against the table's pydantic model; one problem per failing field."""
    model = TABLES[name]
    for number, row in enumerate(tables[name], 1):
        try:
            model.model_validate(row)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                column = str(loc[0]) if loc else None
                where = "".join(f"[{part}]" for part in loc[1:])
                value = "" if error["type"] == "missing" else f" (value {show(error['input'])})"
                yield Problem(name, number, column, f"{column}{where}: {error['msg']}{value}")


# --- keys, references, content ---------------------------------------------------------------------


def unique_keys(name: str, tables: Tables) -> Iterator[Problem]:
    """Each key of :data:`KEYS` is unique; a repeat is reported on its later row."""
    for key in KEYS[name]:
        first: dict[tuple[Any, ...], int] = {}
        for number, row in enumerate(tables[name], 1):
            value = tuple(row[column] for column in key)
            if any(v is None for v in value):
                continue  # a missing key part is the model's problem
            if value in first:
                shown = ", ".join(f"{column}={show(v)}" for column, v in zip(key, value, strict=True))
                yield Problem(name, number, ",".join(key), f"duplicate {shown}: also row {first[value]}")
            else:
                first[value] = number


def no_blank_text(name: str, tables: Tables) -> Iterator[Problem]:
    """Text columns and list entries are not whitespace only."""
    for number, row in enumerate(tables[name], 1):
        for column in TEXT_COLUMNS[name]:
            if is_blank(row[column]):
                yield Problem(name, number, column, f"{column} is blank: {show(row[column])}")
        for column in LIST_COLUMNS[name]:
            for index, entry in enumerate(row[column] or []):
                if entry is None or entry == "" or is_blank(entry):
                    yield Problem(name, number, column, f"{column}[{index}] is blank: {show(entry)}")


def _first_by(rows: list[Row], column: str) -> dict[Any, Row]:
    """Rows by the value of ``column``; the first row wins when a value repeats (a key problem)."""
    found: dict[Any, Row] = {}
    for row in rows:
        if row[column] is not None:
            found.setdefault(row[column], row)
    return found


def _home(report: Row) -> str:
    return f"{report['district']} {report['year']} {report['period']}"


def _duplicate_of_problem(report: Row, reports: Mapping[Any, Row]) -> str | None:
    """Why this report's ``duplicate_of`` is wrong, or None when it is right (or empty)."""
    target_id = report["duplicate_of"]
    if target_id is None:
        return None
    target = reports.get(target_id)
    if target is None:
        return f"duplicate_of {show(target_id)} is not in reports"
    if target_id == report["report_id"]:
        return f"duplicate_of {show(target_id)} is the report itself"
    if target["duplicate_of"] is not None:
        return (
            f"duplicate_of {show(target_id)} is itself a copy (of {show(target['duplicate_of'])}); "
            "a copy names the primary"
        )
    if (target["district"], target["year"], target["period"]) != (
        report["district"],
        report["year"],
        report["period"],
    ):
        return f"duplicate_of {show(target_id)} is a report of {_home(target)}, this one of {_home(report)}"
    return None


def _copies(reports: list[Row]) -> tuple[dict[Any, Any], set[Any]]:
    """(copy id -> primary id for every valid copy, ids of reports whose duplicate_of is wrong)."""
    by_id = _first_by(reports, "report_id")
    valid: dict[Any, Any] = {}
    broken: set[Any] = set()
    for report in reports:
        if report["duplicate_of"] is None:
            continue
        if _duplicate_of_problem(report, by_id) is None:
            valid[report["report_id"]] = report["duplicate_of"]
        else:
            broken.add(report["report_id"])
    return valid, broken


def references(tables: Tables) -> Iterator[Problem]:
    """Progress rows name existing tasks and reports, every task has a row, copies point right."""
    reports = _first_by(tables["reports"], "report_id")
    tasks = _first_by(tables["tasks"], "task_id")
    for number, row in enumerate(tables["progress"], 1):
        if row["task_id"] is not None and row["task_id"] not in tasks:
            yield Problem("progress", number, "task_id", f"task {show(row['task_id'])} is not in tasks")
        if row["report_id"] is not None and row["report_id"] not in reports:
            yield Problem(
                "progress", number, "report_id", f"report {show(row['report_id'])} is not in reports"
            )
    with_rows = {row["task_id"] for row in tables["progress"]}
    for number, task in enumerate(tables["tasks"], 1):
        if task["task_id"] is not None and task["task_id"] not in with_rows:
            yield Problem("tasks", number, "task_id", f"task {show(task['task_id'])} has no progress row")
    for number, report in enumerate(tables["reports"], 1):
        reason = _duplicate_of_problem(report, reports)
        if reason is not None:
            yield Problem("reports", number, "duplicate_of", reason)
    yield from _also_in_names_copies(tables["progress"], reports)


def _also_in_names_copies(progress: list[Row], reports: Mapping[Any, Row]) -> Iterator[Problem]:
    """Each id in ``also_in`` is a report whose duplicate_of is the row's report.

    A wrong id tends to repeat on every shared row of a report, so it is reported once per
    (report, id), on its first row, with the number of rows carrying it.
    """
    first: dict[tuple[Any, Any], int] = {}
    rows: Counter[tuple[Any, Any]] = Counter()
    for number, row in enumerate(progress, 1):
        for named in row["also_in"] or []:
            if named in reports and reports[named]["duplicate_of"] == row["report_id"]:
                continue
            pair = (row["report_id"], named)
            first.setdefault(pair, number)
            rows[pair] += 1
    for (own, named), number in first.items():
        if named not in reports:
            why = f"also_in names {show(named)}, which is not in reports"
        else:
            why = (
                f"also_in names {show(named)}, which is not a copy of this row's report {show(own)} "
                f"(its duplicate_of is {show(reports[named]['duplicate_of'])})"
            )
        more = rows[(own, named)] - 1
        yield Problem(
            "progress", number, "also_in", why + (f"; {more} more rows say the same" if more else "")
        )


# --- consistency -----------------------------------------------------------------------------------


def report_ids_follow_hashes(tables: Tables) -> Iterator[Problem]:
    """``report_id`` is "r" + the first 12 hex digits of ``source_sha256``, or, for a file that
    holds one report per period, the hash of both (docs/architecture.md, "Ids")."""
    for number, report in enumerate(tables["reports"], 1):
        rid, sha, period = report["report_id"], report["source_sha256"], report["period"]
        if not (isinstance(rid, str) and isinstance(sha, str)):
            continue
        if rid not in (report_id(sha), report_id(sha, period if isinstance(period, str) else None)):
            message = f"report_id {show(rid)} does not follow source_sha256 {sha[:12]}…"
            yield Problem("reports", number, "report_id", message)


def one_file_per_hash(tables: Tables) -> Iterator[Problem]:
    """Reports sharing a ``source_sha256`` are the periods of one file (quarterly columns): the
    same ``source_file``, and ids that hash the period in."""
    first: dict[str, tuple[int, Any]] = {}
    for number, report in enumerate(tables["reports"], 1):
        sha, name, period = report["source_sha256"], report["source_file"], report["period"]
        if not isinstance(sha, str):
            continue
        if sha not in first:
            first[sha] = (number, name)
            continue
        row, first_name = first[sha]
        if name != first_name:
            message = f"duplicate source_sha256={show(sha)}: also row {row}, file {show(first_name)}"
            yield Problem("reports", number, "source_sha256", message)
        elif report["report_id"] != report_id(sha, period if isinstance(period, str) else None):
            message = f"report_id {show(report['report_id'])}: a file of several periods hashes the period in"
            yield Problem("reports", number, "report_id", message)


def task_ids_follow_wording(tables: Tables) -> Iterator[Problem]:
    """``task_id`` is the hash of the district, year and link key of ``content``, the task's first
    wording (docs/architecture.md, "Ids"); the n-th task of a district and year with the same key has
    occurrence n, so any occurrence up to the number of such tasks is accepted."""
    keys: list[tuple[Any, Any, str] | None] = []
    for task in tables["tasks"]:
        text = task["content"]
        # Without content there is no id to expect; the model or the blank check reports it.
        keys.append((task["district"], task["year"], link_key(text)) if _text(text) else None)
    sharing = Counter(key for key in keys if key is not None)
    for number, (task, key) in enumerate(zip(tables["tasks"], keys, strict=True), 1):
        if key is None or task["district"] is None or task["year"] is None:
            continue  # the model reports the missing value
        ids = {task_id(*key, occurrence) for occurrence in range(1, sharing[key] + 1)}
        if task["task_id"] not in ids:
            message = f"task_id {show(task['task_id'])} does not follow its district, year and content"
            yield Problem("tasks", number, "task_id", message)


def rows_accounted(tables: Tables) -> Iterator[Problem]:
    """Each report's rows are all in ``progress``: as its own rows or, for a copy, in ``also_in``
    of the primary's rows; row numbers stay within ``n_rows``."""
    own: Counter[Any] = Counter(row["report_id"] for row in tables["progress"])
    shared: Counter[Any] = Counter(named for row in tables["progress"] for named in row["also_in"] or [])
    n_rows: dict[Any, int] = {}
    for number, report in enumerate(tables["reports"], 1):
        rid, expected = report["report_id"], report["n_rows"]
        if rid is None or expected is None:
            continue
        n_rows.setdefault(rid, expected)
        found = own[rid] + shared[rid]
        if found != expected:
            yield Problem(
                "reports",
                number,
                "n_rows",
                f"n_rows is {expected} but progress holds {found} rows of {rid} "
                f"({own[rid]} its own, {shared[rid]} shared through also_in)",
            )
    for number, row in enumerate(tables["progress"], 1):
        limit = n_rows.get(row["report_id"])
        if limit is not None and isinstance(row["row"], int) and row["row"] > limit:
            yield Problem(
                "progress", number, "row", f"row {row['row']} is beyond n_rows {limit} of {row['report_id']}"
            )


def copy_flags(tables: Tables) -> Iterator[Problem]:
    """``copy_differs`` is on every row of a copy and on no other row (docs/architecture.md,
    "Copies of one document")."""
    valid, broken = _copies(tables["reports"])
    known = _first_by(tables["reports"], "report_id")
    for number, row in enumerate(tables["progress"], 1):
        rid = row["report_id"]
        if rid in broken or rid not in known:
            continue  # a wrong duplicate_of or a missing report is reported on its own
        flagged = "copy_differs" in (row["flags"] or [])
        if rid in valid and not flagged:
            yield Problem(
                "progress",
                number,
                "flags",
                f"row of {rid}, a copy of {valid[rid]}, lacks the flag copy_differs",
            )
        elif rid not in valid and flagged:
            yield Problem("progress", number, "flags", f"copy_differs on a row of {rid}, which is not a copy")


def task_home(tables: Tables) -> Iterator[Problem]:
    """A task's district and year are those of every report it has rows in (docs/architecture.md,
    "Linking")."""
    reports = _first_by(tables["reports"], "report_id")
    report_ids: dict[Any, list[Any]] = defaultdict(list)
    for row in tables["progress"]:
        if row["report_id"] in reports and row["report_id"] not in report_ids[row["task_id"]]:
            report_ids[row["task_id"]].append(row["report_id"])
    for number, task in enumerate(tables["tasks"], 1):
        for column in ("district", "year"):
            other = next((r for r in report_ids[task["task_id"]] if reports[r][column] != task[column]), None)
            if other is not None:
                theirs = show(reports[other][column])
                message = f"{column} {show(task[column])} but its row in report {other} is of {theirs}"
                yield Problem("tasks", number, column, message)


def task_summary(tables: Tables) -> Iterator[Problem]:
    """A task's ``n_reports``, periods, wording, category, lists and similarities agree with its rows.

    ``n_reports`` counts documents: a copy and its primary count once (README, "Outputs"),
    also when the copy has a row of its own for the task (flag ``copy_differs``).
    """
    reports = _first_by(tables["reports"], "report_id")
    valid, _ = _copies(tables["reports"])
    rows_of: dict[Any, list[Row]] = defaultdict(list)
    for row in tables["progress"]:
        rows_of[row["task_id"]].append(row)
    for number, task in enumerate(tables["tasks"], 1):
        rows = rows_of.get(task["task_id"], [])
        if not rows:
            continue  # "has no progress row" is reported by references()
        yield from _task_against_rows(number, task, rows, reports, valid)


def _task_against_rows(
    number: int, task: Row, rows: list[Row], reports: Mapping[Any, Row], copy_of: Mapping[Any, Any]
) -> Iterator[Problem]:
    def problem(column: str | None, message: str) -> Problem:
        return Problem("tasks", number, column, message)

    if all(row["report_id"] in reports for row in rows):
        # A row of a missing report is reported by references(); without it counts would mislead.
        yield from _task_against_reports(problem, task, rows, reports, copy_of)
    # Taken from the earliest row that has them (link.py); any row of the task is accepted here.
    # Blank text and entries are left out on both sides: the blank check reports them.
    for column in ("category", "lead_units", "lead_leaders"):
        own = _text(task[column])
        stated = [value for row in rows if (value := _text(row[column]))]
        if stated and own not in stated:
            yield problem(
                column, f"{column} {show(own)} is stated by none of its rows (e.g. {show(stated[0])})"
            )
        elif not stated and own:
            yield problem(column, f"{column} {show(own)} but none of its rows has one")
    similarities = [row["similarity"] for row in rows]
    if None not in similarities and 1.0 not in similarities:
        yield problem(
            None, f"none of its {len(rows)} progress rows has similarity 1 (the row that started the task)"
        )


def _task_against_reports(
    problem: Callable[[str | None, str], Problem],
    task: Row,
    rows: list[Row],
    reports: Mapping[Any, Row],
    copy_of: Mapping[Any, Any],
) -> Iterator[Problem]:
    """The task's fields that follow from the reports of its rows: n_reports, periods, wording."""
    documents = sorted({copy_of.get(row["report_id"], row["report_id"]) for row in rows})
    if task["n_reports"] is not None and task["n_reports"] != len(documents):
        yield problem(
            "n_reports",
            f"n_reports is {task['n_reports']} but its rows are in {len(documents)} documents "
            f"({', '.join(documents)}; a copy counts with its primary)",
        )
    ranked = [
        (rank, row) for row in rows if (rank := period_rank(reports[row["report_id"]]["period"])) is not None
    ]
    if not ranked:
        return
    order = list(PERIOD_ORDER)
    low, high = min(rank for rank, _ in ranked), max(rank for rank, _ in ranked)
    if task["first_period"] != order[low]:
        yield problem(
            "first_period",
            f"first_period {show(task['first_period'])} but its earliest row is of {order[low]}",
        )
    if task["last_period"] != order[high]:
        yield problem(
            "last_period", f"last_period {show(task['last_period'])} but its latest row is of {order[high]}"
        )
    if task["content"] not in {row["content"] for rank, row in ranked if rank == low}:
        yield problem(
            "content",
            f"content {show(task['content'])} is not the wording of any of its rows of {order[low]}",
        )


# --- CSV -------------------------------------------------------------------------------------------


def csv_problems(name: str, path: Path, columns: list[str], rows: list[Row]) -> Iterator[Problem]:
    """The CSV file holds the Parquet ``columns`` and ``rows``, cell by cell as :func:`csv_cell`
    renders them. It mirrors the Parquet file even when that one breaks the contract: the
    schema check says that once."""
    file = path.name
    body, problems = _csv_body(name, path, file, columns)
    yield from problems
    if body is None:
        return
    if len(body) != len(rows):
        # Cells would all shift after a missing or extra row: the count is the one useful fact.
        yield Problem(name, None, None, f"{file} has {len(body)} rows, {name}.parquet has {len(rows)}")
        return
    yield from _cell_problems(name, file, columns, body, rows, range(1, len(rows) + 1))


def split_files(out_dir: Path, name: str) -> dict[int, list[Path]]:
    """The year files of table ``name`` written split by year (``<name>/<year>.csv``, or
    ``<year>-<part>.csv`` for a year over the limit alone), by year, parts in order; empty when
    the table is one file."""
    folder = out_dir / name
    found: dict[int, list[tuple[int, Path]]] = defaultdict(list)
    if folder.is_dir():
        for path in folder.iterdir():
            match = SPLIT_FILE.fullmatch(path.name)
            if match and path.is_file():
                found[int(match["year"])].append((int(match["part"] or 0), path))
    return {year: [path for _, path in sorted(parts)] for year, parts in sorted(found.items())}


def split_csv_problems(
    name: str, files: dict[int, list[Path]], columns: list[str], rows: list[Row], years: Mapping[str, int]
) -> Iterator[Problem]:
    """A table written split by year: each year's files (header in each) hold, one after the
    other, the Parquet rows of that year in table order, cell by cell. A row's year is its own
    (reports, tasks) or its report's (``years``: report id -> year)."""
    by_year: dict[int | None, list[int]] = defaultdict(list)  # year -> row numbers (1-based)
    for number, row in enumerate(rows, 1):
        by_year[row["year"] if "year" in row else years.get(row["report_id"])].append(number)
    for number in by_year.pop(None, [])[:1]:
        yield Problem(name, number, "report_id", "the row's report is not in reports: no year file holds it")
    for year in sorted({*by_year, *files}, key=lambda y: y or 0):
        numbers = by_year.get(year, [])
        paths = files.get(year or 0, [])
        shown = ", ".join(f"{name}/{p.name}" for p in paths)
        if not paths:
            yield Problem(
                name, None, None, f"{name}/ has no file for {year}, which {len(numbers)} rows are of"
            )
            continue
        body: list[list[str]] = []
        for path in paths:
            part, problems = _csv_body(name, path, f"{name}/{path.name}", columns)
            yield from problems
            if part is None:
                break
            body += part
        else:
            if len(body) != len(numbers):
                yield Problem(
                    name,
                    None,
                    None,
                    f"{shown}: {len(body)} rows, {name}.parquet has {len(numbers)} of {year}",
                )
                continue
            yield from _cell_problems(name, shown, columns, body, [rows[n - 1] for n in numbers], numbers)


def _csv_body(
    name: str, path: Path, file: str, columns: list[str]
) -> tuple[list[list[str]] | None, list[Problem]]:
    """A CSV file's rows after its header, and what is wrong with the file as a whole (None for
    the rows when they cannot be compared: unreadable, not UTF-8, not CSV, another header)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, f"{file} cannot be read: {exc}")]
    problems = []
    if not data.startswith(_BOM):
        problems.append(
            Problem(name, None, None, f"{file} does not start with a UTF-8 BOM (Excel/WPS would misread it)")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [*problems, Problem(name, None, None, f"{file} is not UTF-8: {exc}")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        message = f"{file} cannot be parsed near line {reader.line_num}: {exc}"
        return None, [*problems, Problem(name, None, None, message)]
    if not lines or lines[0] != columns:
        header = lines[0] if lines else []
        message = f"{file} header {show(header, 200)} is not the columns of {name}.parquet"
        return None, [*problems, Problem(name, None, None, message)]
    return lines[1:], problems


def _cell_problems(
    name: str, file: str, columns: list[str], body: list[list[str]], rows: list[Row], numbers: Iterable[int]
) -> Iterator[Problem]:
    """Each CSV row's cells against its Parquet row (``numbers``: the rows' numbers in the table)."""
    for number, cells, row in zip(numbers, body, rows, strict=True):
        if len(cells) != len(columns):
            yield Problem(name, number, None, f"{file} row has {len(cells)} cells, not {len(columns)}")
            continue
        for column, cell in zip(columns, cells, strict=True):
            expected = csv_cell(row[column])
            if cell != expected:
                yield Problem(
                    name, number, column, f"{file} has {show(cell)} where Parquet gives {show(expected)}"
                )


# --- the check registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A check over the tables in ``needs`` (each read with the contract schema)."""

    name: str
    needs: tuple[str, ...]
    run: Callable[[Tables], Iterable[Problem]]


def figures_and_status(tables: Tables) -> Iterator[Problem]:
    """A figure belongs to a progress row of the same task and prints the text of its span in
    that row's content (promised) or progress (reached); only a reached figure has a ratio; a
    row's status evidence is words of its progress or problems, and only ``unknown`` may lack it."""
    rows = {(row["report_id"], row["row"]): row for row in tables["progress"]}
    for number, figure in enumerate(tables["figures"], 1):
        row = rows.get((figure["report_id"], figure["row"]))
        if row is None:
            where = f"report {show(figure['report_id'])} row {show(figure['row'])}"
            yield Problem("figures", number, "report_id,row", f"{where} is not in progress")
            continue
        if figure["task_id"] != row["task_id"]:
            yield Problem(
                "figures",
                number,
                "task_id",
                f"{show(figure['task_id'])} but its row's is {show(row['task_id'])}",
            )
        cell = row["content"] if figure["side"] == "promised" else row["progress"]
        start, end = figure["start"], figure["end"]
        if (
            cell is None
            or not isinstance(start, int)
            or not isinstance(end, int)
            or cell[start:end] != figure["text"]
        ):
            yield Problem(
                "figures", number, "text", f"{show(figure['text'])} is not at {start}..{end} of its cell"
            )
        if figure["ratio"] is not None and figure["side"] != "reached":
            yield Problem("figures", number, "ratio", "a ratio on a promised figure")
    for number, row in enumerate(tables["progress"], 1):
        evidence = row["status_evidence"]
        said = "\n".join(text for text in (row["progress"], row["problems"]) if text)
        if evidence is None and row["status"] not in (None, "unknown"):
            yield Problem("progress", number, "status_evidence", f"status {row['status']} without evidence")
        elif evidence is not None and evidence not in said:
            yield Problem(
                "progress", number, "status_evidence", f"{show(evidence)} is not in progress or problems"
            )


def _per_table(name: str, check: Callable[[str, Tables], Iterator[Problem]]) -> Check:
    return Check(check.__name__, (name,), functools.partial(check, name))


#: Every row-level check, in the order it runs (an earlier check's blame on a cell wins).
CHECKS: tuple[Check, ...] = (
    *(_per_table(name, rows_match_model) for name in SCHEMAS),
    *(_per_table(name, no_blank_text) for name in SCHEMAS),
    *(_per_table(name, unique_keys) for name in SCHEMAS),
    Check("references", ("reports", "tasks", "progress"), references),
    Check("report_ids_follow_hashes", ("reports",), report_ids_follow_hashes),
    Check("one_file_per_hash", ("reports",), one_file_per_hash),
    Check("task_ids_follow_wording", ("tasks",), task_ids_follow_wording),
    Check("rows_accounted", ("reports", "progress"), rows_accounted),
    Check("copy_flags", ("reports", "progress"), copy_flags),
    Check("task_home", ("reports", "tasks", "progress"), task_home),
    Check("task_summary", ("reports", "tasks", "progress"), task_summary),
    Check("figures_and_status", ("progress", "figures"), figures_and_status),
)
