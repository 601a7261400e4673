"""Read the written outputs back to explain a task's links and list borderline pairs.

These views read ``OUT_DIR/*.parquet`` and ``links_review.csv`` (what a user has on disk), not
a re-run of the pipeline: what they show is exactly what the tables say.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtasks.errors import GovtasksError
from govtasks.link.matching import LINK_THRESHOLD
from govtasks.models import PERIOD_ORDER


class OutputsMissing(GovtasksError):
    hint = "Run `govtasks ingest` (or `make ingest`) first, or pass --out with the output folder."


class UnknownTask(GovtasksError):
    hint = "Task ids are listed in tasks.csv; a unique prefix of an id is enough."


def _read(out_dir: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq  # here, so that `govtasks --help` stays fast

    path = out_dir / f"{table}.parquet"
    if not path.is_file():
        raise OutputsMissing(f"{path} not found")
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


@dataclass(frozen=True)
class Explanation:
    """A task and every progress row linked to it, with the report each row came from."""

    task: dict[str, Any]
    rows: list[tuple[dict[str, Any], dict[str, Any]]]  # (progress row, its report)
    copies: dict[str, dict[str, Any]]  # report_id -> report, for the ids in also_in


def explain(out_dir: Path, task_id: str) -> Explanation:
    """The task whose id is (or starts with) ``task_id``, and its rows in period order."""
    tasks = [t for t in _read(out_dir, "tasks") if t["task_id"].startswith(task_id)]
    if not tasks:
        raise UnknownTask(f"no task {task_id} in {out_dir / 'tasks.parquet'}")
    if len(tasks) > 1:
        examples = ", ".join(t["task_id"] for t in tasks[:3])
        raise UnknownTask(
            f"{task_id} is the start of {len(tasks)} task ids ({examples}, …)",
            hint="Give more characters of the id.",
        )
    task = tasks[0]
    reports = {r["report_id"]: r for r in _read(out_dir, "reports")}
    rows = [
        (p, reports[p["report_id"]]) for p in _read(out_dir, "progress") if p["task_id"] == task["task_id"]
    ]
    rows.sort(key=lambda pr: (PERIOD_ORDER[pr[1]["period"]], pr[1]["published"] or "", pr[1]["source_file"]))
    copies = {rid: reports[rid] for p, _ in rows for rid in p["also_in"]}
    return Explanation(task, rows, copies)


def how_linked(progress: dict[str, Any], first: bool) -> str:
    """Why a row belongs to its task, in words.

    >>> how_linked({"similarity": 1.0}, first=True)
    'first wording'
    >>> how_linked({"similarity": 0.8571}, first=False)
    'similar 0.857 (threshold 0.80)'
    """
    if first:
        return "first wording"
    if progress["similarity"] >= 1.0:
        return "same wording"
    return f"similar {progress['similarity']:.3f} (threshold {LINK_THRESHOLD:.2f})"


def read_review(out_dir: Path) -> list[dict[str, str]]:
    """The borderline pairs of the last run, closest to the threshold first."""
    path = out_dir / "links_review.csv"
    if not path.is_file():
        raise OutputsMissing(f"{path} not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        pairs = list(csv.DictReader(handle))
    pairs.sort(key=lambda p: (abs(float(p["similarity"]) - LINK_THRESHOLD), p["task_id"], p["source_line"]))
    return pairs
