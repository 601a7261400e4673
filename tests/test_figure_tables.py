"""Progress tables of figures copied one cell per paragraph, whose merged cells are printed once
(眉山 r01, r02: 工程名称 · 序号 · 项目内容 (group, indicator) · 目标任务 · 市级牵头责任单位 · 进度 ·
完成目标(%) · 备注): short rows placed by what each paragraph reads as, the merged cells filled from
the row above (``span_filled``). Values checked by reading the pages.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.field_rows import FIELD, cleaned, expected_dicts, generic_rows, project

from govtasks.formats import generic
from govtasks.read.document import read_document
from govtasks.tables.figure_rows import align_row, figure_profiles
from govtasks.tables.paragraph import paragraph_tables

M7 = "r01_meishan_2017_m7"
M11 = "r02_meishan_2017_m11"


def test_every_row_of_both_pages_as_written_down() -> None:
    """15 complete rows each, every field as the page's reader wrote it down."""
    for stem in (M7, M11):
        assert project(cleaned(generic_rows(stem))) == project(expected_dicts(stem))


def test_short_row_takes_the_merged_unit_from_the_row_above() -> None:
    """Row 2 prints 5 cells ("2 / 城镇失业人员再就业(人) / 4000 / 3034 / 75.8 / 达到时间进度"): the
    unit is row 1's, merged over it; the target joins the indicator, the figures the progress."""
    row = next(r for r in generic_rows(M7) if r.seq == "2")
    assert row.content == "城镇失业人员再就业(人)\n4000"
    assert row.lead_units == ["市人力资源社会保障局"]
    assert row.progress == "3034\n75.8\n达到时间进度"
    assert row.category == "就业促进工程"
    assert "span_filled" in row.flags
    assert row.source_line == 52


def test_group_cell_before_the_task_is_kept_apart() -> None:
    """Row 10* prints the 项目内容 group again before its indicator: the group is no part of the
    content (kept under the header, extra), and rows after it copy it."""
    rows = {r.seq: r for r in generic_rows(M11)}
    assert rows["10*"].content == "妇女居家灵活就业培训(人)\n4000"
    assert rows["10*"].lead_units == ["市妇联"]
    assert rows["10*"].progress == "4856\n121.4\n超额完成"
    assert dict(rows["11*"].extra)["项目内容"] == "促进城乡劳动者就业创业"


def test_units_split_over_paragraphs_and_a_row_without_a_rate() -> None:
    """Row 8: three units over two paragraphs ("…、市教体局、" / "团市委"), a progress sentence
    and no completion rate, the remark after it."""
    row = next(r for r in generic_rows(M11) if r.seq == "8")
    assert (
        row.content == "对创业的在校大学生和毕业5年内的高校毕业生给予创业补贴创业担保贷款等政策扶持\n应补尽补"
    )
    assert row.lead_units == ["市人力资源社会保障局", "市教体局", "团市委"]
    assert row.progress == "发放一次性创业补贴262万元,争取创业补贴、贷款537万元。\n达到时间进度"


def test_next_groups_cell_closes_the_last_row() -> None:
    """r01 ends in the next group's cell ("扶贫解"): row 15 is complete; r02's row 16, under
    扶贫解困工程 (its group cell printed before its number), is cut off."""
    last = generic_rows(M7)[-1]
    assert (last.seq, last.content) == ("15", "促进高校毕业生就业(%)\n78")
    cut = list(generic.parse(read_document(FIELD / f"{M11}.txt")))[-1]
    assert (cut.seq, cut.category, "truncated" in cut.flags) == ("16", "扶贫解困工程", True)


def test_header_cell_wrapped_before_its_measure() -> None:
    """'完成目标' / '(%)' is one header cell; '工程' / '名称' another."""
    head = ["工程", "名称", "序号", "项目内容", "进度", "完成目标", "(%)", "备注"]
    texts = [*head, "就业", "1", "培训(人)", "12", "50", "无"]
    (table,) = paragraph_tables(list(enumerate(texts, start=1)))
    header = ["工程名称", "序号", "项目内容", "进度", "完成目标(%)", "备注"]
    assert [c.text for c in table.grid.rows[0]] == header


def test_no_progress_column_no_figure_table() -> None:
    """A table of planned figures by district (苏州 p13) reports no progress: not read so."""
    kinds = ["content", "lead_units", "extra", "extra"]
    rows = [["生产总值", "增幅(%)", "7", "8"], ["投资", "亿元", "5", "6"], ["收入", "9"]]
    assert figure_profiles(kinds, rows) is None


_KINDS = ["content", "extra", "lead_units", "progress", "extra", "extra"]
_PROFILES = {1: "figure", 4: "figure"}
_CELLS = st.sampled_from(
    ["再就业(人)", "4000", "75.8", "市人力资源", "社会保障局", "团市委", "达到时间进度", "已开工。"]
)


@given(st.lists(_CELLS, min_size=1, max_size=9))
def test_every_paragraph_placed_once_in_order(texts: list[str]) -> None:
    """Whatever the row, each paragraph lands once: in a cell, as the group cell or left over, in
    print order."""
    paragraphs = list(enumerate(texts))
    row = align_row(_KINDS, paragraphs, _PROFILES)
    placed = ([row.group] if row.group else []) + [p for cell in row.cells for p in cell] + row.left_over
    assert placed == paragraphs
    assert len(row.cells) == len(_KINDS)
