"""A whole ingest run: every source file through the per-file stage, then link and write."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govtasks.link import Tables, build_tables
from govtasks.normalize import load_phrases
from govtasks.pipeline import ParsedFile, Rejection, list_sources, process_file
from govtasks.write import atomic_write, write_tables


@dataclass(frozen=True)
class RunResult:
    parsed: list[ParsedFile]
    rejected: list[Rejection]
    tables: Tables


def run_ingest(
    raw_dir: Path, out_dir: Path, phrase_file: Path | None, console: Console | None = None
) -> RunResult:
    """Ingest ``raw_dir`` into ``out_dir``; print progress and a summary to ``console``."""
    if console is None:
        console = Console(stderr=True)
        if not console.is_terminal:  # a log file: don't wrap the summary at 80 columns
            console = Console(stderr=True, width=200)
    phrases = load_phrases(phrase_file)
    sources = list_sources(raw_dir)
    results: list[ParsedFile | Rejection] = []
    with Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(sources))
        for path in sources:
            bar.update(task, description=path.name)
            results.append(process_file(path, raw_dir, phrases))
            bar.advance(task)

    parsed = [r for r in results if isinstance(r, ParsedFile)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    parsed, copies = _drop_identical_copies(parsed)
    tables = build_tables(parsed)
    write_tables(tables, out_dir)
    atomic_write(out_dir / "rejected.csv", _rejected_csv(rejected))
    _summary(console, results, tables, copies, raw_dir, out_dir)
    return RunResult(parsed=parsed, rejected=rejected, tables=tables)


def _drop_identical_copies(parsed: list[ParsedFile]) -> tuple[list[ParsedFile], dict[str, str]]:
    """Keep the first of several byte-identical files (same SHA-256): they are one report."""
    first: dict[str, str] = {}
    kept: list[ParsedFile] = []
    copies: dict[str, str] = {}
    for item in parsed:
        if item.sha256 in first:
            copies[item.source_file] = first[item.sha256]
        else:
            first[item.sha256] = item.source_file
            kept.append(item)
    return kept, copies


def _link_summary(tables: Tables, out_dir: Path) -> str:
    """One line on linking: tasks followed across reports, fuzzy links, copies, pairs to review."""
    across = sum(t.n_reports > 1 for t in tables.tasks)
    fuzzy = sum(p.similarity < 1.0 for p in tables.progress)
    copies = sum(r.duplicate_of is not None for r in tables.reports)
    line = (
        f"Linking: {across} tasks appear in more than one report ({fuzzy} rows linked by similarity); "
        f"{copies} reports are copies of another"
    )
    if tables.review:
        line += f"; {len(tables.review)} borderline pairs to check: govtasks links --review --out {out_dir}"
    return line + "."


def _rejected_csv(rejected: list[Rejection]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["file", "sha256", "line", "reason", "hint"])
    for r in rejected:
        writer.writerow([r.source_file, r.sha256 or "", r.line or "", r.reason, r.hint])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _summary(
    console: Console,
    results: list[ParsedFile | Rejection],
    tables: Tables,
    copies: dict[str, str],
    raw_dir: Path,
    out_dir: Path,
) -> None:
    rows_by_file = {r.source_file: r.n_rows for r in tables.reports}
    table = Table(title=f"govtasks ingest {raw_dir}", show_lines=False)
    for column in ("file", "format", "district", "year", "period", "rows", "notes"):
        table.add_column(column, overflow="fold")
    for result in results:
        if isinstance(result, Rejection):
            table.add_row(result.location, "[red]rejected[/red]", "", "", "", "", result.reason)
            continue
        f = result.facts
        notes = list(result.warnings) + tables.notes.get(result.source_file, [])
        if result.source_file in copies:
            notes = [f"byte-identical copy of {copies[result.source_file]}; skipped"]
        table.add_row(
            result.source_file,
            result.format,
            f.district or "",
            str(f.year or ""),
            f.period or "",
            str(rows_by_file.get(result.source_file, 0)),
            "\n".join(notes),
        )
    console.print(table)
    n_rejected = sum(isinstance(r, Rejection) for r in results)
    console.print(
        f"{len(results)} files: {len(results) - n_rejected} ingested, {n_rejected} rejected; "
        f"{len(tables.reports)} reports, {len(tables.tasks)} tasks, {len(tables.progress)} progress rows "
        f"-> {out_dir}/"
    )
    console.print(_link_summary(tables, out_dir), soft_wrap=True)
    rejections = [r for r in results if isinstance(r, Rejection)]
    for rejection in rejections:
        console.print(f"[red]Rejected[/red] {rejection.location}: {rejection.reason}", soft_wrap=True)
    for hint in dict.fromkeys(r.hint for r in rejections):  # each distinct hint once
        console.print(f"Hint: {hint}", soft_wrap=True)
    if n_rejected:
        console.print(f"Rejected files are listed in {out_dir / 'rejected.csv'}.")
