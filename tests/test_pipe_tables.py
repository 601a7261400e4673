"""Pipe-text tables into grids and task rows (issue 5, points 3 and 4), on the real excerpts 19
and 23 and on one small table per layout rule."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.grid import Cell, Grid
from govtasks.tables.pipe import (
    TableRow,
    pipe_grid,
    rows_from_grid,
    split_list,
    split_section_no,
    strip_lead_mark,
)


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def read_file(name: str) -> list[TableRow]:
    lines = (EXTRA / name).read_text(encoding="utf-8").splitlines()
    return rows_from_grid(pipe_grid(lines)).rows


# --- real excerpts ----------------------------------------------------------------------------


def test_shangcheng_2019_plan_letter_spaced_headers() -> None:
    """19: 序号 · 任务名称 · 指标要求 · 牵头部门 · 配合部门 · 目标类型; the page stops in row 2."""
    read = rows_from_grid(
        pipe_grid((EXTRA / "19_shangcheng_2019_plan_pipes_https.txt").read_text("utf-8").splitlines())
    )
    assert read.header_line == 10
    assert read.skipped == []
    assert [r.truncated for r in read.rows] == [False, True]
    (first,) = read.complete_rows
    assert first.line == 11
    assert first.seq == "1"
    assert first.content == "地区生产总值"  # 任务名称 (task name) is the task: no content column
    assert first.category is None
    assert first.lead_units == ["区发改经信局"]
    assert first.supporting_units == [
        "区财政局",
        "区住房和城建局",
        "区商务局",
        "区文化和广电旅游体育局",
        "区统计局",
        "区投促局",
        "区电子机械功能区管委会",
        "各街道办事处",
    ]
    assert first.extra == {"指标要求": "增长5.5%(市下达指标)", "目标类型": "A类"}
    assert first.progress is None and first.leaders == []
    assert first.from_span == frozenset()
    cut = read.rows[1]
    assert (cut.line, cut.seq, cut.content, cut.extra) == (12, "2", "服务业增加值", {"指标要求": "增长6%"})
    assert cut.supporting_units[-1] == "区"  # cut mid-name: why the row is not kept as complete


def test_linan_2022_q3_rowspan_continuation_lines() -> None:
    """23: progress before unit; merged-cell lines inherit 序号 and 责任单位 from the line above."""
    rows = read_file("23_linan_2022_q3_minsheng_pipes_rowspan.txt")
    assert [(r.line, r.seq, r.lead_units[0], sorted(r.from_span)) for r in rows] == [
        (6, "1", "教育局", []),
        (7, "2", "卫生健康局", []),
        (8, "2", "卫生健康局", ["lead_units", "seq"]),
        (9, "2", "卫生健康局", ["lead_units", "seq"]),
        (10, "3", "交通运输局", []),
        (11, "3", "交通运输局", ["lead_units", "seq"]),
        (12, "3", "交通运输局", ["lead_units", "seq"]),
        (13, "4", "住建局", []),
        (14, "4", "住建局", ["lead_units", "seq"]),
        (15, "4", "住建局", ["lead_units", "seq"]),
        (16, "4", "住建局", ["lead_units", "seq"]),
    ]
    assert [r.truncated for r in rows] == [False] * 10 + [True]  # the excerpt stops after line 16
    assert all(len(r.lead_units) == 1 and r.extra == {} and r.category is None for r in rows)
    assert rows[0].content == "新建成公办中小学、幼儿园7所,新增中小学、幼儿园公办学位6800个。"
    assert rows[0].progress is not None
    assert rows[0].progress.startswith("新建成临安区职教中心、学府路幼儿园")
    assert rows[0].progress.endswith("等7所中小学、幼儿园,新增学位6800个。")
    assert (rows[2].content, rows[2].progress) == (
        "新增婴幼儿照护服务托位500个。",
        "新增婴幼儿照护服务托位600个。",
    )
    assert (rows[3].content, rows[3].progress) == (
        "开展胃肠癌联合筛查1万例以上。",
        "开展胃肠癌联合筛查10111例。",
    )
    assert (rows[6].content, rows[6].progress) == ("优化调整公交线路20条。", "优化调整公交线路25条。")
    assert rows[7].content == "新建成保障性住房1700套。"
    assert rows[7].progress is not None and rows[7].progress.endswith(
        "(893套)已完成总工程量的85%,计划12月底前完成。"
    )
    assert rows[9].content == "综合改造提升老旧街区100万平方米。"
    assert rows[10].content == "打通城市断头路6条。"


def test_linan_info_table_is_not_the_header() -> None:
    lines = (EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt").read_text("utf-8").splitlines()
    grid = pipe_grid(lines)
    assert texts(grid)[0] == ["索引号", "000330185/2022-86781", "公开方式", "主动公开"]
    assert grid.width == 4
    read = rows_from_grid(grid)
    assert read.header_line == 5 and read.skipped == []


# --- pipe_grid rules --------------------------------------------------------------------------


def test_cells_are_split_stripped_and_numbered_from_first_line() -> None:
    grid = pipe_grid(["标题", "| 序号 | 内容 |", "1 | 甲 |"], first_line=40)
    assert grid.rows == (
        (Cell("序号", 41), Cell("内容", 41)),
        (Cell("1", 42), Cell("甲", 42)),
    )


def test_pipe_only_line_copies_the_row_above_as_spanned() -> None:
    for marker in ("||", "| |", " ||| "):
        grid = pipe_grid(["序号 | 内容 |", "1 | 甲 |", marker])
        assert grid.rows[2] == (Cell("1", 2, True), Cell("甲", 2, True))
    assert pipe_grid(["||", "a | b |"]).rows == ((Cell("a", 2), Cell("b", 2)),)  # nothing above


def test_lone_pipe_is_a_cell_break_inside_the_row() -> None:
    grid = pipe_grid(["序号 | 内容 | 单位 |", "1 | 甲", "|", "区局 |", "2 | 乙 | 区委 |"])
    assert texts(grid) == [["序号", "内容", "单位"], ["1", "甲", "区局"], ["2", "乙", "区委"]]
    assert grid.rows[1][2] == Cell("区局", 4)
    assert texts(pipe_grid(["a | b |", "|", "c | d |"])) == [["a", "b"], ["c", "d"]]  # row was closed


def test_non_pipe_line_continues_the_last_cell_of_an_open_row() -> None:
    grid = pipe_grid(["序号 | 内容 | 单位 |", "1 | 第一段", "第二段", "", "第三段 | 区局 |", "说明文字"])
    assert texts(grid) == [["序号", "内容", "单位"], ["1", "第一段\n第二段\n第三段", "区局"]]
    assert grid.rows[1][1].line == 2


def test_without_trailing_pipes_every_pipe_line_is_a_row() -> None:
    grid = pipe_grid(["序号 | 内容", "1 | 甲", "续行", "2 | 乙"])
    assert texts(grid) == [["序号", "内容"], ["1", "甲"], ["2", "乙"]]


def test_short_rows_are_padded_with_spanned_empty_cells() -> None:
    grid = pipe_grid(["附件1 |", "序号 | 内容 | 单位 |"])
    assert grid.rows[0] == (Cell("附件1", 1), Cell("", 1, True), Cell("", 1, True))
    assert pipe_grid([]).rows == () and pipe_grid(["no pipes here"]).width == 0


#: Fragments that make pipes, header words, numbers, marks and breaks meet in every combination.
_FRAGMENTS = [*"| |\n\t甲乙1*、?\u00a0", "||", "序号", "重点工作", "牵头单位", "进展情况", "一、", "(一)"]
pipe_text = st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join), max_size=15)


@given(pipe_text)
def test_pipe_grid_never_crashes_and_is_rectangular(lines: list[str]) -> None:
    grid = pipe_grid(lines)
    assert all(len(row) == grid.width for row in grid.rows)
    assert all(1 <= cell.line <= max(len(lines), 1) for row in grid.rows for cell in row)
    rows_from_grid(grid)  # and reading it never crashes either


# --- rows_from_grid rules ---------------------------------------------------------------------


def rows(*lines: str) -> list[TableRow]:
    return rows_from_grid(pipe_grid(lines)).rows


def test_category_printed_only_on_the_first_row_of_its_group_is_carried_down() -> None:
    result = rows(
        "序号 | 项目名称 | 项目内容 | 责任单位 |",
        "1 | (一)教育 | 建学校 | 教育局 |",
        "2 | | 建幼儿园 | 教育局 |",
        "3 | 二、卫生 | 建医院 | 卫健局 |",
    )
    assert [(r.category_no, r.category, sorted(r.from_span)) for r in result] == [
        ("(一)", "教育", []),
        ("(一)", "教育", ["category"]),
        ("二", "卫生", []),
    ]


def test_category_repeated_on_every_row() -> None:
    result = rows(
        "项目名称 | 任务内容 | 牵头单位 |", "教育 | 建学校 | 教育局 |", "教育 | 建幼儿园 | 教育局 |"
    )
    assert [(r.category, r.category_no, r.seq, r.from_span) for r in result] == [
        ("教育", None, None, frozenset())
    ] * 2


def test_section_heading_row_sets_the_category_and_is_reported() -> None:
    read = rows_from_grid(
        pipe_grid(
            ["序号 | 重点工作 | 牵头单位 |", "一、稳增长 |", "1 | 招商引资 | 商务局 |", "2 | | 商务局 |"]
        )
    )
    assert [(r.category_no, r.category, r.content) for r in read.rows] == [("一", "稳增长", "招商引资")]
    assert [(s.line, s.reason) for s in read.skipped] == [(2, "section heading"), (4, "no content")]


def test_merged_line_and_repeated_header_are_skipped_not_read_twice() -> None:
    read = rows_from_grid(
        pipe_grid(["序号 | 重点工作 | 牵头单位 |", "1 | 甲 | 商务局 |", "||", "序号 | 重点工作 | 牵头单位 |"])
    )
    assert [r.content for r in read.rows] == ["甲"]
    assert [(s.line, s.reason) for s in read.skipped] == [
        (2, "merged-cell line: copies the row above"),  # the line of the row it copies
        (4, "repeated header"),
    ]


def test_progress_before_unit_and_lists_split_on_spaces_and_line_breaks() -> None:
    (row,) = rows(
        "序号 | 内容与要求 | 进展情况 | 责任单位 | 牵头领导 | 备注 |",
        "1 | 修路 | 已完成 | 交通局  住建局 | 沈  昱、张三 | 重点 |",
    )
    assert (row.progress, row.lead_units, row.leaders, row.extra) == (
        "已完成",
        ["交通局", "住建局"],
        ["沈昱", "张三"],
        {"备注": "重点"},
    )
    assert split_list("教育局\n卫生健康局") == ["教育局", "卫生健康局"]


def test_asterisk_marks_the_lead_among_several_units() -> None:
    (row,) = rows("序号 | 重点工作 | 责任单位 |", "1 | 甲 | 区发改局\n*区财政局、区统计局 |")
    # Judgement: the marked unit led; the others in the same cell supported it.
    assert row.lead_units == ["区财政局"]
    assert row.supporting_units == ["区发改局", "区统计局"]
    assert strip_lead_mark(["区财政局＊"]) == (["区财政局"], ["区财政局"])


def test_both_lead_and_responsible_unit_columns() -> None:
    (row,) = rows("序号 | 重点工作 | 责任单位 | 牵头单位 |", "1 | 甲 | 区财政局、区统计局 | 区发改局 |")
    # Judgement: 牵头单位 names the lead; 责任单位 beside it names the units sharing the task.
    assert row.lead_units == ["区发改局"]
    assert row.supporting_units == ["区财政局", "区统计局"]
    assert row.extra == {}


def test_truncated_only_when_last_and_short() -> None:
    read = rows_from_grid(
        pipe_grid(["序号 | 重点工作 | 牵头单位 |", "1 | 甲 |", "2 | 乙 | 商务局 |", "3 | 丙"])
    )
    assert [(r.seq, r.truncated) for r in read.rows] == [("1", False), ("2", False), ("3", True)]
    assert [r.seq for r in read.complete_rows] == ["1", "2"]


def test_no_header_reads_nothing() -> None:
    read = rows_from_grid(pipe_grid(["索引号 | 123 |", "发布单位 | 区府办 |"]))
    assert (read.rows, read.skipped, read.header_line) == ([], [], None)


def test_split_section_no_keeps_bare_numbers_as_text() -> None:
    assert split_section_no("(一)") == (None, "(一)")
    assert split_section_no("（三）民生") == ("（三）", "民生")


def test_fixture_files_exist() -> None:
    assert isinstance(EXTRA, Path) and (EXTRA / "19_shangcheng_2019_plan_pipes_https.txt").exists()
