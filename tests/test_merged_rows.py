"""Task rows under merged (rowspan) cells, as real pages print them when copied as text.

A Word table prints 序号 and a group cell (项目) once, merged over several task rows; copied as
text, the rows under them start at the task. The corpus convention (the pages' judgements): each
such sub-row with its own target and progress is a row; it inherits the merged cells (序号, the
group cell as its category, a unit the row leaves out) from the row above, flagged span_filled.

The same 嵊州 series (省十方面民生实事 by 嵊州市) is printed both ways:

* j10 (1-9月), one cell per paragraph: the numbered row holds its sub-rows' paragraphs, which
  repeat the columns after the merged ones (:func:`govtasks.tables.paragraph.sub_row_splits`);
* j11 (1-6月), pipes: a sub-row prints fewer cells, and its task is never the merged group cell
  (:func:`govtasks.tables.pipe._merged_with_seq`).

An item merged over several indicator lines, printed with spaces between cells (岳阳楼 m02), is
given a column of its own (:func:`govtasks.tables.spaced._prints_items`): the rows' category.
"""

from __future__ import annotations

from tests.field_rows import FIELD, cleaned, expected_dicts, generic_rows, project

from govtasks import formats
from govtasks.formats import generic
from govtasks.grid import Cell
from govtasks.read.document import read_document
from govtasks.tables.columns import column_map
from govtasks.tables.paragraph import paragraph_tables, sub_row_splits
from govtasks.tables.pipe import _align, _merged_with_seq, _numbered_group, looks_like_units
from govtasks.tables.spaced import line_grid

KINDS = ["category", "content", "lead_units", "progress", "extra"]


def assert_page(stem: str) -> None:
    """Every expected row of ``stem`` is read, in order, and nothing else."""
    assert project(cleaned(generic_rows(stem))) == project(expected_dicts(stem))


# --- paragraphs: a numbered row holding its sub-rows ------------------------------------------


def test_sub_rows_of_merged_cells_in_paragraphs_shengzhou_q3() -> None:
    """嵊州 1-9月 (j10): 13 rows in 5 groups, not 4 rows with their sub-rows glued on."""
    assert_page("j10_shengzhou_2022_q3")


def test_sub_rows_inherit_number_group_and_a_missing_unit_flagged() -> None:
    """j10: the sub-rows copy 序号 and 项目 (and the unit where they print none), flagged
    span_filled; the first row of each group prints its own."""
    rows = cleaned(generic_rows("j10_shengzhou_2022_q3"))
    assert [r.seq for r in rows] == ["1"] * 3 + ["2"] * 3 + ["3"] * 3 + ["4"] * 3 + ["5"]
    assert ["span_filled" in r.flags for r in rows] == [False, True, True] * 4 + [False]
    # 新增普惠托位315个 prints no unit: the merged 卫生健康局 of the row above
    assert rows[2].lead_units == ("卫生健康局",)


def test_the_last_sub_row_cut_by_the_excerpt_is_truncated() -> None:
    """j10 ends at "新增持", a sub-row of group 5 cut off: read, flagged truncated."""
    doc = read_document(FIELD / "j10_shengzhou_2022_q3.txt")
    assert formats.choose(doc).format.NAME == "generic"
    last = list(generic.parse(doc))[-1]
    assert last.content == "新增持" and "truncated" in last.flags and last.seq == "5"


def test_a_row_that_fits_its_columns_is_one_row() -> None:
    """No sub-rows where the row reads as one: progress in several statements stays one cell."""
    assert sub_row_splits(KINDS, ["浙有善育", "新增托育机构", "卫生健康局", "已全部完成。", "已完成"]) is None
    points = ["建学校", "区教育局", "一是完成设计。", "二是开工建设。", "三是完成主体。", "年底"]
    assert sub_row_splits(KINDS[1:], points) is None


def test_sub_rows_need_a_name_of_their_own() -> None:
    """The evidence that a row repeats its columns is a unit (or leader) printed again in a
    sub-row; without one the paragraphs stay one row, however they fit."""
    texts = [
        "浙有善育",
        "新增托育机构",
        "卫生健康局",
        "已全部完成。",
        "已完成",
        "新增托位525个",
        "已全部完成。",
        "已完成",
    ]
    assert sub_row_splits(KINDS, texts) is None
    with_unit = [*texts[:6], "卫生健康局", *texts[6:]]
    assert sub_row_splits(KINDS, with_unit) == [[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]]


def test_a_cut_row_alone_is_no_evidence() -> None:
    """The paragraphs of a sub-row cut by the excerpt are placed in order, unread: they show no
    unit of their own, so a first row cut so stays one row unless rows above showed sub-rows."""
    texts = ["浙里长寿", "新增床位60张", "民政局", "已全部完成。", "已完成", "新增持", "民政局"]
    assert sub_row_splits(KINDS, texts, cut=True) is None
    assert sub_row_splits(KINDS, texts, cut=True, repeats=True) == [[1, 1, 1, 1, 1], [0, 1, 1, 0, 0]]


def test_paragraph_grid_of_sub_rows() -> None:
    """The grid: sub-rows copy the number and the group cell (from_span), print their own task."""
    texts = ["序号", "项目", "省工作目标", "牵头单位", "进展情况", "完成时间"]
    texts += ["1", "浙里优学", "新改扩建公办中小学2所", "教体局", "已全部完成。", "已完成"]
    texts += [
        "新增学位800个",
        "已全部完成。",
        "已完成",
        "组建结对学校5所",
        "教体局",
        "已全部完成。",
        "已完成",
    ]
    texts += ["2", "浙派工匠", "开展职业技能培训", "人力社保局", "已全部完成。", "已完成"]
    grid = paragraph_tables(list(enumerate(texts, start=1)))[0].grid
    assert [[c.text + "*" * c.from_span for c in row] for row in grid.rows[1:]] == [
        ["1", "浙里优学", "新改扩建公办中小学2所", "教体局", "已全部完成。", "已完成"],
        ["1*", "浙里优学*", "新增学位800个", "教体局*", "已全部完成。", "已完成"],
        ["1*", "浙里优学*", "组建结对学校5所", "教体局", "已全部完成。", "已完成"],
        ["2", "浙派工匠", "开展职业技能培训", "人力社保局", "已全部完成。", "已完成"],
    ]


# --- pipes: a short sub-row never prints the merged group cell --------------------------------


def test_sub_rows_of_merged_cells_in_pipes_shengzhou_h1() -> None:
    """嵊州 1-6月 (j11): "新增普惠托位315个 | 新增普惠托位220个。 | 7月底" is a task, its progress
    and its deadline (not a new 项目, its task and progress)."""
    assert_page("j11_shengzhou_2022_h1")


def test_a_sub_row_skipping_its_number_skips_the_group_cell() -> None:
    columns = column_map(["序号", "项目", "省工作目标", "牵头单位", "进展情况", "完成时间"])
    above = [Cell(t, 1) for t in ("1", "浙有善育", "新增托育机构", "卫生健康局", "已全部完成。", "已完成")]
    short = [Cell(t, 2) for t in ("新增普惠托位315个", "新增普惠托位220个。", "7月底")]
    closed = _merged_with_seq(short, columns, above)
    assert closed == frozenset({1})
    assert _align(short, columns, None, closed) == [2, 4, 5]
    # a numbered row may print its group cell; a table printing no numbers leaves it open
    assert _merged_with_seq([Cell("2", 3), Cell("浙里优学", 3)], columns, above) == frozenset()
    unnumbered = [Cell("", 1), *above[1:]]
    assert _merged_with_seq(short, columns, unnumbered) == frozenset()


# --- spaced lines: an item merged over its indicator lines -----------------------------------


def _spaced_grid(stem: str) -> list[list[str]]:
    doc = read_document(FIELD / f"{stem}.txt")
    return [[c.text for c in row] for row in line_grid(list(doc.lines)).rows]


def test_item_merged_over_indicator_lines_spaced_yueyanglou() -> None:
    """岳阳楼 1-10月 (m02), cells between single spaces: a numbered line prints the item
    ("特殊群体健康保障") and its first indicator, the lines under it the next indicators. The
    item is the rows' category, the indicator the content, the number repeated (the readers' rows;
    the figures of rows printing no measure are not all placed as the reader did: see below)."""
    rows = cleaned(generic_rows("m02_yueyanglou_2022_m10"))
    expected = expected_dicts("m02_yueyanglou_2022_m10")
    assert [(r.seq, r.category, r.content) for r in rows] == [
        (e["seq"], e["category"], e["content"]) for e in expected
    ]
    assert _spaced_grid("m02_yueyanglou_2022_m10")[0] == [
        "序号",
        "",
        "考核指标",
        "单位",
        "工作目标",
        "已完成数",
        "占比",
        "备注",
    ]


def test_no_item_column_where_numbered_lines_print_a_measure_yueyang() -> None:
    """岳阳 1-11月 (d05), the same kind of table with no item: "2 自然村通水泥(沥青)路 公里 …" then
    "提质改造农村公路 公里 …": the header stays as printed."""
    assert _spaced_grid("d05_yueyang_2019_m11")[0][:3] == ["序号", "考核指标", "单位"]


def test_a_housing_estate_is_no_unit() -> None:
    """m02 row 5, "开工改造城镇老旧小区" (start renovating old estates), is the task, not a unit."""
    assert not looks_like_units("开工改造城镇老旧小区")
    assert looks_like_units("相关街道、区住建局")


# --- pipes with no 序号: a numbered group cell, a unit with its own deadline ------------------


def test_numbered_group_cell_numbers_its_rows_xinchang() -> None:
    """新昌 (j13): no 序号 column; "1.城市人居环境提升项目" is merged over the project's task lines,
    which share its number (the category without it); a deadline printed where the task would
    be ("10月底前") is no task; "2021.8 | 城投集团" is a second unit of the task above."""
    rows = cleaned(generic_rows("j13_xinchang_2021_plan"))
    # not yet: "计划10月底完成新增墓地建设 | 公共服务集团" words a deadline as a sentence, and stays a row
    worded = [r for r in rows if r.content == "计划10月底完成新增墓地建设"]
    rows = [r for r in rows if r not in worded]
    expected = expected_dicts("j13_xinchang_2021_plan")
    assert [(r.seq, r.category, r.content) for r in rows] == [
        (e["seq"], e["category"], e["content"]) for e in expected
    ]
    assert len(worded) == 1
    assert rows[0].lead_units == ("建设局", "城投集团") and rows[3].lead_units == ("建设局", "经开区")
    assert rows[-1].lead_units == ("市场监管局",)


def test_a_group_number_is_no_row_number_where_the_table_prints_one() -> None:
    with_seq = column_map(["序号", "项目名称", "工作任务"])
    assert _numbered_group(with_seq, ("1", "城市人居环境提升项目")) is None
    assert _numbered_group(column_map(["项目名称", "工作任务"]), ("1", "城市人居环境提升项目")) == "1"
