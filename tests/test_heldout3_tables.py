"""Task tables of held-out batch 3 (tests/fixtures/field p*, q*, n*) that were refused or misread,
compared field by field with what their readers wrote down (``.expected.json``).
"""

from __future__ import annotations

from tests.field_rows import cleaned, expected_dicts, generic_rows, project

from govtasks.tables.columns import classify, header_row
from govtasks.tables.paragraph import is_unit_name, paragraph_tables
from govtasks.tables.spaced import numbered_grid


def assert_page(stem: str) -> None:
    """Every expected row of ``stem`` is read, in order, every field as written down."""
    assert project(cleaned(generic_rows(stem))) == project(expected_dicts(stem))


# --- 大竹 p06: 序号 · 民生实事 · 责任单位 · 完成时限, one cell per paragraph ------------------------


def test_livelihood_projects_head_the_task_column() -> None:
    """民生实事 (the year's livelihood projects) names the tasks, as 实事项目 does; a page's info
    block printed as a row (组配分类 | 民生实事, 奉化 e10) stays no header."""
    assert classify("民生实事") == "content"
    assert classify("实事项目") == "content"
    assert header_row([["索引号", "1133/2025-1", "组配分类", "民生实事", "主题分类", "政务公开"]]) is None


def test_livelihood_table_dazhu() -> None:
    """大竹: several units one per paragraph; row 5's second task (开工建设老年大学。) with its own
    deadline under the merged number and unit; the share link (分享到:) closes the table."""
    assert_page("p06_dazhu_2016_plan")


def test_page_chrome_closes_the_table() -> None:
    texts = ["序号", "重点工作", "牵头单位", "完成时限", "1", "修道路。", "区建委", "12月底前", "分享到:"]
    (table,) = paragraph_tables(list(enumerate(texts, start=1)))
    assert [c.text for c in table.grid.rows[-1]] == ["1", "修道路。", "区建委", "12月底前"]
    assert not table.cut_at_end


def test_text_between_tables_is_no_sub_row() -> None:
    """沙坪坝 b01: "附件2" and the next table's title after row 10 are left out, not sub-rows of it."""
    rows = generic_rows("b01_shapingba_2022_plan")
    assert [r.content for r in rows if r.seq == "10"] == ["节能减排降碳完成年度目标任务"]


# --- 常熟 p12: rows cut at their numbers, an empty 名称 cell printing nothing -------------------


def test_short_numbered_rows_fit_their_columns_changshu() -> None:
    """常熟: "1 地区生产总值增长7%以上,…. 发改委" under 序号 名称 工作任务 牵头责任单位, glued to the
    notice: the task goes to 工作任务 and the unit to 牵头责任单位, the empty 名称 cell skipped.
    (The only page of the corpus read by rows cut at their numbers.)"""
    assert_page("p12_changshu_2018_plan")


def test_short_numbered_row_skips_the_empty_cell() -> None:
    lines = ["序号 名称 工作任务 牵头单位", "1 建学校。 教育局", "2 修道路。 建设局"]
    grid = numbered_grid(list(enumerate(lines, start=1)))
    assert grid is not None
    assert [[c.text for c in row] for row in grid.rows[1:]] == [
        ["1", "", "建学校。", "教育局"],
        ["2", "", "修道路。", "建设局"],
    ]


# --- 芜湖 p01: pipes, heading rows between the rows, units apart by single spaces ----------------


def test_units_apart_by_single_spaces_wuhu_and_jishui() -> None:
    """芜湖 p01 ("市人力资源社会保障局 市农业农村局") and 吉水 p05 ("…局 各相关乡镇政府"): each unit is
    its own entry; the first group's heading ("一、主要预期目标 | |||") right under the header is no
    second header line."""
    for stem in ("p01_wuhu_2025_plan", "p05_jishui_0000_unknown"):
        fields = ("seq", "content", "lead_units", "supporting_units")
        assert project(cleaned(generic_rows(stem)), fields) == project(expected_dicts(stem), fields)


def test_a_row_numbered_in_another_style_heads_a_group_wuhu() -> None:
    """芜湖 p01: "1 | 大力提振消费。 | ||" among rows numbered "(1)" … "(9)" is the heading of rows
    (8) and (9), their category, not a task. (The only page of the corpus printing one.)"""
    assert_page("p01_wuhu_2025_plan")


# --- 莲都 q03: 分类 · 序号 · 事项 · 责任单位 · 牵头单位, one cell per paragraph --------------------


def test_group_cell_before_the_first_number_liandu() -> None:
    """莲都: the first row's 分类 cell (发展目标), printed before its number, is that row's group
    cell, not a sixth header cell; the 责任单位 list printed before 牵头单位 holds the lead too,
    which supports no one (supporting = the list without the lead). The only page of the corpus
    showing either."""
    assert_page("q03_liandu_2023_q1")


# --- 芜湖 p02: the rows' numbers printed without a 序号 header ------------------------------------


def test_numbers_without_a_header_are_the_rows_numbers_wuhu() -> None:
    """芜湖 p02 (a copy starting at 工作任务 · 牵头责任单位 · 一季度进展情况): each row opens with
    its number, 1, 2, 3 … in turn: the row's seq, no row of its own. The only page of the corpus
    printing its numbers so."""
    assert_page("p02_wuhu_2025_q1")


# --- 松阳 n02: eight columns, cells merged over a group's rows ------------------------------------


def test_merged_unit_and_a_task_of_two_paragraphs_songyang() -> None:
    """松阳: row 1 prints its task in two paragraphs (what is done, then the target "8000人以上高血压
    患者": a count is no unit); row 2 leaves out the 实事名称 and 责任单位 cells merged with row 1
    and copies the unit; "全县17家乡镇卫生院" is a place (实施点位), "12月底" a deadline, no
    progress. The only page of the corpus showing these."""
    assert_page("n02_songyang_2022_h1")


def test_a_count_names_no_unit() -> None:
    assert not is_unit_name("全县17家乡镇卫生院")
    assert is_unit_name("区第二人民医院") and is_unit_name("县卫健局")
