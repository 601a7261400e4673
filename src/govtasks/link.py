"""Deduplicate rows within a report and give every task and report a content-derived id.

- A row printed twice in one report (same statement, e.g. 002's doubled page) is kept once.
- Rows of one district and year whose content has the same :func:`content_key` are one task,
  in one report or across reports; rows that share a number but say different things are
  different tasks.
- ``report_id`` comes from the file's SHA-256, ``task_id`` from (district, year, content key):
  re-running on the same files gives the same ids, and adding other files never changes them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from govtasks.models import PERIOD_ORDER, Progress, Report, Task
from govtasks.normalize import content_key
from govtasks.pipeline import CleanRow, ParsedFile


@dataclass(frozen=True)
class Tables:
    reports: list[Report]
    tasks: list[Task]
    progress: list[Progress]
    #: source_file -> notes about deduplication, for the run summary
    notes: dict[str, list[str]]


def report_id(sha256: str) -> str:
    """The id of the report held in a file with this SHA-256.

    >>> report_id("944544cf52b83f5fefeaa73b107f0533b71c71efb7ad1a7c54a31cd66fea9b5a")
    'r944544cf52b8'
    """
    return "r" + sha256[:12]


def task_id(district: str, year: int, key: str) -> str:
    """The id of a task: a hash of its district, year and content key."""
    digest = hashlib.sha256(f"{district}\x1f{year}\x1f{key}".encode()).hexdigest()
    return "t" + digest[:12]


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


def _report_order(parsed: ParsedFile) -> tuple[object, ...]:
    f = parsed.facts
    return (f.district, f.year, PERIOD_ORDER[f.period or "FY"], f.published or "", parsed.source_file)


def build_tables(files: list[ParsedFile]) -> Tables:
    """Turn every parsed file into the rows of the three output tables."""
    ordered = sorted(files, key=_report_order)
    reports: list[Report] = []
    progress: list[Progress] = []
    notes: dict[str, list[str]] = {}
    # task_id -> rows in report order (report index, CleanRow)
    members: dict[str, list[tuple[int, CleanRow]]] = defaultdict(list)
    task_home: dict[str, tuple[str, int]] = {}

    for index, parsed in enumerate(ordered):
        facts = parsed.facts
        assert facts.district is not None and facts.year is not None and facts.period is not None
        rid = report_id(parsed.sha256)
        kept, dedupe_notes = dedupe(parsed.rows)
        notes[parsed.source_file] = _summarise(dedupe_notes)
        seen_in_report: dict[str, int] = {}
        for number, row in enumerate(kept, start=1):
            tid = task_id(facts.district, facts.year, content_key(row.content))
            if tid in seen_in_report:
                notes[parsed.source_file].append(
                    f"line {row.source_line} states the same task as line {seen_in_report[tid]} "
                    "with different details; both kept"
                )
            seen_in_report.setdefault(tid, row.source_line)
            members[tid].append((index, row))
            task_home[tid] = (facts.district, facts.year)
            progress.append(
                Progress(
                    task_id=tid,
                    report_id=rid,
                    row=number,
                    source_line=row.source_line,
                    seq=row.seq,
                    category_no=row.category_no,
                    category=row.category,
                    content=row.content,
                    lead_units=list(row.lead_units),
                    lead_leaders=list(row.lead_leaders),
                    progress=row.progress,
                    problems=row.problems,
                    next_steps=row.next_steps,
                    flags=list(row.flags),
                )
            )
        reports.append(
            Report(
                report_id=rid,
                source_file=parsed.source_file,
                source_sha256=parsed.sha256,
                format=parsed.format,
                district=facts.district,
                year=facts.year,
                period=facts.period,
                title=facts.title,
                publisher=facts.publisher,
                published=facts.published,
                index_no=facts.index_no,
                script=parsed.script,
                n_rows=len(kept),
            )
        )

    tasks = [_task(tid, task_home[tid], rows) for tid, rows in members.items()]
    # Tasks in the order they first appear (reports ordered by district, year, period).
    first_seen = {tid: (rows[0][0], rows[0][1].source_line) for tid, rows in members.items()}
    tasks.sort(key=lambda t: (t.district, t.year, first_seen[t.task_id]))
    return Tables(reports=reports, tasks=tasks, progress=progress, notes=notes)


def _task(tid: str, home: tuple[str, int], rows: list[tuple[int, CleanRow]]) -> Task:
    """One task from its rows: wording of the earliest report, first non-empty lists."""
    first = rows[0][1]
    units = next((r.lead_units for _, r in rows if r.lead_units), ())
    leaders = next((r.lead_leaders for _, r in rows if r.lead_leaders), ())
    category = next((r.category for _, r in rows if r.category), None)
    return Task(
        task_id=tid,
        district=home[0],
        year=home[1],
        category=category,
        content=first.content,
        lead_units=list(units),
        lead_leaders=list(leaders),
        n_reports=len({index for index, _ in rows}),
    )


def _summarise(notes: list[str]) -> list[str]:
    if len(notes) <= 3:
        return notes
    return [f"{len(notes)} rows repeat earlier rows of the same report (printed twice); kept once"]
