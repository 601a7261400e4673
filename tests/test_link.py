"""Deduplication and ids on hand-made parsed files (the samples are covered in test_samples)."""

from __future__ import annotations

import pytest

from govtasks.ids import report_id, task_id
from govtasks.link.blocks import build_tables
from govtasks.models import CleanRow, ParsedFile, ReportFacts


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


# --- linking across reports (issue 3) ----------------------------------------------------------

BASE = "提升政策兑现时效,用好“亲清在线”数字平台,确保应对疫情各项扶持政策落实到位。"


@pytest.mark.parametrize(
    "reworded",
    [
        "提升政策兑现时效，用好“亲清在线”数字平台，确保应对疫情各项扶持政策落实到位。",  # full-width
        '提升政策兑现时效, 用好 "亲清在线" 数字平台, 确保应对疫情各项扶持政策落实到位',  # ASCII, spaces
        "提升政策兑现时效,用好“亲情在线”数字平台,确保应对疫情各项扶持政策落实到位。",  # 亲清/亲情 typo
        BASE + "全年兑现资金10亿元以上。",  # a trailing clause
        "1." + BASE,
        "(一)" + BASE,
        "（一）" + BASE,
    ],
)
def test_a_reworded_task_in_a_later_report_is_the_same_task(reworded: str) -> None:
    tables = build_tables(
        [
            parsed(
                "h1", "a", "H1", [row(15, BASE, progress="上半年"), row(17, "制定实施新一轮惠企扶持政策。")]
            ),
            parsed(
                "q3", "b", "Q3", [row(10, "扎实推动重点项目建设。"), row(11, reworded, progress="三季度")]
            ),
        ]
    )
    linked = [p for p in tables.progress if p.progress in {"上半年", "三季度"}]
    assert len({p.task_id for p in linked}) == 1
    assert len(tables.tasks) == 3
    task = next(t for t in tables.tasks if t.task_id == linked[0].task_id)
    assert task.content == BASE  # the earlier report's wording
    assert (task.first_period, task.last_period, task.n_reports) == ("H1", "Q3", 2)
    assert linked[1].similarity >= 0.8


def test_a_row_joins_the_closest_task_and_a_report_never_gives_a_task_two_rows() -> None:
    """Two Q3 rows resemble one H1 task: the closer one links, the other is a new task and is
    listed for review with the reason."""
    tables = build_tables(
        [
            parsed("h1", "a", "H1", [row(1, "新增城镇就业17000人,帮助500名困难人员就业。")]),
            parsed(
                "q3",
                "b",
                "Q3",
                [
                    row(1, "新增城镇就业17000人,帮助600名困难人员就业。"),
                    row(2, "新增城镇就业17000人,帮助500名困难人员就业。"),
                ],
            ),
        ]
    )
    h1, q3a, q3b = tables.progress
    assert q3b.task_id == h1.task_id and q3b.similarity == 1.0
    assert q3a.task_id != h1.task_id
    assert [(r.decision, r.decided_by, r.source_line, r.other_source_line) for r in tables.review] == [
        ("apart", "one row per report", 1, 1)
    ]
    assert "line 2 of the same report joined that task first" in tables.review[0].reason


def test_a_short_task_contained_in_a_longer_different_task_stays_apart() -> None:
    tables = build_tables(
        [
            parsed("plan", "a", "PLAN", [row(1, "强化食品药品安全监管。")]),
            parsed(
                "h1",
                "b",
                "H1",
                [row(1, "强化食品药品安全监管,创建省级食品安全示范区,推进农贸市场智慧监管。")],
            ),
        ]
    )
    assert len(tables.tasks) == 2


def test_near_identical_tasks_of_other_districts_or_years_stay_apart() -> None:
    tables = build_tables(
        [
            parsed("a", "a", "H1", [row(1, BASE)]),
            parsed("b", "b", "Q3", [row(1, BASE.replace("亲清", "亲情"))], district="余杭区"),
            parsed("c", "c", "Q3", [row(1, BASE)], year=2021),
        ]
    )
    assert len(tables.tasks) == 3
    assert all(t.n_reports == 1 for t in tables.tasks)


def test_rows_sharing_a_number_link_each_to_its_own_task() -> None:
    """Like 003's two rows numbered 102: a later report with both links each to its twin."""
    first = [row(1, "推进未来社区建设。", seq="102"), row(2, "深化垃圾分类。", seq="102")]
    later = [row(5, "深化垃圾分类。", seq="102"), row(6, "推进未来社区建设。", seq="103")]
    tables = build_tables([parsed("h1", "a", "H1", first), parsed("q3", "b", "Q3", later)])
    by_line = {(p.report_id, p.source_line): p.task_id for p in tables.progress}
    assert by_line[("raaaaaaaaaaaa", 1)] == by_line[("rbbbbbbbbbbbb", 6)]
    assert by_line[("raaaaaaaaaaaa", 2)] == by_line[("rbbbbbbbbbbbb", 5)]
    assert len(tables.tasks) == 2


def test_same_content_twice_in_one_report_with_other_details_is_two_tasks() -> None:
    tables = build_tables(
        [parsed("a", "a", "H1", [row(1, "甲任务", progress="做了"), row(2, "甲任务", progress="还没做")])]
    )
    assert len({p.task_id for p in tables.progress}) == 2
    assert tables.notes["a"] == [
        "line 2 has the same content as line 1 with different details; kept as two tasks"
    ]


def test_linking_does_not_depend_on_the_order_files_are_given() -> None:
    files = [
        parsed("plan", "a", "PLAN", [row(1, BASE), row(2, "甲任务")]),
        parsed("h1", "b", "H1", [row(1, "1." + BASE), row(3, "乙任务")]),
        parsed("q3", "c", "Q3", [row(2, BASE + "全年兑现。"), row(4, "乙任务")]),
    ]
    assert build_tables(files) == build_tables(list(reversed(files)))


# --- copies of one document ------------------------------------------------------------------


def _rows(n: int) -> list[CleanRow]:
    return [row(10 + i, f"第{i}项任务：推进重点工程建设", progress=f"完成{i}") for i in range(n)]


def test_copies_of_one_report_collapse_to_one_progress_row_per_task() -> None:
    original = parsed("site-a.txt", "a", "H1", _rows(10))
    mirror = parsed("site-b.txt", "b", "H1", _rows(10))
    tables = build_tables([mirror, original])
    assert len(tables.progress) == 10
    assert {p.report_id for p in tables.progress} == {"raaaaaaaaaaaa"}  # name breaks the tie
    assert all(p.also_in == ["rbbbbbbbbbbbb"] for p in tables.progress)
    duplicate = {r.source_file: r.duplicate_of for r in tables.reports}
    assert duplicate == {"site-a.txt": None, "site-b.txt": "raaaaaaaaaaaa"}
    assert all(t.n_reports == 1 for t in tables.tasks)
    assert tables.notes["site-b.txt"] == ["copy of site-a.txt: 10 of 10 rows are the same"]


def test_a_copy_prefers_the_complete_simplified_report_as_primary() -> None:
    traditional = ParsedFile(
        source_file="a-trad.txt",
        sha256="a" * 64,
        format="fmt",
        score=1.0,
        facts=ReportFacts(district="萧山区", year=2020, period="H1"),
        script="traditional",
        rows=tuple(_rows(10)),
    )
    truncated = parsed("b-cut.txt", "b", "H1", _rows(9))
    simplified = parsed("c.txt", "c", "H1", _rows(10))
    tables = build_tables([traditional, truncated, simplified])
    assert {r.source_file: r.duplicate_of for r in tables.reports} == {
        "a-trad.txt": "rcccccccccccc",
        "b-cut.txt": "rcccccccccccc",
        "c.txt": None,
    }
    assert [len(p.also_in) for p in tables.progress] == [2] * 9 + [1]


def test_a_row_where_copies_differ_is_kept_and_flagged() -> None:
    changed = _rows(10)
    changed[3] = row(13, "第3项任务：推进重点工程建设", progress="完成3，另有说明")
    tables = build_tables([parsed("a.txt", "a", "H1", _rows(10)), parsed("b.txt", "b", "H1", changed)])
    assert len(tables.progress) == 11
    kept = tables.progress[-1]
    assert (kept.report_id, kept.source_line, kept.flags) == ("rbbbbbbbbbbbb", 13, ["copy_differs"])
    assert kept.task_id == tables.progress[3].task_id  # same task, another statement of it
    assert "1 rows differ" in tables.notes["b.txt"][0]


def test_reports_of_one_period_that_are_not_copies_are_both_primaries() -> None:
    other = [row(10 + i, f"第{i}项任务：推进重点工程建设", progress=f"另一份报告{i}") for i in range(10)]
    tables = build_tables([parsed("a.txt", "a", "H1", _rows(10)), parsed("b.txt", "b", "H1", other)])
    assert all(r.duplicate_of is None for r in tables.reports)
    assert len(tables.progress) == 20 and len(tables.tasks) == 10


# --- id stability ----------------------------------------------------------------------------


def test_ids_survive_other_districts_years_and_later_rewordings() -> None:
    h1 = parsed("h1", "a", "H1", [row(1, BASE), row(2, "甲任务")])
    before = {t.content: t.task_id for t in build_tables([h1]).tasks}
    after = build_tables(
        [
            h1,
            parsed("other", "b", "H1", [row(1, BASE)], district="余杭区"),
            parsed("next-year", "c", "H1", [row(1, BASE)], year=2021),
            parsed("q3", "d", "Q3", [row(1, "1." + BASE + "全年兑现。")]),
        ]
    )
    assert {t.content: t.task_id for t in after.tasks if t.district == "萧山区" and t.year == 2020} == before


def test_an_earlier_report_with_other_wording_changes_the_id() -> None:
    """Documented in docs/architecture.md, "Ids": the id comes from the task's first wording (plan first)."""
    h1 = parsed("h1", "a", "H1", [row(1, BASE)])
    alone = build_tables([h1]).tasks[0].task_id
    with_plan = build_tables([h1, parsed("plan", "b", "PLAN", [row(1, BASE + "全年兑现。")])])
    assert len(with_plan.tasks) == 1
    assert with_plan.tasks[0].task_id != alone
    same_words = build_tables([h1, parsed("plan", "b", "PLAN", [row(1, "(一)" + BASE)])])
    assert same_words.tasks[0].task_id == alone  # same key: the id does not change
