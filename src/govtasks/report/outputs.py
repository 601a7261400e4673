"""An output folder read back for the report page: the columns of the tables the page shows,
rejected.csv and run.json, or a named error saying what is missing and what to do.

Only the columns the page needs are read from the Parquet files (a national corpus' progress
table is mostly text the page never shows in full).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from govtasks.errors import GovtasksError
from govtasks.models import PERIOD_ORDER, Status

#: A table row as read from Parquet: column -> value.
Row = dict[str, Any]

#: The columns the page reads, by table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id", "source_file", "district", "year", "period", "duplicate_of"),
    "tasks": ("task_id", "district", "year", "content", "n_reports"),
    "progress": (
        "task_id",
        "report_id",
        "row",
        "source_line",
        "source_ref",
        "content",
        "progress",
        "problems",
        "status",
        "status_evidence",
    ),
}

#: The files besides the tables that every run writes and the page reads.
OTHER_FILES = ("rejected.csv", "run.json")

_INGEST_HINT = "Run `govtasks ingest RAW_DIR --out {out}` (or `make ingest`) first, then ask for the report."


class NotAnOutputFolder(GovtasksError):
    """The folder given to ``govtasks report`` is missing, a file, or holds none of the output
    tables."""

    hint = "Pass the folder `govtasks ingest --out` wrote to (default: data/processed)."


class OutputsIncomplete(GovtasksError):
    """An output folder lacking some of the files the page is made from, or holding one that
    cannot be read (cut short, edited by hand, written by an older govtasks)."""

    hint = "Run `govtasks ingest --full` into the folder again to rewrite every output."


@dataclass(frozen=True)
class Outputs:
    """What the page is made from: the three tables (the columns of :data:`COLUMNS`), the
    rejected files (rejected.csv's rows) and run.json."""

    reports: list[Row]
    tasks: list[Row]
    progress: list[Row]
    rejected: list[dict[str, str]]
    run: dict[str, Any]


def read_outputs(out_dir: Path) -> Outputs:
    """The outputs in ``out_dir``; :class:`NotAnOutputFolder` or :class:`OutputsIncomplete`
    when they cannot be (every missing file named at once)."""
    if not out_dir.is_dir():
        raise NotAnOutputFolder(f"{out_dir} is not a folder")
    needed = [f"{table}.parquet" for table in COLUMNS] + list(OTHER_FILES)
    missing = [name for name in needed if not (out_dir / name).is_file()]
    if len(missing) == len(needed):
        raise NotAnOutputFolder(
            f"{out_dir} holds no govtasks outputs (no {', '.join(needed)})",
            hint=_INGEST_HINT.format(out=out_dir),
        )
    if missing:
        raise OutputsIncomplete(f"{out_dir} lacks {', '.join(missing)}")
    tables = {table: _read_table(out_dir / f"{table}.parquet", columns) for table, columns in COLUMNS.items()}
    _check_references(out_dir, tables)
    return Outputs(
        tables["reports"],
        tables["tasks"],
        tables["progress"],
        _read_rejected(out_dir / "rejected.csv"),
        _read_run(out_dir / "run.json"),
    )


def _check_references(out_dir: Path, tables: dict[str, list[Row]]) -> None:
    """What the page relies on: every progress row's report and task exist, periods and
    statuses are govtasks' own (outputs edited by hand, or mixed from two runs, are not)."""
    reports = {r["report_id"] for r in tables["reports"]}
    tasks = {t["task_id"] for t in tables["tasks"]}
    problems = []
    unknown_periods = sorted({str(r["period"]) for r in tables["reports"]} - set(PERIOD_ORDER))
    if unknown_periods:
        problems.append(f"reports.parquet has periods govtasks does not write ({', '.join(unknown_periods)})")
    unknown_statuses = sorted({str(p["status"]) for p in tables["progress"]} - set(get_args(Status)))
    if unknown_statuses:
        problems.append(
            f"progress.parquet has statuses govtasks does not write ({', '.join(unknown_statuses)})"
        )
    orphans = sum(1 for p in tables["progress"] if p["report_id"] not in reports or p["task_id"] not in tasks)
    if orphans:
        problems.append(f"{orphans} progress row(s) name a report or task missing from the other tables")
    if problems:
        raise OutputsIncomplete(
            f"{out_dir}: {'; '.join(problems)}",
            hint=f"Run `govtasks validate {out_dir}` to see what is wrong, "
            "and `govtasks ingest --full` to rewrite the outputs.",
        )


def _read_table(path: Path, columns: tuple[str, ...]) -> list[Row]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
        lacking = [c for c in columns if c not in names]
        if lacking:
            raise OutputsIncomplete(
                f"{path} has no column {', '.join(lacking)} (written by an older govtasks?)"
            )
        rows: list[Row] = pq.read_table(path, columns=list(columns)).to_pylist()
    except (pa.ArrowException, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise OutputsIncomplete(f"{path} cannot be read as Parquet ({' '.join(str(exc).split())})") from exc
    return rows


def _read_rejected(path: Path) -> list[dict[str, str]]:
    """rejected.csv's rows, each cell as it was before it was made spreadsheet-safe."""
    from govtasks.write.tables import spreadsheet_safe

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OutputsIncomplete(f"{path} is not UTF-8 text") from exc
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {"file", "code", "reason"} <= set(rows[0]):
        raise OutputsIncomplete(f"{path} lacks the columns file, code and reason")
    return [{key: _unquoted(value or "", spreadsheet_safe) for key, value in row.items()} for row in rows]


def _unquoted(cell: str, spreadsheet_safe: Any) -> str:
    """A CSV cell without the "'" that made it spreadsheet-safe (the writer adds one before a
    formula-like text; a text that starts with "'" of its own keeps it).

    >>> from govtasks.write.tables import spreadsheet_safe
    >>> _unquoted("'=SUM(A1)", spreadsheet_safe), _unquoted("'引号", spreadsheet_safe)
    ('=SUM(A1)', "'引号")
    """
    if cell.startswith("'") and spreadsheet_safe(cell[1:]) == cell:
        return cell[1:]
    return cell


def _read_run(path: Path) -> dict[str, Any]:
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutputsIncomplete(f"{path} is not JSON ({exc})") from exc
    if not isinstance(run, dict):
        raise OutputsIncomplete(f"{path} is not a JSON object")
    return run
