"""End to end: `govtasks explain` and `govtasks links --review` on what `ingest` wrote."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import SAMPLES, copy_samples, write_traditional_copy
from tests.test_cli import govtasks

from govtasks.link.blocks import build_tables
from govtasks.models import CleanRow, ParsedFile, ReportFacts
from govtasks.write.render import write_tables

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("links")
    raw = copy_samples(base / "raw")
    write_traditional_copy(SAMPLES["004"], raw)
    result = govtasks("ingest", str(raw), "--out", str(base / "out"))
    assert result.returncode == 0, result.stderr
    assert "6 files: 6 ingested, 0 rejected; 6 reports, 406 tasks, 411 progress rows" in result.stderr
    assert "5 tasks appear in more than one report" in result.stderr
    assert "1 reports are copies of another" in result.stderr
    return base / "out"


def test_explain_shows_every_linked_row_with_file_line_and_how(out: Path) -> None:
    """The 亲清在线 task: 000 line 17 (H1) and 001 line 10 (Q3)."""
    tasks = pq.read_table(out / "tasks.parquet").to_pylist()
    task = next(t for t in tasks if "亲清在线" in t["content"] and t["district"] == "萧山区")
    result = govtasks("explain", task["task_id"][:8], "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert task["task_id"] in text and "H1 → Q3" in text
    assert SAMPLES["000"].name in text and "line 17" in text and "first wording" in text
    assert SAMPLES["001"].name in text and "line 10" in text and "same wording" in text
    # Each row's status, as its report states it: both reports say the work goes on.
    assert text.count("status: in progress") == 2


def test_explain_names_the_copies_of_a_report(out: Path) -> None:
    progress = pq.read_table(out / "progress.parquet").to_pylist()
    row = next(p for p in progress if p["also_in"])
    result = govtasks("explain", row["task_id"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"also in traditional-{SAMPLES['004'].name}" in result.stdout.replace("\n", "")


def test_explain_unknown_task_is_an_error_with_a_hint(out: Path, tmp_path: Path) -> None:
    result = govtasks("explain", "tzzzz", "--out", str(out))
    assert result.returncode == 1
    assert "Error: no task tzzzz" in result.stderr and "Hint:" in result.stderr
    missing = govtasks("explain", "t00", "--out", str(tmp_path))
    assert missing.returncode == 1
    assert "tasks.parquet not found" in missing.stderr and "govtasks ingest" in missing.stderr


def test_links_review_on_the_samples_has_nothing_borderline(out: Path) -> None:
    review = (out / "links_review.csv").read_text(encoding="utf-8-sig")
    header = "district,year,similarity,threshold,decision,decided_by,reason,task_id"
    assert review.splitlines()[0].startswith(header)
    assert len(review.splitlines()) == 1
    result = govtasks("links", "--review", "--out", str(out))
    assert result.returncode == 0
    assert "No borderline pairs" in result.stdout


def _row(line: int, content: str) -> CleanRow:
    return CleanRow(line, None, None, None, content, (), (), None, None, None, ())


def test_links_review_lists_pairs_on_both_sides_of_the_threshold(tmp_path: Path) -> None:
    def report(sha: str, period: str, rows: list[CleanRow]) -> ParsedFile:
        facts = ReportFacts(district="萧山区", year=2020, period=period)  # type: ignore[arg-type]
        return ParsedFile(f"{period}.txt", sha * 64, "fmt", 1.0, facts, "simplified", tuple(rows))

    tables = build_tables(
        [
            report(
                "a",
                "H1",
                [_row(1, "新增城镇就业17000人帮助困难人员就业"), _row(2, "强化食品药品安全监管工作")],
            ),
            report(
                "b",
                "Q3",
                [
                    _row(3, "新增城镇就业17000人帮助困难人员就业全年完成目标任务"),
                    _row(4, "强化食品药品安全监管创建示范"),
                ],
            ),
        ]
    )
    write_tables(tables, tmp_path)
    pairs = list(csv.DictReader(io.StringIO((tmp_path / "links_review.csv").read_text(encoding="utf-8-sig"))))
    assert [(p["decision"], p["source_line"], p["other_source_line"]) for p in pairs] == [
        ("linked", "3", "1"),
        ("apart", "4", "2"),
    ]
    assert 0.8 <= float(pairs[0]["similarity"]) < 0.9 and 0.65 <= float(pairs[1]["similarity"]) < 0.8
    result = govtasks("links", "--review", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "2 borderline pairs" in result.stdout
    shown = result.stdout.replace("\n", "")
    assert "apart by threshold" in shown and "< threshold 0.80" in shown


def test_links_without_review_is_a_usage_error(tmp_path: Path) -> None:
    result: subprocess.CompletedProcess[str] = govtasks("links", "--out", str(tmp_path))
    assert result.returncode == 1 and "Error:" in result.stderr
