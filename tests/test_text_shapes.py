"""Tables in other text shapes (issue 17, point 4): one cell per line closed by "|", and cells
separated by single spaces (a row per line, or the whole table on one line), cells glued together
with nothing between them.

Real pages from tests/fixtures/field (stored as found); rows asserted against the page's
.expected.json.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA
from tests.field_rows import FIELD, SHAPES, comparable, expected_rows, read_rows

from govtasks.read.document import read_document
from govtasks.tables.columns import classify, column_map
from govtasks.tables.paragraph import paragraph_tables
from govtasks.tables.pipe import rows_from_grid
from govtasks.tables.shapes import cells_per_line, glued_grid, glued_row
from govtasks.tables.spaced import numbered_grid

settings_ = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def test_c15_a_whole_table_on_one_line_gives_its_rows_exactly() -> None:
    """序号 · 承担的重点工作 · 完成状态 · 工作进展情况 · 牵头责任单位, all on line 7 with a heading
    "一、…" inline; row 3's progress holds single spaces of its own (tests/fixtures/shapes)."""
    name, rows = read_rows("c15_unknown_2022_h1", SHAPES)
    assert name == "generic"
    assert rows == expected_rows("c15_unknown_2022_h1", SHAPES)


def test_b08_a_row_per_line_cells_cut_at_single_spaces() -> None:
    """序号 · 市折子号 · 市政府工作报告任务 · 目前进展情况: the second number is a column (市折子号),
    not the row number. The grid is compared cell by cell (whether "市政府工作报告任务" is a content
    header is the column reader's call, not this shape's)."""
    grid = numbered_grid(read_document(FIELD / "b08_tongzhou_2021_q1.txt").paragraphs())
    assert grid is not None
    header, *body = [[comparable(c.text) for c in row] for row in grid.rows]
    assert header == ["序号", "市折子号", "市政府工作报告任务", "目前进展情况"]
    complete = [(row[0], row[2], row[3]) for row in body if all(row)]
    assert complete == [(r[0], r[2], r[6]) for r in expected_rows("b08_tongzhou_2021_q1")]
    assert [row[1] for row in body] == ["21", "69", "74", "89"]
    assert body[-1][3] == ""  # row 4 is cut inside its task


def test_a10_one_cell_per_line_each_closed_by_a_pipe_line() -> None:
    """Every cell on its own line with a lone "|" line after it; leader headings
    "(一)刘忻市长牵头重点工作" take a row of their own. Units of rows 4 and 5 ("…配合落实",
    "各区、县(市)政府(管委会)") are the unit-list reader's: compared on the other rows only."""
    name, rows = read_rows("a10_hangzhou_2021_plan")
    expected = expected_rows("a10_hangzhou_2021_plan")
    assert name == "generic"
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows] == [
        (r[0], r[1], r[2], r[3], r[6]) for r in expected
    ]
    assert [r[4:6] for r in rows if r[0] not in ("4", "5")] == [
        r[4:6] for r in expected if r[0] not in ("4", "5")
    ]


def test_cells_per_line_also_reads_pipes_at_the_end_of_the_cells_line() -> None:
    """b13 (崇川区 2023) prints "cell |" lines; its paragraphs lose their pipes, "||" (an empty
    cell) is dropped."""
    cells = cells_per_line(read_document(FIELD / "a10_hangzhou_2021_plan.txt").paragraphs())
    assert cells is not None and cells[:3] == [(1, "序号"), (3, "重点工作任务"), (5, "责任单位")]
    lines = [
        "序号 |",
        "主要任务 |",
        "牵头 单位 |",
        "24 |",
        "优化提升50条背街后巷交通组织。 |",
        "城管局 |",
        "||",
    ]
    assert cells_per_line(list(enumerate(lines, start=1))) == [
        (1, "序号"), (2, "主要任务"), (3, "牵头 单位"), (4, "24"),
        (5, "优化提升50条背街后巷交通组织。"), (6, "城管局")
    ]  # fmt: skip


def test_b11_cells_of_a_word_table_glued_together_give_its_rows_exactly() -> None:
    """A glued header line "类别序号重点督办内容牵头单位全年完成情况" and rows "经济社会发展主要预期目标1
    地区生产总值增长6%左右。区发展改革委西城区地区…": the category repeated before every number, the
    unit glued between the task's full stop and a progress starting with a place name (区财政局西城区
    …). One page of the corpus shows this shape; row 4 runs to the end of the excerpt (cut off)."""
    name, rows = read_rows("b11_xicheng_2020_fy")
    assert name == "generic"
    assert rows == expected_rows("b11_xicheng_2020_fy")


def test_glued_rows_need_their_number_in_turn_a_task_sentence_and_a_unit() -> None:
    kinds = ["category", "seq", "content", "lead_units", "progress"]
    assert glued_row("主要目标3就业稳定。区人社局新增就业。", kinds, 2) is None  # not row 2
    assert glued_row("主要目标2就业稳定区人社局新增就业。", kinds, 2) is None  # no sentence end
    assert glued_row("主要目标2就业稳定。新增就业3000人。", kinds, 2) is None  # no unit
    assert glued_row("全区上下,2就业稳定。区人社局", kinds, 2) is None  # prose before the number
    prose = ["序号", "今年以来序号1全区上下。区政府办公室召开会议。", "2就业稳定。"]
    assert glued_grid(list(enumerate(prose, start=1))) is None


def test_pipe_rows_and_spaced_prose_are_not_these_shapes() -> None:
    rows = ["序号 | 重点工作 | 牵头单位 |", "1 | 建学校。 | 区教育局 |", "2 | 修道路。 | 区建委 |"] * 3
    assert cells_per_line(list(enumerate(rows, start=1))) is None
    prose = ["一、上半年工作回顾 今年以来,全区上下 1、全力以赴拼发展 完成投资 2、民生 持续改善"]
    assert numbered_grid(list(enumerate(prose, start=1))) is None


# --- properties -------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["序号", "重点工作", "牵头单位", "进展情况", "完成状态", "一、目标", "1", "2", "3", "4", "建学校。",
     "修道路", "已完成。", "区教育局", "区建委", "王宏", "|", "||", "x%", "(一)", "21"]
)  # fmt: skip
_HEADERS = st.lists(st.sampled_from(["重点工作", "牵头单位", "进展情况", "完成状态", "牵头领导", "备注"]),
                    min_size=1, max_size=5, unique=True)  # fmt: skip
_CELLS = st.lists(st.one_of(_WORDS, st.text(max_size=6).filter(lambda t: t.strip())), min_size=0, max_size=6)


@st.composite
def spaced_tables(draw: st.DrawFn) -> list[str]:
    """A title, a header from 序号, numbered rows of random pieces (some with headings), a row
    or a whole table per line, then random junk lines."""
    header = ["序号", "重点工作", *draw(_HEADERS)]
    tokens = [draw(st.sampled_from(["", "2022年重点工作进展情况表"])), *header]
    rows = []
    for number in range(1, draw(st.integers(0, 5)) + 1):
        heading = [draw(st.sampled_from(["一、目标", "二、民生"]))] if draw(st.booleans()) else []
        rows.append([*heading, str(number), *draw(_CELLS)])
    if draw(st.booleans()):
        return [" ".join(tokens + [t for row in rows for t in row])]
    return (
        [" ".join(tokens)]
        + [" ".join(row) for row in rows]
        + draw(st.lists(st.text(max_size=10), max_size=3))
    )


@st.composite
def piped_cells(draw: st.DrawFn) -> list[str]:
    """Cells one per line, each closed by a "|" on its own line or at its line's end."""
    lines = []
    for cell in draw(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=30)):
        closing = draw(st.sampled_from([" |", "\n|", "\n||", ""]))
        lines.extend((cell + closing).split("\n"))
    return lines


_LINES = st.one_of(
    spaced_tables(),
    piped_cells(),
    st.lists(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=12).map(" ".join), max_size=12),
)


@settings_
@given(_LINES)
def test_spaced_tables_never_raise_keep_order_and_invent_nothing(lines: list[str]) -> None:
    paragraphs = [(n, t.strip()) for n, t in enumerate(lines, start=1) if t.strip()]
    grid = numbered_grid(paragraphs)
    if grid is None:
        return
    page = re.sub(r"\s+", "", " ".join(t for _, t in paragraphs))
    read = rows_from_grid(grid)
    assert [r.line for r in read.rows] == sorted(r.line for r in read.rows)
    for row in read.rows:
        assert row.content.strip()
        assert re.sub(r"\s+", "", row.content) in page


_GLUED_PIECES = ["。", "区发改委", "主要目标"]


@settings_
@given(
    st.lists(
        st.one_of(
            st.just("类别序号重点工作牵头单位完成情况"),
            st.just("序号重点工作牵头单位"),
            st.lists(st.one_of(_WORDS, st.sampled_from(["。", "区发改委", "主要目标"])), max_size=8).map(
                "".join
            ),
        ),
        max_size=10,
    )
)
def test_glued_tables_never_raise_and_cut_each_line_without_losing_a_character(lines: list[str]) -> None:
    paragraphs = [(n, t.strip()) for n, t in enumerate(lines, start=1) if t.strip()]
    grid = glued_grid(paragraphs)
    if grid is None:
        return
    page = dict(paragraphs)
    for row in grid.rows[1:]:
        assert "".join(cell.text for cell in row) == page[row[0].line]
        assert [cell.text for cell in row if cell.text.isdigit()]


@settings_
@given(_LINES)
def test_cells_per_line_never_raises_and_keeps_each_cell_as_printed(lines: list[str]) -> None:
    paragraphs = [(n, t.strip()) for n, t in enumerate(lines, start=1) if t.strip()]
    cells = cells_per_line(paragraphs)
    if cells is None:
        return
    page = dict(paragraphs)
    assert [line for line, _ in cells] == sorted({line for line, _ in cells})
    for line, text in cells:
        assert text and text in page[line] and not text.endswith("|")


# --- paragraph and pipe tables: group columns, headings, cells of several paragraphs -----------


def test_pipe_rows_that_leave_out_the_group_column_before_the_number() -> None:
    """d02 (肇庆市 2020): "大类 | 序号 | …" with 大类 printed on the first row of its group only;
    rows 2 and 3 start at 序号 and are shifted into place (大类 and 分管市领导 as header words,
    and the unit's head named in the unit cell, are other readers')."""
    _, rows = read_rows("d02_zhaoqing_2020_unknown")
    expected = expected_rows("d02_zhaoqing_2020_unknown")
    assert [(r[0], r[2], r[6]) for r in rows] == [(r[0], r[2], r[6]) for r in expected]


@pytest.mark.skipif(classify("主要工作") != "content", reason="header words: another reader")
def test_paragraph_tables_with_a_group_column_before_the_number() -> None:
    """e02 (诸暨市 2023): 分块 · 序号 · 主要工作 · 责任单位, the 分块 cell never printed: rows are
    still cut at the numbers."""
    paragraphs = read_document(FIELD / "e02_zhuji_2023_plan.txt").paragraphs()
    (table,) = paragraph_tables(paragraphs)
    header, *body = [[comparable(c.text) for c in row] for row in table.grid.rows]
    assert header == ["分块", "序号", "主要工作", "责任单位"]
    expected = expected_rows("e02_zhuji_2023_plan")
    assert [(row[1], row[2]) for row in body[: len(expected)]] == [(r[0], r[2]) for r in expected]


def test_an_unnumbered_leader_heading_ends_the_header_and_leads_the_rows() -> None:
    """e12 (舟山市 2024): "徐仁标市长牵头重点工作" right under the header; progress cells of several
    paragraphs ("一是…" / "二是…"); the alias "(市国资委)" on its own paragraph under its unit.
    (Whether the leader heading is also the category is read differently on the field pages:
    a10 says no, e12 yes; the samples' reading, no, is kept.)"""
    _, rows = read_rows("e12_zhoushan_2024_h1")
    expected = expected_rows("e12_zhoushan_2024_h1")
    assert [r[:1] + r[2:] for r in rows] == [r[:1] + r[2:] for r in expected]


@pytest.mark.skipif(classify("工作内容") != "content", reason="header words: another reader")
@pytest.mark.parametrize("stem", ["e08_zhoushan_2021_h1", "e13_zhoushan_2022_h1"])
def test_labels_closing_the_task_cell_give_its_unit(stem: str) -> None:
    """ "任务。(牵头单位:市住建局)" in a table with no unit column (e08, e13 舟山市)."""
    _, rows = read_rows(stem)
    expected = expected_rows(stem)
    assert [(r[2], r[4]) for r in rows] == [(r[2], r[4]) for r in expected]


@pytest.mark.parametrize("stem", ["e08_zhoushan_2021_h1", "e13_zhoushan_2022_h1"])
def test_tasks_closed_by_their_labels_start_the_rows(stem: str) -> None:
    """舟山市 2021 and 2022 half-year reports: 序号 · 工作内容 · 完成情况, one cell per paragraph,
    the 序号 cells empty and no unit column; each task paragraph closes with "(牵头单位:X)". The
    rows start at those paragraphs, and everything up to the next one is the row's progress: in
    e13 a summary paragraph and then numbered points "1.…" "2.…", which are not rows. e13's
    excerpt ends on a task cut before its label ("落实落细新的组合式税费支持政策,为"), after the
    numbered points of row 2: that paragraph starts the cut row, so row 2 stays complete (a
    reader's call: a progress text's points run on with numbers; an unnumbered paragraph after
    them is the next task)."""
    _, rows = read_rows(stem)
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["e08_zhoushan_2021_h1", "e13_zhoushan_2022_h1"])
def test_the_task_cells_closing_labels_are_read_as_in_a_list(stem: str) -> None:
    """The task paragraphs of e08 and e13 as printed: their closing labels give the lead unit
    the page's reader wrote down, and the task text without them."""
    from govtasks.tables.label_list import closing_labels, resolve_labels

    text = read_document(FIELD / f"{stem}.txt").text
    for row in expected_rows(stem):
        line = next(p for p in text.splitlines() if comparable(p).startswith(row[2]) and "牵头单位" in p)
        content, labels = closing_labels(line.strip())
        assert comparable(content) == row[2]
        assert tuple(map(comparable, resolve_labels(labels)["lead_units"])) == row[4]


def test_a_heading_printed_inside_a_row_belongs_to_that_row() -> None:
    """a01 (拱墅区 2021 Q4): "1" / "(一)经济社会发展主要预期目标" / task …: the numbered group
    cell sits between the row's number and its task, and is the category of that row and the
    rows below (not of the next row). Read by the generic reader (which of the two layouts that
    match this page wins is another change's call). One real page shows this shape so far."""
    from govtasks.formats import generic

    doc = read_document(FIELD / "a01_gongshu_2021_q4.txt")
    complete = [r for r in generic.parse(doc) if "truncated" not in r.flags]
    rows = [(r.seq, r.category, comparable(r.content)) for r in complete]
    assert rows == [(r[0], r[1], r[2]) for r in expected_rows("a01_gongshu_2021_q4")]


def test_d06_cells_closed_by_a_pipe_at_the_end_of_their_line() -> None:
    """d06 (南陵县 2024): "序号 |" / "目标与任务 |" / … / "80 |" / task |" / "俞 悦 |" / "县教育局 |":
    without their pipes the lines are the cells, in order, each row's number, task and lead
    unit one after the other (the header words 目标与任务 and 分 管 县领导 are the column
    reader's)."""
    cells = cells_per_line(read_document(FIELD / "d06_nanling_2024_plan.txt").paragraphs())
    assert cells is not None
    texts = [comparable(text) for _, text in cells]
    assert texts[3:8] == ["序号", "目标与任务", "分管县领导", "牵头责任单位", "责任单位"]
    for row in expected_rows("d06_nanling_2024_plan"):
        at = texts.index(row[0])
        assert texts[at + 1] == row[2] and texts[at + 3] == row[4][0]


def _generic_rows(path: object) -> list[tuple[object, ...]]:
    from govtasks.formats import generic

    doc = read_document(path)  # type: ignore[arg-type]
    return [
        (r.category, comparable(r.content), tuple(map(comparable, r.lead_units)), comparable(r.progress))
        for r in generic.parse(doc)
        if "truncated" not in r.flags
    ]


def test_unnumbered_rows_found_by_their_pattern_and_a_bare_section_number() -> None:
    """a18 (拱墅区 2020 Q1): 项目名称 · 项目内容 · 责任单位 · 进展情况 with no numbers; "(一)" printed
    alone, its heading on the next paragraph (it used to join the header). Rows are found by
    their pattern (task, then its units, then the progress, statements or not) and read
    exactly as the page's reader wrote them down."""
    expected = [(r[1], r[2], r[4], r[6]) for r in expected_rows("a18_gongshu_2020_q1")]
    assert _generic_rows(FIELD / "a18_gongshu_2020_q1.txt") == expected


def test_unnumbered_rows_read_as_the_dedicated_reader_reads_them() -> None:
    """samples-extra 06 (拱墅区 2020 Q3), the same layout: the generic reader now reads the rows
    its dedicated module (gongshu_quarterly) reads, which still wins the page."""
    from govtasks import formats
    from govtasks.formats import gongshu_quarterly

    path = EXTRA / "06_gongshu_2020_q3_gov.txt"
    doc = read_document(path)
    assert formats.choose(doc).format is gongshu_quarterly
    dedicated = [
        (r.category, comparable(r.content), tuple(map(comparable, r.lead_units)), comparable(r.progress))
        for r in gongshu_quarterly.parse(doc)
        if "truncated" not in r.flags
    ]
    assert _generic_rows(path) == dedicated


def test_a_group_column_that_some_rows_fill_and_others_do_not() -> None:
    """a03 (余杭区 2022, traditional script with inline pinyin): 序號 · 項目 · 重點工作 · 牽頭領導 ·
    牽頭單位 · 主要參與單位, the 項目 cell printed on the first row of its group only (rows 1 and
    4), leaders one per paragraph. Every row keeps its own task, leaders and first lead unit.
    (項目 as the category's header word, and the alias "(區金融辦)", are other readers'.)"""
    _, rows = read_rows("a03_yuhang_2022_plan")
    expected = expected_rows("a03_yuhang_2022_plan")
    assert [(r[0], r[2], r[3]) for r in rows] == [(r[0], r[2], r[3]) for r in expected]
    assert all(e[4][0].startswith(r[4][0]) for r, e in zip(rows, expected, strict=True))


def test_long_rows_stay_cheap() -> None:
    """A spaced table whose one row runs on for thousands of pieces, and a paragraph table whose
    last row runs into a long text: read in well under a second (the fits are searched over
    short rows only)."""
    import time

    long_line = "序号 重点工作 进展情况 牵头单位 1 " + " ".join("甲乙丙" * (i % 3 + 1) for i in range(20000))
    texts = ["序号", "重点工作", "牵头领导", "牵头单位", "配合单位", "进展情况", "1", "建学校。"]
    texts += [f"已完成第{i}项工作。" for i in range(80)]
    start = time.perf_counter()
    assert numbered_grid([(1, long_line)]) is not None
    assert paragraph_tables(list(enumerate(texts, start=1)))
    assert time.perf_counter() - start < 3.0


def test_h04_tasks_numbered_inside_their_cells_under_a_merged_group_number() -> None:
    """h04 (吴江区 2024 plan): one cell per line, each closed by a lone "|"; 序号 "1" and the 项目
    cell span 11 tasks, each numbered "1."…"11." inside its own cell. A task number opening a
    text between names is the next row (seq = that number, the text without it); rows printing
    no leader cell keep their units as units. Row 2's leader is merged with row 1's, which the
    cells-per-line text cannot show (its empty cells are dropped): compared on the other rows."""
    name, rows = read_rows("h04_wujiang_2024_plan")
    expected = expected_rows("h04_wujiang_2024_plan")
    assert name == "generic"
    assert [r[:3] + r[4:] for r in rows] == [r[:3] + r[4:] for r in expected]
    assert [r[3] for r in rows][2:] == [r[3] for r in expected][2:]


def test_points_inside_one_tasks_cell_stay_in_that_cell() -> None:
    """ "1.…。" / "2.…。" inside a task's cell, before its unit: no row of their own, and the
    task keeps its 序号 and its text with its number (which paragraph of the cell goes where is
    the fitting's call)."""
    body = [
        (1, "序号"),
        (2, "重点工作"),
        (3, "牵头单位"),
        (4, "1"),
        (5, "1.建设学校。"),
        (6, "2.修建道路。"),
        (7, "区教育局"),
        (8, "2"),
        (9, "新建公园。"),
        (10, "区城管局"),
    ]
    (table,) = paragraph_tables(body)
    read = rows_from_grid(table.grid)
    assert [(r.seq, r.content.split("\n")[0]) for r in read.rows] == [
        ("1", "1.建设学校。"),
        ("2", "新建公园。"),
    ]


@pytest.mark.parametrize("stem", ["h07_guangzhou_2021_plan", "i01_longwan_2023_plan"])
def test_rows_printing_fewer_cells_than_the_header_leave_out_empty_ones(stem: str) -> None:
    """h07 (广州市 2021): 序号 · 重点工作 · 市政府/分管领导 (one header over two paragraphs) · 牵头单位
    · 配合单位 · 备注, 备注 always empty, an unnumbered heading above "(一)" and row 1; i01 (龙湾区
    2023): 区本级任务数 often empty, a leader heading "李丹常委、常务副区长牵头重点工作" naming its
    official with two titles. The empty cells are left out, not filled with the next paragraph."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["m04_yueqing_2022_m8", "m13_yuhuan_2021_plan"])
def test_a_rows_number_printed_in_its_task_cell_is_its_seq(stem: str) -> None:
    """乐清 2022 (pipes, "(1)吸收60所…", "(2)组建…") and 玉环 2021 (one cell per paragraph,
    "1.始终做到忠诚于党。…", "2.…"): tables with no 序号 column whose task cells open with the
    rows' numbers, in increasing order: the number is the row's seq, not part of its task."""
    _, rows = read_rows(stem)
    expected = expected_rows(stem)
    assert [(r[0], r[2]) for r in rows] == [(r[0], r[2]) for r in expected]


def test_planned_progress_is_a_milestone_and_the_progress_made_is_progress() -> None:
    """乐清 2022 (m04): 项目内容 · 8月计划进度 · 实际进度情况 · 完成率 · 责任单位 · 具体分管领导:
    the month's planned progress (计划进度) is what was meant to be reached, kept as extra; the
    progress is 实际进度情况 (before, the first progress-like column won). 计划完成情况 (how the plan
    was done) stays progress."""
    header = ["项 目 内 容", "8月计划进度", "实际进度情况", "完成率", "责任 单位", "具体分管领导"]
    assert [c.kind for c in column_map(header)] == [
        "content",
        "extra",
        "progress",
        "extra",
        "lead_units",
        "leaders",
    ]
    assert classify("年度计划完成情况") == "progress"
    _, rows = read_rows("m04_yueqing_2022_m8")
    assert rows == expected_rows("m04_yueqing_2022_m8")


def test_a_first_leader_column_merged_over_its_rows() -> None:
    """玉环 2021 (m13): 牵头领导 · 重点工作 · 牵头单位 · 配合单位 · 备注, one cell per paragraph; the
    leader cell "周阳市长" is printed once, on the first of his rows (a merged cell), and is no
    header cell; the rows after it inherit it; an empty 备注 is not printed; "各单位" (each unit)
    is a collective unit, not a person. One real page shows a leaders column first so far."""
    _, rows = read_rows("m13_yuhuan_2021_plan")
    assert rows == expected_rows("m13_yuhuan_2021_plan")
