"""Deduplication and ids on hand-made parsed files (the samples are covered in test_samples)."""

from __future__ import annotations

from govtasks.link import build_tables, report_id, task_id
from govtasks.models import ReportFacts
from govtasks.pipeline import CleanRow, ParsedFile


def row(line: int, content: str, seq: str | None = None, progress: str | None = None) -> CleanRow:
    return CleanRow(line, seq, None, None, content, (), (), progress, None, None, ())


def parsed(
    name: str, sha: str, period: str, rows: list[CleanRow], district: str = "萧山区", year: int = 2020
) -> ParsedFile:
    facts = ReportFacts(district=district, year=year, period=period)  # type: ignore[arg-type]
    return ParsedFile(name, sha * 64, "fmt", 1.0, facts, "simplified", tuple(rows))


def test_row_printed_twice_in_one_report_comes_out_once() -> None:
    tables = build_tables(
        [parsed("a", "a", "Q2", [row(1, "甲任务", progress="做了"), row(90, "甲任务", progress="做了")])]
    )
    assert [p.source_line for p in tables.progress] == [1]
    assert tables.reports[0].n_rows == 1
    assert tables.notes["a"] == ["line 90 repeats line 1; kept once"]


def test_rows_sharing_a_number_but_saying_different_things_are_two_tasks() -> None:
    tables = build_tables(
        [parsed("a", "a", "H1", [row(1, "甲任务", seq="102"), row(2, "乙任务", seq="102")])]
    )
    assert len(tables.tasks) == 2
    assert len({p.task_id for p in tables.progress}) == 2


def test_same_content_in_two_reports_of_one_district_and_year_is_one_task() -> None:
    tables = build_tables(
        [
            parsed(
                "q3", "b", "Q3", [row(10, "提升政策兑现时效, 用好“亲清在线”。", seq="1", progress="三季度")]
            ),
            parsed("h1", "a", "H1", [row(15, "提升政策兑现时效,用好“亲清在线”。", progress="上半年")]),
        ]
    )
    assert len(tables.tasks) == 1
    task = tables.tasks[0]
    assert task.n_reports == 2
    assert task.content == "提升政策兑现时效,用好“亲清在线”。"  # wording of the earlier period (H1)
    assert [r.period for r in tables.reports] == ["H1", "Q3"]
    assert [p.progress for p in tables.progress] == ["上半年", "三季度"]


def test_same_content_in_other_district_or_year_is_another_task() -> None:
    tables = build_tables(
        [
            parsed("a", "a", "H1", [row(1, "加强政府债务风险管理。")]),
            parsed("b", "b", "H1", [row(1, "加强政府债务风险管理。")], district="余杭区"),
            parsed("c", "c", "H1", [row(1, "加强政府债务风险管理。")], year=2021),
        ]
    )
    assert len(tables.tasks) == 3


def test_ids_derive_from_content_only() -> None:
    assert report_id("0123456789abcdef" * 4) == "r0123456789ab"
    assert task_id("萧山区", 2020, "甲") == task_id("萧山区", 2020, "甲")
    assert task_id("萧山区", 2020, "甲") != task_id("萧山区", 2021, "甲")
    one = build_tables([parsed("a", "a", "H1", [row(1, "甲任务")])])
    two = build_tables(
        [
            parsed("z", "f", "H1", [row(1, "乙任务")], district="余杭区"),
            parsed("a", "a", "H1", [row(1, "甲任务")]),
        ]
    )
    assert one.tasks[0].task_id in {t.task_id for t in two.tasks}
