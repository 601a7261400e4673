"""What the report page shows, computed from the outputs before anything is embedded: counts by
district, year and period, and the few rows worth listing. Every list is cut to a limit and says
how much was left out, so the page of a national corpus is no larger than a district's.

Pure functions over the rows of :class:`~govtasks.report.outputs.Outputs`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, get_args

from govtasks.models import PERIOD_ORDER, Status
from govtasks.report.outputs import Outputs, Row

STATUSES: tuple[Status, ...] = get_args(Status)

T = TypeVar("T")

#: Districts drawn in the tasks chart; the others are summed into one bar.
MAX_DISTRICTS = 30
#: Bars (district, year and period) drawn in the status chart, whole districts at a time.
MAX_STATUS_BARS = 80
#: Rows of the table of tasks reported behind.
MAX_BEHIND = 200
#: Tasks drawn in the timeline chart (those stated in the most reports first).
MAX_TIMELINES = 30
#: Rows of the table of rejected files.
MAX_REJECTED = 200
#: Characters of a text cell shown in a table (the whole text is in the CSV files).
MAX_TEXT = 160


@dataclass(frozen=True)
class Totals:
    """The page's first lines."""

    files: int
    reports: int
    tasks: int
    progress_rows: int
    rejected: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class TasksByDistrict:
    """Tasks counted by district and year, for the districts with the most tasks; the rest in
    ``others`` (year -> tasks) over ``other_districts`` districts."""

    districts: list[str]
    years: list[int]
    counts: dict[tuple[str, int], int]
    other_districts: int = 0
    others: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusMix:
    """Progress rows by status, for each district, year and period shown (in that order, the
    periods as the year runs); ``left_out`` districts and their ``left_out_rows`` rows are not."""

    groups: list[tuple[str, int, str]]
    counts: dict[tuple[str, int, str], dict[str, int]]
    left_out: int = 0
    left_out_rows: int = 0


@dataclass(frozen=True)
class BehindRow:
    """A progress row reported behind, for the table."""

    district: str
    year: int
    period: str
    task: str
    evidence: str | None
    context: str | None
    source_file: str
    where: str


@dataclass(frozen=True)
class Timeline:
    """A task stated in several reports: its status in each period."""

    task_id: str
    district: str
    year: int
    content: str
    points: list[tuple[str, str, str | None]]  # (period, status, evidence), in period order


@dataclass(frozen=True)
class Listed(Generic[T]):
    """The first rows of a longer list, and how many there were in all."""

    rows: list[T]
    total: int

    @property
    def more(self) -> int:
        """Rows not listed."""
        return self.total - len(self.rows)


def totals(outputs: Outputs) -> Totals:
    """The counts of the run: files from run.json (every source file seen), the rest counted."""
    by_status = Counter(row["status"] for row in outputs.progress)
    files = outputs.run.get("files")  # every source file seen, rejected ones and copies included
    return Totals(
        files=files if isinstance(files, int) else len(outputs.reports) + len(outputs.rejected),
        reports=len(outputs.reports),
        tasks=len(outputs.tasks),
        progress_rows=len(outputs.progress),
        rejected=len(outputs.rejected),
        by_status={status: by_status.get(status, 0) for status in STATUSES},
    )


def tasks_by_district(tasks: Iterable[Row], limit: int = MAX_DISTRICTS) -> TasksByDistrict:
    """Tasks by district and year, the ``limit`` districts with the most tasks drawn.

    >>> rows = [{"district": d, "year": y} for d, y in [("甲区", 2021), ("甲区", 2022), ("乙县", 2021)]]
    >>> found = tasks_by_district(rows, limit=1)
    >>> found.districts, found.years, found.counts, found.other_districts, found.others
    (['甲区'], [2021, 2022], {('甲区', 2021): 1, ('甲区', 2022): 1}, 1, {2021: 1})
    """
    counts = Counter((row["district"], row["year"]) for row in tasks)
    per_district = Counter[str]()
    for (district, _), n in counts.items():
        per_district[district] += n
    ranked = sorted(per_district, key=lambda d: (-per_district[d], d))
    shown = ranked[:limit]
    kept = set(shown)
    others: Counter[int] = Counter()
    for (district, year), n in counts.items():
        if district not in kept:
            others[year] += n
    return TasksByDistrict(
        districts=shown,
        years=sorted({year for _, year in counts}),
        counts={key: n for key, n in sorted(counts.items()) if key[0] in kept},
        other_districts=len(ranked) - len(shown),
        others=dict(sorted(others.items())),
    )


def status_mix(progress: Iterable[Row], reports: Iterable[Row], limit: int = MAX_STATUS_BARS) -> StatusMix:
    """Progress rows by status for each district, year and period, districts with the most rows
    first while their bars fit in ``limit`` (at least one district is always shown).

    >>> reports = [{"report_id": "r1", "district": "甲区", "year": 2022, "period": "Q3"},
    ...            {"report_id": "r2", "district": "甲区", "year": 2022, "period": "H1"}]
    >>> rows = [{"report_id": "r1", "status": "completed"}, {"report_id": "r2", "status": "behind"}]
    >>> mix = status_mix(rows, reports)
    >>> mix.groups
    [('甲区', 2022, 'H1'), ('甲区', 2022, 'Q3')]
    >>> mix.counts[('甲区', 2022, 'Q3')]["completed"], mix.left_out
    (1, 0)
    """
    where = {r["report_id"]: (r["district"], r["year"], r["period"]) for r in reports}
    counts: dict[tuple[str, int, str], Counter[str]] = defaultdict(Counter)
    for row in progress:
        counts[where[row["report_id"]]][row["status"]] += 1
    by_district: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    rows_of: Counter[str] = Counter()
    for group, statuses in counts.items():
        by_district[group[0]].append(group)
        rows_of[group[0]] += sum(statuses.values())
    shown: list[str] = []
    bars = 0
    for district in sorted(by_district, key=lambda d: (-rows_of[d], d)):
        if shown and bars + len(by_district[district]) > limit:
            continue
        shown.append(district)
        bars += len(by_district[district])
    groups = sorted(
        (group for district in shown for group in by_district[district]),
        key=lambda g: (g[0], g[1], PERIOD_ORDER[g[2]]),
    )
    left_out = [d for d in by_district if d not in set(shown)]
    return StatusMix(
        groups=groups,
        counts={g: {status: counts[g].get(status, 0) for status in STATUSES} for g in groups},
        left_out=len(left_out),
        left_out_rows=sum(rows_of[d] for d in left_out),
    )


def behind(outputs: Outputs, limit: int = MAX_BEHIND) -> Listed[BehindRow]:
    """The progress rows reported behind, by district, year, period and place in the report;
    the first ``limit`` of them."""
    reports = {r["report_id"]: r for r in outputs.reports}

    def order(row: Row) -> tuple[Any, ...]:
        report = reports[row["report_id"]]
        return (report["district"], report["year"], PERIOD_ORDER[report["period"]], report["source_file"])

    found = sorted(
        (row for row in outputs.progress if row["status"] == "behind"), key=lambda r: (*order(r), r["row"])
    )
    listed = []
    for row in found[:limit]:
        report = reports[row["report_id"]]
        listed.append(
            BehindRow(
                district=report["district"],
                year=report["year"],
                period=report["period"],
                task=shorten(row["content"]),
                evidence=row["status_evidence"],
                context=context(row["progress"], row["problems"], row["status_evidence"]),
                source_file=report["source_file"],
                where=row["source_ref"] or f"line {row['source_line']}",
            )
        )
    return Listed(listed, len(found))


def timelines(outputs: Outputs, limit: int = MAX_TIMELINES) -> Listed[Timeline]:
    """The tasks stated in two reports or more, those stated in the most first (then by
    district, year and id), with their status in each period; the first ``limit`` of them."""
    periods = {r["report_id"]: r["period"] for r in outputs.reports}
    rows_of: dict[str, list[Row]] = defaultdict(list)
    for row in outputs.progress:
        rows_of[row["task_id"]].append(row)
    several = [task for task in outputs.tasks if len(rows_of[task["task_id"]]) >= 2]
    several.sort(key=lambda t: (-len(rows_of[t["task_id"]]), t["district"], t["year"], t["task_id"]))
    listed = []
    for task in several[:limit]:
        points = sorted(
            ((periods[r["report_id"]], r["status"], r["status_evidence"]) for r in rows_of[task["task_id"]]),
            key=lambda p: (PERIOD_ORDER[p[0]], p[1]),
        )
        listed.append(Timeline(task["task_id"], task["district"], task["year"], task["content"], points))
    return Listed(listed, len(several))


def rejected(rows: Sequence[dict[str, str]], limit: int = MAX_REJECTED) -> Listed[dict[str, str]]:
    """The rejected files, by name; the first ``limit`` of them.

    >>> rejected([{"file": "b.txt"}, {"file": "a.txt"}], limit=1)
    Listed(rows=[{'file': 'a.txt'}], total=2)
    """
    ordered = sorted(rows, key=lambda r: (r.get("file", ""), r.get("code", "")))
    return Listed(ordered[:limit], len(rows))


def rejected_by_code(rows: Iterable[dict[str, str]]) -> list[tuple[str, int]]:
    """Rejections counted by code, the most common first.

    >>> rejected_by_code([{"code": "no-task-table"}, {"code": "empty-file"}, {"code": "no-task-table"}])
    [('no-task-table', 2), ('empty-file', 1)]
    """
    counts = Counter(row.get("code", "") for row in rows)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def shorten(text: str, width: int = MAX_TEXT) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis.

    >>> shorten("一二三\\n四五", 4)
    '一二三…'
    >>> shorten("一二", 4)
    '一二'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def context(progress: str | None, problems: str | None, evidence: str | None, around: int = 40) -> str | None:
    """The words around ``evidence`` in the cell it was found in (progress first, as the
    classifier reads it), on one line, cut to ``around`` characters each side.

    >>> context("项目一期已竣工，二期工程进度滞后于计划，原因是征地。", None, "滞后", around=6)
    '…二期工程进度滞后于计划，原因…'
    >>> context(None, "资金未到位", "滞后") is None
    True
    """
    if not evidence:
        return None
    for cell in (progress, problems):
        if not cell:
            continue
        flat = " ".join(cell.split())
        at = flat.find(evidence)
        if at < 0:
            continue
        start, end = max(0, at - around), min(len(flat), at + len(evidence) + around)
        return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
    return None
