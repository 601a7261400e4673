"""Pipe tables whose rows are irregular (issue 17, point 4), on real pages of the field corpus.

Each page's expected rows are its ``.expected.json`` (written by reading the page; a reviewer may
still correct them, so they are read here, never copied); every field the field measure compares
is compared, whitespace and punctuation width ignored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.field_rows import FIELD, cleaned, expected_dicts, generic_rows, project

from govtasks.formats import generic
from govtasks.grid import Cell
from govtasks.models import CleanRow
from govtasks.read.document import read_document
from govtasks.tables.columns import column_map
from govtasks.tables.pipe import _align, pipe_grid, rows_from_grid, split_leaders
from govtasks.tables.spaced import _pieces, has_spaced_header, line_grid, spaced_table

EXTRA = Path(__file__).parent / "fixtures" / "samples-extra"


def _read(stem: str) -> list[CleanRow]:
    """The complete rows of a field page as ingest gives them: read by the generic reader (the
    chosen layout), then normalized (unit lists, leaders, script)."""
    return cleaned(generic_rows(stem))


def assert_page(stem: str) -> None:
    """Every expected row of ``stem`` is read, in order, and nothing else."""
    assert project(_read(stem)) == project(expected_dicts(stem))


# --- a short row's cells go to the columns they read as ---------------------------------------


@pytest.mark.parametrize(
    "stem",
    [
        # 泰顺: the 牵头单位 cell merged over rows 1-3 and 5-6: those rows print the progress where
        # the unit would be; the unit is copied from the row above.
        "d17_taishun_2024_m4",
        # 肇庆: 大类 printed once per group; the unit and its head's name in one cell.
        "d02_zhaoqing_2020_unknown",
        # 奉化: 项目名称 merged (rows 2-5 start 序号 then 起止年限); two-line header; the dated
        # progress column (截至6月底进展) beside an undated one; title and text of a sub-project.
        "e10_fenghua_2025_h1",
    ],
)
def test_short_rows_are_aligned_by_what_their_cells_are(stem: str) -> None:
    assert_page(stem)


def test_merged_rows_copy_only_the_merged_cells() -> None:
    """泰顺: a unit is copied only into the rows that print none (marked span_filled)."""
    rows = _read("d17_taishun_2024_m4")
    copied = ["span_filled" in r.flags for r in rows]
    assert copied == [False, True, True, False, False, True]


def test_a_full_row_with_an_empty_last_cell_stays_as_printed() -> None:
    """A unit in the unit column stays there when the progress cell after it is empty."""
    columns = column_map(["序号", "项目内容", "牵头单位", "落实情况"])
    assert _align([Cell("3", 1), Cell("新建学校", 1), Cell("区教育局", 1)], columns) == [0, 1, 2]
    assert _align([Cell("3", 1), Cell("新建学校", 1), Cell("已完成。", 1)], columns) == [0, 1, 3]


# --- a continuation line is a task of the row above -------------------------------------------


def test_continuation_line_is_its_own_task_keqiao() -> None:
    """柯桥: "新增学位810个 | |||||" is a task carrying row 1's number, unit and progress."""
    assert_page("c12_keqiao_2023_q1")


def test_continuation_lines_linan_samples_extra() -> None:
    """临安 (samples-extra 23): "新增托位500个。 | 新增托位600个。 | ||" lines keep row 2's number
    and unit, with their own progress."""
    rows = list(generic.parse(read_document(EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt")))
    second = [r for r in rows if r.seq == "2"]
    assert [r.content for r in second][1:] == [
        "新增婴幼儿照护服务托位500个。",
        "开展胃肠癌联合筛查1万例以上。",
    ]
    assert len({tuple(r.lead_units) for r in second}) == 1


# --- one cell per line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stem",
    [
        # 崇川: header of 10 cells, rows of 9 (全年目标任务 not printed); 1-10月 and 1-11月 columns
        "b13_chongchuan_2023_m11",
        # 南陵: letter-spaced leader names, two of them glued ("陆 明俞 悦")
        "d06_nanling_2024_plan",
    ],
)
def test_one_cell_per_line(stem: str) -> None:
    assert_page(stem)


def test_latest_dated_progress_column_is_the_progress() -> None:
    """崇川 (1-10月 · 1-11月: the later) and 奉化 (具体完成情况 · 截至6月底进展: the dated one)."""
    b13 = _read("b13_chongchuan_2023_m11")
    assert "1-10月推进情况" in dict(b13[0].extra)
    e10 = _read("e10_fenghua_2025_h1")
    assert dict(e10[0].extra)["具体完成情况"] == "当年完成"


def test_letter_spaced_leaders() -> None:
    assert split_leaders("俞 悦") == ["俞悦"]
    assert split_leaders("陆 明俞 悦") == ["陆明", "俞悦"]
    assert split_leaders("沈  昱、祝振伟") == ["沈昱", "祝振伟"]
    assert split_leaders("陈宣群") == ["陈宣群"]


# --- pipe metadata above the table; negatives --------------------------------------------------


def test_pipe_metadata_above_the_table_linan() -> None:
    """临安 2022: the 索引号 block is pipe-delimited right above the real table."""
    assert_page("a14_linan_2022_plan")


def _negatives() -> list[Path]:
    return [
        path
        for path in sorted(FIELD.glob("*.txt"))
        if json.loads(path.with_name(f"{path.stem}.expected.json").read_text(encoding="utf-8")).get(
            "negative"
        )
    ]


@pytest.mark.parametrize("path", _negatives(), ids=lambda p: p.stem)
def test_negatives_give_no_rows(path: Path) -> None:
    """Pages with no task table (b18, b19, a12: pipe metadata, indicator tables …) give no rows."""
    doc = read_document(path)
    if generic.detect(doc) == 0.0:
        return
    assert [r for r in generic.parse(doc) if "truncated" not in r.flags] == []


# --- properties -------------------------------------------------------------------------------

_CELL_TEXT = st.sampled_from(
    [
        "1",
        "2",
        "12",
        "区教育局",
        "市政局、相关街道",
        "徐国江",
        "俞 悦",
        "已完成。",
        "新建学校3所",
        "",
        "2025",
        "一、教育",
    ]
)
_HEADERS = st.lists(
    st.sampled_from(
        [
            "序号",
            "项目内容",
            "牵头单位",
            "配合单位",
            "牵头领导",
            "进展情况",
            "备注",
            "大类",
            "子项目",
            "具体内容",
        ]
    ),
    min_size=2,
    max_size=7,
    unique=True,
)


@settings(max_examples=150, deadline=None)
@given(_HEADERS, st.lists(st.lists(_CELL_TEXT, min_size=0, max_size=8), max_size=6), st.booleans())
def test_pipe_rows_never_raise_and_invent_nothing(
    headers: list[str], body: list[list[str]], per_line: bool
) -> None:
    """Any pipe text, a cell per row or per line: reading never raises, every row has content,
    and every text read is printed in the input."""
    rows = [headers, *body]
    if per_line:
        lines = [f"{cell} |" for row in rows for cell in row]
    else:
        lines = [" | ".join(row) + " |" for row in rows]
    source = _bare("\n".join(lines))
    read = rows_from_grid(pipe_grid(lines), align_short_rows=True)
    for row in read.rows:
        assert row.content
        texts = [row.content, row.progress or "", *row.lead_units, *row.supporting_units]
        for text in [*texts, *row.leaders]:
            for part in text.split("\n"):
                assert _bare(part.strip("*＊ ")) in source


def _bare(text: str) -> str:
    """``text`` without the spaces, list separators and pipes a reader may remove or rejoin."""
    return re.sub(r"[\s、，,;；|]", "", text)


# --- tables with spaces for borders -----------------------------------------------------------


def test_spaced_table_tongzhou() -> None:
    """通州 2021 Q1: "序号 市折子号 市政府工作报告任务 目前进展情况", cells split by single spaces;
    the second number is the 市折子号 column, not the row number; the last row is cut."""
    assert_page("b08_tongzhou_2021_q1")


def test_spaced_header_is_read_letter_spaced_yueyang() -> None:
    """岳阳 2019: "单 位", "备  注" are one header cell each (the rows of that page, whose empty
    cells vanish and whose 备注 column holds the unit, are not read yet)."""
    lines = (FIELD / "d05_yueyang_2019_m11.txt").read_text(encoding="utf-8").splitlines()
    assert has_spaced_header(lines)
    header = next(line for line in lines if line.startswith("序号"))
    assert _pieces(header) == ["序号", "考核指标", "单位", "工作目标", "已完成数", "占年任务之比", "备注"]


def test_spaced_reader_is_not_asked_without_a_spaced_header() -> None:
    """The pre-check: a narrative page (no line starting "序号 …") is never split into cells."""
    for path in _negatives():
        lines = path.read_text(encoding="utf-8").splitlines()
        if not has_spaced_header(lines):
            assert line_grid(lines).rows == ()
            assert spaced_table(lines) is None


@settings(max_examples=150, deadline=None)
@given(_HEADERS, st.lists(st.lists(_CELL_TEXT.filter(bool), min_size=0, max_size=8), max_size=6))
def test_spaced_rows_never_raise_and_invent_nothing(headers: list[str], body: list[list[str]]) -> None:
    """Any spaced text: reading never raises, every row has content, nothing is invented."""
    lines = [" ".join(["序号", *headers]), *(" ".join(row) for row in body)]
    source = _bare("\n".join(lines))
    read = rows_from_grid(line_grid(lines), align_short_rows=True)
    for row in read.rows:
        assert row.content
        for text in [row.content, row.progress or "", *row.lead_units, *row.supporting_units, *row.leaders]:
            for part in text.split("\n"):
                assert _bare(part.strip("*＊ ")) in source


# --- columns read by their cells --------------------------------------------------------------


def _fields(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(row[k] for k in keys) for row in rows]


def test_columns_read_by_their_cells_yueyang_spaced() -> None:
    """岳阳 2019 (spaced, empty cells vanish): 工作目标 holds figures, so 考核指标 is the content;
    单位 holds measures (万人, 公里), so 备注, all units, is the lead units; a line without a
    number continues the row above; a figure goes to a column of figures, not to the measure
    column its row left out ("4 减少…以上 869 1022 117.6% 教体局"); the text where items 11 and
    12 print their measure is a sub-indicator (a second content line); item 7's unit, printed
    on its second line only, is the whole group's. The whole page is read as expected."""
    assert_page("d05_yueyang_2019_m11")


def test_columns_read_by_their_cells_yueyanglou_cell_per_line() -> None:
    """岳阳楼 2017 (one cell per line, garbled traditional script): 目標任務 holds "1300人", so
    項目名稱 is the content. Every row but row 8 is read as expected (row 8's "?cái)" mojibake
    is repaired by the normalize stage, which the page's expectation keeps as printed)."""
    got = project(_read("d11_yueyanglou_2017_m8"))
    expected = project(expected_dicts("d11_yueyanglou_2017_m8"))
    assert got[:7] + got[8:] == expected[:7] + expected[8:]
    assert got[7]["progress"] == expected[7]["progress"]


# --- indicator tables: progress told by figures, rows longer than the header -------------------


@pytest.mark.parametrize("stem", ["d05_yueyang_2019_m11", "d11_yueyanglou_2017_m8", "d12_yueyanglou_0000_h1"])
def test_progress_told_by_figures(stem: str) -> None:
    """民生实事 indicator tables print no progress text: the amount done (已完成数, 实际完成情况),
    its share of the target (占年任务之比, 完成率%, 占比) and the remarks (备注, when not the
    unit column) are the progress together, in print order; the target (工作目标) is not."""
    got = [r["progress"] for r in project(_read(stem))]
    assert got == [r["progress"] for r in project(expected_dicts(stem))]


def test_item_cell_on_every_row_is_the_category_yueyanglou() -> None:
    """岳阳楼 1-6月 (one cell per line): every numbered row prints 8 cells under a 7-cell header,
    an item cell merged over its lines then the indicator (both under 考核指標), and the lines
    after a row's first print 6 (number and item merged): each line is a row, the item its
    category; 單位 holds measures (個, 人次), not units."""
    assert_page("d12_yueyanglou_0000_h1")


def test_item_cell_on_some_rows_opens_the_content_yueyanglou() -> None:
    """岳阳楼 2017: only item 9 prints an item cell before its indicator; its three lines are three
    rows numbered 9, the first reading "item\nindicator", each with its own unit and figures."""
    nine = [r for r in project(_read("d11_yueyanglou_2017_m8")) if r["seq"] == "9"]
    assert nine == [r for r in project(expected_dicts("d11_yueyanglou_2017_m8")) if r["seq"] == "9"]


def test_long_rows_split_only_when_the_count_fits() -> None:
    """A numbered row is cut into lines only when its cell count is the first line plus whole
    continuation lines; otherwise (cells the header does not name) it is not read."""
    header = ["序号 |", "任务 |", "单位 |", "完成情况 |"]
    assert pipe_grid(["标题", *header, "1 |", "甲 |", "局 |", "已完成 |", "多余 |", "又一 |"]).rows == ()
    lines = pipe_grid(["标题", *header, "1 |", "甲 |", "局 |", "已完成 |", "乙 |", "局 |", "未完成 |"])
    texts = [[c.text for c in row] for row in lines.rows[1:]]
    assert texts == [["1", "甲", "局", "已完成"], ["1", "乙", "局", "未完成"]]
