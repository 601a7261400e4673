"""Column recognition by header words (issue 5, point 3)."""

from __future__ import annotations

import pytest

from govtasks.tables.columns import HEADER_WORDS, KINDS, Column, classify, column_map, header_row

#: Every listed header word with its kind, plus one traditional-script spelling of each.
TRADITIONAL = {
    "序号": "序號",
    "项目名称": "項目名稱",
    "任务名称": "任務名稱",
    "项目内容": "項目內容",
    "任务内容": "任務內容",
    "重点工作": "重點工作",
    "重点工作任务": "重點工作任務",
    "工作任务": "工作任務",
    "主要工作内容": "主要工作內容",
    "内容与要求": "內容與要求",
    "工作目标": "工作目標",
    "牵头领导": "牽頭領導",
    "牵头单位": "牽頭單位",
    "牵头部门": "牽頭部門",
    "责任单位": "責任單位",
    "配合单位": "配合單位",
    "配合部门": "配合部門",
    "参与单位": "參與單位",
    "进展情况": "進展情況",
    "完成情况": "完成情況",
    "工作举措与完成情况": "工作舉措與完成情況",
    "半年度工作完成情况": "半年度工作完成情況",
    "累计完成情况": "累計完成情況",
    "问题与困难": "問題與困難",
    "下一步工作打算": "下一步工作打算",
    "备注": "備註",
}


def test_every_listed_word_is_covered() -> None:
    assert set(TRADITIONAL) == {word for word, _ in HEADER_WORDS}
    assert KINDS[-1] == "extra"


@pytest.mark.parametrize(("word", "kind"), HEADER_WORDS)
def test_classify_every_word_in_both_scripts_and_letter_spaced(word: str, kind: str) -> None:
    traditional = TRADITIONAL[word]
    assert classify(word) == kind
    assert classify(traditional) == kind
    assert classify(" ".join(word)) == kind  # "序 号"
    assert classify("\u00a0".join(traditional) + "?") == kind  # NBSP spacing, "?" padding


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("序號(hào)", "seq"),  # pinyin annotation of a garbled page
        ("重點(diǎn)工作", "content"),
        ("一季度完成情况", "progress"),  # containment
        ("2022年1-9月累计完成情况", "progress"),
        ("重点工作任务完成进度", "progress"),  # head noun 进度: the tasks' progress
        ("牵头单位/配合单位", "lead_units"),  # two names in one cell: the lead first
        ("备注", "extra"),  # remarks
        ("完成状态", "extra"),  # completion status
        ("目标类型", "extra"),  # target type
        ("指 标 要 求", "extra"),  # indicator requirement
        ("", "extra"),
        ("   ", "extra"),
    ],
)
def test_classify_containment_and_extras(header: str, kind: str) -> None:
    assert classify(header) == kind


def test_column_map_in_any_order_keeps_headers_without_spacing() -> None:
    columns = column_map(["序 号", "进展情况", "项目内容", "责任单位", "备 注"])
    assert columns == [
        Column(0, "seq", "序号"),
        Column(1, "progress", "进展情况"),
        Column(2, "content", "项目内容"),
        Column(3, "lead_units", "责任单位"),
        Column(4, "extra", "备注"),
    ]


def test_column_map_category_becomes_content_when_there_is_no_content_column() -> None:
    kinds = [c.kind for c in column_map(["序号", "任务名称", "指标要求", "牵头部门", "配合部门", "目标类型"])]
    assert kinds == ["seq", "content", "extra", "lead_units", "supporting_units", "extra"]
    kinds = [c.kind for c in column_map(["序号", "项目名称", "主要工作内容", "牵头单位", "累计完成情况"])]
    assert kinds == ["seq", "category", "content", "lead_units", "progress"]


@pytest.mark.parametrize(
    ("headers", "kinds"),
    [
        # both lead words: the one saying 牵头 (lead) wins wherever it stands
        (["重点工作", "牵头单位", "责任单位"], ["content", "lead_units", "supporting_units"]),
        (["重点工作", "责任单位", "牵头单位"], ["content", "supporting_units", "lead_units"]),
        (["重点工作", "责任单位", "牵头部门"], ["content", "supporting_units", "lead_units"]),
        # two progress-like columns: the first printed is progress, the other extra
        (["重点工作", "工作举措与完成情况", "累计完成情况"], ["content", "progress", "extra"]),
        # two content columns, two unit columns of the supporting kind
        (["任务内容", "工作任务", "配合单位", "参与单位"], ["content", "extra", "supporting_units", "extra"]),
        # a trailing "||" gives an empty header
        (
            ["序号", "重点工作", "牵头单位", "半年度工作完成情况", ""],
            ["seq", "content", "lead_units", "progress", "extra"],
        ),
    ],
)
def test_column_map_duplicate_kinds(headers: list[str], kinds: list[str]) -> None:
    assert [c.kind for c in column_map(headers)] == kinds


def test_header_row_skips_info_rows_and_needs_content() -> None:
    rows = [
        ["索引号", "000330185/2022-86781", "公开方式", "主动公开"],  # info table: index number
        ["序号", "牵头单位"],  # no content column
        ["序 号", "项目内容", "进展情况", "责任单位"],
    ]
    assert header_row(rows) == 2
    assert header_row(rows[:2]) is None
    assert header_row([["重点工作", "备注"]]) is None  # content alone is not enough
    assert header_row([]) is None


def test_header_row_only_looks_at_the_first_rows() -> None:
    rows = [["x"]] * 5 + [["序号", "重点工作"]]
    assert header_row(rows) == 5
    assert header_row(rows, limit=5) is None
