"""What a run says about itself: counts, files.csv, rejected.csv, run.json and the console summary."""

from __future__ import annotations

import json
import platform
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

from rich.console import Console
from rich.text import Text

from govtasks import __version__, models
from govtasks.link.blocks import Linked
from govtasks.models import Rejection
from govtasks.run.cache import Ingested
from govtasks.run.summary_layout import (
    ELLIPSIS,
    INDENT,
    FileRow,
    elide_middle,
    file_table,
    paragraph,
    printable,
)
from govtasks.write.tables import (
    SplitTable,
    csv_document,
    spreadsheet_safe,
)


@dataclass
class Totals:
    """What the summary and run.json say about the tables, gathered a batch at a time."""

    reports: int = 0
    tasks: int = 0
    progress: int = 0
    figures: int = 0
    review: int = 0  # borderline pairs
    across: int = 0  # tasks stated in more than one report
    fuzzy: int = 0  # progress rows linked by similarity
    copies: int = 0  # reports that are copies of another
    controls: int = 0  # progress rows whose text had control characters removed (flag control_chars)
    #: progress rows by status (govtasks.assess.status), every status present
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(get_args(models.Status), 0))
    targeted: int = 0  # progress rows whose content states at least one promised figure
    reached: int = 0  # progress rows whose progress states at least one figure reached
    rows_by_file: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    periods_by_file: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: source_file -> notes about deduplication and copies
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, linked: Linked) -> None:
        """Count the rows of one block."""
        self.reports += len(linked.reports)
        self.tasks += len(linked.tasks)
        self.progress += len(linked.progress)
        self.figures += len(linked.figures)
        self.review += len(linked.review)
        self.across += sum(row[_N_REPORTS] > 1 for row in linked.tasks)
        self.fuzzy += sum(row[_SIMILARITY] < 1.0 for row in linked.progress)
        self.controls += sum(CONTROL_FLAG in row[_FLAGS] for row in linked.progress)
        for row in linked.progress:
            self.by_status[row[_STATUS]] += 1
        sides = {(row[_FIGURE_REPORT], row[_FIGURE_ROW], row[_FIGURE_SIDE]) for row in linked.figures}
        self.targeted += sum(side == "promised" for *_, side in sides)
        self.reached += sum(side == "reached" for *_, side in sides)
        for row in linked.reports:  # a file with quarterly columns holds one report per period
            self.copies += row[_DUPLICATE_OF] is not None
            self.rows_by_file[row[_SOURCE_FILE]] += row[_N_ROWS]
            self.periods_by_file[row[_SOURCE_FILE]].append(row[_PERIOD])
        self.notes.update(linked.notes)

    def to_json(self) -> dict[str, Any]:
        """The counts as a JSON object (kept per block for the next run, see govtasks.write.reuse).

        >>> Totals.from_json(Totals(reports=2, notes={"a.txt": ["n"]}).to_json()).notes
        {'a.txt': ['n']}
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Totals:
        """The counts :meth:`to_json` gave; ValueError for anything else."""
        names = [f.name for f in fields(cls)]
        if sorted(data) != sorted(names):
            raise ValueError("not the counts of a block")
        totals = cls()
        for name in names:
            value = data[name]
            if isinstance(value, dict):
                getattr(totals, name).update(value)
            else:
                setattr(totals, name, int(value))
        return totals

    def merge(self, other: Totals) -> None:
        """Add the counts of another block (its files are none of this one's)."""
        names = ("reports", "tasks", "progress", "figures", "review", "across", "fuzzy", "copies", "controls")
        for name in (*names, "targeted", "reached"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, n in other.by_status.items():
            self.by_status[status] += n
        for source_file, n_rows in other.rows_by_file.items():
            self.rows_by_file[source_file] += n_rows
        for source_file, periods in other.periods_by_file.items():
            self.periods_by_file[source_file].extend(periods)
        self.notes.update(other.notes)


_N_REPORTS = models.column_at(models.Task, "n_reports")


_SIMILARITY = models.column_at(models.Progress, "similarity")


_STATUS = models.column_at(models.Progress, "status")
_FIGURE_REPORT = models.column_at(models.Figure, "report_id")
_FIGURE_ROW = models.column_at(models.Figure, "row")
_FIGURE_SIDE = models.column_at(models.Figure, "side")


_FLAGS = models.column_at(models.Progress, "flags")
#: The flag of a row whose text had control characters removed (run.per_file.without_controls).
CONTROL_FLAG = "control_chars"


_DUPLICATE_OF = models.column_at(models.Report, "duplicate_of")


_SOURCE_FILE = models.column_at(models.Report, "source_file")


_N_ROWS = models.column_at(models.Report, "n_rows")


_PERIOD = models.column_at(models.Report, "period")


def run_json(
    started: float,
    full: bool,
    results: list[Ingested | Rejection],
    reused: int,
    totals: Totals,
    version: str,
    phrases: tuple[Path | None, str] = (None, ""),
    run_id: str | None = None,
    split: Mapping[str, SplitTable] | None = None,
    blocks: tuple[int, int, int] = (0, 0, 0),
) -> bytes:
    """Facts about this run (kept out of the tables, which must not change from run to run);
    ``blocks``: the (district, year) blocks of the tables, those linked by this run (the others'
    rows copied from the last run's files, see govtasks.write.reuse) and the Parquet row groups
    copied as they were;
    ``phrases``: the user's phrase file read (None: the shipped list alone) and the list's id;
    ``run_id``: the id the table files' metadata carries (govtasks.write.tables.run_id);
    ``split``: the tables whose CSV is split by year (``csv_split``: table -> the rows the one
    file would have held, the header aside, the rows of a sheet, the files written and those
    still over it; empty when no table is split)."""
    phrase_file, phrase_list = phrases
    facts = {
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 3),
        "mode": "full" if full else "incremental",
        "govtasks": __version__,
        "parser_version": version,
        "run_id": run_id,
        "phrase_file": None if phrase_file is None else str(phrase_file.resolve()),
        "phrase_list": phrase_list,
        "python": platform.python_version(),
        "files": len(results),
        "files_read": len(results) - reused,
        "files_reused": reused,
        "files_rejected": sum(isinstance(r, Rejection) for r in results),
        "blocks": blocks[0],
        "blocks_linked": blocks[1],
        "row_groups_copied": blocks[2],
        "reports": totals.reports,
        "tasks": totals.tasks,
        "progress_rows": totals.progress,
        "borderline_pairs": totals.review,
        "rows_control_chars_removed": totals.controls,
        "progress_rows_by_status": totals.by_status,
        "progress_rows_with_targets": totals.targeted,
        "share_with_targets": round(totals.targeted / totals.progress, 4) if totals.progress else 0.0,
        "progress_rows_with_figures_reached": totals.reached,
        "csv_split": {
            name: {
                "rows": table.rows,
                "sheet_rows": table.limit,
                "files": list(table.files),
                "files_still_over": list(table.over),
            }
            for name, table in (split or {}).items()
        },
    }
    return (json.dumps(facts, indent=1) + "\n").encode("utf-8")


def split_line(name: str, table: SplitTable) -> str:
    """The summary's line about a table written split by year.

    >>> line = split_line("progress", SplitTable(1_234_567, ("progress/2019.csv", "progress/2023.csv")))
    >>> line[:80]
    'progress.csv would have 1,234,568 rows with its header, over the 1,048,576 rows '
    >>> line[80:]
    'Excel and WPS open: written as progress/2019.csv … progress/2023.csv (2 files, \
each with the header; progress.parquet holds the whole table).'
    >>> split_line("figures", SplitTable(9, ("figures/2023-1.csv", "figures/2023-2.csv")))[-79:]
    '2023 alone is over the limit: in parts; figures.parquet holds the whole table).'
    """
    files = table.files
    shown = files[0] if len(files) == 1 else f"{files[0]} … {files[-1]}"
    parted = table.parted_years
    alone = ""
    if parted:
        years = ", ".join(map(str, parted))
        alone = f"; {years} alone {'is' if len(parted) == 1 else 'are'} over the limit: in parts"
    if table.over:
        alone += f"; {', '.join(table.over)} still over it: one district's year alone has more rows"
    return (
        f"{name}.csv would have {table.rows + 1:,} rows with its header, over the {table.limit:,} rows "
        f"Excel and WPS open: written as {shown} ({len(files)} files, each with the header{alone}; "
        f"{name}.parquet holds the whole table)."
    )


def _status_summary(totals: Totals) -> str:
    """One line on what the progress rows say: rows by status, rows with figures."""
    by_status = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in totals.by_status.items())
    return (
        f"Status: {by_status}; {totals.targeted} rows state a target figure "
        f"({totals.targeted / totals.progress:.0%}), {totals.reached} a figure reached."
    )


def _link_summary(totals: Totals, out_dir: Path) -> str:
    """One line on linking: tasks followed across reports, fuzzy links, copies, pairs to review."""
    line = (
        f"Linking: {totals.across} tasks appear in more than one report ({totals.fuzzy} rows linked "
        f"by similarity); {totals.copies} reports are copies of another"
    )
    if totals.review:
        out = printable(str(out_dir))
        line += f"; {totals.review} borderline pairs to check: govtasks links --review --out {out}"
    return line + "."


#: Columns of rejected.csv: one line per rejected file.
REJECTED_COLUMNS = ("file", "sha256", "code", "line", "reason", "hint")


def rejected_csv(rejected: list[Rejection]) -> bytes:
    """rejected.csv: every rejected file with its reason's code (govtasks.errors), the reason
    and the hint; text cells spreadsheet-safe like every CSV's (a file may be named "=….txt")."""
    rows = (
        (
            spreadsheet_safe(r.source_file),
            r.sha256 or "",
            r.code,
            r.line or "",
            spreadsheet_safe(r.reason),
            spreadsheet_safe(r.hint),
        )
        for r in rejected
    )
    return csv_document(REJECTED_COLUMNS, rows)


#: Columns of files.csv: one line per source file, as the summary table shows it.
FILE_COLUMNS = ("file", "sha256", "format", "code", "district", "year", "period", "rows", "notes")


#: Files listed in the summary table at most: a larger run lists only files with something to
#: say (rejected, notes), up to this many, and points to files.csv for every file.
SUMMARY_FILES = 40


@dataclass(frozen=True)
class FileLine:
    """What a run says about one source file (a line of the summary table and of files.csv)."""

    source_file: str
    sha256: str
    format: str  # the format that read it, or "rejected"
    district: str
    year: str
    period: str
    rows: str
    notes: tuple[str, ...]  # for a rejected file: its reason
    line: int | None = None  # for a rejected file: the line its reason is about, when known
    code: str = ""  # for a rejected file: its reason's code (see govtasks.errors)

    @property
    def noteworthy(self) -> bool:
        return self.format == "rejected" or bool(self.notes)

    @property
    def location(self) -> str:
        """The file, and the line when one is known (as :attr:`Rejection.location`)."""
        return f"{self.source_file} (line {self.line})" if self.line else self.source_file

    def csv_cells(self) -> tuple[str, ...]:
        """The line's cells in files.csv: notes one per line of the cell, a line number first."""
        notes = "\n".join(self.notes)
        if self.line:
            notes = f"line {self.line}: {notes}"
        return (
            self.source_file,
            self.sha256,
            self.format,
            self.code,
            self.district,
            self.year,
            self.period,
            self.rows,
            notes,
        )


def file_lines(results: list[Ingested | Rejection], totals: Totals, copies: dict[str, str]) -> list[FileLine]:
    """One line per source file, in file-name order."""
    lines: list[FileLine] = []
    for result in results:
        if isinstance(result, Rejection):
            lines.append(
                FileLine(
                    result.source_file,
                    result.sha256 or "",
                    "rejected",
                    "",
                    "",
                    "",
                    "",
                    (result.reason,),
                    result.line,
                    code=result.code,
                )
            )
            continue
        f = result.head.facts
        notes = list(result.head.warnings) + totals.notes.get(result.source_file, [])
        if result.head.format == "generic":
            notes.insert(0, "no dedicated format: read by the generic reader (columns by header words)")
        if result.head.chosen_by.startswith(models.READ_BY):  # a close call, settled by reading
            how = result.head.chosen_by.removeprefix(models.READ_BY)
            notes.insert(0, f"close call, format chosen by reading ({how})")
        periods = totals.periods_by_file.get(result.source_file, [])
        if len(periods) > 1:
            notes.append(f"one report per period printed in its columns: {', '.join(periods)}")
        if result.source_file in copies:
            notes = [f"byte-identical copy of {copies[result.source_file]}; skipped"]
        lines.append(
            FileLine(
                result.source_file,
                result.sha256,
                result.head.format,
                f.district or "",
                str(f.year or ""),
                f.period or "",
                str(totals.rows_by_file.get(result.source_file, 0)),
                tuple(notes),
            )
        )
    return lines


def files_csv(lines: list[FileLine]) -> bytes:
    """files.csv: every source file with its format (or "rejected" and the reason's code), facts,
    rows and notes (one per line of the cell), as the summary table shows it."""
    return csv_document(FILE_COLUMNS, (map(spreadsheet_safe, line.csv_cells()) for line in lines))


def print_summary(
    console: Console,
    results: list[Ingested | Rejection],
    lines: list[FileLine],
    totals: Totals,
    raw_dir: Path,
    out_dir: Path,
    notes: list[str] | None = None,
    split: Mapping[str, SplitTable] | None = None,
) -> None:
    """The console summary: a table of the files (with their notes), the totals, and each
    rejected file followed by its hint; fitted to the console's width (see
    :mod:`govtasks.run.summary_layout`), the full names and notes being in files.csv; then the
    run's ``notes`` (folders skipped, sidecars without a source), one line each; and each table
    written split by year (``split``), with why."""
    width = console.width
    every_file = printable(str(out_dir / "files.csv"))
    shown = lines
    caption = None
    if len(lines) > SUMMARY_FILES:
        # Rejected files first, then files with notes: what a person has to look at.
        noteworthy = sorted(
            (line for line in lines if line.noteworthy), key=lambda line: line.format != "rejected"
        )
        shown = noteworthy[:SUMMARY_FILES]
        caption = (
            f"{len(shown)} of {len(lines)} files shown: rejected files first, then files with notes "
            f"({len(noteworthy)} in all); every file is listed in {every_file}, with its full name "
            "and notes."
        )

    def say(text: Text, hanging: int = 0) -> None:
        for line in paragraph(console, text, width, hanging=hanging):
            console.print(line)

    if shown:
        shared = _shared_notes(lines, shown)
        headers = ("file", "format", "district", "year", "period", "rows") + (("",) if shared else ())
        table = file_table(headers, [_file_row(line, shared) for line in shown], width, right=frozenset({4}))
        say(Text(f"govtasks ingest {printable(str(raw_dir))}", "bold"))
        for line in table.lines:
            console.print(line)
        for note, (number, n_files) in shared.items():
            mark = f"[{number}] "
            say(Text(f"{mark}{n_files} files: {printable(note)}"), hanging=len(mark))
        if caption is None and table.cut:
            caption = f"Names and notes cut short with {ELLIPSIS} are in full in {every_file}."
        if caption:
            say(Text(caption))
    elif caption:
        say(Text(f"No file has notes; every file is listed in {every_file}."))
    n_rejected = sum(isinstance(r, Rejection) for r in results)
    say(
        console.highlighter(
            f"{len(results)} files: {len(results) - n_rejected} ingested, {n_rejected} rejected; "
            f"{totals.reports} reports, {totals.tasks} tasks, {totals.progress} progress rows "
            f"-> {printable(str(out_dir))}/"
        )
    )
    if totals.controls:
        say(
            Text(
                f"{totals.controls} rows had control characters removed (flagged {CONTROL_FLAG}): "
                "escape sequences or NUL bytes in the source text."
            )
        )
    say(console.highlighter(_link_summary(totals, out_dir)))
    if totals.progress:
        say(console.highlighter(_status_summary(totals)))
    for line in _rejected_lines(console, [r for r in results if isinstance(r, Rejection)], width):
        console.print(line)
    if n_rejected:
        say(Text(f"Rejected files are listed in {printable(str(out_dir / 'rejected.csv'))}."))
    for name, parts in (split or {}).items():
        say(console.highlighter(split_line(name, parts)))
    for note in notes or ():
        say(Text(f"Note: {printable(note)}", "yellow"), hanging=INDENT)


def _shared_notes(lines: list[FileLine], shown: list[FileLine]) -> dict[str, tuple[int, int]]:
    """Notes that two files or more of the run have and a file of the table has, each with its
    number in the table (in the order of the table) and how many files have it: printed once
    under the table instead of under each file."""
    n_files: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.format != "rejected":  # a rejected file's note is its reason, printed with its hint
            for note in set(line.notes):
                n_files[note] += 1
    shared: dict[str, tuple[int, int]] = {}
    for line in shown:
        if line.format != "rejected":
            for note in line.notes:
                if n_files[note] > 1 and note not in shared:
                    shared[note] = (len(shared) + 1, n_files[note])
    return shared


def _file_row(line: FileLine, shared: dict[str, tuple[int, int]]) -> FileRow:
    """A file's row in the summary table: its notes under it, the shared ones by their number
    (a rejected file's reason is printed with its hint, under the totals)."""
    if line.format == "rejected":
        cells: tuple[str, ...] = ("rejected", "", "", "", "")
        notes: tuple[str, ...] = ()
    else:
        cells = (line.format, line.district, line.year, line.period, line.rows)
        notes = tuple(printable(note) for note in line.notes if note not in shared)
    if shared:
        numbers = sorted({shared[note][0] for note in line.notes if note in shared})
        cells += (f"[{','.join(map(str, numbers))}]" if numbers else "",)
    return FileRow(
        printable(line.source_file),
        tuple(printable(cell) for cell in cells),
        notes,
        "red" if line.format == "rejected" else "",
    )


def _rejected_lines(console: Console, rejections: list[Rejection], width: int) -> list[Text]:
    """Each rejected file with its reason, followed by its hint; files with the same hint are
    listed together (in file-name order) and their hint printed once, after the last of them."""
    by_hint: dict[str, list[Rejection]] = {}
    for rejection in rejections:
        by_hint.setdefault(rejection.hint, []).append(rejection)
    out: list[Text] = []
    for hint, group in by_hint.items():
        for rejection in group:
            suffix = f" (line {rejection.line}):" if rejection.line else ":"
            # The name whole on the first line, shortened in the middle only if it cannot fit.
            name = elide_middle(printable(rejection.source_file), width - len("Rejected ") - len(suffix))
            line = Text.assemble(("Rejected", "red"), f" {name}{suffix} {printable(rejection.reason)}")
            out.extend(paragraph(console, line, width, hanging=INDENT))
        label = "Hint:" if len(group) == 1 else f"Hint ({len(group)} files above):"
        out.extend(
            paragraph(console, Text(f"{label} {printable(hint)}"), width, indent=INDENT, hanging=INDENT + 6)
        )
    return out
